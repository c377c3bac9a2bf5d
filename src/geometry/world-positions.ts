import type { Document, mat4, Node, Primitive } from '@gltf-transform/core';
import { mat4Multiply, transformPoints } from './mat4.js';

export { mat4Multiply };

/**
 * Joint matrices of a skinned node at rest: jointWorld × inverseBind, one
 * column-major mat4 per joint, packed.
 */
export function restJointMatrices(node: Node): Float64Array | undefined {
	const skin = node.getSkin();
	if (!skin) return undefined;
	const joints = skin.listJoints();
	const ibm = skin.getInverseBindMatrices();
	const out = new Float64Array(joints.length * 16);
	const tmp = new Float64Array(16);
	const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
	const element: number[] = [];
	joints.forEach((joint, j) => {
		const inv = ibm ? (ibm.getElement(j, element) as number[]) : identity;
		mat4Multiply(tmp, joint.getWorldMatrix() as mat4, inv);
		out.set(tmp, j * 16);
	});
	return out;
}

/**
 * World-space rest positions of one primitive as drawn by a viewer: node world
 * matrix for static meshes, linear-blend skinning with the bind pose for
 * skinned ones (where glTF ignores the node's own transform). Pass
 * `jointMatrices: null` to use the node transform for a skinned mesh.
 */
export function primitiveWorldPositions(node: Node, prim: Primitive, jointMatrices: Float64Array | null = restJointMatrices(node) ?? null): Float32Array {
	const position = prim.getAttribute('POSITION');
	if (!position) return new Float32Array(0);
	const count = position.getCount();
	const out = new Float32Array(count * 3);
	const p: number[] = [0, 0, 0];
	const joints0 = jointMatrices ? prim.getAttribute('JOINTS_0') : null;
	const weights0 = jointMatrices ? prim.getAttribute('WEIGHTS_0') : null;
	const joints1 = jointMatrices ? prim.getAttribute('JOINTS_1') : null;
	const weights1 = jointMatrices ? prim.getAttribute('WEIGHTS_1') : null;
	if (jointMatrices && joints0 && weights0) {
		const j: number[] = [0, 0, 0, 0];
		const w: number[] = [0, 0, 0, 0];
		const m = jointMatrices;
		const sets = joints1 && weights1 ? [[joints0, weights0], [joints1, weights1]] : [[joints0, weights0]];
		for (let i = 0; i < count; i++) {
			position.getElement(i, p);
			let x = 0, y = 0, z = 0, total = 0;
			for (const [ja, wa] of sets) {
				ja.getElement(i, j);
				wa.getElement(i, w);
				for (let k = 0; k < 4; k++) {
					const wk = w[k];
					if (!wk) continue;
					const o = j[k] * 16;
					if (o + 15 >= m.length) continue;
					x += wk * (m[o] * p[0] + m[o + 4] * p[1] + m[o + 8] * p[2] + m[o + 12]);
					y += wk * (m[o + 1] * p[0] + m[o + 5] * p[1] + m[o + 9] * p[2] + m[o + 13]);
					z += wk * (m[o + 2] * p[0] + m[o + 6] * p[1] + m[o + 10] * p[2] + m[o + 14]);
					total += wk;
				}
			}
			if (total > 0) {
				out[i * 3] = x / total;
				out[i * 3 + 1] = y / total;
				out[i * 3 + 2] = z / total;
			} else {
				out.set(p, i * 3);
			}
		}
		return out;
	}
	const w = node.getWorldMatrix();
	const array = position.getArray();
	if (array instanceof Float32Array && position.getElementSize() === 3 && array.length >= count * 3) {
		// Plain float positions: read the array directly (what getElement returns for them).
		return transformPoints(w, array, out, count);
	}
	for (let i = 0; i < count; i++) {
		position.getElement(i, p);
		out[i * 3] = w[0] * p[0] + w[4] * p[1] + w[8] * p[2] + w[12];
		out[i * 3 + 1] = w[1] * p[0] + w[5] * p[1] + w[9] * p[2] + w[13];
		out[i * 3 + 2] = w[2] * p[0] + w[6] * p[1] + w[10] * p[2] + w[14];
	}
	return out;
}

export interface Bounds {
	min: [number, number, number];
	max: [number, number, number];
}

/** World-space rest bounds of every mesh instance in the default (or first) scene. */
export function sceneBounds(document: Document): Bounds | undefined {
	const root = document.getRoot();
	const scene = root.getDefaultScene() ?? root.listScenes()[0];
	const nodes: Node[] = [];
	const inScene = new Set<Node>();
	if (scene) scene.traverse((n) => void (inScene.add(n), n.getMesh() && nodes.push(n)));
	else for (const n of root.listNodes()) if (n.getMesh()) nodes.push(n);
	const min: [number, number, number] = [Infinity, Infinity, Infinity];
	const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
	for (const node of nodes) {
		// Joints outside the scene (the validator's NODE_SKIN_NO_SCENE) have no
		// meaningful pose: use the mesh node's transform, as three.js does.
		const skin = node.getSkin();
		const posable = skin && (!scene || skin.listJoints().every((j) => inScene.has(j)));
		const joints = posable ? (restJointMatrices(node) ?? null) : null;
		for (const prim of node.getMesh()!.listPrimitives()) {
			const pos = primitiveWorldPositions(node, prim, joints);
			for (let i = 0; i < pos.length; i += 3) {
				for (let k = 0; k < 3; k++) {
					const v = pos[i + k];
					if (!Number.isFinite(v)) continue;
					if (v < min[k]) min[k] = v;
					if (v > max[k]) max[k] = v;
				}
			}
		}
	}
	return Number.isFinite(min[0]) ? { min, max } : undefined;
}
