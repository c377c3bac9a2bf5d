/**
 * Body parameters of a generated avatar: names, ranges, defaults, clamping,
 * and the body measurements each parameter set asks for.
 *
 * Measurements (what `targetMeasurements` returns and what the tests measure
 * on the generated body mesh, T- or A-pose, metres):
 * - `height`: top of the body mesh above the floor (feet stand on y = 0), i.e.
 *   the largest y of the body mesh (eyes, hair and tusks excluded).
 * - `shoulderWidth` (biacromial breadth): distance between the left and right
 *   acromion landmarks, the body-mesh vertices on top of each shoulder where
 *   the arm leaves the trunk (`summary.landmarks.acromion_l/_r`).
 * - `armLength`: distance from the acromion landmark to the tip of the middle
 *   finger (`landmarks.fingertip_l/_r`, the most distal point of that finger).
 * - `legLength` (inseam): height of the crotch, the lowest body-mesh vertex on
 *   the mid-sagittal plane x = 0 (`landmarks.crotch`).
 */

export type PoseName = 't' | 'a';
export type HairStyle = 'none' | 'short' | 'long';
export type Detail = 'low' | 'full';

export interface AvatarParams {
	/** Stature in metres (0.9–2.3). */
	height: number;
	/** 0 masculine … 1 feminine. */
	femininity: number;
	/** Body fat: 0 thin … 0.5 average … 1 heavy. */
	weight: number;
	/** 0 untrained … 1 very muscular. */
	muscle: number;
	/** Age in years (4 child … 90 elder); proportions follow it. */
	age: number;
	/** Head size relative to the age-typical head (0.8–1.3). */
	headSize: number;
	/** Leg length relative to typical (0.8–1.2). */
	legLength: number;
	/** Arm length relative to typical (0.85–1.15). */
	armLength: number;
	/** Trunk length relative to typical (0.85–1.2). */
	torsoLength: number;
	/** Shoulder breadth relative to typical (0.8–1.3). */
	shoulderWidth: number;
	/** Hip breadth relative to typical (0.8–1.3). */
	hipWidth: number;
	/** Pointed (elf) ears: 0 human … 1 long points. */
	earPoint: number;
	/** Heavy jaw (orc): 0 … 1. */
	jaw: number;
	/** Lower tusks (orc): 0 none … 1 long. Below 0.05 no tusk meshes are made. */
	tusks: number;
	/** Rest pose of the generated rig: T-pose or A-pose (arms 45° down). */
	pose: PoseName;
	/** Simple hair mesh. */
	hair: HairStyle;
	/** Skin colour, linear RGB 0–1. */
	skinColor: [number, number, number];
	/** Hair colour, linear RGB 0–1. */
	hairColor: [number, number, number];
}

export interface NumericSpec {
	min: number;
	max: number;
	default: number;
	doc: string;
}

export type NumericParam = Exclude<keyof AvatarParams, 'pose' | 'hair' | 'skinColor' | 'hairColor'>;

export const PARAM_SPECS: Readonly<Record<NumericParam, NumericSpec>> = Object.freeze({
	height: { min: 0.9, max: 2.3, default: 1.75, doc: 'stature in metres, floor to top of head' },
	femininity: { min: 0, max: 1, default: 0.2, doc: '0 masculine … 1 feminine' },
	weight: { min: 0, max: 1, default: 0.45, doc: 'body fat: 0 thin, 0.5 average, 1 heavy' },
	muscle: { min: 0, max: 1, default: 0.4, doc: 'muscularity' },
	age: { min: 4, max: 90, default: 30, doc: 'years; under 18 child proportions, over 55 elder' },
	headSize: { min: 0.8, max: 1.3, default: 1, doc: 'head size relative to the age-typical head' },
	legLength: { min: 0.8, max: 1.2, default: 1, doc: 'leg length relative to typical' },
	armLength: { min: 0.85, max: 1.15, default: 1, doc: 'arm length relative to typical' },
	torsoLength: { min: 0.85, max: 1.2, default: 1, doc: 'trunk length relative to typical' },
	shoulderWidth: { min: 0.8, max: 1.3, default: 1, doc: 'shoulder breadth relative to typical' },
	hipWidth: { min: 0.8, max: 1.3, default: 1, doc: 'hip breadth relative to typical' },
	earPoint: { min: 0, max: 1, default: 0, doc: 'pointed elf ears' },
	jaw: { min: 0, max: 1, default: 0, doc: 'heavy, wide jaw (orc)' },
	tusks: { min: 0, max: 1, default: 0, doc: 'lower tusks (orc)' },
});

export const NUMERIC_PARAMS = Object.keys(PARAM_SPECS) as NumericParam[];

export const DEFAULT_PARAMS: Readonly<AvatarParams> = Object.freeze({
	...(Object.fromEntries(NUMERIC_PARAMS.map((k) => [k, PARAM_SPECS[k].default])) as Record<NumericParam, number>),
	pose: 't' as PoseName,
	hair: 'short' as HairStyle,
	skinColor: [0.72, 0.5, 0.38] as [number, number, number],
	hairColor: [0.12, 0.07, 0.04] as [number, number, number],
});

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function color(value: unknown, fallback: [number, number, number]): [number, number, number] {
	if (!Array.isArray(value) || value.length !== 3 || !value.every((c) => typeof c === 'number' && Number.isFinite(c))) return [...fallback];
	return value.map((c) => clamp(c as number, 0, 1)) as [number, number, number];
}

/**
 * A complete parameter set from a partial one: defaults fill the gaps,
 * numbers are clamped to their ranges (non-finite values fall back to the
 * default), unknown keys are ignored.
 */
export function resolveParams(partial: Partial<AvatarParams> = {}, base: AvatarParams = DEFAULT_PARAMS): AvatarParams {
	const out = { ...base, skinColor: [...base.skinColor], hairColor: [...base.hairColor] } as AvatarParams;
	for (const key of NUMERIC_PARAMS) {
		const v = (partial as Record<string, unknown>)[key];
		if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
		const spec = PARAM_SPECS[key];
		out[key] = clamp(Number.isFinite(out[key]) ? out[key] : spec.default, spec.min, spec.max);
	}
	if (partial.pose === 't' || partial.pose === 'a') out.pose = partial.pose;
	if (HAIR_STYLES.includes(partial.hair as HairStyle)) out.hair = partial.hair as HairStyle;
	if (partial.skinColor !== undefined) out.skinColor = color(partial.skinColor, out.skinColor);
	if (partial.hairColor !== undefined) out.hairColor = color(partial.hairColor, out.hairColor);
	return out;
}

const HAIR_STYLES: readonly HairStyle[] = ['none', 'short', 'long'];

/**
 * Checks parameters a user gave (`--param`, a request body): unknown names and
 * values of the wrong kind are `errors`; numbers outside their range, which
 * {@link resolveParams} clamps, are reported in `clamped`.
 */
export function checkParams(params: Record<string, unknown>): { errors: string[]; clamped: string[] } {
	const errors: string[] = [];
	const clamped: string[] = [];
	for (const [name, value] of Object.entries(params)) {
		if (name in PARAM_SPECS) {
			const spec = PARAM_SPECS[name as NumericParam];
			if (typeof value !== 'number' || !Number.isFinite(value)) errors.push(`${name}=${String(value)}: expected a number (${spec.min} to ${spec.max}: ${spec.doc})`);
			else if (value < spec.min || value > spec.max) clamped.push(`${name}=${value} is outside ${spec.min} to ${spec.max}: clamped to ${clamp(value, spec.min, spec.max)}`);
		} else if (name === 'pose') {
			if (value !== 't' && value !== 'a') errors.push(`pose=${String(value)}: expected t or a`);
		} else if (name === 'hair') {
			if (!HAIR_STYLES.includes(value as HairStyle)) errors.push(`hair=${String(value)}: expected ${HAIR_STYLES.join(', ')}`);
		} else if (name === 'skinColor' || name === 'hairColor') {
			if (!Array.isArray(value) || value.length !== 3 || !value.every((c) => typeof c === 'number' && c >= 0 && c <= 1)) errors.push(`${name}: expected [r, g, b], each 0 to 1`);
		} else {
			errors.push(`unknown parameter "${name}"; known: ${[...NUMERIC_PARAMS, 'pose', 'hair', 'skinColor', 'hairColor'].join(', ')}`);
		}
	}
	return { errors, clamped };
}

/** Deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function rng(seed: number): () => number {
	let a = (seed >>> 0) ^ 0x9e3779b9;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A random parameter set over the full ranges (tests, fuzzing). */
export function randomParams(seed: number): AvatarParams {
	const r = rng(seed);
	const partial: Partial<AvatarParams> = {};
	for (const key of NUMERIC_PARAMS) {
		const s = PARAM_SPECS[key];
		(partial as Record<string, number>)[key] = s.min + (s.max - s.min) * r();
	}
	partial.pose = r() < 0.5 ? 't' : 'a';
	partial.hair = (['none', 'short', 'long'] as const)[Math.floor(r() * 3)];
	return resolveParams(partial);
}

/**
 * Small natural variation from a seed: ±2.5 % on the secondary proportions
 * (head, limbs, trunk, shoulders, hips) and a slight skin/hair tint. Seed 0
 * (the default) changes nothing. Height and the explicit character traits
 * are never varied.
 */
export function varyParams(params: AvatarParams, seed: number): AvatarParams {
	if (!seed) return resolveParams(params);
	const r = rng(seed);
	const out = resolveParams(params);
	for (const key of ['headSize', 'legLength', 'armLength', 'torsoLength', 'shoulderWidth', 'hipWidth'] as const) {
		out[key] = out[key] * (1 + (r() - 0.5) * 0.05);
	}
	out.weight += (r() - 0.5) * 0.06;
	out.skinColor = out.skinColor.map((c) => c * (1 + (r() - 0.5) * 0.1)) as [number, number, number];
	out.hairColor = out.hairColor.map((c) => c * (1 + (r() - 0.5) * 0.2)) as [number, number, number];
	return resolveParams(out);
}

/** 1 for a young child (≤ 4) … 0 from 18 years. */
export const childness = (age: number) => clamp((18 - age) / 14, 0, 1);
/** 0 up to 55 years … 1 at 85. */
export const elderness = (age: number) => clamp((age - 55) / 30, 0, 1);

export interface Proportions {
	height: number;
	/** Vertical segments in metres; they sum to the height. */
	legY: number;
	torsoY: number;
	neckY: number;
	headY: number;
	/** Biacromial breadth, metres. */
	shoulderWidth: number;
	/** Acromion to middle fingertip, metres. */
	armLength: number;
	/** Breadth of the hips (outer), metres. */
	hipWidth: number;
}

/** The proportions a parameter set asks for (the generator builds to these). */
export function proportions(p: AvatarParams): Proportions {
	const c = childness(p.age);
	const e = elderness(p.age);
	const H = p.height;
	const heads = 7.5 - 2.6 * c - 0.2 * e;
	const leg = (0.47 - 0.055 * c) * p.legLength;
	const torso = (0.35 + 0.01 * c - 0.012 * e) * p.torsoLength;
	const neck = 0.047 - 0.012 * c;
	const head = p.headSize / heads;
	const sum = leg + torso + neck + head;
	const f = p.femininity;
	return {
		height: H,
		legY: (H * leg) / sum,
		torsoY: (H * torso) / sum,
		neckY: (H * neck) / sum,
		headY: (H * head) / sum,
		shoulderWidth: H * (0.232 - 0.024 * f) * (1 + 0.05 * p.muscle) * (1 - 0.03 * c) * p.shoulderWidth,
		armLength: H * 0.44 * (1 - 0.035 * c) * p.armLength,
		hipWidth: H * (0.19 + 0.025 * f) * (0.93 + 0.17 * p.weight) * p.hipWidth,
	};
}

export interface Measurements {
	height: number;
	shoulderWidth: number;
	armLength: number;
	legLength: number;
}

/** The measurements (see the module comment for their definitions) a parameter set asks for. */
export function targetMeasurements(p: AvatarParams): Measurements {
	const q = proportions(p);
	return { height: q.height, shoulderWidth: q.shoulderWidth, armLength: q.armLength, legLength: q.legY };
}
