import { describe, expect, it } from 'vitest';
import { AXIS65, AXIS65_NAMES, fromMixamoName, mirrorBone } from '../src/skeleton/axis65.js';
import { readAsset } from '../src/io/read.js';
import { assetPath } from './helpers/assets.js';

describe('AXIS-65 skeleton', () => {
	it('has 65 uniquely named bones with parents listed before children', () => {
		expect(AXIS65).toHaveLength(65);
		expect(new Set(AXIS65_NAMES).size).toBe(65);
		const seen = new Set<string>();
		for (const b of AXIS65) {
			if (b.parent) expect(seen.has(b.parent), `${b.name} before ${b.parent}`).toBe(true);
			seen.add(b.name);
		}
		expect(AXIS65.filter((b) => b.parent === null).map((b) => b.name)).toEqual(['Hips']);
	});

	it('counts 7 trunk, 2×4 arm, 2×20 finger and 2×5 leg bones', () => {
		const count = (g: string) => AXIS65.filter((b) => b.group === g).length;
		expect(count('trunk')).toBe(7);
		expect(count('arms')).toBe(8);
		expect(count('hands')).toBe(40);
		expect(count('legs') + count('feet')).toBe(10);
	});

	it('mirrors sides', () => {
		expect(mirrorBone('LeftHandIndex3')).toBe('RightHandIndex3');
		expect(mirrorBone('Spine1')).toBe('Spine1');
	});

	it('matches the Mixamo skeleton of Xbot bone for bone (names and parents)', async (ctx) => {
		const path = assetPath('mixamo/Xbot.glb');
		if (!path) return ctx.skip();
		const { document } = await readAsset(path);
		const joints = document.getRoot().listSkins()[0].listJoints();
		const mapped = new Map<string, string | undefined>();
		for (const j of joints) {
			const name = fromMixamoName(j.getName());
			if (name) mapped.set(name, fromMixamoName(j.getParentNode()?.getName() ?? ''));
		}
		expect(mapped.size).toBe(65); // + LeftEye/RightEye, which are extras
		for (const b of AXIS65) expect(mapped.get(b.name) ?? null, b.name).toBe(b.parent);
	});
});
