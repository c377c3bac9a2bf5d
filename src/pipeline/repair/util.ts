/**
 * Shared pieces of the repair steps: triangle lists, accessor helpers, the
 * per-mesh position welding the validation rules use, and how fixes are
 * reported. Everything works on typed arrays; nothing here prints.
 */
import { type Accessor, Document, type Mesh, Primitive } from '@gltf-transform/core';
import { readFloats } from '../../geometry/accessors.js';
import { referencedDiag2 } from '../../geometry/bounds.js';
import { hash3, nextPow2 } from '../../geometry/hash.js';
import { readTriangles, TRIANGLE_MODES, type TriangleList } from '../../geometry/triangle-list.js';
import { weldPositionSets } from '../../geometry/weld-positions.js';
import type { Finding, ProgressFn, Where } from '../../report.js';
import { Report } from '../../report.js';
import type { MeshCache } from './cache.js';

export { hash3, nextPow2, readFloats, referencedDiag2, readTriangles, TRIANGLE_MODES, type TriangleList, weldPositionSets };

/** Options every repair step takes besides its own. */
export interface StepOptions {
	/** Findings go here (one shared report across a pipeline); default: a private report. */
	report?: Report;
	/** Progress callback `(stage, fraction)`. */
	onProgress?: ProgressFn;
	/**
	 * Triangle lists and welded positions shared between steps run back to
	 * back (`repair()` passes one to all its steps); default: a private one
	 * per run of the step.
	 */
	cache?: MeshCache;
}

/** A primitive with where it lives, for reports. */
export interface PrimRef {
	mesh: Mesh;
	meshIndex: number;
	meshName: string;
	primitive: Primitive;
	primitiveIndex: number;
	pointer: string;
}

export function listPrims(document: Document): PrimRef[] {
	const out: PrimRef[] = [];
	document
		.getRoot()
		.listMeshes()
		.forEach((mesh, meshIndex) => {
			mesh.listPrimitives().forEach((primitive, primitiveIndex) => {
				out.push({ mesh, meshIndex, meshName: mesh.getName() || `mesh ${meshIndex}`, primitive, primitiveIndex, pointer: `/meshes/${meshIndex}/primitives/${primitiveIndex}` });
			});
		});
	return out;
}

export function whereOf(ref: PrimRef, count?: number): Where {
	const w: Where = { mesh: ref.meshName, primitive: ref.primitiveIndex, pointer: ref.pointer };
	if (count !== undefined) w.count = count;
	return w;
}

export function vertexCount(prim: Primitive): number {
	return prim.getAttribute('POSITION')?.getCount() ?? 0;
}

/**
 * Replaces the primitive's indices with a triangle list (mode TRIANGLES). The
 * new index accessor uses the smallest component type that fits and lives in
 * the buffer the old one (or POSITION) used; the old one is disposed when no
 * one else uses it. The primitive may keep `tris` itself as its index array:
 * do not change it afterwards.
 */
export function writeTriangles(prim: Primitive, tris: Uint32Array, cache?: MeshCache, inRange = false): void {
	const document = Document.fromGraph(prim.getGraph())!;
	const old = prim.getIndices();
	const n = vertexCount(prim);
	// The list becomes the accessor's array where it can (callers hand over a list they no longer change).
	// A view repair owns (a list filtered in place) is kept as it is: the writer copies only the view's bytes.
	const array = n <= 65535 ? Uint16Array.from(tris) : (tris.byteOffset === 0 && tris.byteLength === tris.buffer.byteLength) || cache?.owns(tris) ? tris : tris.slice();
	const buffer = old?.getBuffer() ?? prim.getAttribute('POSITION')?.getBuffer() ?? document.getRoot().listBuffers()[0] ?? null;
	const accessor = document.createAccessor(old?.getName() ?? '').setType('SCALAR').setArray(array);
	if (buffer) accessor.setBuffer(buffer);
	prim.setIndices(accessor);
	prim.setMode(Primitive.Mode.TRIANGLES);
	if (old && old.listParents().length <= 1) old.dispose();
	cache?.wrote(prim, tris, inRange);
}

/**
 * Writes `tris` less the triangles removed[first] − base, …, removed[last − 1] − base (ascending) to `out`
 * from element `at` on, as block copies of the runs between them. `out` may be `tris` itself (in place: every
 * run moves down). Returns the end of what was written.
 */
export function copyKeptTriangles(tris: Uint32Array, removed: ArrayLike<number>, first: number, last: number, base: number, out: Uint32Array, at = 0): number {
	let k = at;
	let from = 0;
	for (let r = first; r <= last; r++) {
		const to = r < last ? removed[r] - base : tris.length / 3;
		if (to > from) {
			if (out === tris) {
				if (k !== from * 3) out.copyWithin(k, from * 3, to * 3);
			} else out.set(tris.subarray(from * 3, to * 3), k);
			k += (to - from) * 3;
		}
		from = to + 1;
	}
	return k;
}

/** Sets used[v] = 1 for each vertex v the triangle list uses; returns how many there are. */
export function markReferenced(tris: Uint32Array, used: Uint8Array): number {
	let referenced = 0;
	for (let i = 0; i < tris.length; i++) {
		const v = tris[i];
		if (!used[v]) {
			used[v] = 1;
			referenced++;
		}
	}
	return referenced;
}

/** Every accessor of the primitive: attributes, then each morph target's attributes. */
export function deepAttributes(prim: Primitive): Accessor[] {
	const out = [...prim.listAttributes()];
	for (const target of prim.listTargets()) out.push(...target.listAttributes());
	return out;
}

/** Whether an accessor's data is float32 (writable as floats in place). */
export function isFloat32(accessor: Accessor): boolean {
	return accessor.getArray() instanceof Float32Array;
}

/** Groups triangle primitives (with POSITION) by mesh. */
export function primsByMesh(document: Document): PrimRef[][] {
	const map = new Map<Mesh, PrimRef[]>();
	for (const ref of listPrims(document)) {
		if (!TRIANGLE_MODES.has(ref.primitive.getMode()) || !ref.primitive.getAttribute('POSITION')) continue;
		let list = map.get(ref.mesh);
		if (!list) map.set(ref.mesh, (list = []));
		list.push(ref);
	}
	return [...map.values()];
}

export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

/**
 * Reports one fix: `code` (FIXED_…), info, with the before/after numbers in
 * the message and the number of fixed elements in `where.count`.
 */
export function reportFix(report: Report, code: string, where: Where | undefined, what: string, before: number, after: number, extra = ''): void {
	const f: Finding = {
		code,
		severity: 'info',
		message: `${where?.mesh ? `${where.mesh}${where.primitive !== undefined ? ` primitive ${where.primitive}` : ''}: ` : ''}${what}: before ${before}, after ${after}${extra ? ` (${extra})` : ''}`,
		source: 'axis',
	};
	if (where) f.where = { ...where, count: where.count ?? Math.abs(before - after) };
	report.add(f);
}

/** Reports something `fix` should have repaired and could not (severity error: `axis fix` exits 1). */
export function reportUnfixed(report: Report, code: string, where: Where | undefined, message: string): void {
	const f: Finding = { code, severity: 'error', message, source: 'axis' };
	if (where) f.where = where;
	report.add(f);
}

export function stepReport(options: StepOptions): Report {
	return options.report ?? new Report();
}

/**
 * gltf-transform's `compactPrimitive(prim, remap, count)` — the same graph
 * operations in the same order (new index accessor, a shallow clone per
 * attribute and morph target attribute, the old ones disposed when unused),
 * so the written file is identical — with linear passes instead of one pass
 * over the indices per attribute: each new vertex takes the values of the
 * first old vertex (in index order) that maps to it. `known`: the caller
 * already knows, per new vertex, an old vertex with its values (compaction
 * and exact welds), `merged`: whether two referenced old vertices became
 * one, and `ascending`: known[d] ≥ d for every d (vertex order kept), so
 * arrays repair allocated (MeshCache.own) are gathered in place.
 */
export function remapPrimitive(prim: Primitive, remap: Uint32Array, dstVertexCount: number, cache?: MeshCache, known?: Int32Array, merged = false, ascending = false): void {
	const document = Document.fromGraph(prim.getGraph())!;
	const srcIndices = prim.getIndices();
	const srcIndicesArray = srcIndices ? srcIndices.getArray() : null;
	const position = prim.getAttribute('POSITION');
	const srcIndicesCount = srcIndices ? srcIndices.getCount() : (position?.getCount() ?? 0);
	// Indices repair allocated are remapped in place (each is read before it is overwritten), into a new view.
	const reuseIndices = dstVertexCount > 65534 && srcIndicesArray instanceof Uint32Array && cache?.owns(srcIndicesArray) === true;
	const dstIndicesArray = reuseIndices ? srcIndicesArray.subarray(0) : dstVertexCount <= 65534 ? new Uint16Array(srcIndicesCount) : new Uint32Array(srcIndicesCount);
	if (dstIndicesArray instanceof Uint32Array) cache?.own(dstIndicesArray);
	// An old vertex for each new one: the first in index order unless the caller knows one.
	const source = known ?? new Int32Array(dstVertexCount).fill(-1);
	if (known) gather(dstIndicesArray, remap, srcIndicesArray);
	else merged = remapIndices(dstIndicesArray, remap, srcIndicesArray, source);
	prim.setIndices(document.createAccessor().setArray(dstIndicesArray));
	const oldPosition = position?.getArray() ?? null;
	const deep = deepAttributes(prim);
	const srcAttributesPrev = [...new Set(deep)];
	// In place only when no accessor serves twice (it would be gathered twice).
	if (srcAttributesPrev.length !== deep.length) ascending = false;
	let runs: Int32Array | null = null;
	const clone = (src: Accessor): Accessor => {
		const dst = document.createAccessor(src.getName()).setArray(src.getArray()).setType(src.getType()).setBuffer(src.getBuffer()).setNormalized(src.getNormalized()).setSparse(src.getSparse());
		const size = src.getElementSize();
		const srcArray = src.getArray()!;
		const finite = cache?.isFinite(srcArray) ?? false;
		// An array repair allocated, gathered in place when `ascending`: the new array is a view of its start.
		runs ??= sourceRuns(source);
		const dstArray = ascending && known && cache?.owns(srcArray) && gatherInPlace(srcArray, runs, size, finite) ? srcArray.subarray(0, dstVertexCount * size) : null;
		const out = dstArray ?? new (srcArray.constructor as new (n: number) => typeof srcArray)(dstVertexCount * size);
		if (!dstArray) gatherVertices(srcArray, out, source, runs, size, finite);
		if (finite) cache!.markFinite(out);
		cache?.own(out);
		return dst.setArray(out);
	};
	for (const src of prim.listAttributes()) prim.swap(src, clone(src));
	for (const target of prim.listTargets()) for (const src of target.listAttributes()) target.swap(src, clone(src));
	if (srcIndices && srcIndices.listParents().length === 1) srcIndices.dispose();
	for (const src of srcAttributesPrev) if (src.listParents().length === 1) src.dispose();
	if (cache && dstIndicesArray instanceof Uint32Array && prim.getMode() === Primitive.Mode.TRIANGLES) {
		// Every new vertex is used when each has a source (indexOf: a native scan, fast without warming up).
		cache.wrote(prim, dstIndicesArray, true, srcIndicesArray !== null && source.indexOf(-1) < 0);
	}
	cache?.remapped(prim, oldPosition, source, merged ? null : srcIndicesArray, dstIndicesArray);
}

type Typed = Exclude<ReturnType<Accessor['getArray']>, null>;

/** dst[i] = table[src[i]] for every i of dst (src null: table[i]). */
export function gather<T extends Typed>(dst: T, table: Uint32Array | Int32Array, src: Typed | null): T {
	if (src) for (let i = 0; i < dst.length; i++) dst[i] = table[src[i]];
	else for (let i = 0; i < dst.length; i++) dst[i] = table[i];
	return dst;
}

/** gather, also recording each new vertex's first old vertex in `source` (-1 = none yet); returns whether two old vertices merged. */
function remapIndices(dst: Typed, remap: Uint32Array, src: Typed | null, source: Int32Array): boolean {
	let merged = false;
	for (let i = 0; i < dst.length; i++) {
		const v = src ? src[i] : i;
		const d = remap[v];
		dst[i] = d;
		const s = source[d];
		if (s === -1) source[d] = v;
		else if (s !== v) merged = true;
	}
	return merged;
}

/**
 * Runs of consecutive sources, as triples (d, s, length): new vertices d … d + length − 1 are old vertices
 * s … s + length − 1 (vertices without a source are left out). Found once per remap, copied per attribute.
 */
function sourceRuns(source: Int32Array): Int32Array {
	let runs = new Int32Array(3 * 64);
	let k = 0;
	const n = source.length;
	let d = 0;
	while (d < n) {
		const s = source[d];
		if (s < 0) {
			d++;
			continue;
		}
		const e = runEnd(source, d);
		if (k === runs.length) {
			const grown = new Int32Array(runs.length * 2);
			grown.set(runs);
			runs = grown;
		}
		runs[k] = d;
		runs[k + 1] = s;
		runs[k + 2] = e - d;
		k += 3;
		d = e;
	}
	return runs.subarray(0, k);
}

/** The end of the run of consecutive sources starting at new vertex d (its own function: the loop that runs long). */
function runEnd(source: Int32Array, d: number): number {
	const s = source[d] - d;
	let e = d + 1;
	while (e < source.length && source[e] === s + e) e++;
	return e;
}

/** Copies the runs (sourceRuns) of `size`-wide vertices from src to dst; dst may be src when every run moves down (s ≥ d). */
function copyRuns(src: Typed, dst: Typed, runs: Int32Array, size: number): void {
	for (let r = 0; r < runs.length; r += 3) {
		const d = runs[r] * size;
		const s = runs[r + 1] * size;
		const length = runs[r + 2] * size;
		if (s === d && src === dst) continue;
		if (length >= 8 * size) {
			if (src === dst) dst.copyWithin(d, s, s + length);
			else dst.set(src.subarray(s, s + length), d);
		} else for (let j = 0; j < length; j++) dst[d + j] = src[s + j];
	}
}

/**
 * gatherVertices into src itself (every source[d] ≥ d: each value is read before it is overwritten); false,
 * with nothing changed, for float32 data that may hold NaNs (element copies would quiet signalling NaNs).
 */
function gatherInPlace(src: Typed, runs: Int32Array, size: number, finite: boolean): boolean {
	if (!finite && src instanceof Float32Array && src.includes(Number.NaN)) return false;
	copyRuns(src, src, runs, size);
	return true;
}

/** dst vertex d = src vertex source[d] (none when negative; `runs`: sourceRuns(source)). `finite`: src is known to hold no NaN. */
function gatherVertices(src: Typed, dst: Typed, source: Int32Array, runs: Int32Array, size: number, finite: boolean): void {
	const n = source.length;
	// Block copies are bit-exact; element copies quiet signalling NaNs in float32 data, so those arrays keep element copies.
	if (src.constructor === dst.constructor && n > 0 && (finite || !(src instanceof Float32Array && src.includes(Number.NaN)))) {
		// Compaction and welding keep vertex order: mostly long runs, copied as blocks.
		copyRuns(src, dst, runs, size);
		return;
	}
	if (size === 3) {
		for (let d = 0; d < n; d++) {
			const s = source[d];
			if (s < 0) continue;
			dst[d * 3] = src[s * 3];
			dst[d * 3 + 1] = src[s * 3 + 1];
			dst[d * 3 + 2] = src[s * 3 + 2];
		}
		return;
	}
	for (let d = 0; d < n; d++) {
		const s = source[d];
		if (s < 0) continue;
		for (let j = 0; j < size; j++) dst[d * size + j] = src[s * size + j];
	}
}

/** One mesh's triangles with vertices welded by position across its primitives. */
export interface WeldedTriangles {
	/** Each primitive's own triangle list (shared: do not modify). */
	lists: Uint32Array[];
	/** Index of each primitive's first triangle in `wt`. */
	offsets: number[];
	/** All triangles, primitive after primitive, as welded vertex ids (shared: do not modify). */
	wt: Uint32Array;
	total: number;
	/** Welded ids per primitive (vertex → id) and how many there are. */
	ids: Uint32Array[];
	unique: number;
}

/** The welded triangle list of one mesh's triangle primitives (`refs` from primsByMesh). */
export function weldedTriangles(refs: PrimRef[], cache: MeshCache): WeldedTriangles {
	const lists = refs.map((r) => cache.triangles(r.primitive)!.tris);
	const { ids, unique } = cache.weld(refs[0].mesh, refs.map((r) => r.primitive));
	let total = 0;
	const offsets: number[] = [];
	for (const t of lists) {
		offsets.push(total);
		total += t.length / 3;
	}
	const mesh = refs[0].mesh;
	let wt = cache.welded(mesh, lists, ids);
	if (wt === null || wt.length !== total * 3) {
		const out = new Uint32Array(total * 3);
		lists.forEach((tris, p) => gather(out.subarray(offsets[p] * 3, offsets[p] * 3 + tris.length), ids[p], tris));
		cache.setWelded(mesh, lists, ids, out);
		wt = out;
	}
	return { lists, offsets, wt, total, ids, unique };
}
