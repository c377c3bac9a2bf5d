import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AxisError } from '../src/errors.js';
import { readAsset } from '../src/io/read.js';
import type { LoadedAsset } from '../src/io/read.js';
import { runKhronosValidator } from '../src/validate/khronos.js';
import { validateAsset } from '../src/validate/index.js';
import { assetPath } from './helpers/assets.js';
import * as B from './helpers/broken.js';

const EDGE = 'edgecases/assimp_glTF2';

/** Runs `fn` with the asset's absolute path, or skips (with a visible message) when it is absent. */
function withAsset(rel: string, fn: (path: string) => Promise<void>) {
	return async (ctx: { skip: (note?: string) => void }) => {
		const path = assetPath(rel);
		if (!path) return ctx.skip(`shared asset ${rel} not found`);
		await fn(path);
	};
}

const validatorCodes = (findings: { code: string; severity: string; source?: string }[], severity = 'error') =>
	new Set(findings.filter((f) => f.source === 'gltf-validator' && f.severity === severity).map((f) => f.code));

describe('Khronos glTF-Validator pass', () => {
	it(
		'BoxWithInfinites: ACCESSOR_INVALID_FLOAT errors, passed through with pointers',
		withAsset(`${EDGE}/BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb`, async (path) => {
			const findings = await runKhronosValidator(new Uint8Array(readFileSync(path)), { format: 'glb' });
			expect(validatorCodes(findings).has('ACCESSOR_INVALID_FLOAT')).toBe(true);
			const f = findings.find((x) => x.code === 'ACCESSOR_INVALID_FLOAT')!;
			expect(f).toMatchObject({ severity: 'error', source: 'gltf-validator', where: { pointer: expect.stringMatching(/^\/accessors\/\d+$/) } });
		}),
	);

	it(
		'BoxBadNormals: ACCESSOR_VECTOR3_NON_UNIT errors; validateAsset adds our INVALID_NORMALS',
		withAsset(`${EDGE}/BoxBadNormals-glTF-Binary/BoxBadNormals.glb`, async (path) => {
			const report = await validateAsset(await readAsset(path));
			expect(validatorCodes(report.findings).has('ACCESSOR_VECTOR3_NON_UNIT')).toBe(true);
			expect(report.has('INVALID_NORMALS')).toBe(true);
		}),
	);

	it(
		'IndexOutOfRange (.gltf + .bin resolved beside it): ACCESSOR_INDEX_OOB',
		withAsset(`${EDGE}/IndexOutOfRange/IndexOutOfRange.gltf`, async (path) => {
			const report = await validateAsset(await readAsset(path));
			expect(validatorCodes(report.findings).has('ACCESSOR_INDEX_OOB')).toBe(true);
			expect(report.findings.find((f) => f.code === 'ACCESSOR_INDEX_OOB')!.where?.pointer).toBe('/meshes/0/primitives/0/indices');
		}),
	);

	it(
		'a missing .bin is the validator\'s own IO_ERROR finding, not a throw',
		withAsset(`${EDGE}/MissingBin/BoxTextured.gltf`, async (path) => {
			const bytes = new Uint8Array(readFileSync(path));
			const findings = await runKhronosValidator(bytes, { format: 'gltf', baseDir: path.replace(/[^/]+$/, '') });
			const io = findings.filter((f) => f.code === 'IO_ERROR');
			expect(io.length).toBeGreaterThan(0);
			expect(io[0]).toMatchObject({ severity: 'error', where: { pointer: '/buffers/0/uri' } });
			// Without a base folder, every external resource is missing, still no throw.
			expect((await runKhronosValidator(bytes, { format: 'gltf' })).some((f) => f.code === 'IO_ERROR')).toBe(true);
		}),
	);

	it(
		'Xbot.glb: 0 validator errors',
		withAsset('mixamo/Xbot.glb', async (path) => {
			const loaded = await readAsset(path);
			const t = performance.now();
			const report = await validateAsset(loaded);
			const ms = performance.now() - t;
			console.log(`validateAsset(Xbot.glb): ${ms.toFixed(0)} ms, ${report.errors} errors, ${report.warnings} warnings, ${report.findings.length} findings`);
			expect(report.findings.filter((f) => f.source === 'gltf-validator' && f.severity === 'error')).toEqual([]);
			expect(report.errors).toBe(0);
			// Skinned character, metres, Y-up: no scale or axis complaints.
			expect(report.has('SCALE_OUT_OF_RANGE')).toBe(false);
			expect(report.has('WRONG_UP_AXIS')).toBe(false);
			// Skipping the Khronos pass leaves only our findings.
			const ours = await validateAsset(loaded, { khronos: false });
			expect(ours.findings.every((f) => f.source === 'axis')).toBe(true);
		}),
	);

	it('garbage: AxisError GLTF_INVALID when the format is unknown, findings when it is given', async () => {
		const junk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
		let err: unknown;
		try {
			await runKhronosValidator(junk, { name: 'junk.bin' });
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(AxisError);
		expect((err as AxisError).code).toBe('GLTF_INVALID');
		expect((err as AxisError).message).toContain('junk.bin');
		expect((await runKhronosValidator(junk, { format: 'glb' })).map((f) => f.code)).toContain('GLB_UNEXPECTED_END_OF_HEADER');
		expect((await runKhronosValidator(new TextEncoder().encode('{"asset":'), { format: 'gltf' })).map((f) => f.code)).toContain('INVALID_JSON');
	});

	it('FBX/OBJ inputs: validates the GLB we would write, without touching the document', async () => {
		const document = B.withDegenerateTriangle();
		const loaded: LoadedAsset = {
			document,
			byteLength: 0,
			source: { format: 'obj', convertedToGltfConventions: false, warnings: ['ignored a usemtl without a material library'] },
		};
		const before = document.getRoot().listAccessors().length;
		const report = await validateAsset(loaded);
		expect(document.getRoot().listAccessors().length).toBe(before);
		expect(report.findings.filter((f) => f.source === 'gltf-validator' && f.severity === 'error')).toEqual([]);
		// The validator sees the degenerate triangle too (as info), and we report ours.
		expect(report.findings.some((f) => f.source === 'gltf-validator' && f.code === 'ACCESSOR_INDEX_TRIANGLE_DEGENERATE')).toBe(true);
		expect(report.has('DEGENERATE_TRIANGLES')).toBe(true);
		expect(report.findings.find((f) => f.code === 'READER_WARNING')?.message).toContain('usemtl');
	});
});
