/**
 * A small CPU pose evaluator for tests: samples a glTF Document's animation at
 * time t, computes world matrices and applies linear-blend skinning (and morph
 * targets' default/animated weights are ignored). Uses three.js math so it is
 * independent of the readers' own matrix code.
 */
import type { Animation, Document, Node } from '@gltf-transform/core';
import { Matrix4, Quaternion, Vector3 } from 'three';

export interface PosedMesh {
	node: string;
	mesh: string;
	/** World-space positions, xyz per vertex, all primitives concatenated. */
	positions: Float32Array;
}

interface TRS {
	t: number[];
	r: number[];
	s: number[];
}

function sample(input: ArrayLike<number>, output: ArrayLike<number>, width: number, t: number, interpolation: string, isRotation: boolean): number[] {
	const n = input.length;
	const cubic = interpolation === 'CUBICSPLINE';
	const at = (i: number): number[] => {
		const base = cubic ? (i * 3 + 1) * width : i * width;
		return Array.from({ length: width }, (_, k) => output[base + k]);
	};
	if (t <= input[0]) return at(0);
	if (t >= input[n - 1]) return at(n - 1);
	let i = 0;
	while (i < n - 2 && input[i + 1] <= t) i++;
	const a = at(i);
	const b = at(i + 1);
	if (interpolation === 'STEP') return a;
	const f = (t - input[i]) / (input[i + 1] - input[i]);
	if (isRotation) {
		const q = new Quaternion(a[0], a[1], a[2], a[3]).slerp(new Quaternion(b[0], b[1], b[2], b[3]), f);
		return [q.x, q.y, q.z, q.w];
	}
	return a.map((v, k) => v + (b[k] - v) * f);
}

/** Local TRS of every node at time t (rest values where not animated). */
export function sampleTRS(doc: Document, animation: Animation | undefined, t: number): Map<Node, TRS> {
	const out = new Map<Node, TRS>();
	for (const node of doc.getRoot().listNodes()) out.set(node, { t: [...node.getTranslation()], r: [...node.getRotation()], s: [...node.getScale()] });
	if (!animation) return out;
	for (const ch of animation.listChannels()) {
		const node = ch.getTargetNode();
		const sampler = ch.getSampler();
		const path = ch.getTargetPath();
		if (!node || !sampler || (path !== 'translation' && path !== 'rotation' && path !== 'scale')) continue;
		const input = sampler.getInput()!.getArray()!;
		const output = sampler.getOutput()!.getArray()!;
		const trs = out.get(node)!;
		const v = sample(input, output, path === 'rotation' ? 4 : 3, t, sampler.getInterpolation(), path === 'rotation');
		if (path === 'translation') trs.t = v;
		else if (path === 'rotation') trs.r = v;
		else trs.s = v;
	}
	return out;
}

/** World matrices of every node for the given local TRS. */
export function worldMatrices(doc: Document, trs: Map<Node, TRS>): Map<Node, Matrix4> {
	const world = new Map<Node, Matrix4>();
	const visit = (node: Node, parent: Matrix4): void => {
		const x = trs.get(node)!;
		const local = new Matrix4().compose(new Vector3(...x.t), new Quaternion(...x.r), new Vector3(...x.s));
		const w = parent.clone().multiply(local);
		world.set(node, w);
		for (const c of node.listChildren()) visit(c, w);
	};
	for (const scene of doc.getRoot().listScenes()) for (const n of scene.listChildren()) visit(n, new Matrix4());
	return world;
}

/** Skinned (or rigid) world-space positions of every mesh node at time t of `animation`. */
export function poseMeshes(doc: Document, animation: Animation | undefined, t: number): PosedMesh[] {
	const world = worldMatrices(doc, sampleTRS(doc, animation, t));
	const out: PosedMesh[] = [];
	const v = new Vector3();
	const acc = new Vector3();
	for (const [node, nodeWorld] of world) {
		const mesh = node.getMesh();
		if (!mesh) continue;
		const skin = node.getSkin();
		let jointMats: Matrix4[] = [];
		if (skin) {
			const ibm = skin.getInverseBindMatrices()?.getArray();
			jointMats = skin.listJoints().map((j, i) => {
				const m = new Matrix4();
				if (ibm) m.fromArray(Array.from(ibm.subarray(i * 16, i * 16 + 16)));
				return (world.get(j) ?? new Matrix4()).clone().multiply(m);
			});
		}
		const chunks: number[] = [];
		for (const prim of mesh.listPrimitives()) {
			const pos = prim.getAttribute('POSITION')!;
			const sets: [ArrayLike<number>, ArrayLike<number>][] = [];
			for (let k = 0; skin; k++) {
				const j = prim.getAttribute(`JOINTS_${k}`);
				const w = prim.getAttribute(`WEIGHTS_${k}`);
				if (!j || !w) break;
				sets.push([j.getArray()!, w.getArray()!]);
			}
			const p = pos.getArray()!;
			for (let i = 0; i < pos.getCount(); i++) {
				v.set(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]);
				if (skin && sets.length) {
					acc.set(0, 0, 0);
					for (const [J, W] of sets) {
						for (let k = 0; k < 4; k++) {
							const w = W[i * 4 + k];
							if (!w) continue;
							acc.addScaledVector(v.clone().applyMatrix4(jointMats[J[i * 4 + k]]), w);
						}
					}
					chunks.push(acc.x, acc.y, acc.z);
				} else {
					v.applyMatrix4(nodeWorld);
					chunks.push(v.x, v.y, v.z);
				}
			}
		}
		out.push({ node: node.getName(), mesh: mesh.getName(), positions: Float32Array.from(chunks) });
	}
	return out;
}

export function boundingBox(points: ArrayLike<number>): { min: number[]; max: number[] } {
	const min = [Infinity, Infinity, Infinity];
	const max = [-Infinity, -Infinity, -Infinity];
	for (let i = 0; i < points.length; i += 3) {
		for (let k = 0; k < 3; k++) {
			min[k] = Math.min(min[k], points[i + k]);
			max[k] = Math.max(max[k], points[i + k]);
		}
	}
	return { min, max };
}

/** For each query point, the distance to the nearest point of `cloud` (uniform-grid search). */
export function nearestDistances(cloud: ArrayLike<number>, queries: number[][], cell: number): number[] {
	const grid = new Map<string, number[]>();
	const key = (x: number, y: number, z: number): string => `${Math.floor(x / cell)},${Math.floor(y / cell)},${Math.floor(z / cell)}`;
	for (let i = 0; i < cloud.length; i += 3) {
		const k = key(cloud[i], cloud[i + 1], cloud[i + 2]);
		const list = grid.get(k);
		if (list) list.push(i);
		else grid.set(k, [i]);
	}
	return queries.map(([x, y, z]) => {
		let best = Infinity;
		for (let r = 1; r <= 4 && best === Infinity; r++) {
			const cx = Math.floor(x / cell), cy = Math.floor(y / cell), cz = Math.floor(z / cell);
			for (let dx = -r; dx <= r; dx++)
				for (let dy = -r; dy <= r; dy++)
					for (let dz = -r; dz <= r; dz++) {
						for (const i of grid.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
							best = Math.min(best, Math.hypot(cloud[i] - x, cloud[i + 1] - y, cloud[i + 2] - z));
						}
					}
		}
		return best;
	});
}
