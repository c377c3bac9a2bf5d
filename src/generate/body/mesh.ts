/**
 * The body mesh: control cage → Catmull–Clark subdivision → normalised to
 * the requested height (feet on y = 0), with landmark-driven calibration so
 * the measured shoulder width, arm length and inseam hit their targets.
 */
import { AXIS65_NAMES } from '../../skeleton/axis65.js';
import { type AvatarParams, type Measurements, targetMeasurements } from '../params.js';
import { buildCage, type Calibration, type Layout } from './build.js';
import type { V3 } from './cage.js';
import { applyPlan, edgePointIndex, facePointIndex, makePlan, type Plan } from './subdivide.js';

export const JOINT_COUNT = AXIS65_NAMES.length;

export interface Landmarks {
	acromion_l: number;
	acromion_r: number;
	fingertip_l: number;
	fingertip_r: number;
	crotch: number;
}

export interface BodyMesh {
	/** Subdivided vertex positions (before UV seams are split). */
	positions: Float64Array;
	/** Quads over `positions`. */
	quads: Int32Array;
	/** Per quad: body-part tag (see PART_NAMES). */
	tags: Int32Array;
	plan: Plan;
	cageFaceCount: number;
	landmarks: Landmarks;
	joints: Map<string, V3>;
	layout: Layout;
	/** Dense skin weights, JOINT_COUNT per vertex (only with `weights: true`). */
	weights?: Float64Array;
	/** Calibration that was used (reuse it for morph shapes). */
	calibration: Calibration;
	measured: Measurements;
}

const planCache = new Map<number, { faces: Int32Array; nv: number; plan: Plan }>();

function planFor(nv: number, faces: Int32Array, levels: number): Plan {
	const hit = planCache.get(levels);
	if (hit && hit.nv === nv && hit.faces.length === faces.length && hit.faces.every((v, i) => v === faces[i])) return hit.plan;
	const plan = makePlan(nv, faces, levels);
	planCache.set(levels, { faces: faces.slice(), nv, plan });
	return plan;
}

const dist = (p: Float64Array, a: number, b: number) => Math.hypot(p[3 * a] - p[3 * b], p[3 * a + 1] - p[3 * b + 1], p[3 * a + 2] - p[3 * b + 2]);

export function measure(positions: Float64Array, lm: Landmarks, height: number): Measurements & { crotchVertex: number } {
	let maxY = -Infinity;
	let crotchY = Infinity;
	let crotchVertex = -1;
	const eps = height * 1e-6;
	for (let v = 0; v < positions.length / 3; v++) {
		const y = positions[3 * v + 1];
		if (y > maxY) maxY = y;
		if (Math.abs(positions[3 * v]) <= eps && y < crotchY) {
			crotchY = y;
			crotchVertex = v;
		}
	}
	return {
		height: maxY,
		shoulderWidth: dist(positions, lm.acromion_l, lm.acromion_r),
		armLength: (dist(positions, lm.acromion_l, lm.fingertip_l) + dist(positions, lm.acromion_r, lm.fingertip_r)) / 2,
		legLength: crotchY,
		crotchVertex,
	};
}

interface Evaluated {
	positions: Float64Array;
	quads: Int32Array;
	tags: Int32Array;
	plan: Plan;
	cageFaceCount: number;
	landmarks: Landmarks;
	joints: Map<string, V3>;
	layout: Layout;
	cageWeights: readonly (readonly (readonly [number, number])[])[];
}

/** Builds, subdivides and normalises (feet on the floor, top at the requested height). */
function evaluate(params: AvatarParams, cal: Calibration, levels: number): Evaluated {
	const built = buildCage(params, cal);
	const c = built.cage.compact();
	const nv = c.pos.length / 3;
	const plan = planFor(nv, c.faces, levels);
	const P = applyPlan(plan, c.pos, 3);
	let minY = Infinity;
	let maxY = -Infinity;
	for (let v = 1; v < P.length; v += 3) {
		if (P[v] < minY) minY = P[v];
		if (P[v] > maxY) maxY = P[v];
	}
	const s = params.height / (maxY - minY);
	const tx = (p: V3): V3 => [p[0] * s, (p[1] - minY) * s, p[2] * s];
	for (let v = 0; v < P.length; v += 3) {
		P[v] *= s;
		P[v + 1] = (P[v + 1] - minY) * s;
		P[v + 2] *= s;
	}
	const r = c.remap;
	const lm = built.landmarks;
	const landmarks: Landmarks = {
		acromion_l: edgePointIndex(plan, r[lm.acromion[0][0]], r[lm.acromion[0][1]]),
		acromion_r: edgePointIndex(plan, r[lm.acromion[1][0]], r[lm.acromion[1][1]]),
		fingertip_l: facePointIndex(plan, lm.fingertip[0]),
		fingertip_r: facePointIndex(plan, lm.fingertip[1]),
		crotch: edgePointIndex(plan, r[lm.crotch[0]], r[lm.crotch[1]]),
	};
	const joints = new Map<string, V3>();
	for (const [k, v] of built.layout.joints) joints.set(k, tx(v));
	const L = built.layout;
	const layout: Layout = {
		joints,
		eyes: { left: tx(L.eyes.left), right: tx(L.eyes.right), radius: L.eyes.radius * s },
		head: { center: tx(L.head.center), half: [L.head.half[0] * s, L.head.half[1] * s, L.head.half[2] * s], chinY: (L.head.chinY - minY) * s, mouth: tx(L.head.mouth) },
	};
	const tags = new Int32Array(plan.faces.length / 4);
	for (let f = 0; f < tags.length; f++) tags[f] = c.tags[plan.origin[f]];
	return { positions: P, quads: plan.faces, tags, plan, cageFaceCount: c.faces.length / 4, landmarks, joints, layout, cageWeights: c.wts };
}

export interface BodyOptions {
	/** Subdivision levels: 1 (low, ~6k triangles) or 2 (full, ~25k). */
	levels: number;
	/** Also subdivide skin weights. */
	weights?: boolean;
	/** Start from this calibration and skip tuning (morph shapes). */
	calibration?: Calibration;
}

/** The body mesh of a parameter set. */
export function buildBody(params: AvatarParams, options: BodyOptions): BodyMesh {
	const target = targetMeasurements(params);
	const cal: Calibration = options.calibration ? { ...options.calibration } : { shoulder: 0, arm: 0, crotch: 0 };
	let ev = evaluate(params, cal, options.levels);
	let m = measure(ev.positions, ev.landmarks, params.height);
	if (!options.calibration) {
		for (let iter = 0; iter < 6; iter++) {
			const errs = [
				Math.abs(m.shoulderWidth - target.shoulderWidth) / target.shoulderWidth,
				Math.abs(m.armLength - target.armLength) / target.armLength,
				Math.abs(m.legLength - target.legLength) / target.legLength,
			];
			if (Math.max(...errs) < 2e-4) break;
			cal.shoulder += (target.shoulderWidth - m.shoulderWidth) / 2;
			cal.arm += (target.armLength - m.armLength) / target.armLength;
			cal.crotch += target.legLength - m.legLength;
			ev = evaluate(params, cal, options.levels);
			m = measure(ev.positions, ev.landmarks, params.height);
		}
	}
	let weights: Float64Array | undefined;
	if (options.weights) {
		const nv = ev.cageWeights.length;
		const dense = new Float64Array(nv * JOINT_COUNT);
		ev.cageWeights.forEach((w, v) => {
			for (const [j, x] of w) dense[v * JOINT_COUNT + j] += x;
		});
		weights = applyPlan(ev.plan, dense, JOINT_COUNT);
	}
	const { crotchVertex, ...measured } = m;
	return {
		positions: ev.positions,
		quads: ev.quads,
		tags: ev.tags,
		plan: ev.plan,
		cageFaceCount: ev.cageFaceCount,
		landmarks: { ...ev.landmarks, crotch: crotchVertex >= 0 ? crotchVertex : ev.landmarks.crotch },
		joints: ev.joints,
		layout: ev.layout,
		weights,
		calibration: cal,
		measured,
	};
}
