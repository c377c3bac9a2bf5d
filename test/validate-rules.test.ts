import type { Document } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../src/validate/index.js';
import { RULES } from '../src/validate/rules/index.js';
import type { Report } from '../src/report.js';
import * as B from './helpers/broken.js';

const codes = (r: Report) => [...new Set(r.findings.map((f) => f.code))].sort();

/** Each broken case and the code that must fire on it. */
const CASES: [string, string, () => Document][] = [
	['degenerate triangle', 'DEGENERATE_TRIANGLES', B.withDegenerateTriangle],
	['zero-area triangle', 'ZERO_AREA_TRIANGLES', B.withZeroAreaTriangle],
	['NaN position', 'NON_FINITE_VALUES', B.withNaNPosition],
	['flipped face', 'INCONSISTENT_WINDING', B.withFlippedFace],
	['duplicated vertex', 'DUPLICATE_VERTICES', B.withDuplicatedVertices],
	['duplicate face', 'DUPLICATE_FACES', B.withDuplicateFace],
	['unreferenced vertex', 'UNREFERENCED_VERTICES', B.withUnreferencedVertex],
	['missing normals', 'MISSING_NORMALS', B.withoutNormals],
	['zero normals', 'INVALID_NORMALS', B.withZeroNormals],
	['missing UVs', 'MISSING_UVS', B.withoutUVs],
	['hole', 'MESH_HOLES', B.withHole],
	['non-manifold edge', 'NON_MANIFOLD_EDGES', B.withNonManifoldEdge],
	['centimetre-scale humanoid box', 'SCALE_OUT_OF_RANGE', B.centimetreBox],
	['Z-up humanoid box', 'WRONG_UP_AXIS', B.zUpBox],
	['6 influences per vertex', 'TOO_MANY_INFLUENCES', () => B.skinnedBox({ influences: 6 })],
	['unnormalised weights', 'UNNORMALIZED_WEIGHTS', () => B.skinnedBox({ weightSum: 0.5 })],
	['300 joints', 'TOO_MANY_JOINTS', () => B.skinnedBox({ joints: 300 })],
	['3000×3000 texture', 'TEXTURE_NOT_POWER_OF_TWO', () => B.texturedCube(3000, 3000)],
	['8192×8192 texture', 'TEXTURE_TOO_LARGE', () => B.texturedCube(8192, 8192)],
	['200k triangles', 'TRIANGLE_BUDGET_EXCEEDED', () => B.gridDocument(200_000)],
];

describe('validation rules on purpose-built meshes', () => {
	it('the clean cube, the upright metre-scale humanoid box and a clean skinned box have no findings', async () => {
		expect(codes(await validateDocument(B.cleanCube()))).toEqual([]);
		expect(codes(await validateDocument(B.humanBox()))).toEqual([]);
		expect(codes(await validateDocument(B.skinnedBox()))).toEqual([]);
		expect(codes(await validateDocument(B.texturedCube(1024, 512)))).toEqual([]);
	});

	it.each(CASES)('%s → %s (and the clean cube does not have it)', async (_name, code, build) => {
		const report = await validateDocument(build());
		expect(codes(report)).toContain(code);
		const clean = await validateDocument(B.cleanCube());
		expect(clean.has(code)).toBe(false);
		for (const f of report.findings.filter((x) => x.code === code)) {
			expect(f.source).toBe('axis');
			expect(f.message.length).toBeGreaterThan(10);
			expect(f.suggestion).toMatchObject({ title: expect.any(String), description: expect.any(String), confidence: expect.any(Number), auto_fixable: expect.any(Boolean) });
			const rule = RULES.find((r) => r.code === code)!;
			expect(f.suggestion!.auto_fixable).toBe(rule.autoFixable);
		}
	});

	it('every rule code is covered by a case, and codes are unique', () => {
		const covered = new Set(CASES.map((c) => c[1]));
		const all = RULES.map((r) => r.code);
		expect(new Set(all).size).toBe(all.length);
		// Platform-only rules are covered in validate-platforms.test.ts.
		const platformOnly = ['VERTEX_BUDGET_EXCEEDED', 'MORPH_TARGETS_UNSUPPORTED', 'TOO_MANY_MORPH_TARGETS'];
		expect(all.filter((c) => !covered.has(c) && !platformOnly.includes(c))).toEqual([]);
	});

	it('locates findings: mesh, primitive, pointer, sample indices and count', async () => {
		const degenerate = (await validateDocument(B.withDegenerateTriangle())).findings.find((f) => f.code === 'DEGENERATE_TRIANGLES')!;
		expect(degenerate.where).toEqual({ mesh: 'cube', primitive: 0, pointer: '/meshes/0/primitives/0', indices: [12], count: 1 });
		expect(degenerate.severity).toBe('warning');

		const flipped = (await validateDocument(B.withFlippedFace())).findings.find((f) => f.code === 'INCONSISTENT_WINDING')!;
		expect(flipped.where).toMatchObject({ pointer: '/meshes/0/primitives/0', indices: [0], count: 1 });

		const nan = (await validateDocument(B.withNaNPosition())).findings.find((f) => f.code === 'NON_FINITE_VALUES')!;
		expect(nan.severity).toBe('error');
		expect(nan.where).toMatchObject({ pointer: '/meshes/0/primitives/0/attributes/POSITION', indices: [1], count: 1 });

		const dupV = (await validateDocument(B.withDuplicatedVertices())).findings.find((f) => f.code === 'DUPLICATE_VERTICES')!;
		expect(dupV.where).toMatchObject({ indices: [24], count: 1 });

		const unref = (await validateDocument(B.withUnreferencedVertex())).findings.find((f) => f.code === 'UNREFERENCED_VERTICES')!;
		expect(unref.where).toMatchObject({ indices: [24], count: 1 });

		const zero = (await validateDocument(B.withZeroNormals())).findings.find((f) => f.code === 'INVALID_NORMALS')!;
		expect(zero.where).toMatchObject({ pointer: '/meshes/0/primitives/0/attributes/NORMAL', indices: [0, 1, 2, 3], count: 4 });

		const hole = (await validateDocument(B.withHole())).findings.find((f) => f.code === 'MESH_HOLES')!;
		expect(hole.where?.count).toBe(4);
		expect(hole.message).toContain('1 open boundary loop');

		const fin = (await validateDocument(B.withNonManifoldEdge())).findings.find((f) => f.code === 'NON_MANIFOLD_EDGES')!;
		expect(fin.where?.count).toBe(1);

		const joints = (await validateDocument(B.skinnedBox({ joints: 300 }))).findings.find((f) => f.code === 'TOO_MANY_JOINTS')!;
		expect(joints.where).toMatchObject({ pointer: '/skins/0', count: 300 });

		const tex = (await validateDocument(B.texturedCube(3000, 3000))).findings.find((f) => f.code === 'TEXTURE_NOT_POWER_OF_TWO')!;
		expect(tex.where?.pointer).toBe('/images/0');
		expect(tex.message).toContain('3000×3000');
	});

	it('suggests the right unit conversion and up axis', async () => {
		const cm = (await validateDocument(B.centimetreBox())).findings.find((f) => f.code === 'SCALE_OUT_OF_RANGE')!;
		expect(cm.message).toContain('centimetres');
		expect(cm.suggestion).toMatchObject({ title: expect.stringContaining('0.01'), auto_fixable: true });
		expect(cm.suggestion!.confidence).toBeGreaterThanOrEqual(0.8);
		const zup = (await validateDocument(B.zUpBox())).findings.find((f) => f.code === 'WRONG_UP_AXIS')!;
		expect(zup.message).toContain('lies along Z');
		// A cube is not a character: no scale or up-axis opinion even at 180 units.
		const bigCube = B.documentFromSpec(B.boxSpec({ size: [180, 180, 180] }));
		expect(codes(await validateDocument(bigCube))).toEqual([]);
		// …unless the caller says it is one.
		expect(codes(await validateDocument(bigCube, { character: true }))).toContain('SCALE_OUT_OF_RANGE');
		// A skinned asset counts as a character whatever its shape.
		const skinnedCm = B.addSkin(B.centimetreBox());
		expect(codes(await validateDocument(skinnedCm))).toContain('SCALE_OUT_OF_RANGE');
	});

	it('options: rules, ignore, maxWarnings', async () => {
		const doc = B.withDegenerateTriangle();
		expect(codes(await validateDocument(doc, { rules: ['MISSING_NORMALS'] }))).toEqual([]);
		expect(codes(await validateDocument(doc, { ignore: ['DEGENERATE_TRIANGLES'] }))).toEqual([]);
		const strict = await validateDocument(doc, { maxWarnings: 0 });
		expect(strict.errors).toBe(1);
		expect(strict.has('TOO_MANY_WARNINGS')).toBe(true);
		expect((await validateDocument(doc, { maxWarnings: 1 })).errors).toBe(0);
	});

	it('never changes the document', async () => {
		const doc = B.withNaNPosition();
		const before = JSON.stringify(doc.getRoot().listAccessors().map((a) => Array.from(a.getArray()!)));
		await validateDocument(doc);
		expect(JSON.stringify(doc.getRoot().listAccessors().map((a) => Array.from(a.getArray()!)))).toBe(before);
	});

	it('runs the rules on 200k triangles quickly', async () => {
		const doc = B.gridDocument(200_000);
		await validateDocument(doc); // warm-up
		const t = performance.now();
		await validateDocument(doc);
		// Generous bound for loaded CI machines; typically ~60 ms.
		expect(performance.now() - t).toBeLessThan(2000);
	});
});
