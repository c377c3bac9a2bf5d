import type { SkeletonMap } from './types.js';
import { FINGER_NAMES, SIDES } from './types.js';

const VRM_FINGER: Record<string, string> = { Thumb: 'Thumb', Index: 'Index', Middle: 'Middle', Ring: 'Ring', Pinky: 'Little' };

function build(): Record<string, string> {
	const m: Record<string, string> = { Hips: 'hips', Spine: 'spine', Spine1: 'chest', Spine2: 'upperChest', Neck: 'neck', Head: 'head' };
	for (const [S, , side] of SIDES) {
		m[`${S}Shoulder`] = `${side}Shoulder`;
		m[`${S}Arm`] = `${side}UpperArm`;
		m[`${S}ForeArm`] = `${side}LowerArm`;
		m[`${S}Hand`] = `${side}Hand`;
		for (const f of FINGER_NAMES) {
			const parts = f === 'Thumb' ? ['Metacarpal', 'Proximal', 'Distal'] : ['Proximal', 'Intermediate', 'Distal'];
			for (let i = 1; i <= 3; i++) m[`${S}Hand${f}${i}`] = `${side}${VRM_FINGER[f]}${parts[i - 1]}`;
		}
		m[`${S}UpLeg`] = `${side}UpperLeg`;
		m[`${S}Leg`] = `${side}LowerLeg`;
		m[`${S}Foot`] = `${side}Foot`;
		m[`${S}ToeBase`] = `${side}Toes`;
	}
	return m;
}

/** VRM 1.0 humanoid bone names (VRM 0.x thumb names are accepted as aliases when recognising). */
export const VRM: SkeletonMap = {
	id: 'vrm',
	displayName: 'VRM humanoid',
	fromAxis: build(),
	extras: ['leftEye', 'rightEye', 'jaw'],
	aliases: {
		leftThumbIntermediate: 'LeftHandThumb2',
		rightThumbIntermediate: 'RightHandThumb2',
	},
};
