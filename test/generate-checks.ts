// Mesh checks shared by the generate tests: topology, self-intersection, measures, posing.
import type { Document, Primitive } from '@gltf-transform/core';
import { AXIS65_NAMES } from '../src/skeleton/axis65.js';

export interface Tri {
	positions: Float32Array;
	indices: Uint32Array;
}

export function primitiveOf(doc: Document, mesh: string): Primitive {
	const m = doc.getRoot().listMeshes().find((x) => x.getName() === mesh);
	if (!m) throw new Error(`no mesh ${mesh}`);
	return m.listPrimitives()[0];
}

export function triOf(p: Primitive): Tri {
	return { positions: p.getAttribute('POSITION')!.getArray() as Float32Array, indices: Uint32Array.from(p.getIndices()!.getArray()!) };
}

/** Weld by bit-exact position: welded vertex id per vertex. */
export function weld(positions: Float32Array): Int32Array {
	const map = new Map<string, number>();
	const out = new Int32Array(positions.length / 3);
	for (let v = 0; v < out.length; v++) {
		const k = `${positions[3 * v]},${positions[3 * v + 1]},${positions[3 * v + 2]}`;
		let id = map.get(k);
		if (id === undefined) map.set(k, (id = map.size));
		out[v] = id;
	}
	return out;
}

/** Closed, manifold and consistently wound: every welded directed edge once, its reverse once. Returns problems. */
export function topologyProblems(t: Tri): string[] {
	const w = weld(t.positions);
	const directed = new Map<string, number>();
	let degenerate = 0;
	for (let i = 0; i < t.indices.length; i += 3) {
		const v = [w[t.indices[i]], w[t.indices[i + 1]], w[t.indices[i + 2]]];
		if (v[0] === v[1] || v[1] === v[2] || v[0] === v[2]) degenerate++;
		for (let k = 0; k < 3; k++) {
			const key = `${v[k]},${v[(k + 1) % 3]}`;
			directed.set(key, (directed.get(key) ?? 0) + 1);
		}
	}
	const problems: string[] = [];
	if (degenerate) problems.push(`${degenerate} degenerate triangles`);
	let open = 0;
	let nonManifold = 0;
	for (const [key, n] of directed) {
		const [a, b] = key.split(',');
		const back = directed.get(`${b},${a}`) ?? 0;
		if (n > 1) nonManifold++;
		else if (back !== 1) open++;
	}
	if (open) problems.push(`${open} open or inconsistently wound edges`);
	if (nonManifold) problems.push(`${nonManifold} edges used twice in one direction`);
	return problems;
}

type V = [number, number, number];
const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: V, b: V) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function segTri(p: V, q: V, a: V, b: V, c: V): boolean {
	const d = sub(q, p);
	const e1 = sub(b, a);
	const e2 = sub(c, a);
	const h = cross(d, e2);
	const det = dot(e1, h);
	if (Math.abs(det) < 1e-18) return false;
	const f = 1 / det;
	const s = sub(p, a);
	const u = f * dot(s, h);
	if (u < 0 || u > 1) return false;
	const qq = cross(s, e1);
	const v = f * dot(d, qq);
	if (v < 0 || u + v > 1) return false;
	const t = f * dot(e2, qq);
	return t >= 0 && t <= 1;
}

/**
 * Triangles of region A that intersect triangles of region B (sharing no
 * welded vertex). Grid-hash prefilter, then edge–triangle tests both ways.
 */
export function intersectingPairs(t: Tri, triTags: Int32Array, tagsA: number[], tagsB: number[]): number {
	const w = weld(t.positions);
	const P = t.positions;
	const vert = (i: number): V => [P[3 * i], P[3 * i + 1], P[3 * i + 2]];
	const nt = t.indices.length / 3;
	const listA: number[] = [];
	const listB: number[] = [];
	for (let f = 0; f < nt; f++) {
		if (tagsA.includes(triTags[f])) listA.push(f);
		else if (tagsB.includes(triTags[f])) listB.push(f);
	}
	if (!listA.length || !listB.length) return 0;
	const cell = 0.02;
	const grid = new Map<string, number[]>();
	const boxOf = (f: number) => {
		const vs = [0, 1, 2].map((k) => vert(t.indices[3 * f + k]));
		return [0, 1, 2].map((c) => [Math.floor(Math.min(...vs.map((v) => v[c])) / cell), Math.floor(Math.max(...vs.map((v) => v[c])) / cell)]);
	};
	for (const f of listB) {
		const b = boxOf(f);
		for (let x = b[0][0]; x <= b[0][1]; x++) for (let y = b[1][0]; y <= b[1][1]; y++) for (let z = b[2][0]; z <= b[2][1]; z++) {
			const k = `${x},${y},${z}`;
			const l = grid.get(k);
			if (l) l.push(f);
			else grid.set(k, [f]);
		}
	}
	let hits = 0;
	for (const fa of listA) {
		const b = boxOf(fa);
		const seen = new Set<number>();
		const va = [0, 1, 2].map((k) => t.indices[3 * fa + k]);
		const wa = va.map((v) => w[v]);
		const A = va.map(vert);
		let hit = false;
		for (let x = b[0][0]; x <= b[0][1] && !hit; x++) for (let y = b[1][0]; y <= b[1][1] && !hit; y++) for (let z = b[2][0]; z <= b[2][1] && !hit; z++) {
			for (const fb of grid.get(`${x},${y},${z}`) ?? []) {
				if (seen.has(fb)) continue;
				seen.add(fb);
				const vb = [0, 1, 2].map((k) => t.indices[3 * fb + k]);
				if (vb.some((v) => wa.includes(w[v]))) continue;
				const B = vb.map(vert);
				for (let k = 0; k < 3 && !hit; k++) {
					if (segTri(A[k], A[(k + 1) % 3], B[0], B[1], B[2]) || segTri(B[k], B[(k + 1) % 3], A[0], A[1], A[2])) hit = true;
				}
				if (hit) break;
			}
		}
		if (hit) hits++;
	}
	return hits;
}

/** Joint world positions at rest, from the skin's inverse bind matrices. */
export function restJoints(doc: Document): Map<string, V> {
	const skin = doc.getRoot().listSkins()[0];
	const ibm = skin.getInverseBindMatrices()!.getArray()!;
	const out = new Map<string, V>();
	skin.listJoints().forEach((j, i) => out.set(j.getName(), [-ibm[16 * i + 12], -ibm[16 * i + 13], -ibm[16 * i + 14]]));
	return out;
}

type M = number[]; // 3x4 row-major [r00 r01 r02 tx, ...]
const mul = (a: M, b: M): M => {
	const o: M = new Array(12).fill(0);
	for (let r = 0; r < 3; r++) {
		for (let c = 0; c < 4; c++) {
			let s = c === 3 ? a[4 * r + 3] : 0;
			for (let k = 0; k < 3; k++) s += a[4 * r + k] * b[4 * k + c];
			o[4 * r + c] = s;
		}
	}
	return o;
};
export function rot(axis: 'x' | 'y' | 'z', deg: number): M {
	const t = (deg * Math.PI) / 180;
	const c = Math.cos(t);
	const s = Math.sin(t);
	if (axis === 'x') return [1, 0, 0, 0, 0, c, -s, 0, 0, s, c, 0];
	if (axis === 'y') return [c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 0];
	return [c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0];
}

/** Linear blend skinning of the Body primitive with local joint rotations (about each joint, rest axes). */
export function poseBody(doc: Document, rotations: Record<string, M>): Float32Array {
	const prim = primitiveOf(doc, 'Body');
	const P = prim.getAttribute('POSITION')!.getArray() as Float32Array;
	const J = prim.getAttribute('JOINTS_0')!.getArray()!;
	const W = prim.getAttribute('WEIGHTS_0')!.getArray()!;
	const rest = restJoints(doc);
	const skin = doc.getRoot().listSkins()[0];
	const names = skin.listJoints().map((j) => j.getName());
	const parentOf = new Map<string, string | null>();
	for (const j of skin.listJoints()) parentOf.set(j.getName(), j.getParentNode()?.getName() ?? null);
	const world = new Map<string, M>();
	const worldOf = (name: string): M => {
		const hit = world.get(name);
		if (hit) return hit;
		const p = rest.get(name)!;
		const parent = parentOf.get(name);
		const pp = parent ? rest.get(parent)! : [0, 0, 0];
		const local = mul([1, 0, 0, p[0] - pp[0], 0, 1, 0, p[1] - pp[1], 0, 0, 1, p[2] - pp[2]], rotations[name] ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
		const m = parent ? mul(worldOf(parent), local) : local;
		world.set(name, m);
		return m;
	};
	const skinM = names.map((n) => {
		const p = rest.get(n)!;
		return mul(worldOf(n), [1, 0, 0, -p[0], 0, 1, 0, -p[1], 0, 0, 1, -p[2]]);
	});
	const out = new Float32Array(P.length);
	for (let v = 0; v < P.length / 3; v++) {
		for (let k = 0; k < 4; k++) {
			const w = W[4 * v + k];
			if (!w) continue;
			const m = skinM[J[4 * v + k]];
			for (let r = 0; r < 3; r++) out[3 * v + r] += w * (m[4 * r] * P[3 * v] + m[4 * r + 1] * P[3 * v + 1] + m[4 * r + 2] * P[3 * v + 2] + m[4 * r + 3]);
		}
	}
	return out;
}

/** Ratios posed/rest of every welded edge, sorted. */
export function edgeRatios(indices: Uint32Array, rest: Float32Array, posed: Float32Array): Float64Array {
	const w = weld(rest);
	const seen = new Set<string>();
	const out: number[] = [];
	const len = (P: Float32Array, a: number, b: number) => Math.hypot(P[3 * a] - P[3 * b], P[3 * a + 1] - P[3 * b + 1], P[3 * a + 2] - P[3 * b + 2]);
	for (let i = 0; i < indices.length; i += 3) {
		for (let k = 0; k < 3; k++) {
			const a = indices[i + k];
			const b = indices[i + ((k + 1) % 3)];
			const key = w[a] < w[b] ? `${w[a]},${w[b]}` : `${w[b]},${w[a]}`;
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(len(posed, a, b) / len(rest, a, b));
		}
	}
	return Float64Array.from(out).sort();
}

export const jointIndex = (name: string) => AXIS65_NAMES.indexOf(name);
