/**
 * Duplicate triangles: the same three corners (vertices welded by position,
 * across all primitives of a mesh, as DUPLICATE_FACES counts them) in any
 * rotation or winding. The first copy is kept. When a removed copy faced the
 * other way (a back-to-back pair standing in for a double-sided surface), the
 * kept triangle's material is made double-sided so nothing disappears.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { createTransform } from '@gltf-transform/functions';
import { findDuplicateTriangles, windingParity } from '../../geometry/duplicate-triangles.js';
import { MeshCache } from './cache.js';
import { primsByMesh, reportFix, type StepOptions, stepReport, weldedTriangles, whereOf, writeTriangles } from './util.js';

export const DUPLICATES = 'removeDuplicateTriangles';

export type DuplicateOptions = StepOptions;

export function removeDuplicateTriangles(options: DuplicateOptions = {}): Transform {
	return createTransform(DUPLICATES, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const meshes = primsByMesh(document);
		meshes.forEach((refs, m) => {
			options.onProgress?.(DUPLICATES, (m + 1) / meshes.length);
			const { lists, offsets, wt, total, ids, unique } = weldedTriangles(refs, cache);
			if (total < 2) return;
			const original = findDuplicateTriangles(wt, unique);
			const newLists = [...lists];
			let removedTotal = 0;
			refs.forEach((ref, p) => {
				const tris = lists[p];
				const off = offsets[p];
				const count = tris.length / 3;
				let removed = 0;
				let opposite = 0;
				for (let t = 0; t < count; t++) {
					const o = original[off + t];
					if (o < 0) continue;
					removed++;
					const g = off + t;
					if (windingParity(wt[g * 3], wt[g * 3 + 1], wt[g * 3 + 2]) !== windingParity(wt[o * 3], wt[o * 3 + 1], wt[o * 3 + 2])) opposite++;
				}
				if (removed === 0) return;
				const kept = new Uint32Array(tris.length - removed * 3);
				let k = 0;
				for (let t = 0; t < count; t++) {
					if (original[off + t] >= 0) continue;
					kept[k++] = tris[t * 3];
					kept[k++] = tris[t * 3 + 1];
					kept[k++] = tris[t * 3 + 2];
				}
				writeTriangles(ref.primitive, kept, cache, true);
				newLists[p] = kept;
				removedTotal += removed;
				let extra = `${removed} later copies removed`;
				const material = ref.primitive.getMaterial();
				if (opposite > 0 && material && !material.getDoubleSided()) {
					material.setDoubleSided(true);
					extra += `; ${opposite} faced the other way, so material "${material.getName()}" is now double-sided`;
				}
				reportFix(report, 'FIXED_DUPLICATE_FACES', whereOf(ref, removed), 'triangles', count, k / 3, extra);
			});
			// The welded list of what is left, for the steps after this one (winding).
			if (removedTotal > 0 && refs.every((ref, p) => cache.triangles(ref.primitive)?.tris === newLists[p])) {
				const keptWt = new Uint32Array(wt.length - removedTotal * 3);
				let k = 0;
				for (let g = 0; g < total; g++) {
					if (original[g] >= 0) continue;
					keptWt[k++] = wt[g * 3];
					keptWt[k++] = wt[g * 3 + 1];
					keptWt[k++] = wt[g * 3 + 2];
				}
				cache.setWelded(refs[0].mesh, newLists, ids, keptWt);
			}
		});
	});
}
