import { describe, expect, it } from 'vitest';
import { AXIS65_NAMES } from '../src/skeleton/axis65.js';
import { recognise, SKELETON_MAPS } from '../src/skeleton/maps/index.js';

const namesOf = (id: string) => [...new Set(Object.values(SKELETON_MAPS[id].fromAxis))];

describe('skeleton name maps', () => {
	it('recognise every naming from its own bone names', () => {
		for (const id of ['mixamo', 'unreal', 'unity', 'godot', 'vrm', 'smpl', 'r15']) {
			const r = recognise(namesOf(id));
			expect(r.skeleton, id).toBe(id);
			expect(r.humanoid, id).toBe(true);
		}
		expect(recognise(AXIS65_NAMES).skeleton).toBe('axis');
	});
	it('maps Mixamo names back to AXIS-65 and refuses a quadruped', () => {
		const r = recognise(AXIS65_NAMES.map((n) => `mixamorig:${n}`));
		expect(r.coverage).toBe(1);
		expect(r.mapping['mixamorig:LeftForeArm']).toBe('LeftForeArm');
		const fox = recognise(['root', 'b_Hip_01', 'b_Spine01_02', 'b_Neck_04', 'b_Head_05', 'b_LeftLeg01_015', 'b_Tail01_012']);
		expect(fox.skeleton).toBeNull();
		expect(fox.humanoid).toBe(false);
	});
	it('Unreal adds nothing for finger tips; R15 merges 65 bones into 15 parts', () => {
		expect(SKELETON_MAPS.unreal.fromAxis.LeftHandIndex4).toBeUndefined();
		expect(SKELETON_MAPS.unreal.fromAxis.LeftUpLeg).toBe('thigh_l');
		expect(new Set(Object.values(SKELETON_MAPS.r15.fromAxis)).size).toBe(15);
		expect(SKELETON_MAPS.godot.fromAxis.LeftHandThumb1).toBe('LeftThumbMetacarpal');
		expect(SKELETON_MAPS.unity.fromAxis.LeftHandThumb1).toBe('LeftThumbProximal');
	});
});
