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

interface TriangleEntry {
	indices: TypedArray | null;
	mode: number;
	vertexCount: number;
	list: TriangleList | null;
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

export class MeshCache {
	private readonly triangleLists = new Map<Primitive, TriangleEntry>();
	private readonly welds = new Map<Mesh, WeldEntry>();

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

	/** Records the list just written as the primitive's indices (`writeTriangles` calls this); the cache keeps `tris`. */
	wrote(prim: Primitive, tris: Uint32Array): void {
		const indices = prim.getIndices()?.getArray() ?? null;
		const vertexCount = prim.getAttribute('POSITION')?.getCount() ?? 0;
		if (maxIndex(tris) >= vertexCount || tris.length % 3 !== 0) {
			this.triangleLists.delete(prim);
			return;
		}
		this.triangleLists.set(prim, { indices, mode: prim.getMode(), vertexCount, list: { tris, outOfRange: 0 } });
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

	/** Forgets everything about a primitive whose data was changed in place. */
	invalidate(prim: Primitive): void {
		this.triangleLists.delete(prim);
		for (const [mesh, entry] of this.welds) if (entry.prims.includes(prim)) this.welds.delete(mesh);
	}
}

function maxIndex(array: Uint32Array): number {
	let max = -1;
	for (let i = 0; i < array.length; i++) if (array[i] > max) max = array[i];
	return max;
}
