import type { SkeletonMap } from './types.js';
import { FINGER_NAMES, SIDES } from './types.js';

function build(): Record<string, string> {
	const m: Record<string, string> = {
		Hips: 'pelvis',
		Spine: 'spine_01',
		Spine1: 'spine_02',
		Spine2: 'spine_03',
		Neck: 'neck_01',
		Head: 'head',
	};
	for (const [S, s] of SIDES) {
		m[`${S}Shoulder`] = `clavicle_${s}`;
		m[`${S}Arm`] = `upperarm_${s}`;
		m[`${S}ForeArm`] = `lowerarm_${s}`;
		m[`${S}Hand`] = `hand_${s}`;
		for (const f of FINGER_NAMES) for (let i = 1; i <= 3; i++) m[`${S}Hand${f}${i}`] = `${f.toLowerCase()}_0${i}_${s}`;
		m[`${S}UpLeg`] = `thigh_${s}`;
		m[`${S}Leg`] = `calf_${s}`;
		m[`${S}Foot`] = `foot_${s}`;
		m[`${S}ToeBase`] = `ball_${s}`;
	}
	return m;
}

/**
 * Unreal Engine mannequin (UE4 names, which the UE5 Manny/Quinn skeleton
 * keeps): `root` → `pelvis` → `spine_01`…; UE5's `spine_04`, `spine_05`,
 * `neck_02` and the `*_metacarpal_*` bones are recognised as extras.
 * AXIS finger tips and end bones have no counterpart.
 */
export const UNREAL: SkeletonMap = {
	id: 'unreal',
	displayName: 'Unreal Engine mannequin',
	fromAxis: build(),
	extras: ['root', 'spine_04', 'spine_05', 'neck_02', 'ik_foot_root', 'ik_hand_root', 'ik_hand_gun', 'ik_foot_l', 'ik_foot_r', 'ik_hand_l', 'ik_hand_r'],
	caseInsensitive: true,
};
