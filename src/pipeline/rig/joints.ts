/**
 * Places the AXIS-65 joints from the landmarks (AXIS rest frame).
 *
 * Heights along the trunk are proportions between measured landmarks (the
 * crotch, the shoulder joints, the top of the head; see
 * {@link TRUNK_FRACTIONS}), so short legs or a big head move them;
 * horizontal positions come from the body itself: the spine on a line from
 * the pelvis (over the thighs) to the neck's slice, the leg slices, the arm's
 * geodesic level sets. Limb joints are found on the limb: the ankle where the leg's
 * slice stops reaching forward, the toes at the foot's front, the shoulder
 * where the arm's level sets start to widen into the torso, between the
 * torso's side under the armpit and the rib cage's side below it (in an
 * A-pose, at the height {@link shoulderTopY} gives), the wrist just
 * past the palm's heel ({@link findWrist}); the elbow on the arm's centre line halfway
 * (so a bent A-pose elbow stays inside the arm), the knee halfway. Fingers
 * come from {@link placeHand}.
 */
import { AXIS65, type Side, TRUNK_FRACTIONS } from '../../skeleton/axis65.js';

export { TRUNK_FRACTIONS };
import type { Landmarks, LimbTrace } from './landmarks.js';
import type { Vec3 } from './voxels.js';

export type JointMap = Map<string, Vec3>;

/** The pelvis's (Hips) depth from the thighs' centres at the top of the legs, + forward (fraction of the height; Mixamo's rigs −0.6 to +0.3 %). */
const PELVIS_FROM_THIGHS = -0.003;

/** Mean depth (z) of the two thighs' cross-sections 6 % of the height below the crotch. */
function thighsCentreZ(L: Landmarks): number {
	const y = L.crotchY - 0.06 * L.height;
	const at = (leg: Landmarks['legs'][number]) => leg.reduce((b, s) => (Math.abs(s.y - y) < Math.abs(b.y - y) ? s : b)).centroid[2];
	return (at(L.legs[0]) + at(L.legs[1])) / 2;
}

const lerp = (a: Vec3, b: Vec3, t: number): Vec3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** The centroid on the limb trace at geodesic distance `d` from the tip (interpolated). */
export function traceAt(trace: LimbTrace, d: number): Vec3 {
	const bands = trace.bands;
	if (d <= bands[0].d) return bands[0].centroid;
	for (let i = 1; i < bands.length; i++) {
		if (bands[i].d >= d) {
			const a = bands[i - 1], b = bands[i];
			return lerp(a.centroid, b.centroid, (d - a.d) / (b.d - a.d));
		}
	}
	return bands[bands.length - 1].centroid;
}

/** Least-squares line through points: centre and unit direction. */
export function fitLine(points: Vec3[]): { center: Vec3; dir: Vec3 } {
	const n = points.length;
	const c: Vec3 = [0, 0, 0];
	for (const p of points) for (let k = 0; k < 3; k++) c[k] += p[k] / n;
	const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
	for (const p of points) {
		const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
		for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[i * 3 + j] += d[i] * d[j];
	}
	// Power iteration for the dominant eigenvector.
	let v: Vec3 = [1, 0.1, 0.1];
	for (let it = 0; it < 50; it++) {
		const w: Vec3 = [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
		const l = Math.hypot(...w) || 1;
		v = [w[0] / l, w[1] / l, w[2] / l];
	}
	return { center: c, dir: v };
}

export interface ArmInfo {
	/** Shoulder (glenohumeral) and wrist on the arm's centre line. */
	shoulder: Vec3;
	wrist: Vec3;
	/** Geodesic distance of the wrist from the hand tip. */
	wristD: number;
	/** Angle of the upper arm below the horizontal, degrees. */
	angle: number;
}

/** Fixed wrist distance from the hand tip (fraction of the height) when the hand's profile shows no palm. */
export const WRIST_FALLBACK = 0.125;

/**
 * The wrist's geodesic distance from the hand tip, from the hand's own
 * shape. Walking the level sets from the fingertips toward the elbow, their
 * spread grows across the palm and peaks where the level set also cuts the
 * thumb (the widest part of the hand); it falls back to the forearm's
 * spread just past the palm's heel, and the wrist is where it has dropped
 * below 0.85 × that peak (interpolated between bands). Hands differ: the
 * wrist sits 0.11 to 0.15 × the height from the tip across Mixamo's
 * characters and MakeHuman, so a fixed fraction misses by up to 2.7 %.
 * Without a clear peak and drop (a mitten, a fist) the fixed fraction.
 */
export function findWrist(trace: LimbTrace, H: number): number {
	const bands = trace.bands;
	let peak = -1;
	for (let i = 0; i < bands.length; i++) {
		const b = bands[i];
		if (b.d > 0.06 * H && b.d < 0.19 * H && (peak < 0 || b.spread > bands[peak].spread)) peak = i;
	}
	if (peak < 0) return WRIST_FALLBACK * H;
	const level = 0.85 * bands[peak].spread;
	for (let i = peak + 1; i < bands.length && bands[i].d < 0.2 * H; i++) {
		if (bands[i].spread >= level) continue;
		const a = bands[i - 1], b = bands[i];
		const d = a.d + ((a.spread - level) / (a.spread - b.spread)) * (b.d - a.d);
		return Math.min(0.16 * H, Math.max(0.09 * H, d));
	}
	return WRIST_FALLBACK * H;
}

/**
 * Half-width of the torso on one side just under the armpit: horizontal
 * runs of body voxels from the midline outward, slice by slice from 0.12 ×
 * the height below the shoulder upward, until the run jumps by more than
 * 0.03 × the height (it has reached the arm); the width before the jump.
 * Undefined when no jump is found.
 */
export function torsoSideBelowArmpit(L: Landmarks, sign: number, shoulderY: number): number | undefined {
	const H = L.height, s = L.grid.size;
	const nz = Math.round((0.08 * H) / s);
	let prev = -1;
	for (let y = shoulderY - 0.12 * H; y <= shoulderY + 0.02 * H; y += s) {
		const w = torsoHalfWidth(L, sign, y, L.torsoCenter(y)[2], nz);
		if (w === undefined) continue;
		if (prev >= 0 && w - prev > 0.03 * H) return prev;
		prev = w;
	}
	return undefined;
}

/** Arms out (T-pose, or raised to within about 25° of it): the arm line's vertical slope below this. */
const RAISED_ARM_SLOPE = 0.42;
/** An arm line steeper than this (about 65° below the horizontal) hangs: its lateral point is ill-conditioned. */
const HANGING_ARM_SLOPE = 0.9;
/** Where the rib cage's side is measured under a T-pose shoulder joint (fraction of the height). */
const RIBS_BELOW_SHOULDER = 0.1;

/**
 * Half-width of the torso on one side at height `y`, depth `z` ± `nz` voxels: the
 * longest run of body voxels from the midline outward. Undefined when the midline is empty there.
 */
export function torsoHalfWidth(L: Landmarks, sign: number, y: number, z: number, nz = 1): number | undefined {
	const g = L.grid, s = g.size;
	const solid = (x: number, zz: number) => {
		const id = g.idAt(x, y, zz);
		return id >= 0 && L.body[id] === 1;
	};
	let best = -1;
	for (let dz = -nz; dz <= nz; dz++) {
		const zz = z + dz * s;
		if (!solid(L.midX, zz)) continue;
		let k = 0;
		while (k < 400 && solid(L.midX + sign * (k + 1) * s, zz)) k++;
		best = Math.max(best, k);
	}
	return best < 0 ? undefined : (best + 0.5) * s;
}

/**
 * Height of the shoulders' top: walking the central column down from the
 * head, the first slice more than twice the head's width (the trapezius and
 * deltoids, or the arms of a T-pose). It does not depend on the arms' pose.
 */
export function shoulderTopY(L: Landmarks): number | undefined {
	const H = L.height;
	const head = L.column.filter((c) => c.y > 0.9 * H && c.y < 0.97 * H).map((c) => c.width).sort((a, b) => a - b);
	if (!head.length) return undefined;
	const headWidth = head[Math.floor(head.length / 2)];
	for (let i = L.column.length - 1; i >= 0; i--) {
		const c = L.column[i];
		if (c.y < 0.9 * H && c.width > 2 * headWidth) return c.y;
	}
	return undefined;
}

/** The glenohumeral joint's depth under the shoulders' top (fraction of the height; 0.028–0.047 across Mixamo, MakeHuman and generated bodies). */
const SHOULDER_BELOW_TOP = 0.037;

export function placeArm(L: Landmarks, side: 0 | 1): ArmInfo {
	const H = L.height;
	const trace = L.arms[side];
	const bands = trace.bands;
	const rootD = bands[trace.rootBand].d;
	const wristD = findWrist(trace, H);
	const wrist = traceAt(trace, wristD);
	// The arm's axis: a line through the level-set centroids from the wrist to near the root.
	// The upper arm's axis: a line through the level-set centroids of the
	// arm's proximal half (an A-pose elbow may bend the forearm forward, so
	// the whole arm is not one line), the whole arm when that half is short.
	const proximal = (wristD + rootD - 0.06 * H) / 2;
	let pts = bands.filter((b) => b.d >= proximal && b.d <= rootD - 0.06 * H).map((b) => b.centroid);
	if (pts.length < 4) pts = bands.filter((b) => b.d >= wristD && b.d <= rootD - 0.06 * H).map((b) => b.centroid);
	const line = fitLine(pts.length >= 2 ? pts : [wrist, traceAt(trace, rootD)]);
	// Shoulder: where the level sets widen (spread above 1.12 × the upper arm's median), averaged with a proportion of the reach.
	const upper = bands.filter((b) => b.d > rootD - 0.2 * H && b.d < rootD - 0.08 * H).map((b) => b.spread).sort((a, b) => a - b);
	const ref = upper.length ? upper[Math.floor(upper.length / 2)] : bands[trace.rootBand].spread / 2;
	let widen = rootD;
	for (const b of bands) {
		if (b.d > wristD + 0.15 * H && b.spread > 1.12 * ref) {
			widen = b.d;
			break;
		}
	}
	const sign = side === 0 ? 1 : -1;
	const widenX = Math.abs(traceAt(trace, widen)[0] - L.midX);
	const reachX = Math.abs(trace.tip[0] - L.midX);
	let lateral = 0.8 * ((widenX + 0.195 * reachX) / 2);
	// Point on the arm line with that lateral offset, kept within reach of the arm it was fitted to
	// (a line that barely runs sideways, as along a held prop, would put it anywhere).
	const dx = line.dir[0] || 1e-6;
	const along = (p: Vec3) => (p[0] - line.center[0]) * line.dir[0] + (p[1] - line.center[1]) * line.dir[1] + (p[2] - line.center[2]) * line.dir[2];
	const span = [along(wrist), along(traceAt(trace, rootD))].sort((a, b) => a - b);
	const onLine = (lat: number): Vec3 => {
		const t = Math.min(span[1] + 0.1 * H, Math.max(span[0] - 0.1 * H, (L.midX + sign * lat - line.center[0]) / dx));
		return [line.center[0] + t * line.dir[0], line.center[1] + t * line.dir[1], line.center[2] + t * line.dir[2]];
	};
	// The glenohumeral joint sits over the torso's side just under the armpit: never further out.
	const torsoSide = torsoSideBelowArmpit(L, sign, onLine(lateral)[1]);
	if (torsoSide !== undefined) lateral = Math.min(lateral, torsoSide + 0.004 * H);
	// Nor inside the rib cage: with arms out, never medial of the torso's side a tenth of the height
	// below (broad, heroic shoulders put the joint far out of the proportion above).
	if (Math.abs(line.dir[1]) < RAISED_ARM_SLOPE) {
		const at = onLine(lateral);
		const ribs = torsoHalfWidth(L, sign, at[1] - RIBS_BELOW_SHOULDER * H, at[2]);
		if (ribs !== undefined) lateral = Math.max(lateral, ribs);
	}
	let shoulder = onLine(lateral);
	let v = [wrist[0] - shoulder[0], wrist[1] - shoulder[1], wrist[2] - shoulder[2]];
	let angle = (Math.atan2(-v[1], Math.hypot(v[0], v[2])) * 180) / Math.PI;
	// Arms well below the horizontal: a lateral error slides the joint along the sloping arm line
	// by as much in height, so take the height from the shoulders' top instead. An arm line
	// near the vertical (arms hanging) gives no lateral point at all, whatever the angle says.
	const top = shoulderTopY(L);
	if ((angle > 20 || Math.abs(line.dir[1]) > HANGING_ARM_SLOPE) && top !== undefined && Math.abs(line.dir[1]) > 0.2) {
		const t = (top - SHOULDER_BELOW_TOP * H - line.center[1]) / line.dir[1];
		shoulder = [line.center[0] + t * line.dir[0], line.center[1] + t * line.dir[1], line.center[2] + t * line.dir[2]];
		v = [wrist[0] - shoulder[0], wrist[1] - shoulder[1], wrist[2] - shoulder[2]];
		angle = (Math.atan2(-v[1], Math.hypot(v[0], v[2])) * 180) / Math.PI;
	}
	return { shoulder, wrist, wristD, angle };
}

export interface BodyJoints {
	joints: JointMap;
	arms: [ArmInfo, ArmInfo];
}

/** Every joint except the fingers (which need the hands' own analysis). */
export function placeBody(L: Landmarks): BodyJoints {
	const H = L.height;
	const J: JointMap = new Map();
	const mid = L.midX;
	const torso = (y: number): Vec3 => L.torsoCenter(y);
	const f = TRUNK_FRACTIONS;
	const arms: [ArmInfo, ArmInfo] = [placeArm(L, 0), placeArm(L, 1)];
	const shoulderY = (arms[0].shoulder[1] + arms[1].shoulder[1]) / 2;
	const lower = (t: number) => L.crotchY + t * (shoulderY - L.crotchY);
	const upper = (t: number) => shoulderY + t * (H - shoulderY);
	const at = (y: number, dz = 0): Vec3 => [mid, y, torso(y)[2] + dz * H];
	J.set('Neck', at(upper(f.neck), 0.007));
	// The spine's depth on a line from the pelvis to the neck: the pelvis over the thighs' centres at
	// the top of the legs, the neck at its slice's centroid. Slice centroids in between are pulled
	// back by anything on the back (a backpack: 5 % of the height) and by the buttocks.
	const pelvisZ = thighsCentreZ(L) + PELVIS_FROM_THIGHS * H;
	const hipsY = lower(f.hips);
	const neck = J.get('Neck')!;
	const spine = (y: number, dz = 0): Vec3 => [mid, y, pelvisZ + ((y - hipsY) / (neck[1] - hipsY)) * (neck[2] - pelvisZ) + dz * H];
	J.set('Hips', spine(hipsY));
	J.set('Spine', spine(lower(f.spine)));
	J.set('Spine1', spine(lower(f.spine1), -0.005));
	J.set('Spine2', spine(lower(f.spine2), -0.01));
	// The skull's pivot sits over the neck, just in front of it: the head slice's centroid is pulled forward by the face.
	J.set('Head', [mid, upper(f.head), J.get('Neck')![2] + 0.005 * H]);
	J.set('HeadTop_End', [L.headTop[0], upper(f.headTop), (L.headTop[2] + torso(0.95 * H)[2]) / 2]);
	(['Left', 'Right'] as Side[]).forEach((name, side) => {
		const arm = arms[side];
		J.set(`${name}Arm`, arm.shoulder);
		J.set(`${name}Hand`, arm.wrist);
		// Elbow: on the arm's centre line (the level sets' centroids) half the shoulder–wrist distance above the wrist, so a bent A-pose elbow stays inside the arm.
		J.set(`${name}ForeArm`, traceAt(L.arms[side], arm.wristD + 0.5 * Math.hypot(arm.shoulder[0] - arm.wrist[0], arm.shoulder[1] - arm.wrist[1], arm.shoulder[2] - arm.wrist[2])));
		const neck = J.get('Neck')!;
		J.set(`${name}Shoulder`, [mid + 0.32 * (arm.shoulder[0] - mid), arm.shoulder[1] + 0.006 * H, neck[2]]);
		// Legs.
		const leg = L.legs[side];
		const sliceAt = (y: number) => leg.reduce((b, s) => (Math.abs(s.y - y) < Math.abs(b.y - y) ? s : b));
		const hips = J.get('Hips')!;
		const upLegY = lower(f.upLeg);
		const thigh = sliceAt(Math.min(L.crotchY - 0.1 * H, upLegY - 0.1 * H));
		const upLeg: Vec3 = [thigh.centroid[0], upLegY, hips[2] - 0.005 * H];
		const shinDepths = leg.filter((s) => s.y > 0.12 * H && s.y < 0.2 * H).map((s) => s.zMax - s.zMin).sort((a, b) => a - b);
		const shinDepth = shinDepths.length ? shinDepths[Math.floor(shinDepths.length / 2)] : 0.06 * H;
		let ankleY = 0.06 * H;
		for (const s of leg) {
			if (s.y > 0.02 * H && s.y < 0.12 * H && s.zMax - s.zMin <= 1.15 * shinDepth) {
				ankleY = s.y;
				break;
			}
		}
		const ankleSlice = sliceAt(ankleY + 0.02 * H);
		const foot: Vec3 = [ankleSlice.centroid[0], ankleY, ankleSlice.centroid[2]];
		// Toes: the foot's front-most slice below the ankle.
		let front = leg[0];
		for (const s of leg) if (s.y < ankleY && s.zMax > front.zMax) front = s;
		const soleY = leg[0].y - L.grid.size / 2;
		const toeEnd: Vec3 = [front.centroid[0] + (front.centroid[0] - foot[0]) * 0.3, soleY, front.zMax];
		const toeBase: Vec3 = [foot[0] + (toeEnd[0] - foot[0]) * 0.6, soleY, foot[2] + (toeEnd[2] - foot[2]) * 0.6];
		const kneeY = (upLeg[1] + foot[1]) / 2;
		const knee = sliceAt(kneeY).centroid;
		J.set(`${name}UpLeg`, upLeg);
		J.set(`${name}Leg`, [knee[0], kneeY, knee[2]]);
		J.set(`${name}Foot`, foot);
		J.set(`${name}ToeBase`, toeBase);
		J.set(`${name}Toe_End`, toeEnd);
	});
	return { joints: J, arms };
}

/**
 * Checks the joints make a plausible humanoid; returns the problems found.
 * `tips`: the arms' extremities (left, right), which must reach out about as far.
 */
export function checkProportions(J: JointMap, H: number, tips?: [Vec3, Vec3]): string[] {
	const problems: string[] = [];
	const d = (a: string, b: string) => {
		const p = J.get(a)!, q = J.get(b)!;
		return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) / H;
	};
	const arm = (d('LeftArm', 'LeftHand') + d('RightArm', 'RightHand')) / 2;
	if (arm < 0.2 || arm > 0.45) problems.push(`arms are ${(arm * 100).toFixed(0)}% of the height (a humanoid's are about 30%)`);
	const [left, right] = [d('LeftArm', 'LeftHand'), d('RightArm', 'RightHand')];
	const prop = 'a prop held in one hand counts as part of the arm';
	if (Math.abs(left - right) > 0.08) problems.push(`the two arms differ in length (${(left * 100).toFixed(0)}% and ${(right * 100).toFixed(0)}% of the height; ${prop})`);
	const mid = J.get('Hips')![0];
	const [sl, sr] = ['LeftArm', 'RightArm'].map((n) => Math.abs(J.get(n)![0] - mid) / H);
	if (Math.abs(sl - sr) > 0.06) problems.push(`the shoulders sit unequally (${(sl * 100).toFixed(0)}% and ${(sr * 100).toFixed(0)}% of the height from the midline; ${prop})`);
	if (tips) {
		const [l, r] = tips.map((t) => Math.abs(t[0] - mid) / H);
		if (Math.abs(l - r) > 0.1) problems.push(`the arms reach out unequally (${(l * 100).toFixed(0)}% and ${(r * 100).toFixed(0)}% of the height from the midline; ${prop})`);
	}
	for (const b of AXIS65) if (!J.has(b.name)) problems.push(`joint ${b.name} was not placed`);
	return problems;
}
