import { Primitive } from '@gltf-transform/core';

export const TRIANGLE_MODES = new Set<number>([Primitive.Mode.TRIANGLES, Primitive.Mode.TRIANGLE_STRIP, Primitive.Mode.TRIANGLE_FAN]);

/** A primitive's triangles as a list, 3 vertex indices each. */
export interface TriangleList {
	tris: Uint32Array;
	/** Triangles dropped because an index pointed past the vertex arrays. */
	outOfRange: number;
}

/**
 * The primitive's triangles as a list (3 indices each), whatever its mode
 * (TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN) and indexing; null for points
 * and lines. Triangles pointing past the vertex arrays (`vertexCount`,
 * default: POSITION's count) are dropped and counted in `outOfRange`. The
 * list is a new array the caller owns.
 */
export function readTriangles(prim: Primitive, vertexCount = prim.getAttribute('POSITION')?.getCount() ?? 0): TriangleList | null {
	const mode = prim.getMode();
	if (!TRIANGLE_MODES.has(mode)) return null;
	const n = vertexCount;
	const raw = prim.getIndices()?.getArray() ?? null;
	const len = raw ? raw.length : n;
	let tris: Uint32Array;
	if (mode === Primitive.Mode.TRIANGLES) {
		const count = Math.floor(len / 3) * 3;
		if (raw) tris = raw instanceof Uint32Array ? raw.slice(0, count) : new Uint32Array(raw.length === count ? raw : raw.subarray(0, count));
		else {
			tris = new Uint32Array(count);
			for (let i = 0; i < count; i++) tris[i] = i;
		}
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
	let max = 0;
	for (let i = 0; i < tris.length; i++) if (tris[i] > max) max = tris[i];
	if (tris.length === 0 || max < n) return { tris, outOfRange: 0 };
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
