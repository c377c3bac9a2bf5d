import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/assets.js';
import { axis } from './helpers/cli.js';

// Runs the built CLI: `npm run build` first.
const dir = join(repoRoot, 'tmp/generate/cli-test');

describe('axis generate (CLI)', () => {
	mkdirSync(dir, { recursive: true });
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('writes a GLB and a PNG preview, prints the AXIS fields as JSON', () => {
		const out = join(dir, 'elf.glb');
		const png = join(dir, 'elf.png');
		const r = axis(['generate', '--preset', 'elf', '--prompt', 'tall female 1.9 m with wings', '--seed', '3', '--detail', 'low', '-o', out, '--preview', png, '--json']);
		expect(r.code, r.stderr).toBe(0);
		const s = JSON.parse(r.stdout);
		for (const k of ['stage_reached', 'vertex_count', 'face_count', 'preset', 'platform', 'exported', 'morph_targets', 'glb_size', 'errors', 'parameters', 'unknown_words']) expect(s).toHaveProperty(k);
		expect(s.stage_reached).toBe('export_ready');
		expect(s.exported).toBe(true);
		expect(s.unknown_words).toEqual(['wings']);
		expect(s.parameters.height).toBeCloseTo(1.9);
		expect(readFileSync(out).byteLength).toBe(s.glb_size);
		expect([...readFileSync(png).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
	});

	it('--param: unknown names and mistyped values exit 2; numbers out of range are clamped with a warning', () => {
		for (const bad of ['nope=1', 'height=abc', 'pose=x', 'skinColor=2,0,0']) {
			const r = axis(['generate', '--preset', 'mage', '--param', bad, '-o', join(dir, 'bad.glb')]);
			expect(r.code, bad).toBe(2);
			expect(r.stderr, bad).toMatch(/BAD_USAGE: --param/);
			expect(existsSync(join(dir, 'bad.glb')), bad).toBe(false);
		}
		const r = axis(['generate', '--preset', 'mage', '--detail', 'low', '--param', 'height=100', '--param', 'skinColor=0.8,0.6,0.5', '-o', join(dir, 'clamped.glb'), '--json']);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toMatch(/warning: --param height=100 is outside 0.9 to 2.3: clamped to 2.3/);
		const json = JSON.parse(r.stdout);
		expect(json.warnings).toEqual(['--param height=100 is outside 0.9 to 2.3: clamped to 2.3']);
		expect(json.parameters.height).toBe(2.3);
		expect(json.parameters.skinColor).toEqual([0.8, 0.6, 0.5]);
	});

	it('exit codes: 2 for bad usage, 1 when the platform refuses the result', () => {
		expect(axis(['generate', '--preset', 'dragon', '-o', join(dir, 'x.glb')]).code).toBe(2);
		expect(axis(['generate', '--preset', 'mage', '--platform', 'nowhere', '-o', join(dir, 'x.glb')]).code).toBe(2);
		const roblox = axis(['generate', '--preset', 'mage', '--platform', 'roblox', '-o', join(dir, 'r.glb'), '--json']);
		expect(roblox.code).toBe(1);
		expect(JSON.parse(roblox.stdout).errors.join(' ')).toMatch(/TOO_MANY_JOINTS/);
		expect(existsSync(join(dir, 'r.glb'))).toBe(false);
	});
});
