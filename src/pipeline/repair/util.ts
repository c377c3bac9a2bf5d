/**
 * Shared pieces of the repair steps: triangle lists, accessor helpers, the
 * per-mesh position welding the validation rules use, and how fixes are
 * reported. Everything works on typed arrays; nothing here prints.
 */
import { type Accessor, Document, type Mesh, Primitive } from '@gltf-transform/core';
import type { Finding, ProgressFn, Where } from '../../report.js';
import { Report } from '../../report.js';
import { hash3, nextPow2, readFloats } from '../../validate/analysis.js';

export { hash3, nextPow2, readFloats };

/** Options every repair step takes besides its own. */
export interface StepOptions {
	/** Findings go here (one shared report across a pipeline); default: a private report. */
	report?: Report;
	/** Progress callback `(stage, fraction)`. */
	onProgress?: ProgressFn;
}

export const TRIANGLE_MODES = new Set<number>([Primitive.Mode.TRIANGLES, Primitive.Mode.TRIANGLE_STRIP, Primitive.Mode.TRIANGLE_FAN]);

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
 * The primitive's triangles as a list (3 indices each), whatever its mode and
 * indexing; null for points and lines. Triangles pointing past the vertex
 * arrays are dropped (and counted in `outOfRange`).
 */
export function readTriangles(prim: Primitive): { tris: Uint32Array; outOfRange: number } | null {
	const mode = prim.getMode();
	if (!TRIANGLE_MODES.has(mode)) return null;
	const n = vertexCount(prim);
	const raw = prim.getIndices()?.getArray() ?? null;
	const len = raw ? raw.length : n;
	let tris: Uint32Array;
	if (mode === Primitive.Mode.TRIANGLES) {
		const count = Math.floor(len / 3) * 3;
		tris = new Uint32Array(count);
		if (raw) for (let i = 0; i < count; i++) tris[i] = raw[i];
		else for (let i = 0; i < count; i++) tris[i] = i;
	} else {
		const at = raw ? (i: number) => raw[i] : (i: number) => i;
		const count = Math.max(0, len - 2);
		tris = new Uint32Array(count * 3);
		for (let i = 0; i < count; i++) {
			if (mode === Primitive.Mode.TRIANGLE_STRIP) {
				const even = (i & 1) === 0;
				tris[i * 3] = at(even ? i : i + 1);
				tris[i * 3 + 1] = at(even ? i + 1 : i);
			} else {
				tris[i * 3] = at(0);
				tris[i * 3 + 1] = at(i + 1);
			}
			tris[i * 3 + 2] = at(i + 2);
		}
	}
	let bad = 0;
	for (let i = 0; i < tris.length; i++) if (tris[i] >= n) bad++;
	if (bad === 0) return { tris, outOfRange: 0 };
	const kept = new Uint32Array(tris.length);
	let k = 0;
	let dropped = 0;
	for (let t = 0; t < tris.length; t += 3) {
		if (tris[t] < n && tris[t + 1] < n && tris[t + 2] < n) {
			kept[k++] = tris[t];
			kept[k++] = tris[t + 1];
			kept[k++] = tris[t + 2];
		} else dropped++;
	}
	return { tris: kept.slice(0, k), outOfRange: dropped };
}

/**
 * Replaces the primitive's indices with a triangle list (mode TRIANGLES). The
 * new index accessor uses the smallest component type that fits and lives in
 * the buffer the old one (or POSITION) used; the old one is disposed when no
 * one else uses it.
 */
export function writeTriangles(prim: Primitive, tris: Uint32Array): void {
	const document = Document.fromGraph(prim.getGraph())!;
	const old = prim.getIndices();
	const n = vertexCount(prim);
	const array = n <= 65535 ? Uint16Array.from(tris) : tris.slice();
	const buffer = old?.getBuffer() ?? prim.getAttribute('POSITION')?.getBuffer() ?? document.getRoot().listBuffers()[0] ?? null;
	const accessor = document.createAccessor(old?.getName() ?? '').setType('SCALAR').setArray(array);
	if (buffer) accessor.setBuffer(buffer);
	prim.setIndices(accessor);
	prim.setMode(Primitive.Mode.TRIANGLES);
	if (old && old.listParents().length <= 1) old.dispose();
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

/**
 * Welds positions of all given primitives bit-exactly (+0 and −0 equal), the
 * way the validation rules weld them for topology. Returns, per primitive, a
 * map vertex → welded id, and the id count.
 */
export function weldMeshPositions(positions: Float32Array[]): { ids: Uint32Array[]; unique: number } {
	let total = 0;
	for (const p of positions) total += p.length / 3;
	const capacity = nextPow2(total * 2);
	const mask = capacity - 1;
	const tableKey = new Uint32Array(capacity * 3);
	const tableId = new Int32Array(capacity).fill(-1);
	const tmp = new Float32Array(3);
	const bits = new Uint32Array(tmp.buffer);
	let unique = 0;
	const ids = positions.map((p) => {
		const n = p.length / 3;
		const out = new Uint32Array(n);
		for (let v = 0; v < n; v++) {
			tmp[0] = p[v * 3] + 0;
			tmp[1] = p[v * 3 + 1] + 0;
			tmp[2] = p[v * 3 + 2] + 0;
			const x = bits[0];
			const y = bits[1];
			const z = bits[2];
			let slot = hash3(x, y, z) & mask;
			for (;;) {
				const id = tableId[slot];
				if (id === -1) {
					tableId[slot] = unique;
					tableKey[slot * 3] = x;
					tableKey[slot * 3 + 1] = y;
					tableKey[slot * 3 + 2] = z;
					out[v] = unique++;
					break;
				}
				if (tableKey[slot * 3] === x && tableKey[slot * 3 + 1] === y && tableKey[slot * 3 + 2] === z) {
					out[v] = id;
					break;
				}
				slot = (slot + 1) & mask;
			}
		}
		return out;
	});
	return { ids, unique };
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

/** Bounding-box diagonal² of the referenced vertices (finite only). */
export function referencedDiag2(p: Float32Array, tris: Uint32Array): number {
	let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
	for (let i = 0; i < tris.length; i++) {
		const v = tris[i] * 3;
		const x = p[v], y = p[v + 1], z = p[v + 2];
		if (x < minX) minX = x;
		if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		if (y > maxY) maxY = y;
		if (z < minZ) minZ = z;
		if (z > maxZ) maxZ = z;
	}
	return (maxX - minX) ** 2 + (maxY - minY) ** 2 + (maxZ - minZ) ** 2;
}
