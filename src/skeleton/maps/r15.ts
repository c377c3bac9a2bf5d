import { AXIS65 } from '../axis65.js';
import type { SkeletonMap } from './types.js';

/** The 16 Roblox R15 parts (HumanoidRootPart carries no geometry). */
export const R15_PARTS = [
	'HumanoidRootPart',
	'LowerTorso',
	'UpperTorso',
	'Head',
	'LeftUpperArm',
	'LeftLowerArm',
	'LeftHand',
	'RightUpperArm',
	'RightLowerArm',
	'RightHand',
	'LeftUpperLeg',
	'LeftLowerLeg',
	'LeftFoot',
	'RightUpperLeg',
	'RightLowerLeg',
	'RightFoot',
] as const;
export type R15Part = (typeof R15_PARTS)[number];

/** Parent of each R15 part. */
export const R15_PARENT: Readonly<Record<R15Part, R15Part | null>> = {
	HumanoidRootPart: null,
	LowerTorso: 'HumanoidRootPart',
	UpperTorso: 'LowerTorso',
	Head: 'UpperTorso',
	LeftUpperArm: 'UpperTorso',
	LeftLowerArm: 'LeftUpperArm',
	LeftHand: 'LeftLowerArm',
	RightUpperArm: 'UpperTorso',
	RightLowerArm: 'RightUpperArm',
	RightHand: 'RightLowerArm',
	LeftUpperLeg: 'LowerTorso',
	LeftLowerLeg: 'LeftUpperLeg',
	LeftFoot: 'LeftLowerLeg',
	RightUpperLeg: 'LowerTorso',
	RightLowerLeg: 'RightUpperLeg',
	RightFoot: 'RightLowerLeg',
};

/** The AXIS bone whose joint each R15 part sits on (its pivot). */
export const R15_PIVOT: Readonly<Record<Exclude<R15Part, 'HumanoidRootPart'>, string>> = {
	LowerTorso: 'Hips',
	UpperTorso: 'Spine',
	Head: 'Neck',
	LeftUpperArm: 'LeftArm',
	LeftLowerArm: 'LeftForeArm',
	LeftHand: 'LeftHand',
	RightUpperArm: 'RightArm',
	RightLowerArm: 'RightForeArm',
	RightHand: 'RightHand',
	LeftUpperLeg: 'LeftUpLeg',
	LeftLowerLeg: 'LeftLeg',
	LeftFoot: 'LeftFoot',
	RightUpperLeg: 'RightUpLeg',
	RightLowerLeg: 'RightLeg',
	RightFoot: 'RightFoot',
};

function partOf(axis: string): R15Part {
	if (axis === 'Hips') return 'LowerTorso';
	if (axis.startsWith('Spine') || axis.endsWith('Shoulder')) return 'UpperTorso';
	if (axis === 'Neck' || axis.startsWith('Head')) return 'Head';
	const side = axis.startsWith('Left') ? 'Left' : 'Right';
	const rest = axis.slice(side.length);
	if (rest === 'Arm') return `${side}UpperArm`;
	if (rest === 'ForeArm') return `${side}LowerArm`;
	if (rest.startsWith('Hand')) return `${side}Hand`;
	if (rest === 'UpLeg') return `${side}UpperLeg`;
	if (rest === 'Leg') return `${side}LowerLeg`;
	return `${side}Foot`; // Foot, ToeBase, Toe_End
}

/** Roblox R15: every AXIS bone maps to the part it merges into (65 bones → 15 parts). */
export const R15: SkeletonMap = {
	id: 'r15',
	displayName: 'Roblox R15',
	fromAxis: Object.fromEntries(AXIS65.map((b) => [b.name, partOf(b.name)])),
	extras: ['HumanoidRootPart', 'Root', 'HumanoidRootNode'],
};
