/**
 * Degenerate triangles: a repeated vertex index (collapsed to a line or a
 * point), or three distinct vertices with (almost) no area — area at most
 * `areaEpsilon × diagonal²` of the primitive's bounding box (the threshold
 * the ZERO_AREA_TRIANGLES rule uses, so what it flags is removed here).
 */
import type { Document, Transform } from '@gltf-transform/core';
import { createTransform } from '@gltf-transform/functions';
import { listPrims, readTriangles, referencedDiag2, reportFix, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const DEGENERATES = 'removeDegenerateTriangles';

export interface DegenerateOptions extends StepOptions {
	/** Area threshold relative to the squared bounding-box diagonal (default 1e-10). */
	areaEpsilon?: number;
}

export function removeDegenerateTriangles(options: DegenerateOptions = {}): Transform {
	const epsilon = options.areaEpsilon ?? 1e-10;
	return createTransform(DEGENERATES, (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(DEGENERATES, (i + 1) / refs.length);
			const prim = ref.primitive;
			const position = prim.getAttribute('POSITION');
			const read = readTriangles(prim);
			if (!position || !read) return;
			const tris = read.tris;
			const p = position.getArray() as Float32Array;
			const diag2 = referencedDiag2(p, tris);
			const threshold = Number.isFinite(diag2) && diag2 > 0 ? (2 * epsilon * diag2) ** 2 : -1;
			const kept = new Uint32Array(tris.length);
			let k = 0;
			let collapsed = 0;
			let zeroArea = 0;
			for (let t = 0; t < tris.length; t += 3) {
				const ia = tris[t];
				const ib = tris[t + 1];
				const ic = tris[t + 2];
				if (ia === ib || ib === ic || ia === ic) {
					collapsed++;
					continue;
				}
				const a = ia * 3;
				const b = ib * 3;
				const c = ic * 3;
				const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
				const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
				const cx = uy * vz - uz * vy;
				const cy = uz * vx - ux * vz;
				const cz = ux * vy - uy * vx;
				if (cx * cx + cy * cy + cz * cz <= threshold) {
					zeroArea++;
					continue;
				}
				kept[k++] = ia;
				kept[k++] = ib;
				kept[k++] = ic;
			}
			if (collapsed === 0 && zeroArea === 0) return;
			writeTriangles(prim, kept.slice(0, k));
			const total = tris.length / 3;
			if (collapsed) reportFix(report, 'FIXED_DEGENERATE_TRIANGLES', whereOf(ref, collapsed), 'triangles', total, total - collapsed, `${collapsed} with a repeated vertex index removed`);
			if (zeroArea) reportFix(report, 'FIXED_ZERO_AREA_TRIANGLES', whereOf(ref, zeroArea), 'triangles', total - collapsed, k / 3, `${zeroArea} with (almost) no area removed`);
		});
	});
}
