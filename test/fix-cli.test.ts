/** `axis fix` through the built CLI (run `npm run build` first). */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGLB } from '../src/io/write.js';
import { assetPath, repoRoot } from './helpers/assets.js';
import * as broken from './helpers/broken.js';
import { axis } from './helpers/cli.js';

const dir = join(repoRoot, 'tmp/fix/cli-test');

beforeAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'broken.glb'), await writeGLB(broken.centimetreBox()));
	const spec = broken.boxSpec({ name: 'cube' });
	spec.indices!.push(0, 0, 1, ...spec.indices!.slice(0, 3));
	writeFileSync(join(dir, 'degenerate.glb'), await writeGLB(broken.documentFromSpec(spec)));
	const nan = broken.boxSpec({ name: 'cube' });
	nan.positions = nan.positions.map(() => Number.NaN);
	writeFileSync(join(dir, 'all-nan.glb'), await writeGLB(broken.documentFromSpec(nan)));
	writeFileSync(join(dir, 'notes.txt'), 'not a mesh');
	writeFileSync(join(dir, 'truncated.glb'), Buffer.from('glTF\x02\x00\x00\x00'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('axis fix', () => {
	it('writes a repaired copy, never touching the input, and reports counts', () => {
		const input = join(dir, 'degenerate.glb');
		const before = readFileSync(input);
		const r = axis(['fix', input, '-o', join(dir, 'out.glb'), '--json', '-q']);
		expect(r.code, r.stderr).toBe(0);
		const json = JSON.parse(r.stdout);
		const codes = json.files[0].findings.map((f: { code: string }) => f.code);
		expect(codes).toContain('FIXED_DEGENERATE_TRIANGLES');
		expect(codes).toContain('FIXED_DUPLICATE_FACES');
		expect(json.files[0].findings[0].message).toMatch(/before \d+, after \d+/);
		expect(readFileSync(input).equals(before)).toBe(true);
		expect(existsSync(join(dir, 'out.glb'))).toBe(true);
		// validate after fix: nothing auto-fixable left.
		const v = axis(['validate', join(dir, 'out.glb'), '--json', '-q']);
		const findings = JSON.parse(v.stdout).files[0].findings as { suggestion?: { auto_fixable: boolean } }[];
		expect(findings.filter((f) => f.suggestion?.auto_fixable)).toEqual([]);
	});

	it('fixing a fixed file changes nothing (byte-identical)', () => {
		const a = join(dir, 'once.glb');
		const b = join(dir, 'twice.glb');
		expect(axis(['fix', join(dir, 'broken.glb'), '-o', a, '-q']).code).toBe(0);
		const r = axis(['fix', a, '-o', b, '-q']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/nothing to fix/);
		expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
	});

	it('many inputs go to a folder; --dry-run writes nothing; --in-place rewrites glTF only', () => {
		const out = join(dir, 'many');
		const r = axis(['fix', join(dir, 'broken.glb'), join(dir, 'degenerate.glb'), '-o', out, '-q', '-j', '1']);
		expect(r.code, r.stderr).toBe(0);
		expect(existsSync(join(out, 'broken.glb')) && existsSync(join(out, 'degenerate.glb'))).toBe(true);
		const dry = axis(['fix', join(dir, 'broken.glb'), '--dry-run', '-q']);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toMatch(/FIXED_UNITS/);
		const copy = join(dir, 'inplace.glb');
		copyFileSync(join(dir, 'broken.glb'), copy);
		const size = statSync(copy).size;
		expect(axis(['fix', copy, '--in-place', '-q']).code).toBe(0);
		expect(axis(['fix', copy, '--dry-run', '-q']).stdout).toMatch(/nothing to fix/);
		expect(statSync(copy).size).not.toBe(0);
		void size;
	});

	it('refuses to overwrite its input without --in-place, and needs an output', () => {
		const input = join(dir, 'broken.glb');
		const same = axis(['fix', input, '-o', input, '-q']);
		expect(same.code).toBe(2);
		expect(same.stderr).toMatch(/BAD_USAGE/);
		const none = axis(['fix', input, '-q']);
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/-o OUT/);
		const fbx = assetPath('fbx/assimp_box.fbx');
		if (fbx) expect(axis(['fix', fbx, '--in-place', '-q']).stderr).toMatch(/--in-place/);
	});

	it('unreadable and non-mesh files are coded errors with exit 2', () => {
		const text = axis(['fix', join(dir, 'notes.txt'), '-o', join(dir, 'x.glb'), '-q']);
		expect(text.code).toBe(2);
		expect(text.stdout + text.stderr).toMatch(/UNSUPPORTED_FORMAT/);
		const trunc = axis(['fix', join(dir, 'truncated.glb'), '-o', join(dir, 'x.glb'), '-q']);
		expect(trunc.code).toBe(2);
		expect(trunc.stdout + trunc.stderr).toMatch(/error [A-Z_]+/);
		const noMesh = assetPath('edgecases/assimp_glTF2/TestNoRootNode/NoScene.gltf');
		if (noMesh) {
			const r = axis(['fix', noMesh, '-o', join(dir, 'x.glb'), '-q']);
			expect(r.code).toBe(2);
			expect(r.stdout + r.stderr).toMatch(/NO_MESH/);
		}
	});

	it('a mesh that cannot be repaired exits 1 and says why', () => {
		const r = axis(['fix', join(dir, 'all-nan.glb'), '--dry-run', '-q']);
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/UNREPAIRABLE_PRIMITIVE: .*non-finite/);
	});
});
