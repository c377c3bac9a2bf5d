import { describe, expect, it } from 'vitest';
import { repairDocument } from '../src/pipeline/repair/index.js';
import { cleanCube, primitiveOf } from './helpers/broken.js';

describe('fix --tangents', () => {
	it('generates MikkTSpace tangents: unit, orthogonal to the normal, handedness ±1', async () => {
		const doc = cleanCube();
		const prim = primitiveOf(doc);
		expect(prim.getAttribute('TEXCOORD_0')).toBeTruthy();
		expect(prim.getAttribute('TANGENT')).toBeNull();
		const report = await repairDocument(doc, { tangents: true });
		expect(report.has('TANGENTS_SKIPPED')).toBe(false);
		const tangent = prim.getAttribute('TANGENT')!;
		const normal = prim.getAttribute('NORMAL')!;
		expect(tangent.getCount()).toBe(prim.getAttribute('POSITION')!.getCount());
		const t: number[] = [], n: number[] = [];
		for (let i = 0; i < tangent.getCount(); i++) {
			tangent.getElement(i, t);
			normal.getElement(i, n);
			expect(Math.hypot(t[0], t[1], t[2])).toBeCloseTo(1, 4);
			expect(Math.abs(t[0] * n[0] + t[1] * n[1] + t[2] * n[2])).toBeLessThan(1e-4);
			expect(Math.abs(t[3])).toBe(1);
		}
	});

	it('leaves tangents alone unless asked', async () => {
		const doc = cleanCube();
		await repairDocument(doc);
		expect(primitiveOf(doc).getAttribute('TANGENT')).toBeNull();
	});
});
