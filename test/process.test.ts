import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBytes } from 'gltf-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import { readAsset } from '../src/io/read.js';
import { writeAsset } from '../src/io/write.js';
import { PROCESS_STAGES, processAsset } from '../src/pipeline/process.js';
import { assetPath } from './helpers/assets.js';
import { cleanCube } from './helpers/broken.js';
import { axis } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'axis-process-'));
const humanoid = join(dir, 'humanoid_cm.glb');
const cube = join(dir, 'cube.glb');

beforeAll(async () => {
	await writeAsset(blockyHumanoid({ unitScale: 100 }), humanoid);
	await writeAsset(cleanCube(), cube);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('axis process', () => {
	it('takes an unrigged centimetre mesh to export_ready: repaired to metres, rigged, exported', () => {
		const out = join(dir, 'unity');
		const r = axis(['process', humanoid, '--platform', 'unity', '-o', out, '--json']);
		expect(r.code, r.stderr).toBe(0);
		const [file] = JSON.parse(r.stdout).files;
		expect(file.stage_reached).toBe('export_ready');
		expect(file.stages.map((s: { stage: string }) => s.stage)).toEqual([...PROCESS_STAGES]);
		expect(file.rig.mode).toBe('rigged');
		expect(file.exported).toBe(true);
		expect(file.findings.map((f: { code: string }) => f.code)).toContain('FIXED_UNITS');
		for (const f of file.manifest.files) expect(existsSync(join(out, f.path)), f.path).toBe(true);
		expect(file.glb_size).toBeGreaterThan(0);
		expect(file.manifest.skeleton.bones).toBeGreaterThanOrEqual(65);
	});

	it('stops at the failing stage with its code for a non-humanoid, exit 1, nothing exported', () => {
		const out = join(dir, 'cube-out');
		const r = axis(['process', cube, '--platform', 'godot', '-o', out, '--json']);
		expect(r.code).toBe(1);
		const [file] = JSON.parse(r.stdout).files;
		expect(file.stage_reached).toBe('repair_ready');
		expect(file.error_code).toBe('RIG_FAILED');
		expect(file.exported).toBe(false);
		expect(existsSync(join(out, 'manifest.json'))).toBe(false);
	});

	it('exits 2 on an unreadable file or an unknown platform', () => {
		expect(axis(['process', join(dir, 'missing.glb'), '--platform', 'unity', '-o', dir]).code).toBe(2);
		expect(axis(['process', cube, '--platform', 'ps5', '-o', dir]).code).toBe(2);
	});

	it('processes a Mixamo character (mapped, not re-rigged) into a GLB with 0 validator errors', async (ctx) => {
		const path = assetPath('mixamo/Xbot.glb');
		if (!path) return ctx.skip();
		const before = readFileSync(path);
		const stages: string[] = [];
		const out = join(dir, 'xbot');
		const result = await processAsset(await readAsset(path), { platform: 'godot', outDir: out, name: 'Xbot', onProgress: (s, f) => f === 1 && stages.push(s) });
		expect(result.errors).toEqual([]);
		expect(result.stage_reached).toBe('export_ready');
		expect(result.rig?.mode).toBe('mapped');
		expect(stages).toEqual([...PROCESS_STAGES]);
		const glb = result.manifest!.files.find((f) => f.format === 'glb')!;
		const report = await validateBytes(new Uint8Array(readFileSync(join(out, glb.path))), { format: 'glb' });
		expect(report.issues.numErrors).toBe(0);
		expect(readFileSync(path).equals(before)).toBe(true);
	});
});
