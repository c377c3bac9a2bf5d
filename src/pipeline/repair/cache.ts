/**
 * What several repair steps read from the same primitives — triangle lists
 * and positions welded per mesh — computed once and shared while nothing
 * changes them. Entries are keyed by primitive (or mesh) and checked against
 * the accessor arrays they were computed from, so a step that replaces a
 * primitive's indices or attributes (as writeTriangles and compaction do)
 * invalidates them; a step that edits POSITION in place calls `invalidate`.
 * Everything handed out is shared: read it, never write to it.
 */
import { type Mesh, Primitive, type TypedArray } from '@gltf-transform/core';
import { readFloats } from '../../geometry/accessors.js';
import { readTriangles, type TriangleList } from '../../geometry/triangle-list.js';
import { weldPositionSets } from '../../geometry/weld-positions.js';
import { gather } from './util.js';

interface TriangleEntry {
	indices: TypedArray | null;
	mode: number;
	vertexCount: number;
	list: TriangleList | null;
	/** Every vertex is used by some triangle of the list. */
	allReferenced?: boolean;
}

interface WeldEntry {
	prims: Primitive[];
	arrays: (TypedArray | null)[];
	ids: Uint32Array[];
	unique: number;
}

/** The welded positions of a group of primitives (one mesh's): per primitive, vertex → welded id. */
export interface MeshWeld {
	ids: Uint32Array[];
	unique: number;
}

interface WeldedEntry {
	lists: Uint32Array[];
	ids: Uint32Array[];
	wt: Uint32Array;
}

export class MeshCache {
	private readonly triangleLists = new Map<Primitive, TriangleEntry>();
	private readonly welds = new Map<Mesh, WeldEntry>();
	private readonly weldedLists = new Map<Mesh, WeldedEntry>();
	private readonly finite = new WeakSet<TypedArray>();
	private readonly owned = new WeakSet<TypedArray>();

	/** Records that `array` holds no NaN or ±Infinity (repairNonFinite made sure; remapPrimitive copies it on). */
	markFinite(array: TypedArray): void {
		this.finite.add(array);
	}

	/** Whether `array` was recorded as finite. */
	isFinite(array: TypedArray): boolean {
		return this.finite.has(array);
	}

	/**
	 * Records that repair allocated `array` for one accessor of one primitive (never the caller's data), so a
	 * later step that replaces that accessor may reuse the array's memory (filter or compact it in place).
	 */
	own<T extends TypedArray>(array: T): T {
		this.owned.add(array);
		return array;
	}

	/** Whether `array` was recorded by `own`. */
	owns(array: TypedArray | null): boolean {
		return array !== null && this.owned.has(array);
	}

	/** A mesh's welded triangle list (`weldedTriangles`), when it was recorded for exactly these triangle lists and welded ids. */
	welded(mesh: Mesh, lists: Uint32Array[], ids: Uint32Array[]): Uint32Array | null {
		const hit = this.weldedLists.get(mesh);
		if (!hit || hit.lists.length !== lists.length || hit.ids.length !== ids.length) return null;
		for (let i = 0; i < lists.length; i++) if (hit.lists[i] !== lists[i] || hit.ids[i] !== ids[i]) return null;
		return hit.wt;
	}

	/** Records a mesh's welded triangle list (shared from now on: do not modify it). */
	setWelded(mesh: Mesh, lists: Uint32Array[], ids: Uint32Array[], wt: Uint32Array): void {
		this.weldedLists.set(mesh, { lists: [...lists], ids: [...ids], wt });
	}

	/** `readTriangles(prim)`, shared (do not modify the list). */
	triangles(prim: Primitive): TriangleList | null {
		const indices = prim.getIndices()?.getArray() ?? null;
		const mode = prim.getMode();
		const vertexCount = prim.getAttribute('POSITION')?.getCount() ?? 0;
		const hit = this.triangleLists.get(prim);
		if (hit && hit.indices === indices && hit.mode === mode && hit.vertexCount === vertexCount) return hit.list;
		// A plain Uint32 triangle list in range is used as it is (shared, read-only); anything else is read into a new list.
		const list = indices instanceof Uint32Array && mode === Primitive.Mode.TRIANGLES && indices.length % 3 === 0 && maxIndex(indices) < vertexCount ? { tris: indices, outOfRange: 0 } : readTriangles(prim, vertexCount);
		this.triangleLists.set(prim, { indices, mode, vertexCount, list });
		return list;
	}

	/**
	 * Records the list just written as the primitive's indices (`writeTriangles`
	 * calls this); the cache keeps `tris`. `inRange`: the caller knows every
	 * index is below the vertex count (a subset or reordering of a list this
	 * cache handed out, or a remap's output), so it is not scanned again.
	 */
	wrote(prim: Primitive, tris: Uint32Array, inRange = false, allReferenced = false): void {
		const indices = prim.getIndices()?.getArray() ?? null;
		const vertexCount = prim.getAttribute('POSITION')?.getCount() ?? 0;
		if (tris.length % 3 !== 0 || (!inRange && maxIndex(tris) >= vertexCount)) {
			this.triangleLists.delete(prim);
			return;
		}
		this.triangleLists.set(prim, { indices, mode: prim.getMode(), vertexCount, list: { tris, outOfRange: 0 }, allReferenced });
	}

	/** Whether the primitive's current triangle list is known to use every vertex (it was just re-indexed by a weld or compaction). */
	referencesAll(prim: Primitive): boolean {
		const hit = this.triangleLists.get(prim);
		if (!hit?.allReferenced) return false;
		return hit.indices === (prim.getIndices()?.getArray() ?? null) && hit.mode === prim.getMode() && hit.vertexCount === (prim.getAttribute('POSITION')?.getCount() ?? 0);
	}

	/** Positions of `prims` (one mesh's) welded bit-exactly together, shared. */
	weld(mesh: Mesh, prims: Primitive[]): MeshWeld {
		const arrays = prims.map((p) => p.getAttribute('POSITION')?.getArray() ?? null);
		const hit = this.welds.get(mesh);
		if (hit && hit.prims.length === prims.length && hit.prims.every((p, i) => p === prims[i] && hit.arrays[i] === arrays[i])) return hit;
		const { ids, unique }: { ids: Uint32Array[]; unique: number } = weldPositionSets(prims.map((p) => readFloats(p.getAttribute('POSITION')!)));
		const entry: WeldEntry = { prims, arrays, ids, unique };
		this.welds.set(mesh, entry);
		return entry;
	}

	/**
	 * The primitive's vertices were just rebuilt from old ones (`remapPrimitive`:
	 * new vertex d is a copy of old vertex `source[d]`, POSITION was `oldPosition`
	 * and is now a new array). A cached weld of its mesh is carried over instead
	 * of being recomputed: ids follow their vertices and are renumbered in order
	 * of first appearance, which is what welding the new positions gives (equal
	 * positions stay equal, the copies are bit-exact). With `oldIndices` (only
	 * when no two referenced vertices were merged, so every triangle keeps its
	 * welded corners) the mesh's welded triangle list is carried over too.
	 */
	remapped(prim: Primitive, oldPosition: TypedArray | null, source: Int32Array, oldIndices: TypedArray | null = null, newIndices: TypedArray | null = null): void {
		for (const [mesh, entry] of this.welds) {
			const p = entry.prims.indexOf(prim);
			if (p < 0) continue;
			const position = prim.getAttribute('POSITION')?.getArray() ?? null;
			const oldIds = entry.ids[p];
			if (oldPosition === null || entry.arrays[p] !== oldPosition || !position || position.length !== source.length * 3) {
				this.welds.delete(mesh);
				continue;
			}
			const ids = gatherIds(oldIds, source);
			if (!ids) {
				this.welds.delete(mesh);
				continue;
			}
			const all = entry.ids.map((x, i) => (i === p ? ids : x));
			// Renumber in order of first appearance (only when an id lost all its vertices or the order changed).
			const { renumber, unique, identity } = firstAppearance(all, entry.unique);
			if (!identity) for (let i = 0; i < all.length; i++) all[i] = gather(i === p ? all[i] : new Uint32Array(all[i].length), renumber, all[i]);
			// The mesh's welded triangles stay the same triangles (the remap keeps their order), ids renumbered.
			const welded = this.weldedLists.get(mesh);
			if (welded) {
				this.weldedLists.delete(mesh);
				const list = this.triangleLists.get(prim)?.list?.tris ?? null;
				const same = welded.ids.length === entry.ids.length && welded.ids.every((x, i) => x === entry.ids[i]);
				if (same && oldIndices !== null && welded.lists[p] === oldIndices && list !== null && list === newIndices) {
					const wt = identity ? welded.wt : gather(new Uint32Array(welded.wt.length), renumber, welded.wt);
					this.weldedLists.set(mesh, { lists: welded.lists.map((l, i) => (i === p ? list : l)), ids: all, wt });
				}
			}
			entry.ids = all;
			entry.unique = unique;
			entry.arrays = entry.arrays.map((a, i) => (i === p ? position : a));
		}
	}

	/** Forgets everything about a primitive whose data was changed in place. */
	invalidate(prim: Primitive): void {
		this.triangleLists.delete(prim);
		for (const [mesh, entry] of this.welds) {
			if (!entry.prims.includes(prim)) continue;
			this.welds.delete(mesh);
			this.weldedLists.delete(mesh);
		}
	}
}

// The loops of `remapped`, each its own small function: a cold run gets them optimized sooner (and once for every call).

/** `old[source[d]]` for each d; null when a source is out of range. */
function gatherIds(old: Uint32Array, source: Int32Array): Uint32Array | null {
	const ids = new Uint32Array(source.length);
	for (let d = 0; d < source.length; d++) {
		const s = source[d];
		if (s < 0 || s >= old.length) return null;
		ids[d] = old[s];
	}
	return ids;
}

/** Renumbering of ids below `count` in order of first appearance across `lists`; `identity` when no id changes. */
function firstAppearance(lists: Uint32Array[], count: number): { renumber: Int32Array; unique: number; identity: boolean } {
	const renumber = new Int32Array(count).fill(-1);
	let unique = 0;
	let identity = true;
	for (let l = 0; l < lists.length; l++) {
		const list = lists[l];
		for (let v = 0; v < list.length; v++) {
			const id = list[v];
			let r = renumber[id];
			if (r < 0) r = renumber[id] = unique++;
			if (r !== id) identity = false;
		}
	}
	return { renumber, unique, identity };
}

function maxIndex(array: Uint32Array): number {
	let max = -1;
	for (let i = 0; i < array.length; i++) if (array[i] > max) max = array[i];
	return max;
}
