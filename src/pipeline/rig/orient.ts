/**
 * Orientation and pose detection. The rigger works in the AXIS rest frame:
 * metres, +Y up, facing +Z, the character's left on +X, feet on y = 0.
 *
 * - up axis: from the world bounds (`upAxisFromBounds`: a standing figure is
 *   thin front-to-back whatever its arms do);
 * - units: from the height (`guessUnits`);
 * - lateral axis: the wider of the two horizontal extents (arm span or
 *   shoulders are wider than the body is deep);
 * - facing sign: toes point forward — the sole's centre lies in front of the
 *   shins' centre;
 * - T vs A pose: from the angle of the upper arm below the horizontal
 *   (measured later, from the joints: {@link classifyPose}).
 */
import { transformPoints as transformInto } from '../../geometry/mat4.js';
import { guessUnits, upAxisFromBounds } from '../../geometry/units.js';

export type Facing = '+x' | '-x' | '+z' | '-z' | '+y' | '-y';
export type PoseKind = 't' | 'a';

export interface OrientationOptions {
	/** Which way the character faces in the file (after nothing else): default detected. */
	facing?: Facing | 'auto';
	/** Which axis is up in the file: default detected from the bounds. */
	up?: Facing | 'auto';
	/** Scale to metres; default guessed from the height. */
	scale?: number | 'auto';
}

export interface Orientation {
	/** Up direction in file coordinates (unit axis). */
	up: [number, number, number];
	/** Facing direction in file coordinates (unit axis). */
	front: [number, number, number];
	/** File units → metres. */
	scale: number;
	unit: string;
	/** Column-major 4×4: file (world) coordinates → AXIS rest frame. */
	matrix: number[];
	/** How sure the facing guess is (1 when given). */
	facingConfidence: number;
	facing: Facing;
	upAxis: Facing;
}

const AXES: Record<Facing, [number, number, number]> = {
	'+x': [1, 0, 0],
	'-x': [-1, 0, 0],
	'+y': [0, 1, 0],
	'-y': [0, -1, 0],
	'+z': [0, 0, 1],
	'-z': [0, 0, -1],
};

function axisName(v: [number, number, number]): Facing {
	const k = v.findIndex((x) => x !== 0);
	return `${v[k] > 0 ? '+' : '-'}${'xyz'[k]}` as Facing;
}

function cross(a: number[], b: number[]): [number, number, number] {
	return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

const dot = (a: ArrayLike<number>, p: ArrayLike<number>, i: number) => a[0] * p[i] + a[1] * p[i + 1] + a[2] * p[i + 2];

export function detectOrientation(positions: Float32Array, options: OrientationOptions = {}): Orientation {
	const min = [Infinity, Infinity, Infinity];
	const max = [-Infinity, -Infinity, -Infinity];
	for (let i = 0; i < positions.length; i += 3) {
		for (let k = 0; k < 3; k++) {
			const v = positions[i + k];
			if (!Number.isFinite(v)) continue;
			if (v < min[k]) min[k] = v;
			if (v > max[k]) max[k] = v;
		}
	}
	const ext = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
	const up: [number, number, number] =
		options.up && options.up !== 'auto' ? AXES[options.up] : (AXES[(['+x', '+y', '+z'] as const)[upAxisFromBounds({ min: min as [number, number, number], max: max as [number, number, number] }).axis]] as [number, number, number]);
	const upK = up.findIndex((x) => x !== 0);
	const height = ext[upK];
	let scale = 1;
	let unit = 'metres';
	if (typeof options.scale === 'number') {
		scale = options.scale;
		unit = 'given';
	} else {
		const guess = guessUnits(height);
		if (guess) {
			scale = guess.factor;
			unit = guess.unit;
		}
	}
	let front: [number, number, number];
	let confidence = 1;
	if (options.facing && options.facing !== 'auto') {
		front = AXES[options.facing];
		if (front[upK] !== 0) throw new Error(`facing ${options.facing} is along the up axis`);
	} else {
		const horizontal = [0, 1, 2].filter((k) => k !== upK);
		// The wider horizontal extent is the lateral axis; the other is front/back.
		const frontK = ext[horizontal[0]] >= ext[horizontal[1]] ? horizontal[1] : horizontal[0];
		const axis: [number, number, number] = [0, 0, 0];
		axis[frontK] = 1;
		const base = up[upK] > 0 ? min[upK] : max[upK];
		let soleSum = 0, soleN = 0, shinSum = 0, shinN = 0;
		for (let i = 0; i < positions.length; i += 3) {
			const h = (dot(up, positions, i) - base * up[upK]) / height;
			if (h < 0.04) {
				soleSum += positions[i + frontK];
				soleN++;
			} else if (h > 0.1 && h < 0.25) {
				shinSum += positions[i + frontK];
				shinN++;
			}
		}
		const delta = soleN && shinN ? soleSum / soleN - shinSum / shinN : 0;
		const sign = delta < 0 ? -1 : 1;
		confidence = Math.min(1, Math.abs(delta) / (0.02 * height));
		axis[frontK] = sign;
		front = axis;
	}
	const lateral = cross(up, front); // the character's left
	// Rows of the rotation: canonical X = lateral, Y = up, Z = front.
	const s = scale;
	const r = [lateral, up, front];
	const m = new Array(16).fill(0);
	for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) m[col * 4 + row] = r[row][col] * s;
	m[15] = 1;
	// Ground: the lowest point along up goes to y = 0.
	const lowest = up[upK] > 0 ? min[upK] : -max[upK];
	m[13] = -lowest * s;
	return { up, front, scale, unit, matrix: m, facingConfidence: confidence, facing: axisName(front), upAxis: axisName(up) };
}

/**
 * T or A pose from the upper arm's angle below the horizontal (degrees):
 * under 25° is a T-pose, more is an A-pose (arms lower than that still rig
 * as long as the hands do not touch the body).
 */
export function classifyPose(armAngleDegrees: number): PoseKind {
	return armAngleDegrees < 25 ? 't' : 'a';
}

/** Applies a column-major 4×4 to xyz triples (into a new array unless `out` is given). */
export function transformPoints(m: ArrayLike<number>, src: Float32Array, out = new Float32Array(src.length)): Float32Array {
	return transformInto(m, src, out);
}
