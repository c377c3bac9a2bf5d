/**
 * Test helpers over the library's pose evaluator (src/motion/pose.ts, itself
 * checked against three.js in test/pose.test.ts): every mesh node posed at a
 * time of an animation, plus point-cloud comparisons.
 */
import type { Animation, Document } from '@gltf-transform/core';
import { samplePose, skinnedPositions } from '../../src/motion/pose.js';

export interface PosedMesh {
	node: string;
	mesh: string;
	/** World-space positions, xyz per vertex, all primitives concatenated. */
	positions: Float32Array;
}

/** Skinned (or rigid) world-space positions of every mesh node at time t of `animation`. */
export function poseMeshes(doc: Document, animation: Animation | undefined, t: number): PosedMesh[] {
	const pose = samplePose(doc, animation ?? null, t);
	const inScene = new Set<unknown>();
	for (const scene of doc.getRoot().listScenes()) scene.traverse((n) => void inScene.add(n));
	return doc
		.getRoot()
		.listNodes()
		.filter((node) => node.getMesh() && inScene.has(node))
		.map((node) => {
			const parts = node.getMesh()!.listPrimitives().map((prim) => skinnedPositions(node, prim, pose));
			const positions = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
			let offset = 0;
			for (const p of parts) {
				positions.set(p, offset);
				offset += p.length;
			}
			return { node: node.getName(), mesh: node.getMesh()!.getName(), positions };
		});
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
