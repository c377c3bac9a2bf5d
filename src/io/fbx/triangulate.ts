/**
 * Triangulates one polygon given its corner positions (3D), by ear clipping on
 * the polygon's best-fit (Newell) plane. Returns local corner indices, three
 * per triangle, in the polygon's own winding. Handles concave polygons; falls
 * back to a fan for degenerate input.
 */
export function triangulatePolygon(pos: ArrayLike<number>, n: number): number[] {
	if (n < 3) return [];
	if (n === 3) return [0, 1, 2];
	// Newell normal
	let nx = 0;
	let ny = 0;
	let nz = 0;
	for (let i = 0; i < n; i++) {
		const j = (i + 1) % n;
		const xi = pos[i * 3], yi = pos[i * 3 + 1], zi = pos[i * 3 + 2];
		const xj = pos[j * 3], yj = pos[j * 3 + 1], zj = pos[j * 3 + 2];
		nx += (yi - yj) * (zi + zj);
		ny += (zi - zj) * (xi + xj);
		nz += (xi - xj) * (yi + yj);
	}
	const ax = Math.abs(nx), ay = Math.abs(ny), az = Math.abs(nz);
	if (ax + ay + az === 0 || !Number.isFinite(ax + ay + az)) return fan(n);
	// Project onto the plane by dropping the dominant axis; keep orientation positive.
	let u = 0;
	let v = 1;
	let sign = 1;
	if (ax >= ay && ax >= az) {
		u = 1;
		v = 2;
		sign = nx > 0 ? 1 : -1;
	} else if (ay >= az) {
		u = 2;
		v = 0;
		sign = ny > 0 ? 1 : -1;
	} else {
		u = 0;
		v = 1;
		sign = nz > 0 ? 1 : -1;
	}
	const px = new Float64Array(n);
	const py = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		px[i] = pos[i * 3 + u];
		py[i] = pos[i * 3 + v] * sign;
	}
	if (n === 4) {
		// Quads: split along the diagonal that gives two convex (positive) triangles, preferring the shorter one.
		const a02 = area(px, py, 0, 1, 2) > 0 && area(px, py, 0, 2, 3) > 0;
		const a13 = area(px, py, 1, 2, 3) > 0 && area(px, py, 1, 3, 0) > 0;
		const d02 = dist2(pos, 0, 2);
		const d13 = dist2(pos, 1, 3);
		if (a02 && (!a13 || d02 <= d13)) return [0, 1, 2, 0, 2, 3];
		if (a13) return [1, 2, 3, 1, 3, 0];
		return [0, 1, 2, 0, 2, 3];
	}
	const idx: number[] = [];
	for (let i = 0; i < n; i++) idx.push(i);
	const out: number[] = [];
	let guard = 0;
	while (idx.length > 3 && guard < n * n) {
		guard++;
		let clipped = false;
		const m = idx.length;
		for (let k = 0; k < m; k++) {
			const a = idx[(k + m - 1) % m];
			const b = idx[k];
			const c = idx[(k + 1) % m];
			if (area(px, py, a, b, c) <= 0) continue; // reflex or degenerate
			let inside = false;
			for (let q = 0; q < m; q++) {
				const p = idx[q];
				if (p === a || p === b || p === c) continue;
				if (pointInTri(px[p], py[p], px, py, a, b, c)) {
					inside = true;
					break;
				}
			}
			if (inside) continue;
			out.push(a, b, c);
			idx.splice(k, 1);
			clipped = true;
			break;
		}
		if (!clipped) break;
	}
	if (idx.length === 3) out.push(idx[0], idx[1], idx[2]);
	else for (let k = 1; k + 1 < idx.length; k++) out.push(idx[0], idx[k], idx[k + 1]);
	return out;
}

function fan(n: number): number[] {
	const out: number[] = [];
	for (let k = 1; k + 1 < n; k++) out.push(0, k, k + 1);
	return out;
}

function area(px: Float64Array, py: Float64Array, a: number, b: number, c: number): number {
	return (px[b] - px[a]) * (py[c] - py[a]) - (px[c] - px[a]) * (py[b] - py[a]);
}

function dist2(pos: ArrayLike<number>, a: number, b: number): number {
	const dx = pos[a * 3] - pos[b * 3], dy = pos[a * 3 + 1] - pos[b * 3 + 1], dz = pos[a * 3 + 2] - pos[b * 3 + 2];
	return dx * dx + dy * dy + dz * dz;
}

function pointInTri(x: number, y: number, px: Float64Array, py: Float64Array, a: number, b: number, c: number): boolean {
	const d1 = (px[b] - px[a]) * (y - py[a]) - (x - px[a]) * (py[b] - py[a]);
	const d2 = (px[c] - px[b]) * (y - py[b]) - (x - px[b]) * (py[c] - py[b]);
	const d3 = (px[a] - px[c]) * (y - py[c]) - (x - px[c]) * (py[a] - py[c]);
	return d1 >= 0 && d2 >= 0 && d3 >= 0;
}
