import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeAsset } from '../src/io/write.js';
import { runBatch } from '../src/worker/pool.js';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import { gridDocument, withDegenerateTriangle } from './helpers/broken.js';
import { axis } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'axis-cli-'));
const good = join(dir, 'humanoid.glb');
const cm = join(dir, 'humanoid_cm.glb');
const broken = join(dir, 'broken.glb');

beforeAll(async () => {
	await writeAsset(blockyHumanoid(), good);
	await writeAsset(blockyHumanoid({ unitScale: 100 }), cm);
	writeFileSync(broken, 'glTF garbage that is not a container');
});

describe('axis CLI', () => {
	it('--help lists the commands', () => {
		const r = axis(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/inspect/);
		expect(r.stdout).toMatch(/validate/);
	});

	it('inspect prints counts, bounds and units for a generated humanoid', () => {
		const r = axis(['inspect', good]);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/144 triangles/);
		expect(r.stdout).toMatch(/guessed metres, up \+Y/);
	});

	it('inspect --json guesses centimetres for a 180-unit character', () => {
		const r = axis(['inspect', cm, '--json']);
		expect(r.code).toBe(0);
		const [file] = JSON.parse(r.stdout).files;
		expect(file.guess.units).toBe('centimetres');
		expect(file.guess.scaleToMetres).toBe(0.01);
		expect(file.bounds.size[1]).toBeCloseTo(179, 0);
	});

	it('a batch keeps going past a broken file, reports it, and exits 2', () => {
		const r = axis(['inspect', good, broken, cm, '--json', '--jobs', '2']);
		expect(r.code).toBe(2);
		const files = JSON.parse(r.stdout).files;
		expect(files.map((f: { ok: boolean }) => f.ok)).toEqual([true, false, true]);
		expect(files[1].error.code).toBe('GLTF_INVALID');
	});

	it('progress goes to stderr as plain lines when not a terminal', () => {
		const r = axis(['inspect', good, cm, '--json']);
		expect(r.stderr).toMatch(/\[2\/2\]/);
		expect(() => JSON.parse(r.stdout)).not.toThrow();
	});

	it('globs and folders expand to the supported files', () => {
		const r = axis(['inspect', join(dir, '*.glb'), '--json', '-q']);
		expect(JSON.parse(r.stdout).files).toHaveLength(3);
		const r2 = axis(['inspect', dir, '--json', '-q']);
		expect(JSON.parse(r2.stdout).files).toHaveLength(3);
	});

	it('bad usage exits 2 with a clear message and no stack trace', () => {
		for (const args of [['inspect'], ['inspect', good, '--bogus'], ['inspect', join(dir, 'none-*.glb')], ['validate', good, '--platform', 'playstation']]) {
			const r = axis(args);
			expect(r.code, args.join(' ')).toBe(2);
			expect(r.stderr.length).toBeGreaterThan(0);
			expect(r.stderr).not.toMatch(/\n\s+at /);
		}
	});

	it('never modifies its input', () => {
		const before = readFileSync(good);
		axis(['validate', good, '-q']);
		axis(['inspect', good, '-q']);
		expect(readFileSync(good).equals(before)).toBe(true);
	});
});

describe('axis validate exit codes and formats', () => {
	const overBudget = join(dir, 'over-budget.glb');
	const degenerate = join(dir, 'degenerate.glb');
	beforeAll(async () => {
		await writeAsset(gridDocument(15_000), overBudget);
		await writeAsset(withDegenerateTriangle(), degenerate);
	});

	it('exits 0 on a clean file', () => {
		const r = axis(['validate', good]);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stdout).toMatch(/0 errors/);
	});

	it('exits 1 when a platform limit is broken (15k triangles on roblox), 0 on unreal', () => {
		const roblox = axis(['validate', overBudget, '--platform', 'roblox', '--json']);
		expect(roblox.code).toBe(1);
		const codes = JSON.parse(roblox.stdout).files[0].findings.map((f: { code: string }) => f.code);
		expect(codes).toContain('TRIANGLE_BUDGET_EXCEEDED');
		expect(axis(['validate', overBudget, '--platform', 'unreal']).code).toBe(0);
	});

	it('--max-warnings turns warnings into a failing exit', () => {
		expect(axis(['validate', cm]).code).toBe(0); // a cm-scale warning only
		expect(axis(['validate', cm, '--max-warnings', '0']).code).toBe(1);
	});

	it('reports degenerate triangles with a code, location and an auto-fixable suggestion', () => {
		const r = axis(['validate', degenerate, '--json']);
		const f = JSON.parse(r.stdout).files[0].findings.find((x: { code: string }) => x.code === 'DEGENERATE_TRIANGLES');
		expect(f).toMatchObject({ severity: expect.any(String), where: { pointer: expect.stringMatching(/^\/meshes\/0/) }, suggestion: { auto_fixable: true } });
	});

	it('--format sarif writes SARIF 2.1.0 with one result per finding and the unreadable file as an error', () => {
		const r = axis(['validate', cm, broken, '--format', 'sarif', '-q']);
		expect(r.code).toBe(2);
		const sarif = JSON.parse(r.stdout);
		expect(sarif.version).toBe('2.1.0');
		const results = sarif.runs[0].results;
		expect(results.some((x: { ruleId: string }) => x.ruleId === 'SCALE_OUT_OF_RANGE')).toBe(true);
		expect(results.some((x: { ruleId: string; level: string }) => x.ruleId === 'GLTF_INVALID' && x.level === 'error')).toBe(true);
	});
});

describe('worker pool', () => {
	it('runs tasks in threads and returns results in input order', async () => {
		const seen: number[] = [];
		const results = await runBatch(
			[good, broken, cm, good].map((path) => ({ kind: 'inspect' as const, path })),
			{ jobs: 2, onResult: (_r, done) => seen.push(done) },
		);
		expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
		expect(results.map((r) => r.path)).toEqual([good, broken, cm, good]);
		expect(seen).toEqual([1, 2, 3, 4]);
	});
});
