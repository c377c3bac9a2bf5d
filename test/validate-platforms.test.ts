import { describe, expect, it } from 'vitest';
import { AxisError } from '../src/errors.js';
import { DEFAULT_PLATFORM, listPlatforms, loadPlatform } from '../src/platforms.js';
import { validateDocument } from '../src/validate/index.js';
import * as B from './helpers/broken.js';

/** 15k triangles, 6 influences per vertex, a 2048 px texture. */
function overBudget() {
	return B.addTexture(B.addSkin(B.gridDocument(15_000), { influences: 6 }), 2048, 2048);
}

describe('platform profiles', () => {
	it('lists the engines (not the generic default) and loads each', () => {
		expect(listPlatforms()).toEqual(['godot', 'roblox', 'unity', 'unreal']);
		for (const name of [...listPlatforms(), DEFAULT_PLATFORM]) {
			const p = loadPlatform(name);
			expect(p.name).toBe(name);
			expect(p.maxInfluences).toBeGreaterThan(0);
			expect(p.maxTextureSize).toBeGreaterThan(0);
			expect(Array.isArray(p.notes)).toBe(true);
		}
		expect(loadPlatform('Unity').name).toBe('unity');
		expect(loadPlatform('unity').maxInfluences).toBe(4);
		expect(loadPlatform('unreal').maxInfluences).toBe(8);
		expect(loadPlatform('roblox').morphTargets.supported).toBe(false);
	});

	it('throws UNKNOWN_PLATFORM listing the known ones', () => {
		for (const bad of ['playstation', '../package', '']) {
			let err: unknown;
			try {
				loadPlatform(bad);
			} catch (e) {
				err = e;
			}
			expect(err).toBeInstanceOf(AxisError);
			expect((err as AxisError).code).toBe('UNKNOWN_PLATFORM');
			expect((err as AxisError).message).toContain('unity, unreal');
		}
	});

	it('returns copies: changing one does not change the next load', () => {
		const p = loadPlatform('unity');
		p.maxInfluences = 99;
		expect(loadPlatform('unity').maxInfluences).toBe(4);
	});

	it('an over-budget mesh passes on Unreal but fails on Roblox', async () => {
		const unreal = await validateDocument(overBudget(), { platform: 'unreal' });
		expect(unreal.errors).toBe(0);

		const roblox = await validateDocument(overBudget(), { platform: 'roblox' });
		const errors = roblox.findings.filter((f) => f.severity === 'error').map((f) => f.code);
		expect(errors).toEqual(expect.arrayContaining(['TOO_MANY_INFLUENCES', 'TEXTURE_TOO_LARGE', 'TRIANGLE_BUDGET_EXCEEDED']));
		expect(roblox.findings.find((f) => f.code === 'TOO_MANY_INFLUENCES')!.message).toContain('Roblox');

		// Unity and Godot skin with 4 bones: influences fail, the rest passes.
		for (const name of ['unity', 'godot']) {
			const r = await validateDocument(overBudget(), { platform: name });
			expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['TOO_MANY_INFLUENCES']);
		}
	});

	it('the generic profile only warns about limits', async () => {
		const r = await validateDocument(overBudget());
		expect(r.errors).toBe(0);
		expect(r.has('TOO_MANY_INFLUENCES')).toBe(true);
	});

	it('morph targets: fine on Unity, an error on Roblox', async () => {
		const doc = () => B.addMorphTargets(B.cleanCube(), 2);
		expect((await validateDocument(doc(), { platform: 'unity' })).has('MORPH_TARGETS_UNSUPPORTED')).toBe(false);
		const roblox = await validateDocument(doc(), { platform: 'roblox' });
		expect(roblox.findings.find((f) => f.code === 'MORPH_TARGETS_UNSUPPORTED')).toMatchObject({ severity: 'error', where: { pointer: '/meshes/0', count: 2 } });
		const limited = { ...loadPlatform('unity'), morphTargets: { supported: true, maxCount: 1 } };
		expect((await validateDocument(doc(), { platform: limited })).has('TOO_MANY_MORPH_TARGETS')).toBe(true);
	});

	it('vertex budget and power-of-two requirement follow the profile', async () => {
		const grid = B.gridDocument(30_000); // ~15k vertices
		expect((await validateDocument(grid, { platform: 'roblox' })).has('VERTEX_BUDGET_EXCEEDED')).toBe(true);
		expect((await validateDocument(grid, { platform: 'unity' })).has('VERTEX_BUDGET_EXCEEDED')).toBe(false);
		const npot = () => B.texturedCube(1000, 1000);
		expect((await validateDocument(npot(), { platform: 'unreal' })).findings.find((f) => f.code === 'TEXTURE_NOT_POWER_OF_TWO')?.severity).toBe('error');
		expect((await validateDocument(npot(), { platform: 'unity' })).findings.find((f) => f.code === 'TEXTURE_NOT_POWER_OF_TWO')?.severity).toBe('info');
	});
});
