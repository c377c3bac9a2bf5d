import { extname } from 'node:path';

export type AssetFormat = 'glb' | 'gltf' | 'fbx' | 'obj';

const BINARY_FBX_MAGIC = 'Kaydara FBX Binary  \0';

/**
 * Sniffs the format from the first bytes, falling back to the extension.
 * Content wins over the name: a `.glb` that is really a JSON glTF reads as one.
 */
export function detectFormat(bytes: Uint8Array, name = ''): AssetFormat | undefined {
	const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
	if (head.startsWith('glTF')) return 'glb';
	if (head.startsWith(BINARY_FBX_MAGIC.slice(0, 18))) return 'fbx';
	const ext = extname(name).toLowerCase();
	if (ext === '.fbx') return 'fbx';
	if (ext === '.obj') return 'obj';
	if (ext === '.gltf') return 'gltf';
	if (ext === '.glb') return 'glb';
	const trimmed = head.trimStart();
	if (trimmed.startsWith('{')) return 'gltf';
	if (/^; FBX \d/.test(trimmed) || trimmed.startsWith('FBXHeaderExtension')) return 'fbx';
	return undefined;
}

export const SUPPORTED_EXTENSIONS = ['.glb', '.gltf', '.fbx', '.obj'];
