/**
 * A small CPU pose evaluator: samples a glTF animation at time t (STEP,
 * LINEAR with slerp for rotations, CUBICSPLINE), computes world matrices and
 * evaluates a mesh as drawn — morph targets with their (animated) weights,
 * then linear-blend skinning over every JOINTS_n/WEIGHTS_n set. Column-major
 * Float64 matrices, glTF conventions (jointMatrix = jointWorld · inverseBind;
 * a skinned mesh ignores its node's transform).
 */
import type { Animation, Document, Node, Primitive } from '@gltf-transform/core';
import { readFloats } from '../geometry/accessors.js';
import { mat4Product, transformPoints } from '../geometry/mat4.js';

export type Mat4 = Float64Array;

export interface NodePose {
	translation: number[];
	rotation: number[];
	scale: number[];
	/** Morph weights when animated (else the node's or mesh's defaults). */
	weights?: number[];
}

export interface Pose {
	/** Local TRS of every node (rest values where not animated). */
	local: Map<Node, NodePose>;
	/** World matrix of a node in this pose. */
	world(node: Node): Mat4;
}

/** Longest input time of an animation's samplers. */
export function animationDuration(animation: Animation): number {
	let end = 0;
	for (const s of animation.listSamplers()) {
		const input = s.getInput();
		if (input && input.getCount() > 0) end = Math.max(end, input.getMax([])[0] ?? 0);
	}
	return end;
}

function normalize4(q: number[]): number[] {
	const l = Math.hypot(q[0], q[1], q[2], q[3]) || 1;
	return [q[0] / l, q[1] / l, q[2] / l, q[3] / l];
}

export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number[] {
	let [bx, by, bz, bw] = [b[0], b[1], b[2], b[3]];
	let cos = a[0] * bx + a[1] * by + a[2] * bz + a[3] * bw;
	if (cos < 0) {
		cos = -cos;
		bx = -bx;
		by = -by;
		bz = -bz;
		bw = -bw;
	}
	let s0: number;
	let s1: number;
	if (1 - cos > 1e-6) {
		const omega = Math.acos(Math.min(1, cos));
		const sin = Math.sin(omega);
		s0 = Math.sin((1 - t) * omega) / sin;
		s1 = Math.sin(t * omega) / sin;
	} else {
		s0 = 1 - t;
		s1 = t;
	}
	return normalize4([s0 * a[0] + s1 * bx, s0 * a[1] + s1 * by, s0 * a[2] + s1 * bz, s0 * a[3] + s1 * bw]);
}

/** Samples one sampler (input times, output values of `width` components) at time t. */
export function sampleTrack(input: ArrayLike<number>, output: ArrayLike<number>, width: number, interpolation: string, t: number, rotation: boolean): number[] {
	const n = input.length;
	const cubic = interpolation === 'CUBICSPLINE';
	const value = (i: number, part = 1): number[] => {
		const base = cubic ? (i * 3 + part) * width : i * width;
		const out: number[] = new Array(width);
		for (let k = 0; k < width; k++) out[k] = output[base + k];
		return out;
	};
	if (n === 0) return [];
	if (n === 1 || t <= input[0]) return value(0);
	if (t >= input[n - 1]) return value(n - 1);
	let lo = 0;
	let hi = n - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (input[mid] <= t) lo = mid;
		else hi = mid;
	}
	const t0 = input[lo];
	const t1 = input[hi];
	const dt = t1 - t0;
	const u = dt > 0 ? (t - t0) / dt : 0;
	if (interpolation === 'STEP') return value(lo);
	if (cubic) {
		const p0 = value(lo, 1);
		const m0 = value(lo, 2); // out-tangent of lo
		const p1 = value(hi, 1);
		const m1 = value(hi, 0); // in-tangent of hi
		const u2 = u * u;
		const u3 = u2 * u;
		const h00 = 2 * u3 - 3 * u2 + 1;
		const h10 = u3 - 2 * u2 + u;
		const h01 = -2 * u3 + 3 * u2;
		const h11 = u3 - u2;
		const out = p0.map((_, k) => h00 * p0[k] + h10 * dt * m0[k] + h01 * p1[k] + h11 * dt * m1[k]);
		return rotation ? normalize4(out) : out;
	}
	const a = value(lo);
	const b = value(hi);
	if (rotation) return slerp(a, b, u);
	return a.map((x, k) => x + (b[k] - x) * u);
}

export function composeTRS(t: ArrayLike<number>, r: ArrayLike<number>, s: ArrayLike<number>): Mat4 {
	const [x, y, z, w] = [r[0], r[1], r[2], r[3]];
	const m = new Float64Array(16);
	m[0] = (1 - 2 * (y * y + z * z)) * s[0];
	m[1] = 2 * (x * y + z * w) * s[0];
	m[2] = 2 * (x * z - y * w) * s[0];
	m[4] = 2 * (x * y - z * w) * s[1];
	m[5] = (1 - 2 * (x * x + z * z)) * s[1];
	m[6] = 2 * (y * z + x * w) * s[1];
	m[8] = 2 * (x * z + y * w) * s[2];
	m[9] = 2 * (y * z - x * w) * s[2];
	m[10] = (1 - 2 * (x * x + y * y)) * s[2];
	m[12] = t[0];
	m[13] = t[1];
	m[14] = t[2];
	m[15] = 1;
	return m;
}

/** a × b, column-major (a new matrix). */
export const multiply: (a: ArrayLike<number>, b: ArrayLike<number>) => Mat4 = mat4Product;

/**
 * The pose of every node at time `t` of `animation` (rest pose when
 * `animation` is null). Channels on paths other than TRS and weights
 * (KHR_animation_pointer) are ignored.
 */
export function samplePose(document: Document, animation: Animation | null, t: number): Pose {
	const local = new Map<Node, NodePose>();
	for (const node of document.getRoot().listNodes()) {
		local.set(node, { translation: [...node.getTranslation()], rotation: [...node.getRotation()], scale: [...node.getScale()] });
	}
	if (animation) {
		for (const channel of animation.listChannels()) {
			const node = channel.getTargetNode();
			const sampler = channel.getSampler();
			const path = channel.getTargetPath();
			const input = sampler?.getInput();
			const output = sampler?.getOutput();
			if (!node || !sampler || !input || !output || !path) continue;
			const times = readFloats(input);
			const values = readFloats(output);
			const pose = local.get(node)!;
			const cubic = sampler.getInterpolation() === 'CUBICSPLINE';
			if (path === 'weights') {
				const width = values.length / times.length / (cubic ? 3 : 1);
				pose.weights = sampleTrack(times, values, width, sampler.getInterpolation(), t, false);
			} else if (path === 'translation' || path === 'rotation' || path === 'scale') {
				pose[path] = sampleTrack(times, values, path === 'rotation' ? 4 : 3, sampler.getInterpolation(), t, path === 'rotation');
			}
		}
	}
	const cache = new Map<Node, Mat4>();
	const world = (node: Node): Mat4 => {
		const hit = cache.get(node);
		if (hit) return hit;
		const p = local.get(node)!;
		const m = composeTRS(p.translation, p.rotation, p.scale);
		const parent = node.getParentNode();
		const out = parent ? multiply(world(parent), m) : m;
		cache.set(node, out);
		return out;
	};
	return { local, world };
}

/** Morph weights in effect for a node's mesh in a pose. */
export function morphWeights(node: Node, pose: Pose): number[] {
	const animated = pose.local.get(node)?.weights;
	if (animated && animated.length) return animated;
	const own = node.getWeights();
	if (own.length) return own;
	return node.getMesh()?.getWeights() ?? [];
}

/**
 * World-space positions of one primitive of `node`'s mesh in `pose`: morph
 * targets blended with the pose's weights, then skinned (or moved by the
 * node's world matrix when the node has no skin). `normalizeWeights`
 * divides each vertex's weights by their sum first (what three.js's
 * GLTFLoader does to every skinned mesh on load).
 */
export function skinnedPositions(node: Node, primitive: Primitive, pose: Pose, options: { normalizeWeights?: boolean } = {}): Float32Array {
	const position = primitive.getAttribute('POSITION');
	if (!position) return new Float32Array(0);
	const n = position.getCount();
	const base = new Float64Array(readFloats(position));
	const weights = morphWeights(node, pose);
	primitive.listTargets().forEach((target, i) => {
		const w = weights[i] ?? 0;
		const delta = target.getAttribute('POSITION');
		if (!w || !delta) return;
		const d = readFloats(delta);
		for (let k = 0; k < n * 3; k++) base[k] += w * d[k];
	});
	const out = new Float32Array(n * 3);
	const skin = node.getSkin();
	if (!skin) {
		return transformPoints(pose.world(node), base, out, n);
	}
	const ibmAccessor = skin.getInverseBindMatrices();
	const ibm = ibmAccessor ? readFloats(ibmAccessor) : null;
	const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
	const joints = skin.listJoints().map((joint, j) => multiply(pose.world(joint), ibm ? ibm.subarray(j * 16, j * 16 + 16) : identity));
	const sets: { j: Float32Array; w: Float32Array; size: number }[] = [];
	for (let s = 0; ; s++) {
		const ja = primitive.getAttribute(`JOINTS_${s}`);
		const wa = primitive.getAttribute(`WEIGHTS_${s}`);
		if (!ja || !wa) break;
		sets.push({ j: readFloats(ja), w: readFloats(wa), size: wa.getElementSize() });
	}
	for (let v = 0; v < n; v++) {
		const x = base[v * 3], y = base[v * 3 + 1], z = base[v * 3 + 2];
		let ox = 0, oy = 0, oz = 0;
		let scale = 1;
		if (options.normalizeWeights) {
			let sum = 0;
			for (const set of sets) for (let k = 0; k < set.size; k++) sum += set.w[v * set.size + k];
			if (sum > 0) scale = 1 / sum;
		}
		for (const set of sets) {
			for (let k = 0; k < set.size; k++) {
				const w = set.w[v * set.size + k] * scale;
				if (!w) continue;
				const m = joints[set.j[v * set.size + k]];
				if (!m) continue;
				ox += w * (m[0] * x + m[4] * y + m[8] * z + m[12]);
				oy += w * (m[1] * x + m[5] * y + m[9] * z + m[13]);
				oz += w * (m[2] * x + m[6] * y + m[10] * z + m[14]);
			}
		}
		out[v * 3] = ox;
		out[v * 3 + 1] = oy;
		out[v * 3 + 2] = oz;
	}
	return out;
}
