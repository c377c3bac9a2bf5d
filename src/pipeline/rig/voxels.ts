/**
 * A solid voxel model of a (possibly multi-part, possibly open) mesh and
 * geodesic distances through it. Surfaces are rasterised into a regular
 * grid, the outside is flood-filled from the border, and what the flood does
 * not reach is solid. Geodesics run through solid voxels only (26
 * neighbours, Dijkstra), so the distance from a finger to its neighbour goes
 * round through the palm, and from one thigh to the other through the pelvis.
 */

export type Vec3 = [number, number, number];

export interface GridSpec {
	/** Minimum corner of the grid (cell 0's corner). */
	origin: Vec3;
	/** Cell edge length. */
	size: number;
	dims: [number, number, number];
}

const OUTSIDE = 1;
const SURFACE = 2;

export class VoxelGrid {
	readonly origin: Vec3;
	readonly size: number;
	readonly nx: number;
	readonly ny: number;
	readonly nz: number;
	/** 0 unknown/inside, 1 outside, 2 surface. */
	readonly state: Uint8Array;
	/** Compact id of each solid cell (−1 elsewhere). */
	ids!: Int32Array;
	/** Cell index of each compact id. */
	cells!: Int32Array;
	/** CSR adjacency over compact ids: neighbours and their step lengths (in cells). */
	adjStart!: Int32Array;
	adj!: Int32Array;
	adjLen!: Float32Array;

	constructor(spec: GridSpec) {
		this.origin = spec.origin;
		this.size = spec.size;
		[this.nx, this.ny, this.nz] = spec.dims;
		this.state = new Uint8Array(this.nx * this.ny * this.nz);
	}

	/** A grid covering `min`..`max` with `pad` empty cells on every side. */
	static around(min: Vec3, max: Vec3, size: number, pad = 2): VoxelGrid {
		const origin: Vec3 = [min[0] - pad * size, min[1] - pad * size, min[2] - pad * size];
		const dims: [number, number, number] = [0, 1, 2].map((k) => Math.max(1, Math.ceil((max[k] - min[k]) / size) + 2 * pad + 1)) as [number, number, number];
		return new VoxelGrid({ origin, size, dims });
	}

	get count(): number {
		return this.cells.length;
	}

	index(x: number, y: number, z: number): number {
		return x + this.nx * (y + this.ny * z);
	}

	/** Cell coordinates of a point (clamped into the grid). */
	cellOf(p: ArrayLike<number>): [number, number, number] {
		const c = (k: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor((p[k] - this.origin[k]) / this.size)));
		return [c(0, this.nx), c(1, this.ny), c(2, this.nz)];
	}

	cellIndexOf(p: ArrayLike<number>): number {
		const [x, y, z] = this.cellOf(p);
		return this.index(x, y, z);
	}

	/** Centre of a cell, by cell index. */
	center(cell: number, out: Vec3 = [0, 0, 0]): Vec3 {
		const x = cell % this.nx;
		const yz = (cell - x) / this.nx;
		const y = yz % this.ny;
		const z = (yz - y) / this.ny;
		out[0] = this.origin[0] + (x + 0.5) * this.size;
		out[1] = this.origin[1] + (y + 0.5) * this.size;
		out[2] = this.origin[2] + (z + 0.5) * this.size;
		return out;
	}

	/** Centre of a solid voxel by compact id. */
	point(id: number, out: Vec3 = [0, 0, 0]): Vec3 {
		return this.center(this.cells[id], out);
	}

	/**
	 * Marks the cells the triangles touch (dense barycentric sampling at half
	 * a cell). `filter(t)` picks triangles.
	 */
	rasterize(positions: ArrayLike<number>, triangles: ArrayLike<number>, filter?: (t: number) => boolean): void {
		const { nx, ny, nz, size, origin, state } = this;
		const inv = 1 / size;
		const step = size * 0.5;
		for (let t = 0; t < triangles.length / 3; t++) {
			if (filter && !filter(t)) continue;
			const a = triangles[t * 3] * 3, b = triangles[t * 3 + 1] * 3, c = triangles[t * 3 + 2] * 3;
			const ax = positions[a], ay = positions[a + 1], az = positions[a + 2];
			const bx = positions[b] - ax, by = positions[b + 1] - ay, bz = positions[b + 2] - az;
			const cx = positions[c] - ax, cy = positions[c + 1] - ay, cz = positions[c + 2] - az;
			const longest = Math.max(Math.hypot(bx, by, bz), Math.hypot(cx, cy, cz), Math.hypot(bx - cx, by - cy, bz - cz));
			const n = Math.min(512, Math.max(1, Math.ceil(longest / step)));
			for (let i = 0; i <= n; i++) {
				for (let j = 0; j <= n - i; j++) {
					const u = i / n, v = j / n;
					const px = ax + u * bx + v * cx, py = ay + u * by + v * cy, pz = az + u * bz + v * cz;
					const x = Math.floor((px - origin[0]) * inv), y = Math.floor((py - origin[1]) * inv), z = Math.floor((pz - origin[2]) * inv);
					if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
					state[x + nx * (y + ny * z)] = SURFACE;
				}
			}
		}
	}

	/** Flood-fills the outside (6-connected) from the border; builds compact ids and adjacency of the solid. */
	solidify(): void {
		const { nx, ny, nz, state } = this;
		const queue = new Int32Array(state.length);
		let head = 0, tail = 0;
		const push = (i: number) => {
			if (state[i] === 0) {
				state[i] = OUTSIDE;
				queue[tail++] = i;
			}
		};
		for (let z = 0; z < nz; z++)
			for (let y = 0; y < ny; y++)
				for (let x = 0; x < nx; x++) {
					if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) push(this.index(x, y, z));
				}
		const sxy = nx * ny;
		while (head < tail) {
			const i = queue[head++];
			const x = i % nx;
			const y = ((i - x) / nx) % ny;
			const z = Math.floor(i / sxy);
			if (x > 0) push(i - 1);
			if (x < nx - 1) push(i + 1);
			if (y > 0) push(i - nx);
			if (y < ny - 1) push(i + nx);
			if (z > 0) push(i - sxy);
			if (z < nz - 1) push(i + sxy);
		}
		this.buildAdjacency();
	}

	isSolid(cell: number): boolean {
		return this.state[cell] !== OUTSIDE;
	}

	isSurface(cell: number): boolean {
		return this.state[cell] === SURFACE;
	}

	private buildAdjacency(): void {
		const { nx, ny, nz, state } = this;
		const ids = new Int32Array(state.length).fill(-1);
		let count = 0;
		for (let i = 0; i < state.length; i++) if (state[i] !== OUTSIDE) ids[i] = count++;
		const cells = new Int32Array(count);
		for (let i = 0; i < state.length; i++) if (ids[i] >= 0) cells[ids[i]] = i;
		const offsets: number[] = [];
		const lengths: number[] = [];
		for (let dz = -1; dz <= 1; dz++)
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++) {
					if (!dx && !dy && !dz) continue;
					offsets.push(dx + nx * (dy + ny * dz));
					lengths.push(Math.hypot(dx, dy, dz));
				}
		const start = new Int32Array(count + 1);
		const adj = new Int32Array(count * 26);
		const len = new Float32Array(count * 26);
		let k = 0;
		for (let id = 0; id < count; id++) {
			start[id] = k;
			const c = cells[id];
			const x = c % nx;
			const y = ((c - x) / nx) % ny;
			const z = Math.floor(c / (nx * ny));
			const interior = x > 0 && y > 0 && z > 0 && x < nx - 1 && y < ny - 1 && z < nz - 1;
			if (!interior) continue; // the border is always outside (padding)
			for (let o = 0; o < 26; o++) {
				const nid = ids[c + offsets[o]];
				if (nid >= 0) {
					adj[k] = nid;
					len[k] = lengths[o];
					k++;
				}
			}
		}
		start[count] = k;
		this.ids = ids;
		this.cells = cells;
		this.adjStart = start;
		this.adj = adj.slice(0, k);
		this.adjLen = len.slice(0, k);
	}

	/** Compact id of the solid voxel nearest to `p` (searching outward a few cells), or −1. */
	nearestSolid(p: ArrayLike<number>, radius = 6): number {
		const [cx, cy, cz] = this.cellOf(p);
		const direct = this.ids[this.index(cx, cy, cz)];
		if (direct >= 0) return direct;
		let best = -1, bestD = Infinity;
		const q: Vec3 = [0, 0, 0];
		for (let r = 1; r <= radius && best < 0; r++) {
			for (let z = cz - r; z <= cz + r; z++)
				for (let y = cy - r; y <= cy + r; y++)
					for (let x = cx - r; x <= cx + r; x++) {
						if (x < 0 || y < 0 || z < 0 || x >= this.nx || y >= this.ny || z >= this.nz) continue;
						const id = this.ids[this.index(x, y, z)];
						if (id < 0) continue;
						this.point(id, q);
						const d = Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]);
						if (d < bestD) {
							bestD = d;
							best = id;
						}
					}
		}
		return best;
	}

	/**
	 * Geodesic distance (world units) through the solid from the seed voxels,
	 * each with its own start distance; cells beyond `maxDistance` stay
	 * Infinity. `allowed(id)` restricts the region.
	 */
	geodesic(seeds: ArrayLike<number>, options: { maxDistance?: number; start?: ArrayLike<number>; allowed?: Uint8Array; parents?: Int32Array } = {}): Float32Array {
		const n = this.count;
		const dist = new Float32Array(n).fill(Infinity);
		const max = options.maxDistance ?? Infinity;
		const heap = new MinHeap(Math.max(64, seeds.length * 4));
		const parents = options.parents;
		if (parents) parents.fill(-1);
		for (let i = 0; i < seeds.length; i++) {
			const s = seeds[i];
			if (s < 0) continue;
			const d0 = Math.fround(options.start ? options.start[i] : 0);
			if (d0 < dist[s]) {
				dist[s] = d0;
				heap.push(s, d0);
			}
		}
		const { adjStart, adj, adjLen, size } = this;
		const allowed = options.allowed;
		while (heap.length) {
			const d = heap.topKey();
			const id = heap.pop();
			if (d > dist[id]) continue;
			for (let k = adjStart[id]; k < adjStart[id + 1]; k++) {
				const nb = adj[k];
				if (allowed && !allowed[nb]) continue;
				const nd = Math.fround(d + adjLen[k] * size);
				if (nd < dist[nb] && nd <= max) {
					dist[nb] = nd;
					if (parents) parents[nb] = id;
					heap.push(nb, nd);
				}
			}
		}
		return dist;
	}

	/** 26-connected components of the solid (optionally of a subset): component label per id (−1 outside the subset). */
	components(subset?: Uint8Array): { labels: Int32Array; sizes: number[] } {
		const n = this.count;
		const labels = new Int32Array(n).fill(-1);
		const sizes: number[] = [];
		const stack = new Int32Array(n);
		for (let s = 0; s < n; s++) {
			if (labels[s] >= 0 || (subset && !subset[s])) continue;
			const label = sizes.length;
			let top = 0, size = 0;
			stack[top++] = s;
			labels[s] = label;
			while (top) {
				const id = stack[--top];
				size++;
				for (let k = this.adjStart[id]; k < this.adjStart[id + 1]; k++) {
					const nb = this.adj[k];
					if (labels[nb] >= 0 || (subset && !subset[nb])) continue;
					labels[nb] = label;
					stack[top++] = nb;
				}
			}
			sizes.push(size);
		}
		return { labels, sizes };
	}

	/** Distance (world units) from each solid voxel to the nearest non-solid cell (chamfer, 26 neighbours). */
	depth(): Float32Array {
		const seeds: number[] = [];
		const { nx, ny } = this;
		const sxy = nx * ny;
		for (let id = 0; id < this.count; id++) {
			const c = this.cells[id];
			if (this.ids[c - 1] < 0 || this.ids[c + 1] < 0 || this.ids[c - nx] < 0 || this.ids[c + nx] < 0 || this.ids[c - sxy] < 0 || this.ids[c + sxy] < 0) seeds.push(id);
		}
		const dist = this.geodesic(seeds, { start: seeds.map(() => this.size * 0.5) });
		return dist;
	}
}

/** Binary min-heap of (id, key) with lazy deletion. */
export class MinHeap {
	private ids: Int32Array;
	private keys: Float64Array;
	length = 0;

	constructor(capacity = 1024) {
		this.ids = new Int32Array(capacity);
		this.keys = new Float64Array(capacity);
	}

	push(id: number, key: number): void {
		if (this.length === this.ids.length) {
			const ids = new Int32Array(this.length * 2);
			ids.set(this.ids);
			const keys = new Float64Array(this.length * 2);
			keys.set(this.keys);
			this.ids = ids;
			this.keys = keys;
		}
		let i = this.length++;
		const { ids, keys } = this;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (keys[p] <= key) break;
			ids[i] = ids[p];
			keys[i] = keys[p];
			i = p;
		}
		ids[i] = id;
		keys[i] = key;
	}

	topKey(): number {
		return this.keys[0];
	}

	pop(): number {
		const { ids, keys } = this;
		const top = ids[0];
		const n = --this.length;
		if (n > 0) {
			const id = ids[n], key = keys[n];
			let i = 0;
			for (;;) {
				let c = 2 * i + 1;
				if (c >= n) break;
				if (c + 1 < n && keys[c + 1] < keys[c]) c++;
				if (keys[c] >= key) break;
				ids[i] = ids[c];
				keys[i] = keys[c];
				i = c;
			}
			ids[i] = id;
			keys[i] = key;
		}
		return top;
	}
}
