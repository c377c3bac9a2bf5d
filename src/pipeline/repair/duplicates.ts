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
			// Counted for every primitive first: keeping the first copies moves wt's triangles (see below).
			const copies = refs.map((_, p) => countCopies(wt, original, offsets[p], lists[p].length / 3));
			const newLists = [...lists];
			// The welded list of what is left, for the steps after this one (winding): wt is filtered in place, the
			// cache's entry for it is dead once the lists it was made from change. wk: its length so far.
			let wk = 0;
			refs.forEach((ref, p) => {
				const tris = lists[p];
				const off = offsets[p];
				const count = tris.length / 3;
				const { removed, opposite } = copies[p];
				if (removed === 0) {
					if (wk !== off * 3) wt.copyWithin(wk, off * 3, off * 3 + tris.length);
					wk += tris.length;
					return;
				}
				const kept = new Uint32Array(tris.length - removed * 3);
				keepFirstCopies(tris, wt, original, off, kept, wk);
				wk += kept.length;
				writeTriangles(ref.primitive, kept, cache, true);
				newLists[p] = kept;
				let extra = `${removed} later copies removed`;
				const material = ref.primitive.getMaterial();
				if (opposite > 0 && material && !material.getDoubleSided()) {
					material.setDoubleSided(true);
					extra += `; ${opposite} faced the other way, so material "${material.getName()}" is now double-sided`;
				}
				reportFix(report, 'FIXED_DUPLICATE_FACES', whereOf(ref, removed), 'triangles', count, kept.length / 3, extra);
			});
			if (wk < wt.length && refs.every((ref, p) => cache.triangles(ref.primitive)?.tris === newLists[p])) cache.setWelded(refs[0].mesh, newLists, ids, wt.subarray(0, wk));
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

/**
 * Writes the triangles t of `tris` that are first copies (original[off + t] < 0) to `kept`, and their welded
 * triangles (wt's triangle off + t) to wt from index `wk` on (wk ≤ 3 · off: wt is filtered in place).
 */
function keepFirstCopies(tris: Uint32Array, wt: Uint32Array, original: Int32Array, off: number, kept: Uint32Array, wk: number): void {
	let k = 0;
	for (let t = 0; t < tris.length / 3; t++) {
		if (original[off + t] >= 0) continue;
		const w = (off + t) * 3;
		wt[wk + k] = wt[w];
		wt[wk + k + 1] = wt[w + 1];
		wt[wk + k + 2] = wt[w + 2];
		kept[k++] = tris[t * 3];
		kept[k++] = tris[t * 3 + 1];
		kept[k++] = tris[t * 3 + 2];
	}
}
