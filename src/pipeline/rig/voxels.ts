/**
 * A solid voxel model of a (possibly multi-part, possibly open) mesh and
 * geodesic distances through it. Surfaces are rasterised into a regular
 * grid, the outside is flood-filled from the border, and what the flood does
 * not reach is solid. Geodesics run through solid voxels only (26
 * neighbours, Dijkstra), so the distance from a finger to its neighbour goes
 * round through the palm, and from one thigh to the other through the pelvis.
 *
 * Speed: the 26 neighbours are found from cell-index offsets (no adjacency
 * lists to build), Dijkstra uses a bucket queue over distances quantised to
 * 1/128 of a cell (O(1) per step, within 0.15 % of the Euclidean step), its
 * distances are kept per cell (cells no path may enter hold a distance
 * nothing improves on, so a neighbour costs one look-up), its work space is
 * reused between calls and reset only where it was touched, and results
 * are sparse (the voxels reached, nearest first), so a bounded geodesic
 * costs what it reaches, not the size of the grid.
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
/** Geodesic distances are integers: one cell is `QUANTUM` units (26-neighbour steps 128, 181, 222: within 0.15 % of 1, √2, √3). */
const QUANTUM = 128;
const UNREACHED = 0x7fffffff;
/** Work-space distance of cells no path may enter (below every real distance). */
const BLOCKED = -1;

/** Sparse geodesic result: the reached voxels (compact ids) and their distances (world units), nearest first. */
export interface GeodesicReach {
	ids: Int32Array;
	dist: Float32Array;
	count: number;
}

function grow(a: Int32Array): Int32Array {
	const out = new Int32Array(a.length * 2);
	out.set(a);
	return out;
}

/**
 * Connected groups of row runs (union-find): runs `x0[i]…x1[i]` listed row
 * by row (`rowStart[r]` … `rowStart[r + 1]`), where row r touches rows
 * r − `back[k]`; runs in touching rows join when they overlap, or with
 * `slack` 1 (26- and 8-connectivity) also when they meet diagonally. Groups
 * are numbered in the order of their first run.
 */
export function labelRuns(x0: ArrayLike<number>, x1: ArrayLike<number>, rowStart: Int32Array, back: number[], slack = 1): { label: Int32Array; count: number } {
	const n = x0.length;
	const parent = new Int32Array(n);
	const find = (i: number): number => {
		while (parent[i] !== i) i = parent[i] = parent[parent[i]];
		return i;
	};
	for (let r = 0; r + 1 < rowStart.length; r++) {
		for (let i = rowStart[r]; i < rowStart[r + 1]; i++) {
			parent[i] = i;
			for (const d of back) {
				if (r - d < 0) continue;
				for (let j = rowStart[r - d]; j < rowStart[r - d + 1]; j++) {
					if (x0[j] > x1[i] + slack || x1[j] < x0[i] - slack) continue;
					const a = find(i), b = find(j);
					// The earlier run stays the root, so a group's root is its first run.
					if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
				}
			}
		}
	}
	const label = new Int32Array(n);
	let count = 0;
	for (let i = 0; i < n; i++) label[i] = parent[i] === i ? count++ : label[find(i)];
	return { label, count };
}

export interface GeodesicOptions {
	/** Stop at this distance (world units). */
	maxDistance?: number;
	/** Start distance of each seed (world units; default 0). */
	start?: ArrayLike<number>;
	/** Voxels (compact ids) the paths may use (1) or not (0). */
	allowed?: Uint8Array;
	/** Per-voxel distance limit in quantised units ({@link VoxelGrid.quantise}): a voxel farther than its limit is neither reached nor expanded. */
	limit?: Int32Array;
}

/**
 * Dijkstra work space of one grid, kept between calls and sized for the
 * whole grid up front, so the sweep's loop never meets a branch it has not
 * run before (in a fresh process each such branch cost a deoptimisation).
 */
interface Sweep {
	/** Circular buckets of linked entries (−1: empty). */
	head: Int32Array;
	next: Int32Array;
	entry: Int32Array;
	/** Cells given a distance (to reset afterwards), and cells settled, in order. */
	touched: Int32Array;
	nTouched: number;
	settled: Int32Array;
	nearer: Int32Array;
}

/** A step is at most √3 cells < 2 quanta·cells, so 2·QUANTUM buckets never alias. */
const BUCKETS = 2 * QUANTUM;

function newSweep(solid: number): Sweep {
	const entries = Math.max(4096, 4 * solid);
	return { head: new Int32Array(BUCKETS).fill(-1), next: new Int32Array(entries), entry: new Int32Array(entries), touched: new Int32Array(solid + 1), nTouched: 0, settled: new Int32Array(solid + 1), nearer: new Int32Array(26) };
}

/**
 * The bucket-queue Dijkstra over cell indices: `dist` holds UNREACHED for
 * open cells and BLOCKED where paths may not go; seeds (cells, start
 * distances ascending) enter when the sweep reaches their start. Leaves the
 * settled cells in `w.settled` (returns how many) and the cells it gave a
 * distance in `w.touched`.
 */
function sweep(w: Sweep, dist: Int32Array, offsets: Int32Array, qsteps: Int32Array, ids: Int32Array, limit: Int32Array, maxQ: number, seedCells: Int32Array, seedD: Int32Array): number {
	const { head, nearer, touched, settled } = w;
	head.fill(-1);
	let next = w.next;
	let entry = w.entry;
	let used = 0;
	let pending = 0;
	let nTouched = 0;
	let nSettled = 0;
	let si = 0;
	const ns = seedCells.length;
	let key = ns ? seedD[0] : 0;
	while (pending > 0 || si < ns) {
		if (pending === 0 && seedD[si] > key) key = seedD[si];
		while (si < ns && seedD[si] <= key) {
			const s = seedCells[si];
			const d0 = seedD[si++];
			// A seed enters unless a path within the bounds already reached it
			// as near (even where paths may not pass: BLOCKED is below every distance).
			const cur = dist[s];
			if (d0 >= cur && cur !== BLOCKED && cur <= maxQ && cur <= limit[ids[s]]) continue;
			if (cur === UNREACHED) touched[nTouched++] = s;
			dist[s] = d0;
			if (used === next.length) {
				next = grow(next);
				entry = grow(entry);
			}
			const bucket = d0 % BUCKETS;
			next[used] = head[bucket];
			entry[used] = s;
			head[bucket] = used++;
			pending++;
		}
		const bucket = key % BUCKETS;
		let e = head[bucket];
		head[bucket] = -1;
		while (e >= 0) {
			const c = entry[e];
			e = next[e];
			pending--;
			if (dist[c] !== key) continue; // stale
			settled[nSettled++] = c;
			// First the neighbours this voxel brings nearer (a tight loop: most are already settled), then the updates.
			let m = 0;
			for (let o = 0; o < 26; o++) if (key + qsteps[o] < dist[c + offsets[o]]) nearer[m++] = o;
			for (let i = 0; i < m; i++) {
				const nc = c + offsets[nearer[i]];
				const nd = key + qsteps[nearer[i]];
				if (dist[nc] === UNREACHED) touched[nTouched++] = nc;
				dist[nc] = nd;
				// Past the bound: never queued, but the distance stays as a
				// floor, so the many later paths at or past it fail the
				// first test. (A queued distance is within the bound, so
				// it is never replaced by one past it.)
				if (nd > maxQ || nd > limit[ids[nc]]) continue;
				if (used === next.length) {
					next = grow(next);
					entry = grow(entry);
				}
				const b = nd % BUCKETS;
				next[used] = head[b];
				entry[used] = nc;
				head[b] = used++;
				pending++;
			}
		}
		key++;
	}
	w.next = next;
	w.entry = entry;
	w.nTouched = nTouched;
	return nSettled;
}

/** Marks the cells of the voxels `allowed` excludes BLOCKED in `dist`; returns those cells. */
function blockDisallowed(dist: Int32Array, cells: Int32Array, allowed: Uint8Array): Int32Array {
	let nb = 0;
	for (let id = 0; id < cells.length; id++) if (allowed[id] === 0) nb++;
	const blocked = new Int32Array(nb);
	nb = 0;
	for (let id = 0; id < cells.length; id++) if (allowed[id] === 0) dist[(blocked[nb++] = cells[id])] = BLOCKED;
	return blocked;
}

/** The settled cells as compact ids and world distances. */
function gatherSettled(settled: Int32Array, count: number, ids: Int32Array, dist: Int32Array, inv: number, outIds: Int32Array, outDist: Float32Array): void {
	for (let i = 0; i < count; i++) {
		outIds[i] = ids[settled[i]];
		outDist[i] = dist[settled[i]] * inv;
	}
}

function resetCells(dist: Int32Array, list: Int32Array, count: number, value: number): void {
	for (let i = 0; i < count; i++) dist[list[i]] = value;
}

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
	/** Cell-index offsets of the 26 neighbours, their step lengths (cells) and quantised steps. */
	readonly offsets: Int32Array;
	readonly steps: Float32Array;
	private readonly qsteps: Int32Array;
	/** Dijkstra work space by cell index, reused between calls (between calls: UNREACHED on solid cells, BLOCKED elsewhere). */
	private work?: Int32Array;
	private sweepSpace?: Sweep;
	/** `limit` for calls without one: no voxel is ever past it. */
	private noLimit?: Int32Array;

	constructor(spec: GridSpec) {
		this.origin = spec.origin;
		this.size = spec.size;
		[this.nx, this.ny, this.nz] = spec.dims;
		this.state = new Uint8Array(this.nx * this.ny * this.nz);
		this.offsets = new Int32Array(26);
		this.steps = new Float32Array(26);
		this.qsteps = new Int32Array(26);
		let o = 0;
		for (let dz = -1; dz <= 1; dz++)
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++) {
					if (!dx && !dy && !dz) continue;
					this.offsets[o] = dx + this.nx * (dy + this.ny * dz);
					this.steps[o] = Math.hypot(dx, dy, dz);
					this.qsteps[o] = Math.round(this.steps[o] * QUANTUM);
					o++;
				}
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
		return [this.axisCell(p[0], 0, this.nx), this.axisCell(p[1], 1, this.ny), this.axisCell(p[2], 2, this.nz)];
	}

	private axisCell(v: number, k: number, n: number): number {
		const c = Math.floor((v - this.origin[k]) / this.size);
		return c < 0 ? 0 : c > n - 1 ? n - 1 : c;
	}

	cellIndexOf(p: ArrayLike<number>): number {
		return this.axisCell(p[0], 0, this.nx) + this.nx * (this.axisCell(p[1], 1, this.ny) + this.ny * this.axisCell(p[2], 2, this.nz));
	}

	/** Compact id of the solid voxel containing (x, y, z), or −1. */
	idAt(x: number, y: number, z: number): number {
		return this.ids[this.axisCell(x, 0, this.nx) + this.nx * (this.axisCell(y, 1, this.ny) + this.ny * this.axisCell(z, 2, this.nz))];
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

	/** A world distance in the integer units of the geodesics. */
	quantise(d: number): number {
		return Math.round((d * QUANTUM) / this.size);
	}

	/** Layer (y cell) of a solid voxel by compact id. */
	layerOf(id: number): number {
		const c = this.cells[id];
		return ((c - (c % this.nx)) / this.nx) % this.ny;
	}

	/**
	 * Marks the cells the triangles touch (dense barycentric sampling at half
	 * a cell). With `vertexMask`, only the triangles with a vertex in it (1).
	 */
	rasterize(positions: ArrayLike<number>, triangles: ArrayLike<number>, vertexMask?: Uint8Array): void {
		const { nx, ny, nz, size, origin, state } = this;
		const inv = 1 / size;
		const step = size * 0.5;
		const ox = origin[0], oy = origin[1], oz = origin[2];
		for (let t = 0; t < triangles.length / 3; t++) {
			if (vertexMask && !vertexMask[triangles[t * 3]] && !vertexMask[triangles[t * 3 + 1]] && !vertexMask[triangles[t * 3 + 2]]) continue;
			const a = triangles[t * 3] * 3, b = triangles[t * 3 + 1] * 3, c = triangles[t * 3 + 2] * 3;
			const ax = positions[a], ay = positions[a + 1], az = positions[a + 2];
			const bx = positions[b] - ax, by = positions[b + 1] - ay, bz = positions[b + 2] - az;
			const cx = positions[c] - ax, cy = positions[c + 1] - ay, cz = positions[c + 2] - az;
			const dx = bx - cx, dy = by - cy, dz = bz - cz;
			const longest = Math.sqrt(Math.max(bx * bx + by * by + bz * bz, cx * cx + cy * cy + cz * cz, dx * dx + dy * dy + dz * dz));
			const n = Math.min(512, Math.max(1, Math.ceil(longest / step)));
			for (let i = 0; i <= n; i++) {
				for (let j = 0; j <= n - i; j++) {
					const u = i / n, v = j / n;
					const x = Math.floor((ax + u * bx + v * cx - ox) * inv), y = Math.floor((ay + u * by + v * cy - oy) * inv), z = Math.floor((az + u * bz + v * cz - oz) * inv);
					if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
					state[x + nx * (y + ny * z)] = SURFACE;
				}
			}
		}
	}

	/** Marks the outside (the cells 6-connected to the border through non-surface cells); builds the compact ids of the solid (the rest). */
	solidify(): void {
		const { nx, ny, nz, state } = this;
		if (nx < 3 || ny < 3 || nz < 3) {
			state.fill(OUTSIDE);
			this.buildIds();
			return;
		}
		// The border is outside (it is padding); the flood runs over inner cells.
		for (let z = 0; z < nz; z++)
			for (let y = 0; y < ny; y++) {
				const row = nx * (y + ny * z);
				if (z === 0 || y === 0 || z === nz - 1 || y === ny - 1) state.fill(OUTSIDE, row, row + nx);
				else {
					state[row] = OUTSIDE;
					state[row + nx - 1] = OUTSIDE;
				}
			}
		// The inner cells that are not surface, as runs along x; runs in
		// face-adjacent rows (y − 1, z − 1) that overlap are connected. A
		// group of runs with one run next to the border is outside.
		const x0: number[] = [], x1: number[] = [], runRow: number[] = [];
		const rowStart = new Int32Array(ny * nz + 1);
		for (let r = 0; r < ny * nz; r++) {
			rowStart[r] = x0.length;
			const y = r % ny, z = (r - y) / ny;
			if (y === 0 || z === 0 || y === ny - 1 || z === nz - 1) continue;
			const row = nx * r;
			for (let x = 1; x < nx - 1; x++) {
				if (state[row + x] !== 0) continue;
				let end = x;
				while (end + 1 < nx - 1 && state[row + end + 1] === 0) end++;
				x0.push(x);
				x1.push(end);
				runRow.push(r);
				x = end;
			}
		}
		rowStart[ny * nz] = x0.length;
		const { label, count } = labelRuns(x0, x1, rowStart, [1, ny], 0);
		const outside = new Uint8Array(count);
		for (let i = 0; i < x0.length; i++) {
			const y = runRow[i] % ny, z = (runRow[i] - y) / ny;
			if (x0[i] === 1 || x1[i] === nx - 2 || y === 1 || z === 1 || y === ny - 2 || z === nz - 2) outside[label[i]] = 1;
		}
		for (let i = 0; i < x0.length; i++) if (outside[label[i]]) state.fill(OUTSIDE, nx * runRow[i] + x0[i], nx * runRow[i] + x1[i] + 1);
		this.buildIds();
	}

	/**
	 * A grid `factor` times coarser over the same box: a coarse cell is solid
	 * when any fine solid voxel in its block is (and, with `mask`, is
	 * masked in). Cheap — no re-rasterising — and conservative: thin parts
	 * stay connected.
	 */
	downsample(factor: number, mask?: Uint8Array): VoxelGrid {
		const dims: [number, number, number] = [Math.ceil(this.nx / factor) + 1, Math.ceil(this.ny / factor) + 1, Math.ceil(this.nz / factor) + 1];
		const coarse = new VoxelGrid({ origin: this.origin, size: this.size * factor, dims });
		coarse.state.fill(OUTSIDE);
		const { nx, ny, cells } = this;
		const cnx = dims[0], cny = dims[1];
		for (let id = 0; id < cells.length; id++) {
			if (mask && !mask[id]) continue;
			const c = cells[id];
			const x = c % nx;
			const y = ((c - x) / nx) % ny;
			const z = (c - x - nx * y) / (nx * ny);
			const ci = Math.floor(x / factor) + cnx * (Math.floor(y / factor) + cny * Math.floor(z / factor));
			const st = this.state[c];
			if (coarse.state[ci] !== SURFACE) coarse.state[ci] = st === SURFACE ? SURFACE : 0;
		}
		coarse.buildIds();
		return coarse;
	}

	private buildIds(): void {
		const { nx, ny, nz, state } = this;
		// Solid cells on the grid's border (only possible without padding) are dropped, so every solid cell has all 26 neighbours inside the grid.
		const ids = new Int32Array(state.length).fill(-1);
		let count = 0;
		for (let pass = 0; pass < 2; pass++) {
			// First count, then number.
			const cells = pass ? new Int32Array(count) : undefined;
			count = 0;
			for (let z = 1; z < nz - 1; z++)
				for (let y = 1; y < ny - 1; y++) {
					const row = nx * (y + ny * z);
					for (let x = row + 1; x < row + nx - 1; x++) {
						if (state[x] === OUTSIDE) continue;
						if (cells) {
							ids[x] = count;
							cells[count] = x;
						}
						count++;
					}
				}
			if (cells) this.cells = cells;
		}
		this.ids = ids;
		this.work = undefined;
	}

	/**
	 * The (up to) 8 solid voxels whose centres surround `p` and their
	 * trilinear weights (ids −1 where the corner is not solid); for
	 * interpolating a voxel field at a point.
	 */
	corners(p: ArrayLike<number>, ids: Int32Array, weights: Float32Array, offset = 0): void {
		const fx = (p[0] - this.origin[0]) / this.size - 0.5, fy = (p[1] - this.origin[1]) / this.size - 0.5, fz = (p[2] - this.origin[2]) / this.size - 0.5;
		const x0 = Math.floor(fx), y0 = Math.floor(fy), z0 = Math.floor(fz);
		const tx = fx - x0, ty = fy - y0, tz = fz - z0;
		for (let k = 0; k < 8; k++) {
			const x = x0 + (k & 1), y = y0 + ((k >> 1) & 1), z = z0 + ((k >> 2) & 1);
			const inside = x >= 0 && y >= 0 && z >= 0 && x < this.nx && y < this.ny && z < this.nz;
			ids[offset + k] = inside ? this.ids[x + this.nx * (y + this.ny * z)] : -1;
			weights[offset + k] = (k & 1 ? tx : 1 - tx) * ((k >> 1) & 1 ? ty : 1 - ty) * ((k >> 2) & 1 ? tz : 1 - tz);
		}
	}

	isSolid(cell: number): boolean {
		return this.state[cell] !== OUTSIDE;
	}

	isSurface(cell: number): boolean {
		return this.state[cell] === SURFACE;
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
						if (Math.max(Math.abs(x - cx), Math.abs(y - cy), Math.abs(z - cz)) !== r) continue;
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
	 * Geodesic distance through the solid from the seed voxels (each with its
	 * own start distance), as a sparse list of the voxels reached within
	 * `maxDistance`, nearest first. Dijkstra on the 26-neighbourhood with a
	 * bucket queue: steps are quantised to 1/128 of a cell, so each pop is
	 * O(1) and the work is proportional to the voxels reached, not to the
	 * grid. `allowed` restricts the region.
	 */
	geodesicReach(seeds: ArrayLike<number>, options: GeodesicOptions = {}): GeodesicReach {
		const n = this.count;
		const { offsets, qsteps, ids, cells } = this;
		// Distances by cell index: a neighbour costs one look-up, and cells the
		// paths may not use (not solid, or not allowed) hold BLOCKED, which no
		// path improves on, so the loop needs no other test.
		if (!this.work) {
			this.work = new Int32Array(this.state.length).fill(BLOCKED);
			for (let id = 0; id < n; id++) this.work[cells[id]] = UNREACHED;
		}
		const dist = this.work;
		const blocked = options.allowed ? blockDisallowed(dist, cells, options.allowed) : undefined;
		const scale = QUANTUM / this.size;
		const maxQ = options.maxDistance === undefined || !Number.isFinite(options.maxDistance) ? UNREACHED - 1 : Math.floor(options.maxDistance * scale);
		// Seeds (cells) by start distance; each enters the queue when the sweep reaches its start.
		const order: number[] = [];
		const seedCell: number[] = [];
		const start: number[] = [];
		for (let i = 0; i < seeds.length; i++) {
			const s = seeds[i];
			if (s < 0 || s >= n) continue;
			const d0 = options.start ? Math.max(0, Math.round(options.start[i] * scale)) : 0;
			if (d0 > maxQ) continue;
			order.push(order.length);
			seedCell.push(cells[s]);
			start.push(d0);
		}
		if (options.start) order.sort((x, y) => start[x] - start[y]);
		const seedCells = Int32Array.from(order, (i) => seedCell[i]);
		const seedD = Int32Array.from(order, (i) => start[i]);
		if (!this.sweepSpace) this.sweepSpace = newSweep(n);
		if (!options.limit && !this.noLimit) this.noLimit = new Int32Array(n).fill(UNREACHED);
		const w = this.sweepSpace;
		const nSettled = sweep(w, dist, offsets, qsteps, ids, options.limit ?? this.noLimit!, maxQ, seedCells, seedD);
		const outIds = new Int32Array(nSettled);
		const outDist = new Float32Array(nSettled);
		gatherSettled(w.settled, nSettled, ids, dist, 1 / scale, outIds, outDist);
		resetCells(dist, w.touched, w.nTouched, UNREACHED);
		if (blocked) resetCells(dist, blocked, blocked.length, UNREACHED);
		return { ids: outIds, dist: outDist, count: nSettled };
	}

	/**
	 * Geodesic distance (world units) through the solid from the seed voxels,
	 * each with its own start distance; cells beyond `maxDistance` stay
	 * Infinity. `allowed(id)` restricts the region. Dense form of
	 * {@link geodesicReach}.
	 */
	geodesic(seeds: ArrayLike<number>, options: GeodesicOptions = {}): Float32Array {
		const out = new Float32Array(this.count).fill(Infinity);
		const r = this.geodesicReach(seeds, options);
		for (let i = 0; i < r.count; i++) out[r.ids[i]] = r.dist[i];
		return out;
	}

	/** 26-connected components of the solid (optionally of a subset): component label per id (−1 outside the subset). */
	components(subset?: Uint8Array): { labels: Int32Array; sizes: number[] } {
		// Compact ids follow the cells in x order, so a run of consecutive ids
		// in consecutive cells is a row segment along x; a row (y, z) touches
		// the four earlier rows of its 3×3 row neighbourhood.
		const n = this.count;
		const { nx, ny, nz, cells } = this;
		const runFirst: number[] = [], x0: number[] = [], x1: number[] = [];
		const rowStart = new Int32Array(ny * nz + 1);
		let row = -1;
		for (let id = 0; id < n; id++) {
			if (subset && !subset[id]) continue;
			const c = cells[id];
			const last = x1.length - 1;
			if (last >= 0 && runFirst[last] + x1[last] - x0[last] === id - 1 && cells[id - 1] === c - 1) {
				x1[last]++;
				continue;
			}
			const x = c % nx;
			const r = (c - x) / nx;
			while (row < r) rowStart[++row] = x0.length;
			runFirst.push(id);
			x0.push(x);
			x1.push(x);
		}
		while (row < ny * nz) rowStart[++row] = x0.length;
		const { label, count } = labelRuns(x0, x1, rowStart, [1, ny - 1, ny, ny + 1]);
		const labels = new Int32Array(n).fill(-1);
		const sizes = new Array<number>(count).fill(0);
		for (let i = 0; i < x0.length; i++) {
			sizes[label[i]] += x1[i] - x0[i] + 1;
			labels.fill(label[i], runFirst[i], runFirst[i] + x1[i] - x0[i] + 1);
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
		return this.geodesic(seeds, { start: seeds.map(() => this.size * 0.5) });
	}
}
