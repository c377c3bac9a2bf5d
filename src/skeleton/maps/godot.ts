import type { SkeletonMap } from './types.js';
import { FINGER_NAMES, SIDES } from './types.js';

const GODOT_FINGER: Record<string, string> = { Thumb: 'Thumb', Index: 'Index', Middle: 'Middle', Ring: 'Ring', Pinky: 'Little' };

function build(): Record<string, string> {
	const m: Record<string, string> = { Hips: 'Hips', Spine: 'Spine', Spine1: 'Chest', Spine2: 'UpperChest', Neck: 'Neck', Head: 'Head' };
	for (const [S] of SIDES) {
		m[`${S}Shoulder`] = `${S}Shoulder`;
		m[`${S}Arm`] = `${S}UpperArm`;
		m[`${S}ForeArm`] = `${S}LowerArm`;
		m[`${S}Hand`] = `${S}Hand`;
		for (const f of FINGER_NAMES) {
			// SkeletonProfileHumanoid: the thumb has Metacarpal, Proximal, Distal; the other fingers Proximal, Intermediate, Distal.
			const parts = f === 'Thumb' ? ['Metacarpal', 'Proximal', 'Distal'] : ['Proximal', 'Intermediate', 'Distal'];
			for (let i = 1; i <= 3; i++) m[`${S}Hand${f}${i}`] = `${S}${GODOT_FINGER[f]}${parts[i - 1]}`;
		}
		m[`${S}UpLeg`] = `${S}UpperLeg`;
		m[`${S}Leg`] = `${S}LowerLeg`;
		m[`${S}Foot`] = `${S}Foot`;
		m[`${S}ToeBase`] = `${S}Toes`;
	}
	return m;
}

/** Godot 4 `SkeletonProfileHumanoid` bone names (its `Root` bone is optional and added by nobody here). */
export const GODOT: SkeletonMap = {
	id: 'godot',
	displayName: 'Godot SkeletonProfileHumanoid',
	fromAxis: build(),
	extras: ['Root', 'LeftEye', 'RightEye', 'Jaw'],
};
