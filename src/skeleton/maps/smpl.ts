import type { SkeletonMap } from './types.js';

/** SMPL / HumanML3D body joints (22: no hands beyond the wrists). */
export const SMPL_JOINTS = [
	'pelvis', 'left_hip', 'right_hip', 'spine1', 'left_knee', 'right_knee', 'spine2', 'left_ankle', 'right_ankle', 'spine3', 'left_foot',
	'right_foot', 'neck', 'left_collar', 'right_collar', 'head', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
] as const;

export const SMPL: SkeletonMap = {
	id: 'smpl',
	displayName: 'SMPL (22 joints)',
	fromAxis: {
		Hips: 'pelvis',
		LeftUpLeg: 'left_hip',
		RightUpLeg: 'right_hip',
		Spine: 'spine1',
		LeftLeg: 'left_knee',
		RightLeg: 'right_knee',
		Spine1: 'spine2',
		LeftFoot: 'left_ankle',
		RightFoot: 'right_ankle',
		Spine2: 'spine3',
		LeftToeBase: 'left_foot',
		RightToeBase: 'right_foot',
		Neck: 'neck',
		LeftShoulder: 'left_collar',
		RightShoulder: 'right_collar',
		Head: 'head',
		LeftArm: 'left_shoulder',
		RightArm: 'right_shoulder',
		LeftForeArm: 'left_elbow',
		RightForeArm: 'right_elbow',
		LeftHand: 'left_wrist',
		RightHand: 'right_wrist',
	},
	extras: ['jaw', 'left_eye_smplhf', 'right_eye_smplhf', 'left_index1', 'right_index1'],
	caseInsensitive: true,
};
