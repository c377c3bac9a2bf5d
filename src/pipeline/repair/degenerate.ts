/**
 * Degenerate triangles: a repeated vertex index (collapsed to a line or a
 * point), or three distinct vertices with (almost) no area — area at most
 * `areaEpsilon × diagonal²` of the bounding box of the primitive's referenced
 * vertices (the threshold the ZERO_AREA_TRIANGLES rule uses, so what it flags
 * is removed here).
 *
 * One pass over the triangles does the work: the referenced bounding box is
 * never larger than the box of all vertices, so triangles under the
 * all-vertex threshold are collected as candidates on the way and checked
 * against the exact threshold at the end; nothing is written when nothing
 * is found.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { boxDiag2 } from '../../geometry/bounds.js';
import { MeshCache } from './cache.js';
import { copyKeptTriangles, listPrims, reportFix, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const DEGENERATES = 'removeDegenerateTriangles';

export interface DegenerateOptions extends StepOptions {
	/** Area threshold relative to the squared bounding-box diagonal (default 1e-10). */
	areaEpsilon?: number;
}

/** (2 · epsilon · diag²)², the bound on |cross|² (|cross| = 2 · area); -1 when the box is empty, flat to a point or not finite. */
function areaThreshold(diag2: number, epsilon: number): number {
	return Number.isFinite(diag2) && diag2 > 0 ? (2 * epsilon * diag2) ** 2 : -1;
}

/** One pass over the triangles: the referenced box, those with a repeated index, and those under the all-vertex area bound (offsets t = 3 × triangle). */
function scanTriangles(tris: Uint32Array, p: Float32Array, bound: number, trackBox: boolean): { collapsed: number[]; candidates: number[]; candidateArea: number[]; box: number[] } {
	let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
	const collapsed: number[] = [];
	const candidates: number[] = [];
	const candidateArea: number[] = [];
	for (let t = 0; t < tris.length; t += 3) {
		const ia = tris[t];
		const ib = tris[t + 1];
		const ic = tris[t + 2];
		const a = ia * 3;
		const b = ib * 3;
		const c = ic * 3;
		const ax = p[a], ay = p[a + 1], az = p[a + 2];
		const bx = p[b], by = p[b + 1], bz = p[b + 2];
		const qx = p[c], qy = p[c + 1], qz = p[c + 2];
		if (trackBox) {
			if (ax < minX) minX = ax;
			if (ax > maxX) maxX = ax;
			if (ay < minY) minY = ay;
			if (ay > maxY) maxY = ay;
			if (az < minZ) minZ = az;
			if (az > maxZ) maxZ = az;
			if (bx < minX) minX = bx;
			if (bx > maxX) maxX = bx;
			if (by < minY) minY = by;
			if (by > maxY) maxY = by;
			if (bz < minZ) minZ = bz;
			if (bz > maxZ) maxZ = bz;
			if (qx < minX) minX = qx;
			if (qx > maxX) maxX = qx;
			if (qy < minY) minY = qy;
			if (qy > maxY) maxY = qy;
			if (qz < minZ) minZ = qz;
			if (qz > maxZ) maxZ = qz;
		}
		if (ia === ib || ib === ic || ia === ic) {
			collapsed.push(t);
			continue;
		}
		const ux = bx - ax, uy = by - ay, uz = bz - az;
		const vx = qx - ax, vy = qy - ay, vz = qz - az;
		const cx = uy * vz - uz * vy;
		const cy = uz * vx - ux * vz;
		const cz = ux * vy - uy * vx;
		const len2 = cx * cx + cy * cy + cz * cz;
		if (len2 <= bound) {
			candidates.push(t);
			candidateArea.push(len2);
		}
	}
	return { collapsed, candidates, candidateArea, box: [minX, minY, minZ, maxX, maxY, maxZ] };
}

/** Triangle indices of the offsets in `a` and `b` (both ascending, disjoint), merged in order. */
function mergeOffsets(a: number[], b: number[]): number[] {
	const out: number[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) out.push((j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]) / 3);
	return out;
}

export function removeDegenerateTriangles(options: DegenerateOptions = {}): Transform {
	const epsilon = options.areaEpsilon ?? 1e-10;
	return namedTransform(DEGENERATES, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(DEGENERATES, (i + 1) / refs.length);
			const prim = ref.primitive;
			const position = prim.getAttribute('POSITION');
			const read = position ? cache.triangles(prim) : null;
			if (!position || !read) return;
			const tris = read.tris;
			const p = position.getArray() as Float32Array;
			// Box of all vertices: an upper bound for the referenced box.
			const all2 = boxDiag2(p);
			const bound = Number.isFinite(all2) ? areaThreshold(all2, epsilon) : Infinity;
			// When the list uses every vertex, the referenced box is the box of all vertices.
			const allReferenced = cache.referencesAll(prim);
			const scan = scanTriangles(tris, p, bound, !allReferenced);
			const collapsed = scan.collapsed.length;
			const { candidates, candidateArea } = scan;
			const [minX, minY, minZ, maxX, maxY, maxZ] = scan.box;
			const threshold = allReferenced ? areaThreshold(all2, epsilon) : areaThreshold((maxX - minX) ** 2 + (maxY - minY) ** 2 + (maxZ - minZ) ** 2, epsilon);
			const zeroAreaList: number[] = [];
			for (let k = 0; k < candidates.length; k++) if (candidateArea[k] <= threshold) zeroAreaList.push(candidates[k]);
			const zeroArea = zeroAreaList.length;
			if (collapsed === 0 && zeroArea === 0) return;
			// Block copies between the removed triangles; a list repair allocated is filtered in place.
			const inPlace = cache.owns(tris);
			const length = tris.length - 3 * (collapsed + zeroArea);
			const kept = cache.own(inPlace ? tris.subarray(0, length) : new Uint32Array(length));
			const removed = mergeOffsets(scan.collapsed, zeroAreaList);
			copyKeptTriangles(tris, removed, 0, removed.length, 0, inPlace ? tris : kept);
			writeTriangles(prim, kept, cache, true);
			const total = tris.length / 3;
			if (collapsed) reportFix(report, 'FIXED_DEGENERATE_TRIANGLES', whereOf(ref, collapsed), 'triangles', total, total - collapsed, `${collapsed} with a repeated vertex index removed`);
			if (zeroArea) reportFix(report, 'FIXED_ZERO_AREA_TRIANGLES', whereOf(ref, zeroArea), 'triangles', total - collapsed, kept.length / 3, `${zeroArea} with (almost) no area removed`);
		});
	});
}
