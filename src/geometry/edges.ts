/**
 * Edge adjacency of a triangle list whose vertices are already welded (see
 * weld-positions.ts), and orientation propagation across it — the topology
 * both validation (boundary, non-manifold and winding findings) and repair
 * (winding) work from.
 *
 * Built with counting sorts, not hashing: half-edges are bucketed by their
 * lower vertex (CSR), and within a bucket grouped by the other vertex, so the
 * cost is a few linear passes however large the mesh.
 */

/**
 * The undirected edges of a triangle list, in order of their lower vertex.
 * Half-edge `h` is corner `h % 3` of triangle `h / 3` to the next corner. For
 * each edge: how many triangles use it and the half-edges of the first two of
 * them, in triangle order.
 */
export interface EdgeTable {
	count: number;
	/** The welded triangle list the edges were built from. */
	tris: Uint32Array;
	/** Triangles using the edge (saturating at 255): 1 = boundary, 2 = manifold, more = non-manifold. */
	uses: Uint8Array;
	/** Half-edge of the first triangle using the edge. */
	first: Uint32Array;
	/** Half-edge of the second triangle using the edge, + 1 (0 when there is none). */
	second: Uint32Array;
}

/** The half-edge after `h` in its triangle. */
export function nextHalfEdge(h: number): number {
	return h % 3 === 2 ? h - 2 : h + 1;
}

/** Whether half-edge `h` runs from its edge's lower vertex to the higher. */
export function runsForward(tris: Uint32Array, h: number): boolean {
	return tris[h] < tris[nextHalfEdge(h)];
}

/**
 * Edges of the triangles `tris` (3 welded vertex ids each, ids < vertexCount)
 * except those with `skip[t] !== 0` and degenerate ones (a repeated id: an
 * edge from a vertex to itself is not an edge), which are always left out.
 */
export function buildEdges(tris: Uint32Array, vertexCount: number, skip: Uint8Array | null = null): EdgeTable {
	// Half-edges bucketed by their lower vertex (counting sort, triangle order kept).
	const start = new Uint32Array(vertexCount + 1);
	countLowerVertices(tris, skip, start);
	prefixSum(start);
	const halfCount = start[vertexCount];
	const half = new Uint32Array(halfCount);
	fillHalfEdges(tris, skip, start, half);
	// Arrays are sized for the worst case; only what is used is touched. `first` reuses `half`: edge `count` is
	// written only once half-edge `count` (or a later one) has been read.
	const uses = new Uint8Array(halfCount);
	const second = new Uint32Array(halfCount);
	const count = groupEdges(tris, start, half, uses, half, second);
	return { count, tris, uses: uses.subarray(0, count), first: half.subarray(0, count), second: second.subarray(0, count) };
}

// The passes of buildEdges, each its own small function: a cold run gets them optimized sooner (see cache.ts).

/** start[v + 1] = how many half-edges have lower vertex v. */
function countLowerVertices(tris: Uint32Array, skip: Uint8Array | null, start: Uint32Array): void {
	for (let t = 0; t < tris.length / 3; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const a = tris[t * 3], b = tris[t * 3 + 1], c = tris[t * 3 + 2];
		if (a === b || b === c || a === c) continue;
		start[(a < b ? a : b) + 1]++;
		start[(b < c ? b : c) + 1]++;
		start[(c < a ? c : a) + 1]++;
	}
}

/** Counts to bucket starts, in place: a[i] becomes a[0] + … + a[i]. */
export function prefixSum(a: Uint32Array): void {
	for (let i = 1; i < a.length; i++) a[i] += a[i - 1];
}

/** Half-edges into their buckets. Filling moves start[v] to the end of bucket v (the start of bucket v + 1). */
function fillHalfEdges(tris: Uint32Array, skip: Uint8Array | null, start: Uint32Array, half: Uint32Array): void {
	for (let t = 0; t < tris.length / 3; t++) {
		if (skip !== null && skip[t] !== 0) continue;
		const h = t * 3;
		const a = tris[h], b = tris[h + 1], c = tris[h + 2];
		if (a === b || b === c || a === c) continue;
		half[start[a < b ? a : b]++] = h;
		half[start[b < c ? b : c]++] = h + 1;
		half[start[c < a ? c : a]++] = h + 2;
	}
}

/** Groups each bucket [end of bucket v − 1, start[v]) by the other vertex into edges; returns how many. */
function groupEdges(tris: Uint32Array, start: Uint32Array, half: Uint32Array, uses: Uint8Array, first: Uint32Array, second: Uint32Array): number {
	// edgeOf[w] − 1: the edge (v, w) when it is at least the first edge of bucket v (older entries are smaller).
	const edgeOf = new Uint32Array(start.length);
	let count = 0;
	for (let v = 0, s = 0; v < start.length - 1; s = start[v++]) {
		const bucketFirst = count;
		for (let i = s; i < start[v]; i++) {
			const h = half[i];
			const from = tris[h];
			const to = tris[h % 3 === 2 ? h - 2 : h + 1];
			const other = from < to ? to : from;
			const e = edgeOf[other] - 1;
			if (e < bucketFirst) {
				edgeOf[other] = count + 1;
				first[count] = h;
				uses[count] = 1;
				count++;
			} else {
				const u = uses[e];
				if (u === 1) second[e] = h + 1;
				if (u < 255) uses[e] = u + 1;
			}
		}
	}
	return count;
}

/** Whether manifold edge `e` joins two triangles running the same way along it (one of them is wound against the other). */
export function opposed(edges: EdgeTable, e: number): boolean {
	const h1 = edges.first[e];
	const h2 = edges.second[e] - 1;
	return runsForward(edges.tris, h1) === runsForward(edges.tris, h2);
}

/** Outcome of {@link orientPatches}. */
export interface PatchOrientation {
	/** 1 for the triangles wound against the majority of their patch. */
	minority: Uint8Array;
	/** How many triangles `minority` marks. */
	minorityCount: number;
	/** Every visited triangle, patch by patch (patches in order of their first triangle), breadth-first within a patch. */
	order: Int32Array;
}

/**
 * Propagates orientation across manifold edges, breadth-first from the first
 * triangle of each patch (triangles connected through manifold edges), and
 * marks the minority of each patch: the triangles to flip so the patch agrees
 * with its majority winding (ties flip the triangles unlike the first).
 * Triangles with `skip[t] !== 0` are left out.
 */
export function orientPatches(triCount: number, edges: EdgeTable, skip: Uint8Array | null = null): PatchOrientation {
	const { uses, first, second } = edges;
	const start = new Uint32Array(triCount + 1);
	let manifold = 0;
	for (let e = 0; e < edges.count; e++) {
		if (uses[e] !== 2) continue;
		manifold++;
		start[((first[e] / 3) | 0) + 1]++;
		start[(((second[e] - 1) / 3) | 0) + 1]++;
	}
	for (let t = 0; t < triCount; t++) start[t + 1] += start[t];
	const fill = start.slice(0, triCount);
	const adj = new Int32Array(manifold * 2);
	const same = new Uint8Array(manifold * 2);
	for (let e = 0; e < edges.count; e++) {
		if (uses[e] !== 2) continue;
		const sm = opposed(edges, e) ? 1 : 0;
		const a = (first[e] / 3) | 0;
		const b = ((second[e] - 1) / 3) | 0;
		adj[fill[a]] = b;
		same[fill[a]++] = sm;
		adj[fill[b]] = a;
		same[fill[b]++] = sm;
	}
	const orient = new Int8Array(triCount).fill(-1);
	const order = new Int32Array(triCount);
	const minority = new Uint8Array(triCount);
	let minorityCount = 0;
	let tail = 0;
	for (let seed = 0; seed < triCount; seed++) {
		if ((skip !== null && skip[seed] !== 0) || orient[seed] !== -1) continue;
		const first = tail;
		let head = tail;
		let ones = 0;
		orient[seed] = 0;
		order[tail++] = seed;
		while (head < tail) {
			const t = order[head++];
			if (orient[t] === 1) ones++;
			for (let k = start[t]; k < start[t + 1]; k++) {
				const u = adj[k];
				if (orient[u] !== -1) continue;
				orient[u] = (orient[t] ^ same[k]) as 0 | 1;
				order[tail++] = u;
			}
		}
		if (ones === 0) continue;
		const size = tail - first;
		const flipped = ones <= size - ones ? 1 : 0;
		for (let q = first; q < tail; q++) {
			const t = order[q];
			if (orient[t] === flipped) {
				minority[t] = 1;
				minorityCount++;
			}
		}
	}
	return { minority, minorityCount, order: order.subarray(0, tail) };
}
