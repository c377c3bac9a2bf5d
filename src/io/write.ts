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

// @gltf-transform/functions is imported only where it is used: loading it costs about 200 ms (ndarray-pixels, sharp).

/**
 * A compressed copy of the document (the caller's document is left as it
 * was): gltf-transform's `draco()` or `meshopt()` (reorder + quantize +
 * EXT_meshopt_compression). 'none' strips any compression the input had.
 */
async function withCompression(document: Document, compression: Compression | undefined): Promise<Document> {
	const compressed = (ext: { extensionName: string }) => ext.extensionName === KHRDracoMeshCompression.EXTENSION_NAME || ext.extensionName === EXTMeshoptCompression.EXTENSION_NAME;
	if (!compression || (compression === 'none' && !document.getRoot().listExtensionsUsed().some(compressed))) return document;
	const { cloneDocument, draco, meshopt } = await import('@gltf-transform/functions');
	const copy = cloneDocument(document);
	for (const ext of copy.getRoot().listExtensionsUsed()) if (compressed(ext)) ext.dispose();
	if (compression === 'draco') {
		await copy.transform(draco({ method: 'edgebreaker' }));
	} else if (compression === 'meshopt') {
		const { MeshoptEncoder } = await import('meshoptimizer');
		await MeshoptEncoder.ready;
		await copy.transform(meshopt({ encoder: MeshoptEncoder, level: 'medium' }));
	}
	return copy;
}

/** Encodes a Document as GLB bytes. */
export async function writeGLB(document: Document, options: WriteOptions = {}): Promise<Uint8Array> {
	const io = await getIO(options.logger ?? silentLogger);
	// A GLB holds one buffer: merge any others first (a stage may have added some).
	if (document.getRoot().listBuffers().length > 1) await document.transform((await import('@gltf-transform/functions')).unpartition());
	const out = await withCompression(document, options.compression);
	try {
		return await io.writeBinary(out);
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
	const out = await withCompression(document, options.compression);
	// Buffers read from data URIs (or made by a stage) have none: each gets its own file beside the .gltf.
	const stem = basename(path, ext);
	const taken = new Set(out.getRoot().listBuffers().map((b) => b.getURI()).filter(Boolean));
	for (const buffer of out.getRoot().listBuffers()) {
		if (buffer.getURI()) continue;
		let uri = `${stem}.bin`;
		for (let i = 1; taken.has(uri); i++) uri = `${stem}_${i}.bin`;
		taken.add(uri);
		buffer.setURI(uri);
	}
	try {
		await io.write(path, out);
		return [path, ...out.getRoot().listBuffers().map((b) => join(dirname(path), b.getURI()))];
	} catch (err) {
		throw toAxisError(err, 'WRITE_FAILED', `cannot write ${path}`);
	}
}
