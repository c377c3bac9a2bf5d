/**
 * The AXIS-65 humanoid skeleton: the widely used 65-bone layout (Mixamo
 * names without the `mixamorig:` prefix). Rest pose: T-pose, facing +Z,
 * Y-up, metres, feet on y = 0. Extras (eyes, an engine root) are added by
 * exporters and never counted here.
 */

export type Side = 'Left' | 'Right';
export type BoneGroup = 'trunk' | 'arms' | 'hands' | 'legs' | 'feet';

export interface BoneDef {
	name: string;
	parent: string | null;
	group: BoneGroup;
}

export const FINGERS = ['Thumb', 'Index', 'Middle', 'Ring', 'Pinky'] as const;
export type Finger = (typeof FINGERS)[number];

function build(): BoneDef[] {
	const bones: BoneDef[] = [];
	const add = (name: string, parent: string | null, group: BoneGroup) => bones.push({ name, parent, group });
	add('Hips', null, 'trunk');
	add('Spine', 'Hips', 'trunk');
	add('Spine1', 'Spine', 'trunk');
	add('Spine2', 'Spine1', 'trunk');
	add('Neck', 'Spine2', 'trunk');
	add('Head', 'Neck', 'trunk');
	add('HeadTop_End', 'Head', 'trunk');
	for (const side of ['Left', 'Right'] as const) {
		add(`${side}Shoulder`, 'Spine2', 'arms');
		add(`${side}Arm`, `${side}Shoulder`, 'arms');
		add(`${side}ForeArm`, `${side}Arm`, 'arms');
		add(`${side}Hand`, `${side}ForeArm`, 'arms');
		for (const finger of FINGERS) {
			for (let i = 1; i <= 4; i++) add(`${side}Hand${finger}${i}`, i === 1 ? `${side}Hand` : `${side}Hand${finger}${i - 1}`, 'hands');
		}
	}
	for (const side of ['Left', 'Right'] as const) {
		add(`${side}UpLeg`, 'Hips', 'legs');
		add(`${side}Leg`, `${side}UpLeg`, 'legs');
		add(`${side}Foot`, `${side}Leg`, 'feet');
		add(`${side}ToeBase`, `${side}Foot`, 'feet');
		add(`${side}Toe_End`, `${side}ToeBase`, 'feet');
	}
	return bones;
}

/** The 65 bones, parents before children. */
export const AXIS65: readonly BoneDef[] = Object.freeze(build());

export const AXIS65_NAMES: readonly string[] = AXIS65.map((b) => b.name);

const BY_NAME = new Map(AXIS65.map((b) => [b.name, b]));

export function axisBone(name: string): BoneDef | undefined {
	return BY_NAME.get(name);
}

/** Mirror name: LeftArm ↔ RightArm; trunk bones map to themselves. */
export function mirrorBone(name: string): string {
	if (name.startsWith('Left')) return `Right${name.slice(4)}`;
	if (name.startsWith('Right')) return `Left${name.slice(5)}`;
	return name;
}

export const MIXAMO_PREFIX = 'mixamorig:';

/** `mixamorig:LeftArm` (or `mixamorig1:`, `mixamorig_` …) → `LeftArm` when it is an AXIS-65 name. */
export function fromMixamoName(name: string): string | undefined {
	const stripped = name.replace(/^mixamorig\d*[:_]/, '');
	return BY_NAME.has(stripped) ? stripped : undefined;
}

export function toMixamoName(name: string): string {
	return `${MIXAMO_PREFIX}${name}`;
}

/**
 * Where AXIS-65's trunk joints sit (Mixamo's convention, means over its rigs
 * Xbot, Soldier and Samba; each varies by about ±0.05 between them): from
 * the crotch (0) to the shoulder joints (1), and from the shoulder joints
 * (0) to the top of the head (1). The rigger places joints by them from
 * measured landmarks; the generator builds its skeleton by them.
 */
export const TRUNK_FRACTIONS = {
	upLeg: 0.205,
	hips: 0.31,
	spine: 0.473,
	spine1: 0.654,
	spine2: 0.847,
	neck: 0.167,
	head: 0.42,
	headTop: 0.95,
};

/**
 * Where AXIS-65's finger joints sit along a finger (Mixamo's convention; the
 * rigger matches Xbot's, Soldier's and Samba's fingers within 0.6 % of the
 * height by it): joint 1, the knuckle, inside the palm, `knuckleBehindWeb`
 * × the finger's visible length (web to tip) behind the web; joints 2 and 3 at
 * `phalanges` of the way from the knuckle to the end (joint 4, at the tip).
 * The rigger places fingers by them; the generator builds its hands by them.
 */
export const FINGER_FRACTIONS = {
	knuckleBehindWeb: 0.45,
	phalanges: [0.38, 0.69] as const,
};
