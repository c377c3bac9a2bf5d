/**
 * Duplicate triangles: the same three corners (vertices welded by position,
 * across all primitives of a mesh, as DUPLICATE_FACES counts them) in any
 * rotation or winding. The first copy is kept. When a removed copy faced the
 * other way (a back-to-back pair standing in for a double-sided surface), the
 * kept triangle's material is made double-sided so nothing disappears.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { duplicateTriangles, windingParity } from '../../geometry/duplicate-triangles.js';
import { MeshCache } from './cache.js';
import { copyKeptTriangles, primsByMesh, reportFix, type StepOptions, stepReport, weldedTriangles, whereOf, writeTriangles } from './util.js';

export const DUPLICATES = 'removeDuplicateTriangles';

export type DuplicateOptions = StepOptions;

export function removeDuplicateTriangles(options: DuplicateOptions = {}): Transform {
	return namedTransform(DUPLICATES, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const meshes = primsByMesh(document);
		meshes.forEach((refs, m) => {
			options.onProgress?.(DUPLICATES, (m + 1) / meshes.length);
			const { lists, offsets, wt, total, ids, unique } = weldedTriangles(refs, cache);
			if (total < 2) return;
			const { original, copies } = duplicateTriangles(wt, unique);
			if (copies.length === 0) return;
			// Counted for every primitive first: removing the copies from wt (below) moves its triangles.
			const { first, opposite } = countCopies(wt, original, copies, offsets);
			const newLists = [...lists];
			refs.forEach((ref, p) => {
				const tris = lists[p];
				const count = tris.length / 3;
				const removed = first[p + 1] - first[p];
				if (removed === 0) return;
				// Block copies between the copies; a list repair allocated is filtered in place.
				const inPlace = cache.owns(tris);
				const kept = cache.own(inPlace ? tris.subarray(0, tris.length - removed * 3) : new Uint32Array(tris.length - removed * 3));
				copyKeptTriangles(tris, copies, first[p], first[p + 1], offsets[p], inPlace ? tris : kept);
				writeTriangles(ref.primitive, kept, cache, true);
				newLists[p] = kept;
				let extra = `${removed} later copies removed`;
				const material = ref.primitive.getMaterial();
				if (opposite[p] > 0 && material && !material.getDoubleSided()) {
					material.setDoubleSided(true);
					extra += `; ${opposite[p]} faced the other way, so material "${material.getName()}" is now double-sided`;
				}
				reportFix(report, 'FIXED_DUPLICATE_FACES', whereOf(ref, removed), 'triangles', count, kept.length / 3, extra);
			});
			// The welded list of what is left, for the steps after this one (winding): wt is filtered in place, the
			// cache's entry for it is dead once the lists it was made from change.
			const wk = copyKeptTriangles(wt, copies, 0, copies.length, 0, wt);
			if (refs.every((ref, p) => cache.triangles(ref.primitive)?.tris === newLists[p])) cache.setWelded(refs[0].mesh, newLists, ids, wt.subarray(0, wk));
		});
	});
}

/**
 * Per primitive p (its triangles start at offsets[p] in wt): its copies are copies[first[p]] … copies[first[p + 1] − 1]
 * (`copies` ascend), and opposite[p] of them face the other way from the triangle they repeat.
 */
function countCopies(wt: Uint32Array, original: Int32Array, copies: Int32Array, offsets: number[]): { first: number[]; opposite: number[] } {
	const first = [0];
	const opposite = [0];
	let p = 0;
	for (let c = 0; c < copies.length; c++) {
		const g = copies[c];
		while (p + 1 < offsets.length && g >= offsets[p + 1]) {
			first.push(c);
			opposite.push(0);
			p++;
		}
		const o = original[g];
		if (windingParity(wt[g * 3], wt[g * 3 + 1], wt[g * 3 + 2]) !== windingParity(wt[o * 3], wt[o * 3 + 1], wt[o * 3 + 2])) opposite[p]++;
	}
	while (first.length <= offsets.length) {
		first.push(copies.length);
		opposite.push(0);
	}
	return { first, opposite };
}
