/**
 * The control cage: a closed quad mesh grown by region extrusion, so it is
 * watertight and manifold by construction (every extrusion replaces a disk of
 * faces by a tube of side quads plus the moved disk). Vertices carry skin
 * weights; faces carry a body-part tag. The sequence of operations never
 * depends on the parameters, so every avatar has the same topology.
 */

export type V3 = [number, number, number];
/** Skin weights of a cage vertex: [joint index, weight] pairs summing to 1. */
export type Wt = readonly (readonly [number, number])[];

/** A rows × cols patch of faces: `v` is (rows+1) × (cols+1) vertex ids, `f` rows × cols face ids. */
export interface Grid {
	v: number[][];
	f: number[][];
}

/** Side quads made by extruding a grid, per edge of its border. */
export interface Walls {
	/** Along row 0, one per column. */
	rowStart: number[];
	/** Along the last row, one per column. */
	rowEnd: number[];
	/** Along column 0, one per row. */
	colStart: number[];
	/** Along the last column, one per row. */
	colEnd: number[];
}

export interface Frame {
	/** Centre. */
	c: V3;
	/** Direction of increasing column index. */
	a: V3;
	/** Direction of increasing row index. */
	b: V3;
	/** Normal (extrusion direction, used for domes). */
	n: V3;
}

const key = (u: number, v: number) => (u < v ? `${u},${v}` : `${v},${u}`);

export class Cage {
	readonly pos: number[] = [];
	readonly wts: Wt[] = [];
	readonly faces: number[][] = [];
	readonly tags: number[] = [];

	get vertexCount(): number {
		return this.wts.length;
	}

	vertex(p: V3, w: Wt): number {
		this.pos.push(p[0], p[1], p[2]);
		this.wts.push(w);
		return this.wts.length - 1;
	}

	get(v: number): V3 {
		return [this.pos[3 * v], this.pos[3 * v + 1], this.pos[3 * v + 2]];
	}

	set(v: number, p: V3, w?: Wt): void {
		this.pos[3 * v] = p[0];
		this.pos[3 * v + 1] = p[1];
		this.pos[3 * v + 2] = p[2];
		if (w) this.wts[v] = w;
	}

	face(q: number[], tag: number): number {
		this.faces.push(q);
		this.tags.push(tag);
		return this.faces.length - 1;
	}

	/**
	 * Region extrusion: the faces in `faceIds` (a disk) get new copies of their
	 * vertices; a side quad joins every border edge to its copy. Returns the
	 * vertex map and the side quad of each border edge (by unordered key).
	 */
	extrude(faceIds: number[], tag: number): { map: Map<number, number>; side: Map<string, number> } {
		const directed = new Set<string>();
		for (const f of faceIds) {
			const q = this.faces[f];
			for (let k = 0; k < 4; k++) directed.add(`${q[k]},${q[(k + 1) % 4]}`);
		}
		const map = new Map<number, number>();
		for (const f of faceIds) {
			for (const v of this.faces[f]) if (!map.has(v)) map.set(v, this.vertex(this.get(v), this.wts[v]));
		}
		const side = new Map<string, number>();
		for (const f of faceIds) {
			const q = this.faces[f];
			for (let k = 0; k < 4; k++) {
				const u = q[k];
				const v = q[(k + 1) % 4];
				if (directed.has(`${v},${u}`)) continue;
				side.set(key(u, v), this.face([u, v, map.get(v)!, map.get(u)!], tag));
			}
		}
		for (const f of faceIds) {
			this.faces[f] = this.faces[f].map((v) => map.get(v)!);
			this.tags[f] = tag;
		}
		return { map, side };
	}

	/** Extrudes a grid; the returned grid holds the moved faces on the new vertices. */
	extrudeGrid(g: Grid, tag: number): { grid: Grid; walls: Walls } {
		const { map, side } = this.extrude(g.f.flat(), tag);
		const R = g.f.length;
		const C = g.f[0].length;
		const wall = (a: number, b: number) => {
			const id = side.get(key(a, b));
			if (id === undefined) throw new Error('cage: grid border edge without a side quad');
			return id;
		};
		const walls: Walls = {
			rowStart: Array.from({ length: C }, (_, j) => wall(g.v[0][j], g.v[0][j + 1])),
			rowEnd: Array.from({ length: C }, (_, j) => wall(g.v[R][j], g.v[R][j + 1])),
			colStart: Array.from({ length: R }, (_, i) => wall(g.v[i][0], g.v[i + 1][0])),
			colEnd: Array.from({ length: R }, (_, i) => wall(g.v[i][C], g.v[i + 1][C])),
		};
		return { grid: { v: g.v.map((row) => row.map((v) => map.get(v)!)), f: g.f.map((r) => [...r]) }, walls };
	}

	/**
	 * Extrudes a grid together with the side walls of the band that made it
	 * on its first and last column: the new cap has two more columns.
	 */
	growCols(old: Grid, cur: Grid, walls: Walls, tag: number): { grid: Grid; walls: Walls; region: Grid } {
		const C = old.v[0].length - 1;
		const region: Grid = {
			v: cur.v.map((row, i) => [old.v[i][0], ...row, old.v[i][C]]),
			f: cur.f.map((row, i) => [walls.colStart[i], ...row, walls.colEnd[i]]),
		};
		return { ...this.extrudeGrid(region, tag), region };
	}

	/** As growCols, for rows. */
	growRows(old: Grid, cur: Grid, walls: Walls, tag: number): { grid: Grid; walls: Walls; region: Grid } {
		const R = old.v.length - 1;
		const region: Grid = {
			v: [old.v[0], ...cur.v, old.v[R]],
			f: [walls.rowStart, ...cur.f, walls.rowEnd],
		};
		return { ...this.extrudeGrid(region, tag), region };
	}

	/**
	 * Places a grid on an elliptic disk of the frame: the border on the
	 * ellipse (radii ra along a, rb along b), inner vertices inside, lifted by
	 * `dome` along n at the centre.
	 */
	placeGrid(g: Grid, fr: Frame, ra: number, rb: number, w: Wt | ((i: number, j: number, p: V3) => Wt), dome = 0, shape?: (x: number, y: number) => [number, number, number]): void {
		const R = g.v.length - 1;
		const C = g.v[0].length - 1;
		for (let i = 0; i <= R; i++) {
			for (let j = 0; j <= C; j++) {
				const s = C ? (2 * j) / C - 1 : 0;
				const t = R ? (2 * i) / R - 1 : 0;
				let x = s * Math.sqrt(1 - (t * t) / 2);
				let y = t * Math.sqrt(1 - (s * s) / 2);
				const h = dome * Math.max(0, 1 - x * x - y * y) ** 0.5;
				let dz = 0;
				if (shape) [x, y, dz] = shape(x, y);
				const p: V3 = [0, 0, 0];
				for (let k = 0; k < 3; k++) p[k] = fr.c[k] + fr.a[k] * ra * x + fr.b[k] * rb * y + fr.n[k] * (h + dz);
				this.set(g.v[i][j], p, typeof w === 'function' ? w(i, j, p) : w);
			}
		}
	}

	/** Moves a grid's vertices towards their centroid (per frame axis) and along n. */
	inset(g: Grid, fr: Pick<Frame, 'a' | 'b' | 'n'>, sa: number, sb: number, push: number, w?: Wt): void {
		const ids = [...new Set(g.v.flat())];
		const c: V3 = [0, 0, 0];
		for (const v of ids) {
			const p = this.get(v);
			for (let k = 0; k < 3; k++) c[k] += p[k] / ids.length;
		}
		for (const v of ids) {
			const p = this.get(v);
			const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
			const da = d[0] * fr.a[0] + d[1] * fr.a[1] + d[2] * fr.a[2];
			const db = d[0] * fr.b[0] + d[1] * fr.b[1] + d[2] * fr.b[2];
			const dn = d[0] * fr.n[0] + d[1] * fr.n[1] + d[2] * fr.n[2];
			const q: V3 = [0, 0, 0];
			for (let k = 0; k < 3; k++) q[k] = c[k] + fr.a[k] * da * sa + fr.b[k] * db * sb + fr.n[k] * (dn + push);
			this.set(v, q, w);
		}
	}

	/** Drops vertices no face uses; returns the compacted copy's arrays. */
	compact(): { pos: Float64Array; wts: Wt[]; faces: Int32Array; tags: Int32Array; remap: Int32Array } {
		const remap = new Int32Array(this.vertexCount).fill(-1);
		let n = 0;
		for (const q of this.faces) for (const v of q) if (remap[v] < 0) remap[v] = n++;
		// Keep creation order for stability.
		const order = new Int32Array(n);
		n = 0;
		for (let v = 0; v < this.vertexCount; v++) if (remap[v] >= 0) { remap[v] = n; order[n++] = v; }
		const pos = new Float64Array(3 * n);
		const wts: Wt[] = [];
		for (let i = 0; i < n; i++) {
			const v = order[i];
			pos[3 * i] = this.pos[3 * v];
			pos[3 * i + 1] = this.pos[3 * v + 1];
			pos[3 * i + 2] = this.pos[3 * v + 2];
			wts.push(this.wts[v]);
		}
		const faces = new Int32Array(4 * this.faces.length);
		this.faces.forEach((q, f) => q.forEach((v, k) => (faces[4 * f + k] = remap[v])));
		return { pos, wts, faces, tags: Int32Array.from(this.tags), remap };
	}
}

/** A sub-patch of a grid: face rows i0..i1-1, columns j0..j1-1. */
export function subGrid(g: Grid, i0: number, i1: number, j0: number, j1: number): Grid {
	return {
		v: g.v.slice(i0, i1 + 1).map((row) => row.slice(j0, j1 + 1)),
		f: g.f.slice(i0, i1).map((row) => row.slice(j0, j1)),
	};
}

/** A flat grid of new vertices with faces; `flip` reverses the winding. */
export function plate(cage: Cage, rows: number, cols: number, tag: number, flip: boolean, shared?: (i: number, j: number) => number | undefined): Grid {
	const v: number[][] = [];
	for (let i = 0; i <= rows; i++) {
		const row: number[] = [];
		for (let j = 0; j <= cols; j++) row.push(shared?.(i, j) ?? cage.vertex([0, 0, 0], []));
		v.push(row);
	}
	const f: number[][] = [];
	for (let i = 0; i < rows; i++) {
		const row: number[] = [];
		for (let j = 0; j < cols; j++) {
			const q = [v[i][j], v[i][j + 1], v[i + 1][j + 1], v[i + 1][j]];
			row.push(cage.face(flip ? q.reverse() : q, tag));
		}
		f.push(row);
	}
	return { v, f };
}

// Small vector helpers.
export const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const len = (a: V3) => Math.hypot(a[0], a[1], a[2]);
export const norm = (a: V3): V3 => scale(a, 1 / (len(a) || 1));
export const lerp = (a: V3, b: V3, t: number): V3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
/** a + b·s + c·t … */
export const madd = (p: V3, ...terms: [V3, number][]): V3 => {
	const o: V3 = [p[0], p[1], p[2]];
	for (const [d, s] of terms) for (let k = 0; k < 3; k++) o[k] += d[k] * s;
	return o;
};
