/**
 * Small floating islands (opt-in): connected pieces of a mesh (vertices welded
 * by position across its primitives) whose bounding-box diagonal is below
 * `fraction` of the whole mesh's diagonal are removed — scan noise, stray
 * specks. Their vertices are left for compaction to drop.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { primsByMesh, readFloats, readTriangles, reportFix, type StepOptions, stepReport, weldPositionSets, whereOf, writeTriangles } from './util.js';

export const ISLANDS = 'removeIslands';

export interface IslandOptions extends StepOptions {
	/** Islands smaller than this fraction of the mesh's bounding-box diagonal go (e.g. 0.01). */
	fraction: number;
}

export function removeIslands(options: IslandOptions): Transform {
	return namedTransform(ISLANDS, (document: Document) => {
		const report = stepReport(options);
		if (!(options.fraction > 0)) return;
		const meshes = primsByMesh(document);
		meshes.forEach((refs, m) => {
			options.onProgress?.(ISLANDS, (m + 1) / meshes.length);
			const lists = refs.map((r) => readTriangles(r.primitive)!.tris);
			const positions = refs.map((r) => readFloats(r.primitive.getAttribute('POSITION')!));
			const { ids, unique } = weldPositionSets(positions);
			const parent = new Int32Array(unique);
			for (let i = 0; i < unique; i++) parent[i] = i;
			const find = (x: number): number => {
				while (parent[x] !== x) {
					parent[x] = parent[parent[x]];
					x = parent[x];
				}
				return x;
			};
			const union = (a: number, b: number) => {
				const ra = find(a);
				const rb = find(b);
				if (ra !== rb) parent[ra] = rb;
			};
			refs.forEach((_, p) => {
				const t = lists[p];
				const id = ids[p];
				for (let k = 0; k < t.length; k += 3) {
					union(id[t[k]], id[t[k + 1]]);
					union(id[t[k]], id[t[k + 2]]);
				}
			});
			const min = new Float64Array(unique * 3).fill(Infinity);
			const max = new Float64Array(unique * 3).fill(-Infinity);
			const all = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
			refs.forEach((_, p) => {
				const t = lists[p];
				const id = ids[p];
				const pp = positions[p];
				for (let k = 0; k < t.length; k++) {
					const r = find(id[t[k]]);
					for (let c = 0; c < 3; c++) {
						const x = pp[t[k] * 3 + c];
						if (x < min[r * 3 + c]) min[r * 3 + c] = x;
						if (x > max[r * 3 + c]) max[r * 3 + c] = x;
						if (x < all[c]) all[c] = x;
						if (x > all[c + 3]) all[c + 3] = x;
					}
				}
			});
			const limit = options.fraction * Math.hypot(all[3] - all[0], all[4] - all[1], all[5] - all[2]);
			const small = (r: number) => Math.hypot(max[r * 3] - min[r * 3], max[r * 3 + 1] - min[r * 3 + 1], max[r * 3 + 2] - min[r * 3 + 2]) < limit;
			refs.forEach((ref, p) => {
				const t = lists[p];
				const id = ids[p];
				const kept = new Uint32Array(t.length);
				let k = 0;
				const gone = new Set<number>();
				for (let i = 0; i < t.length; i += 3) {
					const r = find(id[t[i]]);
					if (small(r)) {
						gone.add(r);
						continue;
					}
					kept[k++] = t[i];
					kept[k++] = t[i + 1];
					kept[k++] = t[i + 2];
				}
				if (k === t.length) return;
				writeTriangles(ref.primitive, kept.slice(0, k));
				reportFix(report, 'FIXED_SMALL_ISLANDS', whereOf(ref, gone.size), 'triangles', t.length / 3, k / 3, `${gone.size} islands smaller than ${options.fraction} of the mesh size removed`);
			});
		});
	});
}
