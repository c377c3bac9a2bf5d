/** Separate closed meshes: eyeballs, simple hair, tusks. */
import type { V3 } from './body/cage.js';
import type { Layout } from './body/build.js';
import type { AvatarParams } from './params.js';

export interface SimpleMesh {
	positions: number[];
	normals: number[];
	uvs: number[];
	indices: number[];
	colors?: number[];
}

/**
 * A closed latitude/longitude sphere (poles and the seam duplicated for UVs,
 * at bit-identical positions). `shape` maps (unit direction, lat 0..1, lon
 * 0..1) to a position.
 */
export function sphere(rows: number, cols: number, shape: (d: V3, lat: number, lon: number) => V3, color?: (d: V3) => [number, number, number]): SimpleMesh {
	const m: SimpleMesh = { positions: [], normals: [], uvs: [], indices: [], colors: color ? [] : undefined };
	const dirs: V3[] = [];
	for (let i = 0; i <= rows; i++) {
		const th = (Math.PI * i) / rows;
		for (let j = 0; j <= cols; j++) {
			const ph = (2 * Math.PI * (j % cols)) / cols;
			const pole = i === 0 || i === rows;
			const d: V3 = pole ? [0, 0, i === 0 ? 1 : -1] : [Math.sin(th) * Math.cos(ph), Math.sin(th) * Math.sin(ph), Math.cos(th)];
			dirs.push(d);
			const p = shape(d, i / rows, j / cols);
			m.positions.push(...p);
			m.uvs.push(j / cols, i / rows);
			if (m.colors && color) m.colors.push(...color(d));
		}
	}
	const id = (i: number, j: number) => i * (cols + 1) + j;
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < cols; j++) {
			const a = id(i, j);
			const b = id(i + 1, j);
			const c = id(i + 1, j + 1);
			const d = id(i, j + 1);
			if (i > 0) m.indices.push(a, b, d);
			if (i < rows - 1) m.indices.push(d, b, c);
		}
	}
	m.normals = smoothNormals(m.positions, m.indices);
	return m;
}

/** Area-weighted normals, shared across vertices at the same position. */
export function smoothNormals(positions: number[], indices: number[]): number[] {
	const key = (v: number) => `${positions[3 * v]},${positions[3 * v + 1]},${positions[3 * v + 2]}`;
	const acc = new Map<string, V3>();
	for (let t = 0; t < indices.length; t += 3) {
		const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
		const u = [0, 1, 2].map((k) => positions[3 * b + k] - positions[3 * a + k]);
		const w = [0, 1, 2].map((k) => positions[3 * c + k] - positions[3 * a + k]);
		const n: V3 = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
		for (const v of [a, b, c]) {
			const s = acc.get(key(v)) ?? [0, 0, 0];
			acc.set(key(v), [s[0] + n[0], s[1] + n[1], s[2] + n[2]]);
		}
	}
	const out: number[] = [];
	for (let v = 0; v < positions.length / 3; v++) {
		const n = acc.get(key(v)) ?? [0, 1, 0];
		const l = Math.hypot(n[0], n[1], n[2]) || 1;
		out.push(n[0] / l, n[1] / l, n[2] / l);
	}
	return out;
}

function merge(parts: SimpleMesh[]): SimpleMesh {
	const out: SimpleMesh = { positions: [], normals: [], uvs: [], indices: [], colors: parts.every((p) => p.colors) ? [] : undefined };
	for (const p of parts) {
		const base = out.positions.length / 3;
		out.positions.push(...p.positions);
		out.normals.push(...p.normals);
		out.uvs.push(...p.uvs);
		if (out.colors && p.colors) out.colors.push(...p.colors);
		out.indices.push(...p.indices.map((i) => i + base));
	}
	return out;
}

/** Both eyeballs (poles along z, iris and pupil as vertex colours). */
export function eyeballs(layout: Layout, rows = 12, cols = 16): SimpleMesh {
	const r = layout.eyes.radius;
	const iris = (d: V3): [number, number, number] => (d[2] > 0.93 ? [0.02, 0.02, 0.02] : d[2] > 0.8 ? [0.12, 0.22, 0.32] : [0.9, 0.9, 0.88]);
	return merge(
		[layout.eyes.left, layout.eyes.right].map((c) => sphere(rows, cols, (d) => [c[0] + d[0] * r, c[1] + d[1] * r, c[2] + d[2] * r], iris)),
	);
}

/** A hair shell over the skull: `short` a cap, `long` also down the back. */
export function hair(layout: Layout, style: 'short' | 'long', bounds: { min: V3; max: V3 }, rows = 14, cols = 24): SimpleMesh {
	const cx = (bounds.min[0] + bounds.max[0]) / 2;
	const cz = (bounds.min[2] + bounds.max[2]) / 2;
	const rx = ((bounds.max[0] - bounds.min[0]) / 2) * 1.08;
	const rz = ((bounds.max[2] - bounds.min[2]) / 2) * 1.06;
	const top = bounds.max[1] + (bounds.max[1] - bounds.min[1]) * 0.03;
	const ry = (top - layout.head.chinY) * 0.55;
	const cy = top - ry;
	const eyeY = (layout.eyes.left[1] + layout.head.center[1]) / 2;
	const cutFront = eyeY + (top - eyeY) * 0.32;
	const cutBack = style === 'long' ? layout.head.chinY - (top - layout.head.chinY) * 0.25 : eyeY - (top - eyeY) * 0.2;
	return sphere(rows, cols, (d) => {
		// d[2] is "up" for the sphere's poles; map to y-up
		const up = d[2];
		const sx = d[0];
		const sz = -d[1];
		const back = Math.max(0, -sz);
		let y = cy + ry * up * (up < 0 ? 1 + (style === 'long' ? 1.6 : 0.6) * back : 1);
		const cut = cutFront + (cutBack - cutFront) * back;
		if (y < cut) y = cut + (y - cut) * 0.02;
		return [cx + rx * sx, y, cz + rz * sz * (style === 'long' && up < 0 ? 1 - 0.25 * back : 1)];
	});
}

/** Two lower tusks (closed cones) beside the mouth. */
export function tusks(layout: Layout, params: AvatarParams, segs = 8): SimpleMesh {
	const { mouth, half } = layout.head;
	const len = half[1] * 0.45 * params.tusks;
	const r = half[0] * 0.1;
	const parts: SimpleMesh[] = [];
	for (const s of [1, -1]) {
		const base: V3 = [mouth[0] + s * half[0] * 0.32, mouth[1] - half[1] * 0.08, mouth[2] - r * 0.6];
		const apex: V3 = [base[0] + s * len * 0.15, base[1] + len, base[2] + len * 0.15];
		const positions: number[] = [...base, ...apex];
		for (let k = 0; k < segs; k++) {
			const a = (2 * Math.PI * k) / segs;
			positions.push(base[0] + r * Math.cos(a), base[1], base[2] + r * Math.sin(a));
		}
		const indices: number[] = [];
		for (let k = 0; k < segs; k++) {
			const a = 2 + k;
			const b = 2 + ((k + 1) % segs);
			indices.push(0, a, b, 1, b, a);
		}
		parts.push({ positions, indices, normals: smoothNormals(positions, indices), uvs: new Array((positions.length / 3) * 2).fill(0.5) });
	}
	return merge(parts);
}
