/**
 * Binary FBX 7.4 writer: `writeFBX(document, options)` → bytes. The output
 * reads back through our own FBX reader (`src/io/fbx/`) to the same
 * document, and imports in Blender, assimp and three.js's FBXLoader
 * (test/fbx-write.test.ts, test/export-conformance.test.ts).
 */
import type { Document } from '@gltf-transform/core';
import { toAxisError } from '../../errors.js';
import { type BinaryWriteOptions, writeBinaryFBX } from './binary-writer.js';
import { buildFBXTree, type FBXSceneOptions, type FBXSceneStats } from './scene-writer.js';

export { binaryName, type FBXWriteNode, type FBXWriteProp, fbxC, fbxD, fbxF, fbxI, fbxL, fbxY, node, writeBinaryFBX } from './binary-writer.js';
export { buildFBXTree, type FBXSceneOptions, type FBXSceneStats } from './scene-writer.js';
export { eulerNear, quatToEulerXYZ } from './euler.js';

export interface WriteFBXOptions extends FBXSceneOptions, BinaryWriteOptions {}

export interface WriteFBXResult {
	bytes: Uint8Array;
	stats: FBXSceneStats;
}

/** Encodes a Document as binary FBX (7.4 unless `version` says 7500). Failures are `WRITE_FAILED`. */
export function writeFBX(document: Document, options: WriteFBXOptions = {}): WriteFBXResult {
	try {
		const { nodes, stats } = buildFBXTree(document, options);
		return { bytes: writeBinaryFBX(nodes, options), stats };
	} catch (err) {
		throw toAxisError(err, 'WRITE_FAILED', 'cannot encode FBX');
	}
}
