/**
 * `axis export` through the built CLI (run `npm run build` first): Xbot plus a
 * static blocky humanoid for Unity, Unreal and Godot (one call per platform,
 * two files on two worker threads), the files and manifest.json on disk
 * against the `--json` output, Roblox's refusal of Xbot (exit 1), and exit 2
 * for bad usage and unreadable input. The input is never changed, not even
 * when the output folder is the input's own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import type { ExportManifest } from '../src/exporters/index.js';
import { writeGLB } from '../src/io/write.js';
import { assetPath } from './helpers/assets.js';
import { axis } from './helpers/cli.js';

const xbot = assetPath('mixamo/Xbot.glb');
let dir = '';
let blocky = '';
let xbotHash = '';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'axis-export-cli-'));
	blocky = join(dir, 'blocky.glb');
	writeFileSync(blocky, await writeGLB(blockyHumanoid()));
	writeFileSync(join(dir, 'truncated.glb'), Buffer.from('glTF\x02\x00\x00\x00'));
	if (xbot) xbotHash = sha256(readFileSync(xbot));
});

afterAll(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ExportJSON {
	platform: string;
	files: { file: string; ok: boolean; outDir?: string; manifest?: ExportManifest; error?: { code: string; message: string } }[];
	summary: { files: number; exported: number; refused: number; unreadable: number };
}

/** What each platform writes for a rigged humanoid and for a static mesh (file names under --out/<input>/). */
const EXPECTED: Record<string, { rigged: string[]; static: string[]; fbx?: { units: string; upAxis: string } }> = {
	unity: { rigged: ['Xbot.fbx', 'Xbot.glb', 'Xbot.humanoid.json'], static: ['blocky.fbx', 'blocky.glb'], fbx: { units: 'm', upAxis: '+Y' } },
	unreal: { rigged: ['SK_Xbot.fbx', 'SK_Xbot.glb', 'SK_Xbot.humanoid.json'], static: ['SM_blocky.fbx', 'SM_blocky.glb'], fbx: { units: 'cm', upAxis: '+Z' } },
	godot: { rigged: ['Xbot.glb', 'Xbot.humanoid.json'], static: ['blocky.glb'] },
};

describe.runIf(!!xbot)('axis export (built CLI)', () => {
	for (const platform of Object.keys(EXPECTED)) {
		it(`${platform}: two files on --jobs 2, manifest hashes match the files, --json shape`, () => {
			const out = join(dir, platform);
			const r = axis(['export', xbot!, blocky, '--platform', platform, '-o', out, '--jobs', '2', '--json', '-q']);
			expect(r.code, r.stderr).toBe(0);
			const json = JSON.parse(r.stdout) as ExportJSON;
			expect(json.platform).toBe(platform);
			expect(json.summary).toEqual({ files: 2, exported: 2, refused: 0, unreadable: 0 });
			expect(json.files.map((f) => f.file).sort()).toEqual([xbot, blocky].sort());
			for (const entry of json.files) {
				expect(entry.ok).toBe(true);
				const rigged = entry.file === xbot;
				// Several inputs: each goes to --out/<input name>/.
				expect(entry.outDir).toBe(join(out, rigged ? 'Xbot' : 'blocky'));
				const onDisk = JSON.parse(readFileSync(join(entry.outDir!, 'manifest.json'), 'utf8')) as ExportManifest;
				expect(onDisk).toEqual(entry.manifest);
				const want = rigged ? EXPECTED[platform].rigged : EXPECTED[platform].static;
				expect(onDisk.files.map((f) => f.path).sort()).toEqual([...want].sort());
				expect(readdirSync(entry.outDir!).sort()).toEqual([...want, 'manifest.json'].sort());
				for (const f of onDisk.files) {
					const bytes = readFileSync(join(entry.outDir!, f.path));
					expect(f.bytes, f.path).toBe(bytes.byteLength);
					expect(f.sha256, f.path).toBe(sha256(bytes));
				}
				expect(onDisk.platform).toBe(platform);
				expect(onDisk.conventions.fbx ? { units: onDisk.conventions.fbx.units, upAxis: onDisk.conventions.fbx.upAxis } : undefined).toEqual(EXPECTED[platform].fbx);
				if (rigged) {
					expect(onDisk.skeleton.recognised).toBe('mixamo');
					expect(onDisk.counts.triangles).toBe(49112);
					expect(onDisk.counts.animations).toBe(7);
					expect(onDisk.skeleton.bones).toBe(platform === 'unreal' ? 68 : 67);
				} else {
					expect(onDisk.skeleton.bones).toBe(0);
					expect(onDisk.warnings.join(' ')).toMatch(/static mesh/);
				}
			}
			expect(sha256(readFileSync(xbot!))).toBe(xbotHash);
		});
	}

	it('one input writes straight into --out; the human output names files and counts', () => {
		const out = join(dir, 'single');
		const r = axis(['export', blocky, '-p', 'godot', '-o', out, '-q']);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/blocky\.glb → .*single \(Godot[^)]*\): blocky\.glb; 288 vertices, 144 triangles, 0 bones/);
		expect(r.stdout).toMatch(/warning: no skeleton/);
		expect(readdirSync(out).sort()).toEqual(['blocky.glb', 'manifest.json']);
	});

	it('Roblox refuses Xbot: exit 1, EXPORT_REFUSED with every reason, nothing written', () => {
		const out = join(dir, 'roblox');
		const r = axis(['export', xbot!, '-p', 'roblox', '-o', out, '--json', '-q']);
		expect(r.code).toBe(1);
		const json = JSON.parse(r.stdout) as ExportJSON;
		expect(json.summary).toEqual({ files: 1, exported: 0, refused: 1, unreadable: 0 });
		const { error } = json.files[0];
		expect(json.files[0].ok).toBe(false);
		expect(error?.code).toBe('EXPORT_REFUSED');
		// Both hands are over the 10k-triangle per-part limit: both reasons are listed.
		expect(error?.message).toMatch(/part LeftHand has \d+ triangles \(limit 10000\)/);
		expect(error?.message).toMatch(/part RightHand has \d+ triangles \(limit 10000\)/);
		expect(r.stderr).toMatch(/error EXPORT_REFUSED/);
		// …and as a machine-readable list.
		const reasons = (error as { details?: { reasons?: string[] } } | undefined)?.details?.reasons ?? [];
		expect(reasons.some((x) => /LeftHand/.test(x)) && reasons.some((x) => /RightHand/.test(x))).toBe(true);
		expect(existsSync(join(out, 'manifest.json'))).toBe(false);
		expect(sha256(readFileSync(xbot!))).toBe(xbotHash);
	});
});

describe('axis export usage errors (exit 2)', () => {
	it('an unreadable input', () => {
		const r = axis(['export', join(dir, 'truncated.glb'), '-p', 'unity', '-o', join(dir, 'bad'), '--json', '-q']);
		expect(r.code).toBe(2);
		const json = JSON.parse(r.stdout) as ExportJSON;
		expect(json.summary).toMatchObject({ files: 1, exported: 0, unreadable: 1 });
		expect(json.files[0].error?.code).toBe('GLTF_INVALID');
		const missing = axis(['export', join(dir, 'no-such.glb'), '-p', 'unity', '-o', join(dir, 'bad'), '-q']);
		expect(missing.code).toBe(2);
		expect(missing.stdout + missing.stderr).toMatch(/FILE_NOT_FOUND/);
	});

	it('an output folder that holds the input: export and process refuse to write over it', () => {
		// Both wrote <name>.glb into the input's own folder, over the input.
		const own = join(dir, 'own');
		const input = join(own, 'blocky.glb');
		rmSync(own, { recursive: true, force: true });
		mkdirSync(own);
		writeFileSync(input, readFileSync(blocky));
		const before = sha256(readFileSync(input));
		for (const args of [['export', input, '-p', 'godot', '-o', own, '-q'], ['process', input, '-p', 'godot', '-o', own, '-q']]) {
			const r = axis(args);
			expect(r.code, args[0]).not.toBe(0);
			expect(r.stdout + r.stderr, args[0]).toMatch(/BAD_USAGE: .*is the input file/);
			expect(sha256(readFileSync(input)), args[0]).toBe(before);
		}
	});

	it('an unknown platform, and a missing -o', () => {
		const unknown = axis(['export', blocky, '-p', 'playstation', '-o', join(dir, 'bad')]);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/UNKNOWN_PLATFORM.*playstation/);
		const noOut = axis(['export', blocky, '-p', 'unity']);
		expect(noOut.code).toBe(2);
		expect(noOut.stderr).toMatch(/Missing required flag out/);
		expect(existsSync(join(dir, 'bad'))).toBe(false);
		expect(statSync(blocky).size).toBeGreaterThan(0);
	});
});
