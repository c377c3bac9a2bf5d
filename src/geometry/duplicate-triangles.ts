import { prefixSum } from './edges.js';

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
	return duplicateTriangles(tris, vertexCount, skip).original;
}

/** findDuplicateTriangles, with the repeated triangles (original[t] ≥ 0) also listed in ascending order. */
export function duplicateTriangles(tris: Uint32Array, vertexCount: number, skip: Uint8Array | null = null): { original: Int32Array; copies: Int32Array } {
	const original = new Int32Array((tris.length / 3) | 0).fill(-1);
	const start = new Uint32Array(vertexCount + 1);
	countSmallest(tris, skip, start);
	prefixSum(start);
	const members = new Uint32Array(start[vertexCount]);
	fillSmallest(tris, skip, start, members);
	const copies = new Int32Array(members.length); // pages only touched for the copies found
	const count = matchBuckets(tris, start, members, original, copies);
	return { original, copies: copies.subarray(0, count).sort() };
}

// The passes of findDuplicateTriangles, each its own small function: a cold run gets them optimized sooner (see cache.ts).

/** start[v + 1] = how many triangles (not skipped, not degenerate) have smallest id v. */
function countSmallest(tris: Uint32Array, skip: Uint8Array | null, start: Uint32Array): void {
	for (let t = 0; t < tris.length / 3; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
		if (a === b || b === c || a === c) continue;
		start[(a < b ? (a < c ? a : c) : b < c ? b : c) + 1]++;
	}
}

/** Triangles into their buckets. Filling moves start[v] to the end of bucket v (the start of bucket v + 1). */
function fillSmallest(tris: Uint32Array, skip: Uint8Array | null, start: Uint32Array, members: Uint32Array): void {
	for (let t = 0; t < tris.length / 3; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
		if (a === b || b === c || a === c) continue;
		members[start[a < b ? (a < c ? a : c) : b < c ? b : c]++] = t;
	}
}

/** Matches the triangles of each bucket [end of bucket v − 1, start[v]) by their other two ids; lists the copies in `copies`, returns how many. */
function matchBuckets(tris: Uint32Array, start: Uint32Array, members: Uint32Array, original: Int32Array, copies: Int32Array): number {
	let count = 0;
	// Within a bucket (triangles in order), the other two ids as (low, high).
	let low = new Uint32Array(64);
	let high = new Uint32Array(64);
	for (let v = 0, s = 0; v < start.length - 1; s = start[v++]) {
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
		if (k > 64) count = matchLargeBucket(members.subarray(s, s + k), low, high, original, copies, count);
		else {
			for (let i = 1; i < k; i++) {
				for (let j = 0; j < i; j++) {
					if (low[j] === low[i] && high[j] === high[i]) {
						const t = members[s + j];
						original[members[s + i]] = original[t] >= 0 ? original[t] : t;
						copies[count++] = members[s + i];
						break;
					}
				}
			}
		}
	}
	return count;
}

/** A large fan: orders the bucket by (low, high, position) and matches runs. */
function matchLargeBucket(members: Uint32Array, low: Uint32Array, high: Uint32Array, original: Int32Array, copies: Int32Array, count: number): number {
	const order = Array.from({ length: members.length }, (_, i) => i);
	order.sort((i, j) => low[i] - low[j] || high[i] - high[j] || i - j);
	for (let r = 1; r < order.length; r++) {
		const i = order[r];
		const j = order[r - 1];
		if (low[j] === low[i] && high[j] === high[i]) {
			const t = members[j];
			original[members[i]] = original[t] >= 0 ? original[t] : t;
			copies[count++] = members[i];
		}
	}
	return count;
}

/** 0 or 1: the winding of triangle (a, b, c) of distinct ids, the same for every rotation of it and different for its reverse. */
export function windingParity(a: number, b: number, c: number): number {
	// Rotate so the smallest id comes first; the parity is then whether the other two descend.
	if (b < a && b < c) return c < a ? 0 : 1;
	if (c < a && c < b) return a < b ? 0 : 1;
	return b < c ? 0 : 1;
}
