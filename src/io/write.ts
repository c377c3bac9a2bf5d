import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Document, ILogger } from '@gltf-transform/core';
import { KHRDracoMeshCompression, EXTMeshoptCompression } from '@gltf-transform/extensions';
import { AxisError, toAxisError } from '../errors.js';
import { silentLogger } from '../log.js';
import { getIO } from './gltf.js';

export type Compression = 'none' | 'draco' | 'meshopt';

export interface WriteOptions {
	compression?: Compression;
	logger?: ILogger;
}

/**
 * Adds (or removes) the geometry-compression extension on a clone-free basis:
 * callers that must keep the original should clone first.
 */
function applyCompression(document: Document, compression: Compression): void {
	for (const ext of document.getRoot().listExtensionsUsed()) {
		if (ext.extensionName === KHRDracoMeshCompression.EXTENSION_NAME || ext.extensionName === EXTMeshoptCompression.EXTENSION_NAME) {
			ext.dispose();
		}
	}
	if (compression === 'draco') {
		document.createExtension(KHRDracoMeshCompression).setRequired(true).setEncoderOptions({
			method: KHRDracoMeshCompression.EncoderMethod.EDGEBREAKER,
		});
	} else if (compression === 'meshopt') {
		document.createExtension(EXTMeshoptCompression).setRequired(true).setEncoderOptions({
			method: EXTMeshoptCompression.EncoderMethod.QUANTIZE,
		});
	}
}

/** Encodes a Document as GLB bytes. */
export async function writeGLB(document: Document, options: WriteOptions = {}): Promise<Uint8Array> {
	const io = await getIO(options.logger ?? silentLogger);
	if (options.compression) applyCompression(document, options.compression);
	try {
		return await io.writeBinary(document);
	} catch (err) {
		throw toAxisError(err, 'WRITE_FAILED', 'cannot encode GLB');
	}
}

/**
 * Writes a Document to `path`: `.glb` as one binary file, `.gltf` as JSON with
 * a `.bin` and images beside it.
 */
export async function writeAsset(document: Document, path: string, options: WriteOptions = {}): Promise<string[]> {
	const ext = extname(path).toLowerCase();
	if (ext !== '.glb' && ext !== '.gltf') throw new AxisError('BAD_USAGE', `cannot write ${path}: output must end in .glb or .gltf`);
	await mkdir(dirname(path), { recursive: true });
	if (ext === '.glb') {
		await writeFile(path, await writeGLB(document, options));
		return [path];
	}
	const io = await getIO(options.logger ?? silentLogger);
	if (options.compression) applyCompression(document, options.compression);
	const stem = basename(path, ext);
	for (const buffer of document.getRoot().listBuffers()) if (!buffer.getURI()) buffer.setURI(`${stem}.bin`);
	try {
		await io.write(path, document);
		return [path, ...document.getRoot().listBuffers().map((b) => join(dirname(path), b.getURI()))];
	} catch (err) {
		throw toAxisError(err, 'WRITE_FAILED', `cannot write ${path}`);
	}
}
