/**
 * Repeated triangles of a list of welded triangles (3 vertex ids each, ids
 * below `vertexCount`): the same three ids in any order or winding. Returns,
 * per triangle, the index of the earlier triangle it repeats, or -1 for a
 * first copy. Triangles with `skip[t] !== 0` and degenerate ones (a repeated
 * id) are never matched.
 *
 * Triangles are bucketed by their smallest id (a counting sort) and compared
 * within a bucket, so no large hash table is touched.
 */
export function findDuplicateTriangles(tris: Uint32Array, vertexCount: number, skip: Uint8Array | null = null): Int32Array {
	const triCount = (tris.length / 3) | 0;
	const original = new Int32Array(triCount).fill(-1);
	const start = new Uint32Array(vertexCount + 1);
	for (let t = 0; t < triCount; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
		if (a === b || b === c || a === c) continue;
		start[(a < b ? (a < c ? a : c) : b < c ? b : c) + 1]++;
	}
	for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
	const members = new Uint32Array(start[vertexCount]);
	// Filling moves start[v] to the end of bucket v (the start of bucket v + 1), so bucket v is [start[v - 1], start[v]) below.
	for (let t = 0; t < triCount; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
		if (a === b || b === c || a === c) continue;
		members[start[a < b ? (a < c ? a : c) : b < c ? b : c]++] = t;
	}
	// Within a bucket (triangles in order), the other two ids as (low, high).
	let low = new Uint32Array(64);
	let high = new Uint32Array(64);
	for (let v = 0, s = 0; v < vertexCount; s = start[v++]) {
		const k = start[v] - s;
		if (k < 2) continue;
		if (k > low.length) {
			low = new Uint32Array(k * 2);
			high = new Uint32Array(k * 2);
		}
		for (let i = 0; i < k; i++) {
			const t = members[s + i];
			const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
			// The two ids other than the smallest (v), ordered.
			const p = a === v ? b : a;
			const q = a === v || b === v ? c : b;
			low[i] = p < q ? p : q;
			high[i] = p < q ? q : p;
		}
		if (k <= 64) {
			for (let i = 1; i < k; i++) {
				for (let j = 0; j < i; j++) {
					if (low[j] === low[i] && high[j] === high[i]) {
						const t = members[s + j];
						original[members[s + i]] = original[t] >= 0 ? original[t] : t;
						break;
					}
				}
			}
		} else {
			// Large fan: order the bucket by (low, high, position) and match runs.
			const order = Array.from({ length: k }, (_, i) => i);
			order.sort((i, j) => low[i] - low[j] || high[i] - high[j] || i - j);
			for (let r = 1; r < k; r++) {
				const i = order[r];
				const j = order[r - 1];
				if (low[j] === low[i] && high[j] === high[i]) {
					const t = members[s + j];
					original[members[s + i]] = original[t] >= 0 ? original[t] : t;
				}
			}
		}
	}
	return original;
}

/** 0 or 1: the winding of triangle (a, b, c) of distinct ids, the same for every rotation of it and different for its reverse. */
export function windingParity(a: number, b: number, c: number): number {
	// Rotate so the smallest id comes first; the parity is then whether the other two descend.
	if (b < a && b < c) return c < a ? 0 : 1;
	if (c < a && c < b) return a < b ? 0 : 1;
	return b < c ? 0 : 1;
}
