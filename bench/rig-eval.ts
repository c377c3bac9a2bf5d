/**
 * Ground-truth comparisons for `axis rig` (bench and tests):
 *
 * - joint accuracy: our joints against the artist's, both in our rest frame,
 *   as a percentage of the character's height, per group;
 * - deformation: the original mesh posed with the artist's skin and the same
 *   mesh posed with our skeleton and weights, driven by the artist's
 *   animation. Retargeting by rotation deltas: each of our joints takes the
 *   world-space rotation its namesake made relative to its rest orientation
 *   (Δ = R(t)·R(rest)⁻¹, conjugated into our rest frame), which is the same
 *   as transferring local rotations relative to rest when the rest poses
 *   agree; our hips also take the artist hips' displacement. Our joints
 *   have no artist namesake only if the artist rig lacks the bone; they
 *   then follow their parent.
 */
import type { Document, Node } from '@gltf-transform/core';
import { animationDuration, samplePose, skinnedPositions } from '../src/motion/pose.js';
import { meshNodes } from '../src/pipeline/rig/mesh.js';
import { AXIS65, type BoneGroup } from '../src/skeleton/axis65.js';
import { recognise } from '../src/skeleton/maps/index.js';

type V3 = [number, number, number];
type Quat = [number, number, number, number];

export function transformPoint(m: ArrayLike<number>, p: ArrayLike<number>): V3 {
	return [m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12], m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13], m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14]];
}

export type Group = 'trunk' | 'arms' | 'legs' | 'feet' | 'fingers';

export interface JointErrors {
	groups: Record<Group, { mean: number; max: number; n: number }>;
	/** Mean over the non-finger joints. */
	body: number;
	fingers: number;
	perJoint: Record<string, number>;
}

const groupOf = (g: BoneGroup): Group => (g === 'hands' ? 'fingers' : g);

/** A rig's joint errors against ground-truth joints given in the input's world space (mapped into the rig's rest frame by its matrix). */
export function rigErrors(rig: { joints?: Record<string, ArrayLike<number>>; matrix: ArrayLike<number>; height?: number }, truth: Map<string, ArrayLike<number>>): JointErrors {
	return jointErrors(rig.joints!, new Map([...truth].map(([k, v]) => [k, transformPoint(rig.matrix, v)])), rig.height!);
}

/** Joint distances (% of height) between ours and the truth (both in the same frame). */
export function jointErrors(ours: Record<string, ArrayLike<number>>, truth: Map<string, ArrayLike<number>>, height: number, skip: (name: string) => boolean = () => false): JointErrors {
	const acc: Record<Group, number[]> = { trunk: [], arms: [], legs: [], feet: [], fingers: [] };
	const perJoint: Record<string, number> = {};
	for (const b of AXIS65) {
		const p = ours[b.name];
		const q = truth.get(b.name);
		if (!p || !q || skip(b.name)) continue;
		const e = (Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) / height) * 100;
		perJoint[b.name] = e;
		acc[groupOf(b.group)].push(e);
	}
	const stat = (xs: number[]) => ({ mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN, max: xs.length ? Math.max(...xs) : NaN, n: xs.length });
	const groups = Object.fromEntries(Object.entries(acc).map(([g, xs]) => [g, stat(xs)])) as JointErrors['groups'];
	const body = [...acc.trunk, ...acc.arms, ...acc.legs, ...acc.feet];
	return { groups, body: stat(body).mean, fingers: stat(acc.fingers).mean, perJoint };
}

function qmul(a: Quat, b: Quat): Quat {
	return [a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1], a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0], a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3], a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2]];
}
const qinv = (q: Quat): Quat => [-q[0], -q[1], -q[2], q[3]];
function qrot(q: Quat, v: ArrayLike<number>): V3 {
	const [x, y, z, w] = q;
	const ix = w * v[0] + y * v[2] - z * v[1], iy = w * v[1] + z * v[0] - x * v[2], iz = w * v[2] + x * v[1] - y * v[0], iw = -x * v[0] - y * v[1] - z * v[2];
	return [ix * w + iw * -x + iy * -z - iz * -y, iy * w + iw * -y + iz * -x - ix * -z, iz * w + iw * -z + ix * -y - iy * -x];
}
/** Rotation (unit quaternion) of the upper 3×3 of a column-major matrix, scale removed. */
function quatOf(m: ArrayLike<number>): Quat {
	const sx = Math.hypot(m[0], m[1], m[2]), sy = Math.hypot(m[4], m[5], m[6]), sz = Math.hypot(m[8], m[9], m[10]);
	const a = [m[0] / sx, m[1] / sx, m[2] / sx, m[4] / sy, m[5] / sy, m[6] / sy, m[8] / sz, m[9] / sz, m[10] / sz];
	const [m00, m10, m20, m01, m11, m21, m02, m12, m22] = a;
	const tr = m00 + m11 + m22;
	let q: Quat;
	if (tr > 0) {
		const s = Math.sqrt(tr + 1) * 2;
		q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, 0.25 * s];
	} else if (m00 > m11 && m00 > m22) {
		const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
		q = [0.25 * s, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
	} else if (m11 > m22) {
		const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
		q = [(m01 + m10) / s, 0.25 * s, (m12 + m21) / s, (m02 - m20) / s];
	} else {
		const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
		q = [(m02 + m20) / s, (m12 + m21) / s, 0.25 * s, (m10 - m01) / s];
	}
	const l = Math.hypot(...q);
	return [q[0] / l, q[1] / l, q[2] / l, q[3] / l];
}

export interface DeformationStats {
	mean: number;
	p95: number;
	frames: number;
	vertices: number;
	/** Mean error (% of height) per vertex over all frames, meshes and primitives in order (with `perVertex`). */
	perVertex?: Float64Array;
}

/**
 * Poses `original` (the artist's rig) and `rigged` (ours; joints named with
 * AXIS names, in the frame `matrix` maps the original's world space to)
 * through every animation of `original`, every `step`-th frame at `fps`,
 * and returns the vertex error as % of `height`. The rigged document's mesh
 * nodes must list the same primitives in the same order as the original's.
 */
export function deformationError(original: Document, rigged: Document, matrix: number[], height: number, options: { fps?: number; step?: number; maxFramesPerClip?: number; perVertex?: boolean } = {}): DeformationStats {
	const fps = options.fps ?? 30;
	const step = options.step ?? 10;
	const origNodes = original.getRoot().listNodes();
	const mapping = recognise(origNodes.map((n) => n.getName())).mapping;
	const artist = new Map<string, Node>();
	for (const n of origNodes) {
		const axis = mapping[n.getName()];
		if (axis && !artist.has(axis)) artist.set(axis, n);
	}
	const ours = new Map(rigged.getRoot().listNodes().filter((n) => AXIS65.some((b) => b.name === n.getName())).map((n) => [n.getName(), n]));
	const rot = quatOf(matrix);
	const scale = Math.hypot(matrix[0], matrix[1], matrix[2]);
	const restPose = samplePose(original, null, 0);
	const restRot = new Map<string, Quat>();
	const restPos = new Map<string, V3>();
	for (const [name, node] of artist) {
		const w = restPose.world(node);
		restRot.set(name, quatOf(w));
		restPos.set(name, [w[12], w[13], w[14]]);
	}
	const ourRest = new Map<string, V3>();
	for (const [name, node] of ours) ourRest.set(name, node.getWorldTranslation() as V3);
	const origMeshes = meshNodes(original);
	const ourMeshes = meshNodes(rigged);
	const ourSkin = ourMeshes[0]?.getSkin();
	if (!ourSkin) throw new Error('rigged document has no skin');
	const ourJoints = ourSkin.listJoints();
	const errors: number[] = [];
	let frames = 0;
	for (const animation of original.getRoot().listAnimations()) {
		const duration = animationDuration(animation);
		const count = Math.max(1, Math.floor(duration * fps / step) + 1);
		const take = Math.min(count, options.maxFramesPerClip ?? Infinity);
		for (let f = 0; f < take; f++) {
			const t = Math.min(duration, (f * step) / fps);
			const pose = samplePose(original, animation, t);
			// Our joints' world rotations and positions by forward kinematics.
			const world = new Map<string, { q: Quat; p: V3 }>();
			for (const b of AXIS65) {
				const a = artist.get(b.name);
				let q: Quat;
				if (a) {
					const delta = qmul(quatOf(pose.world(a)), qinv(restRot.get(b.name)!));
					q = qmul(qmul(rot, delta), qinv(rot));
				} else q = b.parent ? world.get(b.parent)!.q : [0, 0, 0, 1];
				let p: V3;
				if (!b.parent) {
					const a0 = restPos.get(b.name)!;
					const w = pose.world(a!);
					const d = qrot(rot, [w[12] - a0[0], w[13] - a0[1], w[14] - a0[2]]);
					const r0 = ourRest.get(b.name)!;
					p = [r0[0] + d[0] * scale, r0[1] + d[1] * scale, r0[2] + d[2] * scale];
				} else {
					const parent = world.get(b.parent)!;
					const r0 = ourRest.get(b.name)!, rp = ourRest.get(b.parent)!;
					const off = qrot(parent.q, [r0[0] - rp[0], r0[1] - rp[1], r0[2] - rp[2]]);
					p = [parent.p[0] + off[0], parent.p[1] + off[1], parent.p[2] + off[2]];
				}
				world.set(b.name, { q, p });
			}
			const jm = ourJoints.map((j) => ({ ...world.get(j.getName())!, r0: ourRest.get(j.getName())! }));
			for (let m = 0; m < origMeshes.length; m++) {
				const on = origMeshes[m];
				const un = ourMeshes[m];
				const oprims = on.getMesh()!.listPrimitives();
				const uprims = un.getMesh()!.listPrimitives();
				for (let k = 0; k < oprims.length; k++) {
					const truth = skinnedPositions(on, oprims[k], pose);
					const up = uprims[k];
					const pos = up.getAttribute('POSITION')!.getArray()!;
					const J = up.getAttribute('JOINTS_0')!.getArray()!;
					const W = up.getAttribute('WEIGHTS_0')!.getArray()!;
					const J1 = up.getAttribute('JOINTS_1')?.getArray();
					const W1 = up.getAttribute('WEIGHTS_1')?.getArray();
					const n = pos.length / 3;
					for (let v = 0; v < n; v++) {
						let x = 0, y = 0, z = 0;
						const addJoint = (j: number, w: number) => {
							if (!w) return;
							const b = jm[j];
							const r = qrot(b.q, [pos[v * 3] - b.r0[0], pos[v * 3 + 1] - b.r0[1], pos[v * 3 + 2] - b.r0[2]]);
							x += w * (r[0] + b.p[0]);
							y += w * (r[1] + b.p[1]);
							z += w * (r[2] + b.p[2]);
						};
						for (let i = 0; i < 4; i++) addJoint(J[v * 4 + i], W[v * 4 + i]);
						if (J1 && W1) for (let i = 0; i < 4; i++) addJoint(J1[v * 4 + i], W1[v * 4 + i]);
						const tv = transformPoint(matrix, [truth[v * 3], truth[v * 3 + 1], truth[v * 3 + 2]]);
						errors.push((Math.hypot(x - tv[0], y - tv[1], z - tv[2]) / height) * 100);
					}
				}
			}
			frames++;
		}
	}
	const sorted = Float64Array.from(errors).sort();
	const perFrame = errors.length / Math.max(1, frames);
	let perVertex: Float64Array | undefined;
	if (options.perVertex) {
		perVertex = new Float64Array(perFrame);
		for (let i = 0; i < errors.length; i++) perVertex[i % perFrame] += errors[i] / frames;
	}
	return { mean: errors.reduce((a, b) => a + b, 0) / errors.length, p95: sorted[Math.floor(sorted.length * 0.95)], frames, vertices: perFrame, perVertex };
}
