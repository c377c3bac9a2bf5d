/**
 * Polygon triangulation shared by the OBJ and FBX readers.
 */

/** Polygons larger than this are fan-triangulated (ear clipping is O(n²) or worse). */
const MAX_EAR_CLIP_CORNERS = 256;

// Scratch space for triangulation, grown on demand (no allocation per face).
let scratchX = new Float64Array(64);
let scratchY = new Float64Array(64);
let scratchPrev = new Int32Array(64);
let scratchNext = new Int32Array(64);

function cross2(px: Float64Array, py: Float64Array, a: number, b: number, c: number): number {
	return (px[b] - px[a]) * (py[c] - py[a]) - (py[b] - py[a]) * (px[c] - px[a]);
}

/** Whether corner b (with its ring neighbours) is an ear: convex, and no other reflex corner inside. */
function isEar(px: Float64Array, py: Float64Array, prev: Int32Array, next: Int32Array, b: number): boolean {
	const a = prev[b];
	const c = next[b];
	if (!(cross2(px, py, a, b, c) > 0)) return false; // reflex or collinear
	const ax = px[a];
	const ay = py[a];
	const bx = px[b];
	const by = py[b];
	const cx = px[c];
	const cy = py[c];
	for (let p = next[c]; p !== a; p = next[p]) {
		// Only reflex (or flat) corners can lie inside an ear of a simple polygon.
		if (cross2(px, py, prev[p], p, next[p]) > 0) continue;
		const x = px[p];
		const y = py[p];
		if ((x === ax && y === ay) || (x === bx && y === by) || (x === cx && y === cy)) continue;
		if (
			(bx - ax) * (y - ay) - (by - ay) * (x - ax) >= 0 &&
			(cx - bx) * (y - by) - (cy - by) * (x - bx) >= 0 &&
			(ax - cx) * (y - cy) - (ay - cy) * (x - cx) >= 0
		) {
			return false;
		}
	}
	return true;
}

/**
 * Triangulates one polygon given by `n` corner positions (`xyz`, 3 per corner).
 * Writes n − 2 triangles as corner numbers (0..n−1) into `out`, keeping the
 * polygon's winding. Ear clipping on the polygon's Newell plane; a fan for
 * degenerate polygons and for very large ones.
 */
export function triangulatePolygon(xyz: ArrayLike<number>, n: number, out: number[]): void {
	if (n < 3) return;
	if (n === 3) {
		out.push(0, 1, 2);
		return;
	}
	// Newell normal.
	let nx = 0;
	let ny = 0;
	let nz = 0;
	let ext = 0;
	for (let i = 0, j = n - 1; i < n; j = i++) {
		const xi = xyz[3 * i];
		const yi = xyz[3 * i + 1];
		const zi = xyz[3 * i + 2];
		const xj = xyz[3 * j];
		const yj = xyz[3 * j + 1];
		const zj = xyz[3 * j + 2];
		nx += (yj - yi) * (zj + zi);
		ny += (zj - zi) * (xj + xi);
		nz += (xj - xi) * (yj + yi);
		ext = Math.max(ext, Math.abs(xi - xj), Math.abs(yi - yj), Math.abs(zi - zj));
	}
	const ax = Math.abs(nx);
	const ay = Math.abs(ny);
	const az = Math.abs(nz);
	const nlen = ax + ay + az;
	if (!(nlen > 1e-12 * ext * ext) || !Number.isFinite(nlen) || n > MAX_EAR_CLIP_CORNERS) {
		for (let i = 1; i < n - 1; i++) out.push(0, i, i + 1);
		return;
	}
	// Project along the dominant axis (an affine map: ear tests are unchanged),
	// oriented so that the polygon is counter-clockwise in 2D.
	let u: number;
	let w: number;
	let sign: number;
	if (ax >= ay && ax >= az) {
		u = 1;
		w = 2;
		sign = nx > 0 ? 1 : -1;
	} else if (ay >= az) {
		u = 2;
		w = 0;
		sign = ny > 0 ? 1 : -1;
	} else {
		u = 0;
		w = 1;
		sign = nz > 0 ? 1 : -1;
	}
	if (scratchX.length < n) {
		const size = Math.max(n, scratchX.length * 2);
		scratchX = new Float64Array(size);
		scratchY = new Float64Array(size);
		scratchPrev = new Int32Array(size);
		scratchNext = new Int32Array(size);
	}
	const px = scratchX;
	const py = scratchY;
	const prev = scratchPrev;
	const next = scratchNext;
	for (let i = 0; i < n; i++) {
		px[i] = xyz[3 * i + u];
		py[i] = xyz[3 * i + w] * sign;
		prev[i] = i === 0 ? n - 1 : i - 1;
		next[i] = i === n - 1 ? 0 : i + 1;
	}
	if (n === 4) {
		// Quads: split along a diagonal that gives two convex triangles, the
		// shorter one when both do (the split a modeller expects).
		const a02 = cross2(px, py, 0, 1, 2) > 0 && cross2(px, py, 0, 2, 3) > 0;
		const a13 = cross2(px, py, 1, 2, 3) > 0 && cross2(px, py, 1, 3, 0) > 0;
		if (a02 && (!a13 || dist2(xyz, 0, 2) <= dist2(xyz, 1, 3))) out.push(0, 1, 2, 0, 2, 3);
		else if (a13) out.push(1, 2, 3, 1, 3, 0);
		else out.push(0, 1, 2, 0, 2, 3);
		return;
	}
	let remaining = n;
	let start = 0;
	while (remaining > 3) {
		let ear = -1;
		let b = start;
		for (let k = 0; k < remaining; k++, b = next[b]) {
			if (isEar(px, py, prev, next, b)) {
				ear = b;
				break;
			}
		}
		if (ear < 0) {
			// No ear: the polygon self-intersects or is numerically flat. Fan what is left
			// (bounded work, always n − 2 triangles) rather than searching on.
			const first = start;
			for (let v = next[first]; next[v] !== first; v = next[v]) out.push(first, v, next[v]);
			return;
		}
		const a = prev[ear];
		const c = next[ear];
		out.push(a, ear, c);
		next[a] = c;
		prev[c] = a;
		start = c;
		remaining--;
	}
	out.push(prev[start], start, next[start]);
}


function dist2(xyz: ArrayLike<number>, a: number, b: number): number {
	const dx = xyz[a * 3] - xyz[b * 3], dy = xyz[a * 3 + 1] - xyz[b * 3 + 1], dz = xyz[a * 3 + 2] - xyz[b * 3 + 2];
	return dx * dx + dy * dy + dz * dz;
}
