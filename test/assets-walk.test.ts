import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AxisError } from '../src/errors.js';
import { readAsset } from '../src/io/read.js';
import { assetsDir, haveAssets } from './helpers/assets.js';
import { axis } from './helpers/cli.js';

const EXTS = new Set(['.glb', '.gltf', '.fbx', '.obj']);

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		return statSync(p).isDirectory() ? walk(p) : EXTS.has(extname(p).toLowerCase()) ? [p] : [];
	});
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Loads a file and returns 'ok' or the AxisError code; anything else (a crash) fails the test. */
async function outcome(path: string): Promise<string> {
	try {
		const { document } = await readAsset(path);
		expect(document.getRoot()).toBeTruthy();
		return 'ok';
	} catch (err) {
		expect(err, `${path} threw a non-coded error: ${err}`).toBeInstanceOf(AxisError);
		expect((err as AxisError).message.length).toBeGreaterThan(5);
		return (err as AxisError).code;
	}
}

describe.runIf(haveAssets('shared asset walk'))('every shared asset loads or fails with a coded error', () => {
	// A skipped describe still collects its tests: without the assets there is nothing to walk.
	const root = assetsDir() ?? '';
	const files = root ? walk(root) : [];

	it('finds the assets', () => {
		expect(files.length).toBeGreaterThan(30);
	});

	for (const file of files) {
		const rel = relative(root, file);
		const broken = rel.startsWith('edgecases/assimp_glTF2/');
		it(`${rel}`, async () => {
			const before = sha(file);
			const result = await outcome(file);
			expect(sha(file), 'input file changed').toBe(before);
			if (!broken) expect(result, `${rel} should load`).toBe('ok');
		});
	}

	it('known-broken glTF cases give their specific codes', async () => {
		const dir = join(root, 'edgecases/assimp_glTF2');
		expect(await outcome(join(dir, 'MissingBin/BoxTextured.gltf'))).toBe('GLTF_MISSING_RESOURCE');
		expect(await outcome(join(dir, 'RecursiveNodes/RecursiveNodes.gltf'))).toBe('GLTF_INVALID');
		expect(await outcome(join(dir, 'IncorrectVertexArrays/Cube.gltf'))).toBe('GLTF_INVALID');
		expect(await outcome(join(dir, 'wrongTypes/badArray.gltf'))).toBe('GLTF_INVALID');
	});

	it('the CLI exits 2 with a coded one-line message on a broken file, and 0 on a good one', () => {
		const bad = axis(['inspect', join(root, 'edgecases/assimp_glTF2/RecursiveNodes/RecursiveNodes.gltf')]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/GLTF_INVALID/);
		expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
		const good = axis(['inspect', join(root, 'khronos/SimpleMorph/SimpleMorph.gltf'), '--json']);
		expect(good.code).toBe(0);
		expect(JSON.parse(good.stdout).files[0].totals.meshes).toBe(1);
	});
});

describe('truncated and random-byte files fail fast with a coded error', () => {
	const dir = mkdtempSync(join(tmpdir(), 'axis-bad-'));
	const samples: [string, Uint8Array][] = [];
	const root = assetsDir();
	const sources = root
		? ['mixamo/Xbot.glb', 'fbx/Samba_Dancing.fbx', 'fbx/assimp_embedded_ascii_box.FBX', 'unrigged/makehuman/base.obj', 'khronos/SimpleSkinning_threejs.gltf']
		: [];
	for (const rel of sources) samples.push([rel, new Uint8Array(readFileSync(join(root!, rel)))]);
	let seed = 12345;
	const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
	const cases: string[] = [];
	for (const [rel, bytes] of samples) {
		const ext = extname(rel);
		for (const frac of [0.001, 0.1, 0.5, 0.93]) {
			const p = join(dir, `${rel.replace(/\W/g, '_')}_cut${frac}${ext}`);
			writeFileSync(p, bytes.subarray(0, Math.max(1, Math.floor(bytes.length * frac))));
			cases.push(p);
		}
		const header = Buffer.from(bytes.subarray(0, 32));
		const noise = new Uint8Array(4096).map(() => Math.floor(rand() * 256));
		const p = join(dir, `${rel.replace(/\W/g, '_')}_noise${ext}`);
		writeFileSync(p, Buffer.concat([header, noise])); // right magic, garbage body
		cases.push(p);
	}
	for (const ext of ['.glb', '.gltf', '.fbx', '.obj', '.bin']) {
		const p = join(dir, `random${ext}`);
		writeFileSync(p, new Uint8Array(10_000).map(() => Math.floor(rand() * 256)));
		cases.push(p);
	}
	writeFileSync(join(dir, 'empty.glb'), new Uint8Array(0));
	cases.push(join(dir, 'empty.glb'));

	for (const p of cases) {
		it(relative(dir, p), async () => {
			const t = performance.now();
			const code = await outcome(p);
			// A truncated OBJ can still be a valid (smaller) OBJ; everything else must fail.
			if (!(p.endsWith('.obj') && p.includes('_cut'))) expect(code).not.toBe('ok');
			expect(performance.now() - t).toBeLessThan(15_000);
		});
	}

	it('a missing file is FILE_NOT_FOUND, an unknown format UNSUPPORTED_FORMAT', async () => {
		expect(await outcome(join(dir, 'nope.glb'))).toBe('FILE_NOT_FOUND');
		expect(await outcome(join(dir, 'random.bin'))).toBe('UNSUPPORTED_FORMAT');
	});
});
