/** The `manifest.json` every export writes: files with sha256 hashes, counts, skeleton, warnings. */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Counts } from './conventions.js';

export interface ManifestFile {
	/** Path relative to the output folder. */
	path: string;
	format: 'glb' | 'gltf' | 'fbx' | 'json';
	/** What the file is for (e.g. "Unity (glTFast)", "Unity Humanoid FBX"). */
	role: string;
	bytes: number;
	sha256: string;
}

export interface ExportManifest {
	tool: string;
	platform: string;
	displayName: string;
	name: string;
	/** Units and up axis of each written format. */
	conventions: { glb?: { units: 'm'; upAxis: '+Y' }; fbx?: { units: 'm' | 'cm'; upAxis: '+Y' | '+Z'; version: number } };
	skeleton: {
		/** Naming recognised on the input rig (null: none / unrigged). */
		recognised: string | null;
		/** Naming written (the profile's boneNameMap, or the source's when not renamed). */
		written: string | null;
		humanoid: boolean;
		rootBone?: string;
		bones: number;
	};
	counts: Counts;
	limits: { maxInfluences: number; maxBonesPerSkin: number; maxTextureSize: number; lodRatios?: number[] };
	files: ManifestFile[];
	warnings: string[];
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function fileEntry(outDir: string, path: string, bytes: Uint8Array, format: ManifestFile['format'], role: string): ManifestFile {
	return { path: basename(path) === path ? path : path.slice(outDir.length + 1), format, role, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

export async function writeManifest(outDir: string, manifest: ExportManifest): Promise<string> {
	const path = join(outDir, 'manifest.json');
	await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
	return path;
}
