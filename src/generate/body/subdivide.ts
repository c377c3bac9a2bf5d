/**
 * Catmull–Clark subdivision of a closed quad mesh, split into a topology
 * plan (computed once per cage topology and detail) and a cheap data pass
 * that can be run on any per-vertex attribute (positions, skin weights,
 * morph shapes). Every new vertex is an affine combination of old ones, so
 * weights stay normalised and the result stays closed and manifold.
 */

export interface Level {
	nv: number;
	nf: number;
	ne: number;
	faces: Int32Array;
	/** Per edge: a, b, f1, f2. */
	edges: Int32Array;
	/** Per face: its 4 edge ids (edge k joins corner k and k+1). */
	faceEdges: Int32Array;
	/** CSR vertex → incident faces and → incident edges. */
	vfStart: Int32Array;
	vf: Int32Array;
	veStart: Int32Array;
	ve: Int32Array;
}

export interface Plan {
	levels: Level[];
	/** Final quads. */
	faces: Int32Array;
	/** Final vertex count. */
	nv: number;
	/** Per final face: the cage face it lies in. */
	origin: Int32Array;
	/** Per final face corner: (u, v) inside its cage face, 0..1. */
	cornerUV: Float32Array;
}

function buildLevel(nv: number, faces: Int32Array): Level {
	const nf = faces.length / 4;
	const edgeOf = new Map<number, number>();
	const edgeList: number[] = [];
	const faceEdges = new Int32Array(4 * nf);
	for (let f = 0; f < nf; f++) {
		for (let k = 0; k < 4; k++) {
			const a = faces[4 * f + k];
			const b = faces[4 * f + ((k + 1) & 3)];
			const lo = a < b ? a : b;
			const hi = a < b ? b : a;
			const key = lo * nv + hi;
			let e = edgeOf.get(key);
			if (e === undefined) {
				e = edgeList.length / 4;
				edgeOf.set(key, e);
				edgeList.push(lo, hi, f, -1);
			} else {
				if (edgeList[4 * e + 3] !== -1) throw new Error('subdivide: non-manifold edge in cage');
				edgeList[4 * e + 3] = f;
			}
			faceEdges[4 * f + k] = e;
		}
	}
	const ne = edgeList.length / 4;
	const edges = Int32Array.from(edgeList);
	for (let e = 0; e < ne; e++) if (edges[4 * e + 3] < 0) throw new Error('subdivide: open edge in cage');
	const vfCount = new Int32Array(nv + 1);
	for (let i = 0; i < 4 * nf; i++) vfCount[faces[i] + 1]++;
	for (let v = 0; v < nv; v++) vfCount[v + 1] += vfCount[v];
	const vf = new Int32Array(4 * nf);
	const fill = vfCount.slice(0, nv);
	for (let i = 0; i < 4 * nf; i++) vf[fill[faces[i]]++] = i >> 2;
	const veCount = new Int32Array(nv + 1);
	for (let e = 0; e < ne; e++) {
		veCount[edges[4 * e] + 1]++;
		veCount[edges[4 * e + 1] + 1]++;
	}
	for (let v = 0; v < nv; v++) veCount[v + 1] += veCount[v];
	const ve = new Int32Array(2 * ne);
	const fill2 = veCount.slice(0, nv);
	for (let e = 0; e < ne; e++) {
		ve[fill2[edges[4 * e]]++] = e;
		ve[fill2[edges[4 * e + 1]]++] = e;
	}
	return { nv, nf, ne, faces, edges, faceEdges, vfStart: vfCount, vf, veStart: veCount, ve };
}

/** One level of subdivision of per-vertex data of dimension `dim`. */
export function subdivideData(level: Level, data: Float64Array, dim: number): Float64Array {
	const { nv, nf, ne, faces, edges } = level;
	const out = new Float64Array((nv + ne + nf) * dim);
	const fBase = nv + ne;
	for (let f = 0; f < nf; f++) {
		const o = (fBase + f) * dim;
		for (let k = 0; k < 4; k++) {
			const s = faces[4 * f + k] * dim;
			for (let d = 0; d < dim; d++) out[o + d] += data[s + d] * 0.25;
		}
	}
	for (let e = 0; e < ne; e++) {
		const o = (nv + e) * dim;
		const a = edges[4 * e] * dim;
		const b = edges[4 * e + 1] * dim;
		const f1 = (fBase + edges[4 * e + 2]) * dim;
		const f2 = (fBase + edges[4 * e + 3]) * dim;
		for (let d = 0; d < dim; d++) out[o + d] = (data[a + d] + data[b + d] + out[f1 + d] + out[f2 + d]) * 0.25;
	}
	const tmpF = new Float64Array(dim);
	const tmpR = new Float64Array(dim);
	for (let v = 0; v < nv; v++) {
		tmpF.fill(0);
		tmpR.fill(0);
		const f0 = level.vfStart[v];
		const f1 = level.vfStart[v + 1];
		for (let i = f0; i < f1; i++) {
			const s = (fBase + level.vf[i]) * dim;
			for (let d = 0; d < dim; d++) tmpF[d] += out[s + d];
		}
		const e0 = level.veStart[v];
		const e1 = level.veStart[v + 1];
		for (let i = e0; i < e1; i++) {
			const e = level.ve[i];
			const a = edges[4 * e] * dim;
			const b = edges[4 * e + 1] * dim;
			for (let d = 0; d < dim; d++) tmpR[d] += (data[a + d] + data[b + d]) * 0.5;
		}
		const n = e1 - e0;
		const nF = f1 - f0;
		const o = v * dim;
		for (let d = 0; d < dim; d++) out[o + d] = (tmpF[d] / nF + (2 * tmpR[d]) / n + (n - 3) * data[o + d]) / n;
	}
	return out;
}

function childFaces(level: Level): Int32Array {
	const { nv, nf, ne, faces, faceEdges } = level;
	const out = new Int32Array(16 * nf);
	for (let f = 0; f < nf; f++) {
		const F = nv + ne + f;
		for (let k = 0; k < 4; k++) {
			const c = faces[4 * f + k];
			const eNext = nv + faceEdges[4 * f + k];
			const ePrev = nv + faceEdges[4 * f + ((k + 3) & 3)];
			out.set([c, eNext, F, ePrev], 16 * f + 4 * k);
		}
	}
	return out;
}

/** The subdivision plan of a cage topology for `levels` levels. */
export function makePlan(nv: number, faces: Int32Array, levels: number): Plan {
	const out: Level[] = [];
	let curFaces = faces;
	let curNv = nv;
	let origin = Int32Array.from({ length: faces.length / 4 }, (_, i) => i);
	let uv = new Float32Array(8 * (faces.length / 4));
	for (let f = 0; f < faces.length / 4; f++) uv.set([0, 0, 1, 0, 1, 1, 0, 1], 8 * f);
	for (let l = 0; l < levels; l++) {
		const level = buildLevel(curNv, curFaces);
		out.push(level);
		const next = childFaces(level);
		const nOrigin = new Int32Array(4 * level.nf);
		const nUV = new Float32Array(32 * level.nf);
		for (let f = 0; f < level.nf; f++) {
			const c = (k: number) => [uv[8 * f + 2 * (k & 3)], uv[8 * f + 2 * (k & 3) + 1]];
			const mid = (a: number[], b: number[]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
			const center = [(c(0)[0] + c(1)[0] + c(2)[0] + c(3)[0]) / 4, (c(0)[1] + c(1)[1] + c(2)[1] + c(3)[1]) / 4];
			for (let k = 0; k < 4; k++) {
				nOrigin[4 * f + k] = origin[f];
				const corners = [c(k), mid(c(k), c(k + 1)), center, mid(c(k + 3), c(k))];
				corners.forEach((p, m) => nUV.set(p, 32 * f + 8 * k + 2 * m));
			}
		}
		curFaces = next;
		curNv = level.nv + level.ne + level.nf;
		origin = nOrigin;
		uv = nUV;
	}
	return { levels: out, faces: curFaces, nv: curNv, origin, cornerUV: uv };
}

/** Runs the plan on per-vertex data. */
export function applyPlan(plan: Plan, data: Float64Array, dim: number): Float64Array {
	let cur = data;
	for (const level of plan.levels) cur = subdivideData(level, cur, dim);
	return cur;
}

/** Final vertex index of the point made from cage edge (a, b) at the first level. */
export function edgePointIndex(plan: Plan, a: number, b: number): number {
	const l = plan.levels[0];
	for (let i = l.veStart[a]; i < l.veStart[a + 1]; i++) {
		const e = l.ve[i];
		if ((l.edges[4 * e] === a && l.edges[4 * e + 1] === b) || (l.edges[4 * e] === b && l.edges[4 * e + 1] === a)) return l.nv + e;
	}
	throw new Error('subdivide: no such cage edge');
}

/** Final vertex index of the point made from cage face f at the first level. */
export function facePointIndex(plan: Plan, f: number): number {
	const l = plan.levels[0];
	return l.nv + l.ne + f;
}
