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
				const { removed, opposite } = countCopies(wt, original, off, count);
				if (removed === 0) return;
				const kept = new Uint32Array(tris.length - removed * 3);
				const k = keepFirstCopies(tris, original, off, kept);
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
			// The welded list of what is left, for the steps after this one (winding). It is filtered in place: the
			// cache's entry for wt is dead now that the lists it was made from have changed.
			if (removedTotal > 0 && refs.every((ref, p) => cache.triangles(ref.primitive)?.tris === newLists[p])) {
				cache.setWelded(refs[0].mesh, newLists, ids, wt.subarray(0, keepFirstCopies(wt, original, 0, wt)));
			}
		});
	});
}

/** Of triangles off … off + count − 1 of `wt`, how many repeat an earlier triangle and how many of those face the other way. */
function countCopies(wt: Uint32Array, original: Int32Array, off: number, count: number): { removed: number; opposite: number } {
	let removed = 0;
	let opposite = 0;
	for (let g = off; g < off + count; g++) {
		const o = original[g];
		if (o < 0) continue;
		removed++;
		if (windingParity(wt[g * 3], wt[g * 3 + 1], wt[g * 3 + 2]) !== windingParity(wt[o * 3], wt[o * 3 + 1], wt[o * 3 + 2])) opposite++;
	}
	return { removed, opposite };
}

/** Writes the triangles t of `tris` that are first copies (original[off + t] < 0) to `out` (may be `tris` itself); returns how many indices it wrote. */
function keepFirstCopies(tris: Uint32Array, original: Int32Array, off: number, out: Uint32Array): number {
	let k = 0;
	for (let t = 0; t < tris.length / 3; t++) {
		if (original[off + t] >= 0) continue;
		out[k++] = tris[t * 3];
		out[k++] = tris[t * 3 + 1];
		out[k++] = tris[t * 3 + 2];
	}
	return k;
}
