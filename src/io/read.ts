import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ILogger } from '@gltf-transform/core';
import { AxisError, toAxisError } from '../errors.js';
import { silentLogger } from '../log.js';
import { readFBX } from './fbx/index.js';
import { type AssetFormat, detectFormat } from './format.js';
import { readGLTF } from './gltf-read.js';
import { readOBJ } from './obj.js';
import type { Reader, ReaderResult } from './types.js';

/** Files larger than this are refused before parsing (override with `maxBytes`). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3 - 1;

export interface ReadAssetOptions {
	logger?: ILogger;
	/** Force a format instead of sniffing it. */
	format?: AssetFormat;
	maxBytes?: number;
}

export interface LoadedAsset extends ReaderResult {
	path?: string;
	/** Size of the main file in bytes (external resources not counted). */
	byteLength: number;
}

const READERS: Record<AssetFormat, Reader> = {
	glb: readGLTF,
	gltf: readGLTF,
	fbx: readFBX,
	obj: readOBJ,
};

/**
 * Reads a glTF/GLB, FBX or OBJ file into a Document. The input file is only
 * ever read. Every failure is an {@link AxisError} with a stable code.
 */
export async function readAsset(path: string, options: ReadAssetOptions = {}): Promise<LoadedAsset> {
	const abs = resolve(path);
	let size: number;
	try {
		const s = await stat(abs);
		if (!s.isFile()) throw new AxisError('FILE_NOT_FOUND', `${path} is not a file`);
		size = s.size;
	} catch (err) {
		if (err instanceof AxisError) throw err;
		throw new AxisError('FILE_NOT_FOUND', `cannot open ${path}: no such file`);
	}
	const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
	if (size > max) throw new AxisError('READ_FAILED', `${path} is ${size} bytes, over the ${max}-byte limit`);
	const bytes = new Uint8Array(await readFile(abs));
	const result = await readAssetBytes(bytes, { ...options, name: basename(abs), baseDir: dirname(abs) });
	return { ...result, path: abs };
}

export interface ReadBytesOptions extends ReadAssetOptions {
	/** File name, used for format detection when content is ambiguous and in messages. */
	name?: string;
	/** Where relative resources resolve; without it, external resources are an error. */
	baseDir?: string;
}

/** Reads an asset from memory (server uploads, workers). */
export async function readAssetBytes(bytes: Uint8Array, options: ReadBytesOptions = {}): Promise<LoadedAsset> {
	const name = options.name ?? 'input';
	if (bytes.byteLength === 0) throw new AxisError('READ_FAILED', `${name} is empty`);
	const format = options.format ?? detectFormat(bytes, name);
	if (!format) {
		throw new AxisError('UNSUPPORTED_FORMAT', `${name}: not a glTF, GLB, FBX or OBJ file`, {
			supported: ['.glb', '.gltf', '.fbx', '.obj'],
		});
	}
	const reader = READERS[format];
	try {
		const result = await reader(bytes, { baseDir: options.baseDir, logger: options.logger ?? silentLogger });
		return { ...result, byteLength: bytes.byteLength };
	} catch (err) {
		throw toAxisError(err, 'READ_FAILED', `${name}`);
	}
}
