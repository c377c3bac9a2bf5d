/**
 * Skeleton layout and control cage of the body, from the parameters. The
 * skeleton comes first (joints where the anatomy is), then the cage is grown
 * around it: a torso tube from a closed "pillow" (pelvis floor + shoulder
 * top), legs extruded from the pelvis floor, arms from the sides of the upper
 * chest, palms widened by two growth steps to seven columns, four fingers
 * from alternate columns (the others are the webs) and a thumb from the palm
 * side, a neck from the shoulder top widened into the head, and the face's
 * eye sockets, lids, nose, closed mouth and ears as inset extrusions. The
 * sequence never depends on the parameters, so all avatars share one
 * topology (morph targets are plain differences).
 */
import { AXIS65_NAMES, FINGER_FRACTIONS, TRUNK_FRACTIONS } from '../../skeleton/axis65.js';
import { type AvatarParams, proportions } from '../params.js';
import { add, Cage, type Frame, type Grid, lerp, madd, norm, plate, scale, subGrid, type V3, type Walls, type Wt } from './cage.js';
import { PART } from './parts.js';

const BONE = new Map(AXIS65_NAMES.map((n, i) => [n, i]));
const b = (name: string): number => {
	const i = BONE.get(name);
	if (i === undefined) throw new Error(`unknown bone ${name}`);
	return i;
};
const w1 = (name: string): Wt => [[b(name), 1]];
const w2 = (a: string, c: string, t = 0.5): Wt => [
	[b(a), 1 - t],
	[b(c), t],
];

/**
 * Weights along a chain of bones: names[i] owns [starts[i], starts[i + 1]) (the last up to
 * `end`); half and half at each joint, blending linearly between the segments' middles.
 */
function chainWeights(names: string[], starts: number[], end: number): (s: number) => Wt {
	const ends = [...starts.slice(1), end];
	const middles = starts.map((s, i) => (s + ends[i]) / 2);
	return (s) => {
		if (s <= middles[0]) return w1(names[0]);
		for (let i = 1; i < names.length; i++) if (s < middles[i]) return w2(names[i - 1], names[i], (s - middles[i - 1]) / (middles[i] - middles[i - 1]));
		return w1(names[names.length - 1]);
	};
}

/** Calibration offsets (metres / ratios) the generator tunes so measures hit their targets. */
export interface Calibration {
	shoulder: number;
	arm: number;
	crotch: number;
}

export interface Layout {
	joints: Map<string, V3>;
	/** Eye centres and radius (cage space). */
	eyes: { left: V3; right: V3; radius: number };
	/** Head frame for hair and tusks: centre, half sizes (x, y, z), chin y. */
	head: { center: V3; half: V3; chinY: number; mouth: V3 };
}

export interface CageResult {
	cage: Cage;
	layout: Layout;
	/** Cage vertex pairs / faces the landmarks come from (pre-compaction ids). */
	landmarks: { acromion: [[number, number], [number, number]]; fingertip: [number, number]; crotch: [number, number] };
}

const X: V3 = [1, 0, 0];
const Y: V3 = [0, 1, 0];
const Z: V3 = [0, 0, 1];
const NEG = (v: V3): V3 => [-v[0], -v[1], -v[2]];

export function buildCage(p: AvatarParams, cal: Calibration = { shoulder: 0, arm: 0, crotch: 0 }): CageResult {
	const q = proportions(p);
	const H = q.height;
	const cage = new Cage();
	const joints = new Map<string, V3>();
	const g = 0.8 + 0.4 * p.weight + 0.12 * p.muscle; // girth
	const fem = p.femininity;
	const crotchY = q.legY + cal.crotch;
	const T = q.torsoY;
	const acrY = q.legY + T;
	const chinY = acrY + q.neckY;
	const hh = q.headY;
	const shHalf = q.shoulderWidth / 2 + cal.shoulder;

	// ---- legs: joint layout -------------------------------------------------
	const rT = H * 0.05 * g * (1 + 0.1 * fem);
	const gapHalf = H * 0.006 + rT * 0.12;
	const legX = Math.max((q.hipWidth / 2) * 0.52, gapHalf + rT * 1.05);
	const hipHalf = Math.max(q.hipWidth / 2, legX + rT * 0.95);
	const ankleY = H * 0.045;
	const footLen = H * 0.152;

	// ---- trunk --------------------------------------------------------------
	const rA = H * 0.03 * g * (1 + 0.15 * p.muscle) * (1 - 0.1 * fem);
	const lv = [0.08, 0.25, 0.46, 0.64, 0.76, 1].map((f) => q.legY + f * T);
	const chestW = shHalf * (0.8 - 0.04 * fem) * (0.95 + 0.1 * p.weight);
	const waistW = Math.max(hipHalf * (0.86 - 0.12 * fem), chestW * 0.72) * (0.9 + 0.25 * p.weight);
	const W = [hipHalf, hipHalf * 0.97, waistW, chestW, shHalf * 0.88, shHalf * 0.8];
	const D = [0.066, 0.062, 0.052 + 0.035 * p.weight, 0.064 + 0.008 * p.muscle, 0.06, 0.05].map((d) => d * H * g);
	const ZC = [-0.012, -0.006, 0.006 * p.weight, 0.008, 0.002, -0.004].map((z) => z * H);
	// Trunk joints where AXIS-65 (Mixamo) puts them, between the crotch and the shoulder joints.
	const shoulderJointY = acrY - 0.95 * rA;
	const trunkY = (f: number) => crotchY + f * (shoulderJointY - crotchY);
	const TF = TRUNK_FRACTIONS;
	joints.set('Hips', [0, trunkY(TF.hips), 0]);
	joints.set('Spine', [0, trunkY(TF.spine), 0]);
	joints.set('Spine1', [0, trunkY(TF.spine1), 0]);
	joints.set('Spine2', [0, trunkY(TF.spine2), 0]);
	joints.set('Neck', [0, acrY + 0.03 * T, -0.01 * H]);
	joints.set('Head', [0, chinY + 0.12 * hh, -0.005 * H]);
	joints.set('HeadTop_End', [0, H, -0.005 * H]);
	// Hip joints and knees by AXIS-65's convention too: the hips between the crotch and the shoulders
	// (TRUNK_FRACTIONS), the knee halfway from the hip to the ankle (Mixamo's rigs: 0.50-0.51).
	const hipJointY = trunkY(TF.upLeg);
	const kneeY = (hipJointY + ankleY) / 2;

	// Pillow: pelvis floor (faces -y) and shoulder top (+y) sharing their border.
	const bottom = plate(cage, 3, 6, PART.torso, false);
	const top = plate(cage, 3, 6, PART.torso, true, (i, j) => (i === 0 || i === 3 || j === 0 || j === 6 ? bottom.v[i][j] : undefined));
	// A trunk ring belongs to the spine bone whose segment it lies in, blending into the next one
	// between the segments' middles (half and half at a joint).
	const spine = ['Hips', 'Spine', 'Spine1', 'Spine2'];
	const spineW = chainWeights(spine, spine.map((n) => joints.get(n)![1]), shoulderJointY);
	const trunkW = (k: number): Wt => spineW(lv[k]);
	const hipRingW = (_i: number, _j: number, pt: V3): Wt => {
		const side = pt[0] > 1e-9 ? 'LeftUpLeg' : pt[0] < -1e-9 ? 'RightUpLeg' : null;
		return side ? w2('Hips', side, 0.3) : w1('Hips');
	};
	const frameY = (c: V3, up: boolean): Frame => ({ c, a: X, b: Z, n: up ? Y : NEG(Y) });
	cage.placeGrid(bottom, frameY([0, lv[0], ZC[0]], false), W[0], D[0], hipRingW);
	cage.placeGrid(top, frameY([0, lv[0], ZC[0]], true), W[0], D[0], hipRingW);
	// Crotch: the middle columns of the floor dip between the legs.
	for (let i = 1; i <= 2; i++) {
		for (let j = 2; j <= 4; j++) {
			const pt = cage.get(bottom.v[i][j]);
			const x = (j - 3) * gapHalf;
			const side = j === 4 ? 'LeftUpLeg' : j === 2 ? 'RightUpLeg' : null;
			cage.set(bottom.v[i][j], [x, crotchY + (j === 3 ? 0 : H * 0.006), pt[2] * 0.8], side ? w2('Hips', side, 0.5) : w1('Hips'));
		}
	}
	let trunk: Grid = top;
	let prev: Grid = top;
	let walls: Walls | undefined;
	for (let k = 1; k <= 5; k++) {
		prev = trunk;
		({ grid: trunk, walls } = cage.extrudeGrid(trunk, PART.torso));
		const wk = trunkW(k);
		cage.placeGrid(trunk, frameY([0, lv[k], ZC[k]], true), W[k], D[k], (_i, j) => (k === 5 && (j <= 1 || j >= 5) ? w2('Spine2', j <= 1 ? 'RightShoulder' : 'LeftShoulder', 0.5) : wk));
		if (k === 3 && fem > 0) {
			// bust
			for (const v of new Set(trunk.v.flat())) {
				const pt = cage.get(v);
				if (pt[2] <= ZC[3]) continue;
				const bump = fem * H * 0.02 * Math.exp(-(((Math.abs(pt[0]) - shHalf * 0.42) / (shHalf * 0.3)) ** 2));
				cage.set(v, [pt[0], pt[1] - bump * 0.3, pt[2] + bump]);
			}
		}
	}
	const L4 = prev;
	const L5 = trunk;
	const band45 = walls!;
	// Neck base: pinch the shoulder line's front and back middle.
	for (const i of [0, 3]) {
		for (let j = 2; j <= 4; j++) {
			const pt = cage.get(L5.v[i][j]);
			cage.set(L5.v[i][j], [pt[0], pt[1] + H * 0.004, ZC[5] + (pt[2] - ZC[5]) * 0.62]);
		}
	}
	// Shoulder top (trapezius), rising to the neck.
	for (let i = 1; i <= 2; i++) {
		for (let j = 1; j <= 5; j++) {
			const s = (j - 3) / 3;
			const t = (2 * i) / 3 - 1;
			const x = s * Math.sqrt(1 - (t * t) / 2) * W[5] * (j === 2 || j === 4 ? 0.75 : 0.92);
			const z = ZC[5] + t * Math.sqrt(1 - (s * s) / 2) * D[5] * 0.62;
			const rise = H * 0.02 * (1 - Math.abs(s)) + H * 0.008;
			const wt = j === 3 ? w1('Spine2') : j < 3 ? w2('Spine2', 'RightShoulder', j === 1 ? 0.6 : 0.3) : w2('Spine2', 'LeftShoulder', j === 5 ? 0.6 : 0.3);
			cage.set(L5.v[i][j], [x, acrY + rise, z], wt);
		}
	}

	// ---- arms ---------------------------------------------------------------
	const alpha = p.pose === 'a' ? Math.PI / 4 : 0;
	const armK = 1 + cal.arm;
	const armLen = q.armLength * armK;
	// The elbow halfway from the shoulder joint to the wrist, as in Mixamo's and MakeHuman's skeletons.
	const upperLen = armLen * 0.365;
	const foreLen = armLen * 0.365;
	const handLen = armLen * 0.245;
	const palmLen = handLen * 0.55;
	const pw = H * 0.025 * (0.9 + 0.15 * p.weight) * (1 - 0.08 * fem);
	const ph = H * 0.0085 * (0.9 + 0.2 * p.weight);
	const rF = H * 0.0054 * (0.92 + 0.15 * p.weight) * (1 - 0.1 * fem);
	const fingertip: [number, number] = [-1, -1];
	const acromion: [[number, number], [number, number]] = [
		[0, 0],
		[0, 0],
	];
	for (const side of ['Left', 'Right'] as const) {
		const sg = side === 'Left' ? 1 : -1;
		const P = (name: string) => `${side}${name}`;
		const sh = side === 'Left' ? PART.shoulder_l : PART.shoulder_r;
		const armTag = side === 'Left' ? PART.arm_l : PART.arm_r;
		const handTag = side === 'Left' ? PART.hand_l : PART.hand_r;
		const fingerTag = side === 'Left' ? PART.finger_l : PART.finger_r;
		const C = 6;
		const col = side === 'Left' ? C : 0;
		const cw = side === 'Left' ? band45.colEnd : band45.colStart;
		const root: Grid = { v: [[0, 1, 2, 3].map((i) => L5.v[i][col]), [0, 1, 2, 3].map((i) => L4.v[i][col])], f: [[cw[0], cw[1], cw[2]]] };
		acromion[side === 'Left' ? 0 : 1] = [root.v[0][1], root.v[0][2]];
		const J: V3 = [sg * (shHalf - 0.25 * rA), acrY - 0.95 * rA, -0.004 * H];
		// The clavicle joint a third of the way out to the shoulder joint, as Mixamo's rigs have it.
		joints.set(P('Shoulder'), [0.32 * J[0], J[1] + 0.006 * H, 0.004 * H]);
		joints.set(P('Arm'), J);
		const dirAt = (ang: number): { d: V3; u: V3 } => ({ d: [sg * Math.cos(ang), -Math.sin(ang), 0], u: [sg * sg * Math.sin(ang) * sg, Math.cos(ang), 0] });
		const { d, u } = dirAt(alpha);
		const armFrame = (s: number, ang: number, up = 0): Frame => {
			const f = dirAt(ang);
			return { c: madd(J, [f.d, s], [f.u, up]), a: Z, b: NEG(f.u), n: f.d };
		};
		const ext = (gr: Grid, tag: number) => cage.extrudeGrid(gr, tag);
		// deltoid, upper arm, elbow, forearm, wrist
		let r = ext(root, sh);
		cage.placeGrid(r.grid, armFrame(0.3 * rA, alpha / 3, 0.12 * rA), rA * 1.12 * (1 + 0.12 * p.muscle), rA * 1.15 * (1 + 0.12 * p.muscle), w2(P('Shoulder'), P('Arm'), 0.6));
		r = ext(r.grid, armTag);
		cage.placeGrid(r.grid, armFrame(upperLen * 0.45, alpha), rA, rA * (1.02 + 0.1 * p.muscle), w1(P('Arm')));
		r = ext(r.grid, armTag);
		cage.placeGrid(r.grid, armFrame(upperLen, alpha), rA * 0.78, rA * 0.74, w2(P('Arm'), P('ForeArm')));
		joints.set(P('ForeArm'), madd(J, [d, upperLen]));
		r = ext(r.grid, armTag);
		cage.placeGrid(r.grid, armFrame(upperLen + foreLen * 0.33, alpha), rA * 0.86, rA * 0.76, w1(P('ForeArm')));
		const hand = madd(J, [d, upperLen + foreLen]);
		joints.set(P('Hand'), hand);
		r = ext(r.grid, armTag);
		const R5 = r.grid;
		cage.placeGrid(R5, armFrame(upperLen + foreLen * 0.97, alpha), pw * 0.72, ph * 1.05, w2(P('ForeArm'), P('Hand'), 0.35));
		// palm: 3 → 5 → 7 columns
		r = ext(R5, handTag);
		cage.placeGrid(r.grid, armFrame(upperLen + foreLen + palmLen * 0.06, alpha), pw * 0.78, ph * 1.05, w2(P('ForeArm'), P('Hand'), 0.8));
		let gr = cage.growCols(R5, r.grid, r.walls, handTag);
		const G1 = gr.grid;
		cage.placeGrid(G1, armFrame(upperLen + foreLen + palmLen * 0.25, alpha), pw * 0.92, ph, w1(P('Hand')));
		r = ext(G1, handTag);
		cage.placeGrid(r.grid, armFrame(upperLen + foreLen + palmLen * 0.42, alpha), pw * 0.97, ph, w1(P('Hand')));
		gr = cage.growCols(G1, r.grid, r.walls, handTag);
		const G2 = gr.grid;
		const thumbWall = gr.walls.colEnd[0];
		cage.placeGrid(G2, armFrame(upperLen + foreLen + palmLen * 0.62, alpha), pw, ph * 0.95, w1(P('Hand')));
		r = ext(G2, handTag);
		// fingers: columns 0 (pinky), 2 (ring), 4 (middle), 6 (index). Each leaves the palm at its web
		// (s = 0 along the finger) and is L long from there; its joints follow AXIS-65's convention, the
		// knuckle inside the palm (FINGER_FRACTIONS), and the rings are weighted by the bone they lie on.
		const { knuckleBehindWeb: K, phalanges } = FINGER_FRACTIONS;
		const fingers = [
			{ name: 'Pinky', j: 0, len: 0.76, spread: -0.1 },
			{ name: 'Ring', j: 2, len: 0.96, spread: -0.03 },
			{ name: 'Middle', j: 4, len: 1, spread: 0.01 },
			{ name: 'Index', j: 6, len: 0.93, spread: 0.06 },
		].map((fg) => {
			const L = handLen * 0.45 * fg.len;
			const zc = ((2 * fg.j + 1) / 7 - 1) * pw;
			const web = madd(hand, [d, palmLen * (1 - 0.04 * Math.abs(fg.j - 4) / 2)], [Z, zc]);
			const dirF = norm(madd(d, [Z, fg.spread]));
			const jn = (k: number) => P(`Hand${fg.name}${k}`);
			const starts = [-K * L, ...phalanges.map((t) => -K * L + t * (1 + K) * L)];
			const weight = chainWeights([jn(1), jn(2), jn(3)], starts, L);
			const along = (p: V3) => (p[0] - web[0]) * dirF[0] + (p[1] - web[1]) * dirF[1] + (p[2] - web[2]) * dirF[2];
			return { ...fg, L, web, dirF, jn, starts, weight, along };
		});
		const knuckles = r.grid;
		// The knuckles' ring lies past the knuckle joints: each column moves with its finger.
		const knuckleW = (_i: number, j: number, pt: V3): Wt => {
			const fg = fingers[Math.min(fingers.length - 1, j >> 1)];
			return fg.weight(fg.along(pt));
		};
		cage.placeGrid(knuckles, armFrame(upperLen + foreLen + palmLen * 0.93, alpha), pw, ph * 0.8, knuckleW, 0, (x, y) => [x, y, -Math.abs(x) * 0.25 * palmLen]);
		for (const fg of fingers) {
			const { L, web, dirF, jn, weight } = fg;
			const aF = norm(madd(Z, [dirF, -dirF[2]]));
			const fr = (s: number): Frame => ({ c: madd(web, [dirF, s]), a: aF, b: NEG(u), n: dirF });
			fg.starts.forEach((s, k) => joints.set(jn(k + 1), madd(web, [dirF, s])));
			joints.set(jn(4), madd(web, [dirF, L]));
			let f: Grid = subGrid(knuckles, 0, 1, fg.j, fg.j + 1);
			const rr = rF * (0.85 + 0.15 * fg.len);
			const steps: [number, number, number][] = [
				[0.12 * L, 1.12, 1.0],
				[0.45 * L, 0.98, 0.9],
				[0.75 * L, 0.9, 0.82],
				[L - rr * 0.7, 0.82, 0.72],
			];
			steps.forEach(([s, ka, kb], k) => {
				f = ext(f, fingerTag).grid;
				cage.placeGrid(f, fr(s), rr * ka, rr * kb, weight(s), k === steps.length - 1 ? rr * 0.75 : 0);
			});
			if (fg.name === 'Middle') fingertip[side === 'Left' ? 0 : 1] = f.f[0][0];
		}
		// thumb from the palm side
		const thumbGrid: Grid = { v: [[G1.v[0][5], G2.v[0][7]], [G1.v[1][5], G2.v[1][7]]], f: [[thumbWall]] };
		const cmc = madd(hand, [d, palmLen * 0.12], [Z, pw * 0.55], [u, -ph * 0.4]);
		const dirT = norm(madd(scale(d, 0.55), [Z, 0.8], [u, -0.25]));
		const tl = [0.26, 0.18, 0.15].map((f) => f * handLen);
		const rTh = rF * 1.25;
		const tJ = [cmc, madd(cmc, [dirT, tl[0]]), madd(cmc, [dirT, tl[0] + tl[1]]), madd(cmc, [dirT, tl[0] + tl[1] + tl[2]])];
		tJ.forEach((jp, k) => joints.set(P(`HandThumb${k + 1}`), jp));
		const aT = norm(madd(d, [dirT, -(d[0] * dirT[0] + d[1] * dirT[1] + d[2] * dirT[2])]));
		const bT = norm(madd(NEG(u), [dirT, u[0] * dirT[0] + u[1] * dirT[1] + u[2] * dirT[2]]));
		const frT = (s: number): Frame => ({ c: madd(cmc, [dirT, s]), a: aT, b: bT, n: dirT });
		const tsteps: [number, number, number, Wt][] = [
			[tl[0] * 0.45, 1.6, 1.15, w2(P('Hand'), P('HandThumb1'), 0.7)],
			[tl[0], 1.08, 0.95, w2(P('HandThumb1'), P('HandThumb2'))],
			[tl[0] + tl[1], 0.98, 0.85, w2(P('HandThumb2'), P('HandThumb3'))],
		];
		let t: Grid = thumbGrid;
		for (const [s, ka, kb, wt] of tsteps) {
			t = ext(t, fingerTag).grid;
			cage.placeGrid(t, frT(s), rTh * ka, rTh * kb, wt);
		}
		t = ext(t, fingerTag).grid;
		cage.placeGrid(t, frT(tl[0] + tl[1] + tl[2] - rTh * 0.7), rTh * 0.82, rTh * 0.7, w1(P('HandThumb3')), rTh * 0.75);
	}

	// ---- neck and head --------------------------------------------------------
	const hw = hh * 0.39 * (1 + 0.1 * p.jaw);
	const hd = hh * 0.5;
	const rN = H * 0.031 * Math.sqrt(g) * (1 + 0.25 * p.muscle) * (1 - 0.12 * fem);
	const headZ = 0.1 * hd;
	let nk: Grid = subGrid(L5, 0, 3, 2, 4);
	let r = cage.extrudeGrid(nk, PART.neck);
	cage.placeGrid(r.grid, frameY([0, acrY + q.neckY * 0.45 + H * 0.012, -0.012 * H], true), rN, rN * 1.12, w2('Spine2', 'Neck', 0.8));
	const N1 = r.grid;
	r = cage.extrudeGrid(N1, PART.neck);
	cage.placeGrid(r.grid, frameY([0, chinY - 0.02 * hh, -0.008 * H], true), rN * 0.97, rN * 1.08, w2('Neck', 'Head', 0.3));
	let gr = cage.growCols(N1, r.grid, r.walls, PART.head);
	const G1 = gr.grid;
	const jawW = 1 + 0.3 * p.jaw;
	cage.placeGrid(G1, frameY([0, chinY + 0.02 * hh, headZ + 0.2 * hd], true), hw * 0.55 * jawW, hd * 0.62, w2('Neck', 'Head', 0.85));
	r = cage.extrudeGrid(G1, PART.head);
	cage.placeGrid(r.grid, frameY([0, chinY + 0.07 * hh, headZ + 0.12 * hd], true), hw * 0.66 * jawW, hd * 0.82, w1('Head'));
	gr = cage.growCols(G1, r.grid, r.walls, PART.head);
	const levels = [
		// y (of head height), half width, half depth, z centre, tag
		[0.14, 0.8 * jawW, 0.88, 0.08],
		[0.27, 0.88 * (1 + 0.15 * p.jaw), 0.95, 0.05],
		[0.41, 0.96, 0.99, 0.03],
		[0.56, 1.0, 1.0, 0.02],
		[0.76, 0.98, 0.98, 0.0],
	];
	let hg: Grid = gr.grid;
	const bands: { old: Grid; grid: Grid; walls: Walls }[] = [];
	const ringAt = (gd: Grid, k: number) => cage.placeGrid(gd, frameY([0, chinY + levels[k][0] * hh, headZ + levels[k][3] * hd], true), hw * levels[k][1], hd * levels[k][2], w1('Head'));
	ringAt(hg, 0);
	for (let k = 1; k < levels.length; k++) {
		const res = cage.extrudeGrid(hg, k === 1 ? PART.face : PART.head);
		bands.push({ old: hg, grid: res.grid, walls: res.walls });
		hg = res.grid;
		ringAt(hg, k);
	}
	// crown
	const crown = cage.extrudeGrid(hg, PART.head).grid;
	cage.placeGrid(crown, frameY([0, chinY + 0.9 * hh, headZ - 0.03 * hd], true), hw * 0.86, hd * 0.88, w2('Head', 'HeadTop_End', 0), 0.1 * hh);
	// face features on the front walls (row 3 side) of the bands
	const front = (band: { old: Grid; grid: Grid; walls: Walls }, j0: number, j1: number): Grid => ({
		v: [band.grid.v[3].slice(j0, j1 + 1), band.old.v[3].slice(j0, j1 + 1)],
		f: [band.walls.rowEnd.slice(j0, j1)],
	});
	const faceFrame = { a: X, b: NEG(Y), n: Z };
	const headW = w1('Head');
	// mouth (band 0: levels 0→1), closed lips
	let m = cage.extrudeGrid(front(bands[0], 2, 4), PART.face).grid;
	cage.inset(m, faceFrame, 0.82, 0.62, hd * 0.04, headW);
	m = cage.extrudeGrid(m, PART.face).grid;
	cage.inset(m, faceFrame, 0.92, 0.06, -hd * 0.01, headW);
	m = cage.extrudeGrid(m, PART.face).grid;
	cage.inset(m, faceFrame, 0.8, 1, -hd * 0.12, headW);
	const mouthC = cage.get(m.v[0][1]);
	// nose (band 1)
	let n = cage.extrudeGrid(front(bands[1], 2, 4), PART.face).grid;
	cage.inset(n, faceFrame, 0.7, 0.95, hd * 0.16, headW);
	n = cage.extrudeGrid(n, PART.face).grid;
	cage.inset(n, faceFrame, 0.75, 0.55, hd * 0.08, headW);
	// eyes (band 2, columns 1 and 4)
	const eyeR = Math.min(hh * 0.055, hw * 0.15);
	const eyes: V3[] = [];
	for (const j of [4, 1]) {
		let e = cage.extrudeGrid(front(bands[2], j, j + 1), PART.face).grid;
		cage.inset(e, faceFrame, 0.86, 0.6, hd * 0.02, headW);
		e = cage.extrudeGrid(e, PART.face).grid;
		cage.inset(e, faceFrame, 0.8, 0.62, -hd * 0.06, headW);
		const c = centroid(cage, e);
		e = cage.extrudeGrid(e, PART.face).grid;
		cage.inset(e, faceFrame, 0.6, 0.8, -eyeR * 1.6, headW);
		eyes.push([c[0], c[1], c[2] - eyeR * 0.75]);
	}
	// ears (band 2 side walls, middle row)
	for (const side of [1, -1]) {
		const band = bands[2];
		const C = 6;
		const jc = side > 0 ? C : 0;
		const wallF = side > 0 ? band.walls.colEnd[1] : band.walls.colStart[1];
		let e: Grid = { v: [[band.grid.v[1][jc], band.grid.v[2][jc]], [band.old.v[1][jc], band.old.v[2][jc]]], f: [[wallF]] };
		const fr = { a: Z, b: NEG(Y), n: [side, 0, 0] as V3 };
		e = cage.extrudeGrid(e, PART.head).grid;
		cage.inset(e, fr, 0.75, 0.85, hw * 0.05, headW);
		e = cage.extrudeGrid(e, PART.head).grid;
		cage.inset(e, fr, 0.45, 0.9, hw * 0.1, headW);
		for (const v of new Set(e.v.flat())) {
			const pt = cage.get(v);
			cage.set(v, [pt[0] + side * hw * 0.05 * p.earPoint, pt[1] + hh * 0.06 * p.earPoint, pt[2] - hd * 0.05 * p.earPoint]);
		}
		e = cage.extrudeGrid(e, PART.head).grid;
		cage.inset(e, fr, 0.5, 0.6 - 0.3 * p.earPoint, hw * 0.04, headW);
		for (const v of new Set(e.v.flat())) {
			const pt = cage.get(v);
			cage.set(v, [pt[0] + side * hw * 0.1 * p.earPoint, pt[1] + hh * 0.22 * p.earPoint, pt[2] - hd * 0.22 * p.earPoint]);
		}
	}

	// ---- legs and feet ---------------------------------------------------------
	for (const side of ['Left', 'Right'] as const) {
		const sg = side === 'Left' ? 1 : -1;
		const P = (name: string) => `${side}${name}`;
		const hipTag = side === 'Left' ? PART.hip_l : PART.hip_r;
		const legTag = side === 'Left' ? PART.leg_l : PART.leg_r;
		const footTag = side === 'Left' ? PART.foot_l : PART.foot_r;
		const xl = sg * legX;
		joints.set(P('UpLeg'), [xl, hipJointY, 0]);
		joints.set(P('Leg'), [xl, kneeY, 0.004 * H]);
		joints.set(P('Foot'), [xl, ankleY, -0.004 * H]);
		const toeBase: V3 = [xl + sg * 0.01 * H, 0.018 * H, 0.47 * footLen];
		joints.set(P('ToeBase'), toeBase);
		joints.set(P('Toe_End'), [xl + sg * 0.012 * H, 0.016 * H, 0.74 * footLen]);
		const legGrid = side === 'Left' ? subGrid(bottom, 0, 3, 4, 6) : subGrid(bottom, 0, 3, 0, 2);
		const fr = (y: number, z = 0, dx = 0): Frame => ({ c: [xl + sg * dx, y, z], a: X, b: Z, n: NEG(Y) });
		const rings: [number, number, number, number, number, Wt, number][] = [
			// y, rx, rz, z, dx, weights, tag
			[crotchY - 0.035 * H, rT, rT * 1.08, -0.004 * H, 0, w2('Hips', P('UpLeg'), 0.85), hipTag],
			[(crotchY + kneeY) / 2, rT * 0.88, rT * 0.92, 0.002 * H, 0, w1(P('UpLeg')), legTag],
			[kneeY, rT * 0.6, rT * 0.62, 0.004 * H, 0, w2(P('UpLeg'), P('Leg')), legTag],
			[kneeY * 0.68, rT * 0.6, rT * 0.68, -0.006 * H, 0, w1(P('Leg')), legTag],
			[ankleY + 0.06 * H, rT * 0.4, rT * 0.42, -0.004 * H, 0, w1(P('Leg')), legTag],
			[ankleY + 0.008 * H, rT * 0.36, rT * 0.42, -0.006 * H, 0, w2(P('Leg'), P('Foot'), 0.6), legTag],
			[0.016 * H, rT * 0.38, rT * 0.5, -0.02 * H, 0, w1(P('Foot')), footTag],
		];
		let lg: Grid = legGrid;
		let last: { old: Grid; grid: Grid; walls: Walls } | undefined;
		for (const [y, rx, rz, z, dx, wt, tag] of rings) {
			const res = cage.extrudeGrid(lg, tag);
			last = { old: lg, grid: res.grid, walls: res.walls };
			lg = res.grid;
			cage.placeGrid(lg, fr(y, z, dx), rx, rz, wt);
		}
		// heel / sole under the ankle
		const sole = cage.extrudeGrid(lg, footTag).grid;
		cage.placeGrid(sole, fr(0.004 * H, -0.022 * H), rT * 0.34, rT * 0.44, w1(P('Foot')), 0.004 * H);
		// foot forward from the front walls of the last leg band
		const band = last!;
		let ft: Grid = { v: [band.old.v[3].slice(0, 3), band.grid.v[3].slice(0, 3)], f: [band.walls.rowEnd.slice(0, 2)] };
		const fw = H * 0.029 * (0.9 + 0.2 * p.weight);
		const footRing = (gd: Grid, z: number, topY: number, halfW: number, wt: Wt) => {
			for (let i = 0; i <= 1; i++) {
				for (let j = 0; j <= 2; j++) {
					const x = xl + sg * H * 0.006 + (j - 1) * halfW * (i === 0 ? 0.8 : 1);
					const y = i === 0 ? topY * (j === 1 ? 1 : 0.82) : 0.002 * H;
					cage.set(gd.v[i][j], [x, y, z], wt);
				}
			}
		};
		const fsteps: [number, number, number, Wt][] = [
			[0.22 * footLen, 0.055 * H, fw * 0.85, w1(P('Foot'))],
			[0.47 * footLen, 0.03 * H, fw, w2(P('Foot'), P('ToeBase'), 0.5)],
			[0.66 * footLen, 0.02 * H, fw * 0.95, w1(P('ToeBase'))],
		];
		for (const [z, topY, halfW, wt] of fsteps) {
			ft = cage.extrudeGrid(ft, footTag).grid;
			footRing(ft, z, topY, halfW, wt);
		}
		ft = cage.extrudeGrid(ft, footTag).grid;
		footRing(ft, 0.745 * footLen, 0.014 * H, fw * 0.75, w1(P('ToeBase')));
		void toeBase;
	}

	// crotch landmark: midline edge of the pelvis floor
	const crotch: [number, number] = [bottom.v[1][3], bottom.v[2][3]];
	const headCenter: V3 = [0, chinY + 0.55 * hh, headZ];
	return {
		cage,
		layout: { joints, eyes: { left: eyes[0], right: eyes[1], radius: eyeR }, head: { center: headCenter, half: [hw, hh * 0.5, hd], chinY, mouth: mouthC } },
		landmarks: { acromion, fingertip, crotch },
	};
}

function centroid(cage: Cage, g: Grid): V3 {
	const ids = [...new Set(g.v.flat())];
	const c: V3 = [0, 0, 0];
	for (const v of ids) {
		const pt = cage.get(v);
		for (let k = 0; k < 3; k++) c[k] += pt[k] / ids.length;
	}
	return c;
}

export { add, lerp };
