import type { SkeletonMap } from './types.js';
import { FINGER_NAMES, SIDES } from './types.js';

const HUMANOID_FINGER: Record<string, string> = { Thumb: 'Thumb', Index: 'Index', Middle: 'Middle', Ring: 'Ring', Pinky: 'Little' };
const PHALANX = ['Proximal', 'Intermediate', 'Distal'];

/**
 * AXIS → Unity-style humanoid names (Hips, Chest, UpperChest, LeftUpperArm,
 * LeftLittleProximal …), which Godot's SkeletonProfileHumanoid follows too;
 * `phalanges(finger)` names the three finger joints.
 */
export function humanoidFromAxis(phalanges: (finger: string) => string[] = () => PHALANX): Record<string, string> {
	const m: Record<string, string> = { Hips: 'Hips', Spine: 'Spine', Spine1: 'Chest', Spine2: 'UpperChest', Neck: 'Neck', Head: 'Head' };
	for (const [S] of SIDES) {
		m[`${S}Shoulder`] = `${S}Shoulder`;
		m[`${S}Arm`] = `${S}UpperArm`;
		m[`${S}ForeArm`] = `${S}LowerArm`;
		m[`${S}Hand`] = `${S}Hand`;
		for (const f of FINGER_NAMES) {
			const parts = phalanges(f);
			for (let i = 1; i <= 3; i++) m[`${S}Hand${f}${i}`] = `${S}${HUMANOID_FINGER[f]}${parts[i - 1]}`;
		}
		m[`${S}UpLeg`] = `${S}UpperLeg`;
		m[`${S}Leg`] = `${S}LowerLeg`;
		m[`${S}Foot`] = `${S}Foot`;
		m[`${S}ToeBase`] = `${S}Toes`;
	}
	return m;
}

/**
 * Unity Humanoid avatar bones (`HumanBodyBones` names). Required by Unity's
 * Avatar: Hips, Spine, Head, upper/lower arms and legs, hands, feet; the
 * rest are optional.
 */
export const UNITY: SkeletonMap = {
	id: 'unity',
	displayName: 'Unity Humanoid',
	fromAxis: humanoidFromAxis(),
	extras: ['LeftEye', 'RightEye', 'Jaw'],
};

/** The bones Unity's Humanoid avatar cannot do without. */
export const UNITY_REQUIRED = [
	'Hips', 'Spine', 'Head',
	'LeftUpperArm', 'LeftLowerArm', 'LeftHand', 'RightUpperArm', 'RightLowerArm', 'RightHand',
	'LeftUpperLeg', 'LeftLowerLeg', 'LeftFoot', 'RightUpperLeg', 'RightLowerLeg', 'RightFoot',
] as const;
