import { spawnSync } from 'node:child_process';

let available: boolean | undefined;

/** Whether `assimp` is on PATH (prints a visible skip message once when it is not). */
export function hasAssimp(): boolean {
	if (available === undefined) {
		available = spawnSync('assimp', ['version'], { encoding: 'utf8' }).status === 0;
		if (!available) console.warn('[axis tests] assimp not found on PATH: assimp import checks are SKIPPED');
	}
	return available;
}

export interface AssimpInfo {
	ok: boolean;
	meshes: number;
	vertices: number;
	faces: number;
	bones: number;
	animations: number;
	output: string;
}

/** `assimp info FILE`: an independent reader's view of a file. */
export function assimpInfo(file: string): AssimpInfo {
	const r = spawnSync('assimp', ['info', file], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
	const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
	const num = (label: string) => Number(new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(out)?.[1] ?? Number.NaN);
	return { ok: r.status === 0 && /Importing file \.\.\.\s+OK/.test(out), meshes: num('Meshes'), vertices: num('Vertices'), faces: num('Faces'), bones: num('Bones'), animations: num('Animations'), output: out.slice(-2000) };
}
