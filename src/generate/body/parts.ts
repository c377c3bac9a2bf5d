/** Body-part tags of cage faces (and of the subdivided faces inside them). */
export const PART_NAMES = [
	'torso',
	'neck',
	'head',
	'face',
	'shoulder_l',
	'arm_l',
	'hand_l',
	'finger_l',
	'hip_l',
	'leg_l',
	'foot_l',
	'shoulder_r',
	'arm_r',
	'hand_r',
	'finger_r',
	'hip_r',
	'leg_r',
	'foot_r',
] as const;
export type PartName = (typeof PART_NAMES)[number];
export const PART: Readonly<Record<PartName, number>> = Object.freeze(Object.fromEntries(PART_NAMES.map((n, i) => [n, i])) as Record<PartName, number>);
