import { AxisError } from '../../errors.js';
import type { ReaderOptions, ReaderResult } from '../types.js';
import { looksLikeAsciiFBX, parseAsciiFBX } from './ascii.js';
import { isBinaryFBX, parseBinaryFBX } from './binary.js';
import { buildDocument } from './scene.js';
import type { FBXTree } from './tree.js';

export type { FBXNode, FBXProp, FBXTree } from './tree.js';

/** Tokenizes binary or ASCII FBX into the shared node tree (no scene conversion). */
export function parseFBX(bytes: Uint8Array): FBXTree {
	if (isBinaryFBX(bytes)) return parseBinaryFBX(bytes);
	if (bytes.byteLength >= 18 && new TextDecoder('latin1').decode(bytes.subarray(0, 18)) === 'Kaydara FBX Binary') {
		throw new AxisError('FBX_INVALID', 'corrupt binary FBX header');
	}
	if (looksLikeAsciiFBX(bytes)) return parseAsciiFBX(bytes);
	throw new AxisError('FBX_INVALID', 'not an FBX file: neither the binary magic nor an ASCII FBX header was found');
}

/** Reads a binary or ASCII FBX file into a glTF Document (metres, +Y up). */
export async function readFBX(bytes: Uint8Array, options: ReaderOptions = {}): Promise<ReaderResult> {
	const tree = parseFBX(bytes);
	try {
		return buildDocument(tree, options.baseDir);
	} catch (err) {
		if (err instanceof AxisError) throw err;
		// Structurally valid trees with nonsensical content (wrong property types, …) land here.
		throw new AxisError('FBX_INVALID', `FBX scene could not be converted: ${err instanceof Error ? err.message : String(err)}`);
	}
}
