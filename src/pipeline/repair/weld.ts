/**
 * Welds vertices that are the same in every attribute — POSITION, NORMAL,
 * every TEXCOORD_n and COLOR_n, JOINTS_n/WEIGHTS_n and each morph target's
 * deltas — so UV seams, hard edges and skin/morph differences stay split.
 *
 * - `tolerance: 0` (default): bit-exact, like gltf-transform's `weld()` (which
 *   compares the same attribute set); implemented here on one hash pass
 *   so the same pass also tells how many vertices were unreferenced.
 * - `tolerance > 0`: positions and morph POSITION deltas within
 *   `tolerance × bounding-box diagonal`, other float attributes within
 *   `tolerance` (absolute: normals, UVs, colours, weights), integer attributes
 *   (JOINTS_n, quantized data) exactly. Vertices merge into the first vertex
 *   they match (greedy), so a second pass finds nothing more to merge.
 *
 * Welding re-indexes the primitive and drops vertices no triangle uses.
 */
import type { Document, Primitive, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import type { WeldedPositions } from '../../geometry/weld-positions.js';
import { MeshCache } from './cache.js';
import { deepAttributes, hash3, listPrims, nextPow2, primsByMesh, readTriangles, markReferenced, referencedDiag2, remapPrimitive, reportFix, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const WELD = 'weldVertices';

export interface WeldOptions extends StepOptions {
	/** 0 = bit-exact (default); otherwise relative tolerance, see module notes. */
	tolerance?: number;
}

type Num = ArrayLike<number>;

interface Column {
	values: Num;
	size: number;
	/** Absolute tolerance for this attribute (0 = exact). */
	tol: number;
}

function columns(prim: Primitive, exact: boolean, posTol: number, tol: number): Column[] | null {
	const out: Column[] = [];
	const add = (accessor: ReturnType<Primitive['getAttribute']>, positional: boolean) => {
		const array = accessor!.getArray();
		if (!array) return false;
		const float = array instanceof Float32Array;
		const values: Num = exact && float ? new Uint32Array(array.buffer, array.byteOffset, array.length) : array;
		out.push({ values, size: accessor!.getElementSize(), tol: exact || !float ? 0 : positional ? posTol : tol });
		return true;
	};
	for (const semantic of prim.listSemantics()) if (!add(prim.getAttribute(semantic), semantic === 'POSITION')) return null;
	for (const target of prim.listTargets()) for (const semantic of target.listSemantics()) if (!add(target.getAttribute(semantic), semantic === 'POSITION')) return null;
	return out;
}

/** Hash of every column's values of vertex v; any good mix will do, equality decides. */
function hashVertex(cols: Column[], v: number): number {
	let x = 0x811c9dc5;
	for (const c of cols) for (let k = 0, i = v * c.size; k < c.size; k++) x = Math.imul(x ^ (c.values[i + k] >>> 0), 0x01000193) ^ (x >>> 15);
	return hash3(x, 0, 0) | 0;
}

function equalExact(cols: Column[], a: number, b: number): boolean {
	for (const c of cols) {
		const ia = a * c.size;
		const ib = b * c.size;
		for (let k = 0; k < c.size; k++) if (c.values[ia + k] !== c.values[ib + k]) return false;
	}
	return true;
}

function equalWithin(cols: Column[], a: number, b: number): boolean {
	for (const c of cols) {
		const ia = a * c.size;
		const ib = b * c.size;
		for (let k = 0; k < c.size; k++) {
			const d = c.values[ia + k] - c.values[ib + k];
			if (!(Math.abs(d) <= c.tol)) return false;
		}
	}
	return true;
}

/** How a primitive's vertices are welded: old vertex → new (unreferenced ones → 0), and how many vertices there are. */
interface Plan {
	remap: Uint32Array;
	count: number;
	referenced: number;
	/** Exact welds: per new vertex, an old vertex of its group (all of them are bit-identical), ascending. */
	source?: Int32Array;
}

/**
 * Vertices keep their order: each group maps to its lowest-index member,
 * numbered in vertex order. With `byPosition` (the vertices welded by
 * position, as MeshCache.weld gives them) a vertex alone at its position is a
 * group of its own without being hashed: only the others go through the hash
 * table (UV seams, hard edges, duplicates).
 */
function planExact(cols: Column[], tris: Uint32Array, n: number, byPosition?: WeldedPositions): Plan {
	const used = new Uint8Array(n);
	const referenced = markReferenced(tris, used);
	// Used vertices per welded position, up to 2 (null: every used vertex is compared).
	const atPosition = byPosition ? new Uint8Array(byPosition.unique) : null;
	const compared = byPosition ? countSharing(used, byPosition.ids, atPosition!) : referenced;
	const remap = new Uint32Array(n); // unreferenced vertices map to 0, so remapPrimitive's arrays stay in range
	const source = new Int32Array(referenced);
	const count = groupExact(cols, used, byPosition?.ids ?? null, atPosition, remap, source, nextPow2(compared + (compared >> 2)));
	return { remap, count, referenced, source: source.subarray(0, count) };
}

/** Counts the used vertices at each welded position in `atPosition` (saturating at 2); returns how many share their position with another. */
function countSharing(used: Uint8Array, ids: Uint32Array, atPosition: Uint8Array): number {
	let sharing = 0;
	for (let v = 0; v < used.length; v++) {
		if (!used[v]) continue;
		const k = atPosition[ids[v]];
		if (k === 2) sharing++;
		else {
			atPosition[ids[v]] = k + 1;
			if (k === 1) sharing += 2;
		}
	}
	return sharing;
}

/** planExact's grouping pass: fills remap and source, returns the number of groups. */
function groupExact(cols: Column[], used: Uint8Array, ids: Uint32Array | null, atPosition: Uint8Array | null, remap: Uint32Array, source: Int32Array, capacity: number): number {
	const mask = capacity - 1;
	// Slot: vertex + 1 (0 = empty) and its hash next to it, so probing past other vertices does not read them.
	const table = new Int32Array(capacity * 2);
	let count = 0;
	for (let v = 0; v < used.length; v++) {
		if (!used[v]) continue;
		if (ids !== null && atPosition![ids[v]] !== 2) {
			source[count] = v;
			remap[v] = count++;
			continue;
		}
		const hv = hashVertex(cols, v);
		let slot = hv & mask;
		for (;;) {
			const w = table[slot * 2] - 1;
			if (w === -1) {
				table[slot * 2] = v + 1;
				table[slot * 2 + 1] = hv;
				source[count] = v;
				remap[v] = count++;
				break;
			}
			if (table[slot * 2 + 1] === hv && equalExact(cols, w, v)) {
				remap[v] = remap[w];
				break;
			}
			slot = (slot + 1) & mask;
		}
	}
	return count;
}

function planTolerance(cols: Column[], positions: Num, tris: Uint32Array, n: number, cell: number): Plan {
	const remap = new Uint32Array(n); // unreferenced vertices map to 0, so remapPrimitive's arrays stay in range
	const capacity = nextPow2(2 * n);
	const mask = capacity - 1;
	const keyX = new Int32Array(capacity);
	const keyY = new Int32Array(capacity);
	const keyZ = new Int32Array(capacity);
	const head = new Int32Array(capacity).fill(-1);
	const occupied = new Uint8Array(capacity);
	const next = new Int32Array(n).fill(-1);
	const inv = 1 / cell;
	const find = (x: number, y: number, z: number, create: boolean): number => {
		let slot = hash3(x, y, z) & mask;
		while (occupied[slot]) {
			if (keyX[slot] === x && keyY[slot] === y && keyZ[slot] === z) return slot;
			slot = (slot + 1) & mask;
		}
		if (!create) return -1;
		occupied[slot] = 1;
		keyX[slot] = x;
		keyY[slot] = y;
		keyZ[slot] = z;
		return slot;
	};
	const used = new Uint8Array(n);
	const referenced = markReferenced(tris, used);
	let count = 0;
	for (let v = 0; v < n; v++) {
		if (!used[v]) continue;
		const cx = Math.floor(positions[v * 3] * inv);
		const cy = Math.floor(positions[v * 3 + 1] * inv);
		const cz = Math.floor(positions[v * 3 + 2] * inv);
		let match = -1;
		search: for (let dx = -1; dx <= 1; dx++) {
			for (let dy = -1; dy <= 1; dy++) {
				for (let dz = -1; dz <= 1; dz++) {
					const slot = find(cx + dx, cy + dy, cz + dz, false);
					if (slot < 0) continue;
					for (let w = head[slot]; w !== -1; w = next[w]) {
						if (equalWithin(cols, w, v)) {
							match = w;
							break search;
						}
					}
				}
			}
		}
		if (match >= 0) {
			remap[v] = remap[match];
			continue;
		}
		remap[v] = count++;
		const slot = find(cx, cy, cz, true);
		next[v] = head[slot];
		head[slot] = v;
	}
	return { remap, count, referenced };
}

/**
 * Welds one primitive; returns [vertices before, referenced, after] or null
 * when nothing changed. `byPosition`: its vertices welded by position (speeds
 * up a bit-exact weld).
 */
export function weldPrimitiveAll(prim: Primitive, tolerance = 0, cache?: MeshCache, byPosition?: WeldedPositions): { before: number; referenced: number; after: number } | null {
	const position = prim.getAttribute('POSITION');
	if (!position) return null;
	const read = cache ? cache.triangles(prim) : readTriangles(prim);
	if (!read) return null;
	const n = position.getCount();
	for (const a of deepAttributes(prim)) if (a.getCount() !== n) return null; // malformed: leave alone
	const exact = !(tolerance > 0);
	let posTol = 0;
	if (!exact) posTol = tolerance * Math.sqrt(referencedDiag2(position.getArray() as Float32Array, read.tris));
	const cols = columns(prim, exact || !(posTol > 0), posTol, tolerance);
	if (!cols) return null;
	const plan = exact || !(posTol > 0) ? planExact(cols, read.tris, n, byPosition?.ids.length === n ? byPosition : undefined) : planTolerance(cols, position.getArray()!, read.tris, n, posTol);
	if (plan.count === 0) return null; // nothing drawable: compactVertices removes the primitive
	if (plan.count === n && read.outOfRange === 0) {
		let identity = true;
		for (let v = 0; v < n && identity; v++) if (plan.remap[v] !== v) identity = false;
		if (identity) return null;
	}
	if (prim.getMode() !== 4 || !prim.getIndices() || read.outOfRange > 0) writeTriangles(prim, read.tris);
	// An exact weld knows each new vertex's source (and a merge when fewer groups than used vertices).
	remapPrimitive(prim, plan.remap, plan.count, cache, plan.source, plan.count < plan.referenced, true);
	return { before: n, referenced: plan.referenced, after: plan.count };
}

export function weldVertices(options: WeldOptions = {}): Transform {
	const tolerance = options.tolerance ?? 0;
	return namedTransform(WELD, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const refs = listPrims(document);
		// A bit-exact weld compares only vertices at the same position: the mesh's positions are welded first (shared with the later steps through the cache).
		const meshPrims = new Map(primsByMesh(document).map((group) => [group[0].mesh, group.map((r) => r.primitive)]));
		refs.forEach((ref, i) => {
			const prims = meshPrims.get(ref.mesh);
			const p = prims ? prims.indexOf(ref.primitive) : -1;
			let byPosition: WeldedPositions | undefined;
			if (!(tolerance > 0) && prims && p >= 0) {
				const welded = cache.weld(ref.mesh, prims);
				byPosition = { ids: welded.ids[p], unique: welded.unique };
			}
			const r = weldPrimitiveAll(ref.primitive, tolerance, cache, byPosition);
			if (r) {
				if (r.referenced > r.after) {
					reportFix(report, 'FIXED_DUPLICATE_VERTICES', whereOf(ref, r.referenced - r.after), 'vertices', r.referenced, r.after, `${r.referenced - r.after} merged${tolerance > 0 ? `, tolerance ${tolerance}` : ', bit-exact'}`);
				}
				if (r.before > r.referenced) reportFix(report, 'FIXED_UNREFERENCED_VERTICES', whereOf(ref, r.before - r.referenced), 'vertices', r.before, r.referenced, 'unreferenced vertices removed');
			}
			options.onProgress?.(WELD, (i + 1) / refs.length);
		});
	});
}
