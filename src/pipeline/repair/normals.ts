/**
 * Vertex normals, only where broken:
 * - non-unit normals (length off by more than 1e-4) are rescaled to length 1;
 * - zero-length or NaN normals, and primitives without NORMAL, get normals
 *   computed from the triangles: angle-weighted face normals, summed over
 *   the corners at the vertex's position (so split UV-seam vertices stay
 *   smooth) whose face normal is within `creaseAngle` of the vertex's own
 *   faces (so hard edges stay hard). Good normals are never touched.
 */
import { Document, type Primitive, type Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { MeshCache } from './cache.js';
import { listPrims, readFloats, reportFix, type StepOptions, stepReport, weldPositionSets, whereOf } from './util.js';

export const NORMALS = 'repairNormals';

export interface NormalsOptions extends StepOptions {
	/** Faces meeting at more than this angle (degrees) stay a hard edge when normals are computed (default 60). */
	creaseAngle?: number;
}

/**
 * Computes smooth, crease-aware normals for the `wanted` vertices of a
 * primitive (all when `wanted` is null), written into `out` (xyz per vertex).
 */
export function computeVertexNormals(p: Float32Array, tris: Uint32Array, vertexCount: number, out: Float32Array, wanted: Uint8Array | null, creaseAngle = 60): void {
	const triCount = tris.length / 3;
	const face = new Float64Array(triCount * 3); // unit face normals
	const angle = new Float64Array(tris.length); // corner angles
	const own = new Float64Array(vertexCount * 3);
	for (let t = 0; t < triCount; t++) {
		const i = [tris[t * 3] * 3, tris[t * 3 + 1] * 3, tris[t * 3 + 2] * 3];
		const ux = p[i[1]] - p[i[0]], uy = p[i[1] + 1] - p[i[0] + 1], uz = p[i[1] + 2] - p[i[0] + 2];
		const vx = p[i[2]] - p[i[0]], vy = p[i[2] + 1] - p[i[0] + 1], vz = p[i[2] + 2] - p[i[0] + 2];
		let fx = uy * vz - uz * vy, fy = uz * vx - ux * vz, fz = ux * vy - uy * vx;
		const len = Math.hypot(fx, fy, fz);
		if (!(len > 0) || !Number.isFinite(len)) continue;
		fx /= len;
		fy /= len;
		fz /= len;
		face[t * 3] = fx;
		face[t * 3 + 1] = fy;
		face[t * 3 + 2] = fz;
		for (let k = 0; k < 3; k++) {
			const a = i[k], b = i[(k + 1) % 3], c = i[(k + 2) % 3];
			const e1x = p[b] - p[a], e1y = p[b + 1] - p[a + 1], e1z = p[b + 2] - p[a + 2];
			const e2x = p[c] - p[a], e2y = p[c + 1] - p[a + 1], e2z = p[c + 2] - p[a + 2];
			const l = Math.hypot(e1x, e1y, e1z) * Math.hypot(e2x, e2y, e2z);
			const w = l > 0 ? Math.acos(Math.max(-1, Math.min(1, (e1x * e2x + e1y * e2y + e1z * e2z) / l))) : 0;
			angle[t * 3 + k] = w;
			const v = tris[t * 3 + k];
			own[v * 3] += w * fx;
			own[v * 3 + 1] += w * fy;
			own[v * 3 + 2] += w * fz;
		}
	}
	// Corners grouped by welded position.
	const { ids, unique } = weldPositionSets([p.subarray(0, vertexCount * 3)]);
	const id = ids[0];
	const start = new Uint32Array(unique + 1);
	for (let c = 0; c < tris.length; c++) start[id[tris[c]] + 1]++;
	for (let g = 0; g < unique; g++) start[g + 1] += start[g];
	const fill = start.slice(0, unique);
	const corners = new Uint32Array(tris.length);
	for (let c = 0; c < tris.length; c++) corners[fill[id[tris[c]]]++] = c;
	const cosCrease = Math.cos((creaseAngle * Math.PI) / 180);
	for (let v = 0; v < vertexCount; v++) {
		if (wanted && !wanted[v]) continue;
		let ox = own[v * 3], oy = own[v * 3 + 1], oz = own[v * 3 + 2];
		const ol = Math.hypot(ox, oy, oz);
		let sx = 0, sy = 0, sz = 0;
		if (ol > 0) {
			ox /= ol;
			oy /= ol;
			oz /= ol;
			const g = id[v];
			for (let k = start[g]; k < start[g + 1]; k++) {
				const c = corners[k];
				const t = (c / 3) | 0;
				const fx = face[t * 3], fy = face[t * 3 + 1], fz = face[t * 3 + 2];
				if (fx * ox + fy * oy + fz * oz < cosCrease) continue;
				const w = angle[c];
				sx += w * fx;
				sy += w * fy;
				sz += w * fz;
			}
		}
		let l = Math.hypot(sx, sy, sz);
		if (!(l > 0)) {
			sx = ox;
			sy = oy;
			sz = oz;
			l = ol > 0 ? 1 : 0;
		}
		if (!(l > 0)) {
			out[v * 3] = 0;
			out[v * 3 + 1] = 1;
			out[v * 3 + 2] = 0;
			continue;
		}
		out[v * 3] = sx / l;
		out[v * 3 + 1] = sy / l;
		out[v * 3 + 2] = sz / l;
	}
}

/**
 * Checks the first `count` normals of `values`: zero-length or NaN ones are
 * marked in `broken`, those off unit length by more than `tolerance` are
 * written rescaled to `fixed`.
 */
function checkNormals(values: Float32Array, count: number, tolerance: number, fixed: Float32Array, broken: Uint8Array): { brokenCount: number; renormalised: number } {
	let brokenCount = 0;
	let renormalised = 0;
	for (let v = 0; v < count; v++) {
		const x = values[v * 3], y = values[v * 3 + 1], z = values[v * 3 + 2];
		const len = Math.sqrt(x * x + y * y + z * z);
		if (!Number.isFinite(len) || len < 1e-6) {
			broken[v] = 1;
			brokenCount++;
		} else if (Math.abs(len - 1) > tolerance) {
			fixed[v * 3] = x / len;
			fixed[v * 3 + 1] = y / len;
			fixed[v * 3 + 2] = z / len;
			renormalised++;
		}
	}
	return { brokenCount, renormalised };
}

function repairPrimitiveNormals(prim: Primitive, creaseAngle: number, cache: MeshCache): { renormalised: number; recomputed: number; created: boolean; total: number } | null {
	const position = prim.getAttribute('POSITION');
	const read = cache.triangles(prim);
	if (!position || !read) return null;
	const n = position.getCount();
	const p = readFloats(position);
	const normal = prim.getAttribute('NORMAL');
	if (!normal) {
		const out = new Float32Array(n * 3);
		computeVertexNormals(p, read.tris, n, out, null, creaseAngle);
		const accessor = Document.fromGraph(prim.getGraph())!.createAccessor('NORMAL').setType('VEC3').setArray(out);
		const buffer = position.getBuffer();
		if (buffer) accessor.setBuffer(buffer);
		prim.setAttribute('NORMAL', accessor);
		return { renormalised: 0, recomputed: 0, created: true, total: n };
	}
	const values = readFloats(normal);
	const float = values === normal.getArray();
	const tolerance = float ? 1e-4 : 1e-2;
	const broken = new Uint8Array(n);
	const fixed = float ? values : values.slice();
	const { brokenCount, renormalised } = checkNormals(values, Math.min(n, normal.getCount()), tolerance, fixed, broken);
	if (brokenCount) {
		const out = new Float32Array(n * 3);
		computeVertexNormals(p, read.tris, n, out, broken, creaseAngle);
		for (let v = 0; v < n; v++) {
			if (!broken[v]) continue;
			fixed[v * 3] = out[v * 3];
			fixed[v * 3 + 1] = out[v * 3 + 1];
			fixed[v * 3 + 2] = out[v * 3 + 2];
		}
	}
	if (!brokenCount && !renormalised) return null;
	if (!float) {
		// Quantized normals: write back through the accessor (it re-quantizes).
		const el = [0, 0, 0];
		for (let v = 0; v < n; v++) {
			el[0] = fixed[v * 3];
			el[1] = fixed[v * 3 + 1];
			el[2] = fixed[v * 3 + 2];
			normal.setElement(v, el);
		}
	}
	return { renormalised, recomputed: brokenCount, created: false, total: n };
}

export function repairNormals(options: NormalsOptions = {}): Transform {
	const crease = options.creaseAngle ?? 60;
	return namedTransform(NORMALS, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(NORMALS, (i + 1) / refs.length);
			const r = repairPrimitiveNormals(ref.primitive, crease, cache);
			if (!r) return;
			const where = { ...whereOf(ref), pointer: `${ref.pointer}/attributes/NORMAL` };
			if (r.created) reportFix(report, 'FIXED_MISSING_NORMALS', { ...where, count: r.total }, 'vertices without a normal', r.total, 0, `normals computed (angle-weighted, hard edges above ${crease}° kept)`);
			if (r.recomputed) reportFix(report, 'FIXED_ZERO_NORMALS', { ...where, count: r.recomputed }, 'zero-length or NaN normals', r.recomputed, 0, 'recomputed from the triangles');
			if (r.renormalised) reportFix(report, 'FIXED_NON_UNIT_NORMALS', { ...where, count: r.renormalised }, 'non-unit normals', r.renormalised, 0, 'rescaled to length 1');
		});
	});
}
