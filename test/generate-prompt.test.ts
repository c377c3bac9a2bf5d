import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, listAvatarPresets, parsePrompt, resolveAvatarParams, resolveParams } from '../src/generate/index.js';
import { intersectingPairs } from './generate-checks.js';

describe('generate: prompt parser and parameters', () => {
	it('reads heights in m, cm and ft, ages, and words', () => {
		expect(parsePrompt('1.9 m').params.height).toBeCloseTo(1.9);
		expect(parsePrompt('190 cm').params.height).toBeCloseTo(1.9);
		expect(parsePrompt('190cm tall').params.height).toBeCloseTo(1.9);
		expect(parsePrompt('6 ft').params.height).toBeCloseTo(1.8288);
		expect(parsePrompt('a 70 year old man').params).toMatchObject({ age: 70, femininity: 0.1 });
		const p = parsePrompt('slim female elf with long hair', listAvatarPresets());
		expect(p.params).toMatchObject({ weight: 0.15, femininity: 0.9, earPoint: 1, hair: 'long' });
		expect(p.presets).toEqual(['elf']);
		expect(p.unknownWords).toEqual([]);
		expect(parsePrompt('very tall').params.height!).toBeGreaterThan(parsePrompt('tall').params.height!);
		expect(parsePrompt('heavy muscular old child').params).toMatchObject({ weight: 0.85, muscle: 0.9, age: 8 });
	});

	it('reports unknown words and never fails', () => {
		const p = parsePrompt('tall wizard with wings and 3 eyes');
		expect(p.params.height).toBe(1.9);
		expect(p.unknownWords).toEqual(['wizard', 'wings', '3', 'eyes']);
		expect(parsePrompt('').unknownWords).toEqual([]);
		expect(parsePrompt('🙂 ??? ---').params).toEqual({});
	});

	it('a prompt adjusts a preset; explicit parameters win; ranges are clamped', () => {
		const base = resolveAvatarParams({ preset: 'dwarf' }).params;
		const tall = resolveAvatarParams({ preset: 'dwarf', prompt: '1.5 m slim' }).params;
		expect(tall.height).toBeCloseTo(1.5);
		expect(tall.weight).toBeCloseTo(0.15);
		expect(tall.legLength).toBe(base.legLength);
		expect(resolveAvatarParams({ preset: 'dwarf', prompt: 'tall', params: { height: 1.2 } }).params.height).toBeCloseTo(1.2);
		expect(resolveParams({ height: 9, age: -3, weight: Number.NaN }).height).toBe(2.3);
		expect(resolveParams({ age: -3 }).age).toBe(4);
		expect(resolveParams({ weight: Number.NaN }).weight).toBe(DEFAULT_PARAMS.weight);
		expect(resolveAvatarParams({ prompt: 'orc' }).preset).toBe('orc');
		expect(() => resolveAvatarParams({ preset: 'dragon' })).toThrow(/unknown avatar preset/);
	});

	it('the intersection check finds a deliberate overlap', () => {
		// two triangles piercing each other, tagged as different regions
		const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0.2, 0.2, -0.5, 0.2, 0.2, 0.5, 0.8, 0.8, 0]);
		expect(intersectingPairs({ positions, indices: Uint32Array.from([0, 1, 2, 3, 4, 5]) }, Int32Array.from([0, 1]), [0], [1])).toBe(1);
		const apart = positions.map((v, i) => (i >= 9 && i % 3 === 0 ? v + 3 : v));
		expect(intersectingPairs({ positions: apart, indices: Uint32Array.from([0, 1, 2, 3, 4, 5]) }, Int32Array.from([0, 1]), [0], [1])).toBe(0);
	});
});
