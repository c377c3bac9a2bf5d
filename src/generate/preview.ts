/**
 * A tiny software renderer for previews: orthographic views, z-buffer,
 * smooth Lambert shading, PNG output through node:zlib. No dependencies.
 */
import { deflateSync } from 'node:zlib';
import { pngFile } from '../io/png.js';
import { normalizeEach } from '../geometry/vectors.js';

export interface PreviewMesh {
	positions: ArrayLike<number>;
	/** Triangle indices. */
	indices: ArrayLike<number>;
	/** Linear RGB 0–1. */
	color: readonly [number, number, number];
	normals?: ArrayLike<number>;
	/** Per-vertex linear RGB, multiplied with `color`. */
	colors?: ArrayLike<number>;
}

export type ViewName = 'front' | 'side' | 'back' | 'three-quarter';

export interface Image {
	width: number;
	height: number;
	/** RGB, 3 bytes per pixel, rows top to bottom. */
	rgb: Uint8Array;
}

export interface RenderOptions {
	/** Pixel height of each view (default 512); width follows the figure. */
	size?: number;
	views?: ViewName[];
	background?: readonly [number, number, number];
}

type Proj = (x: number, y: number, z: number) => [number, number, number];

function viewProjection(view: ViewName): Proj {
	switch (view) {
		case 'side':
			return (x, y, z) => [-z, y, x];
		case 'back':
			return (x, y, z) => [-x, y, -z];
		case 'three-quarter': {
			const c = Math.cos(Math.PI / 5);
			const s = Math.sin(Math.PI / 5);
			return (x, y, z) => [x * c - z * s, y, x * s + z * c];
		}
		default:
			return (x, y, z) => [x, y, z];
	}
}

function vertexNormals(positions: ArrayLike<number>, indices: ArrayLike<number>): Float32Array {
	const n = new Float32Array(positions.length);
	for (let t = 0; t < indices.length; t += 3) {
		const a = indices[t] * 3;
		const b = indices[t + 1] * 3;
		const c = indices[t + 2] * 3;
		const ux = positions[b] - positions[a];
		const uy = positions[b + 1] - positions[a + 1];
		const uz = positions[b + 2] - positions[a + 2];
		const vx = positions[c] - positions[a];
		const vy = positions[c + 1] - positions[a + 1];
		const vz = positions[c + 2] - positions[a + 2];
		const nx = uy * vz - uz * vy;
		const ny = uz * vx - ux * vz;
		const nz = ux * vy - uy * vx;
		for (const i of [a, b, c]) {
			n[i] += nx;
			n[i + 1] += ny;
			n[i + 2] += nz;
		}
	}
	return normalizeEach(n);
}

/** Renders the meshes from each view side by side, all at the same scale. */
export function renderViews(meshes: PreviewMesh[], options: RenderOptions = {}): Image {
	const size = options.size ?? 512;
	const views = options.views ?? ['front', 'side'];
	const bg = options.background ?? [0.93, 0.94, 0.96];
	// Shared scale from the largest projected extent.
	const boxes = views.map((v) => {
		const pr = viewProjection(v);
		const box = [Infinity, Infinity, -Infinity, -Infinity];
		for (const m of meshes) {
			for (let i = 0; i < m.positions.length; i += 3) {
				const [x, y] = pr(m.positions[i], m.positions[i + 1], m.positions[i + 2]);
				box[0] = Math.min(box[0], x);
				box[1] = Math.min(box[1], y);
				box[2] = Math.max(box[2], x);
				box[3] = Math.max(box[3], y);
			}
		}
		return box;
	});
	const spanY = Math.max(...boxes.map((b) => b[3] - b[1]), 1e-9);
	const scale = (size * 0.92) / spanY;
	const widths = boxes.map((b) => Math.max(16, Math.ceil((b[2] - b[0]) * scale + size * 0.08)));
	const width = widths.reduce((a, b) => a + b, 0);
	const rgb = new Uint8Array(width * size * 3);
	for (let i = 0; i < width * size; i++) {
		rgb[3 * i] = toByte(bg[0]);
		rgb[3 * i + 1] = toByte(bg[1]);
		rgb[3 * i + 2] = toByte(bg[2]);
	}
	const zbuf = new Float32Array(width * size);
	let x0 = 0;
	views.forEach((view, vi) => {
		const pr = viewProjection(view);
		const box = boxes[vi];
		const ox = x0 + (widths[vi] - (box[2] - box[0]) * scale) / 2;
		const oy = (size - (box[3] - box[1]) * scale) / 2;
		zbuf.fill(-Infinity);
		const light = norm3([-0.35, 0.55, 0.76]);
		for (const m of meshes) {
			const nrm = m.normals ?? vertexNormals(m.positions, m.indices);
			const nv = m.positions.length / 3;
			const sx = new Float32Array(nv);
			const sy = new Float32Array(nv);
			const sz = new Float32Array(nv);
			const sh = new Float32Array(nv);
			const vc = m.colors;
			for (let v = 0; v < nv; v++) {
				const [px, py, pz] = pr(m.positions[3 * v], m.positions[3 * v + 1], m.positions[3 * v + 2]);
				sx[v] = ox + (px - box[0]) * scale;
				sy[v] = size - (oy + (py - box[1]) * scale);
				sz[v] = pz;
				const [nx, ny, nz] = pr(nrm[3 * v], nrm[3 * v + 1], nrm[3 * v + 2]);
				const lam = Math.abs(nx * light[0] + ny * light[1] + nz * light[2]);
				sh[v] = 0.28 + 0.72 * lam;
			}
			for (let t = 0; t < m.indices.length; t += 3) {
				const a = m.indices[t];
				const b = m.indices[t + 1];
				const c = m.indices[t + 2];
				const minX = Math.max(x0, Math.floor(Math.min(sx[a], sx[b], sx[c])));
				const maxX = Math.min(x0 + widths[vi] - 1, Math.ceil(Math.max(sx[a], sx[b], sx[c])));
				const minY = Math.max(0, Math.floor(Math.min(sy[a], sy[b], sy[c])));
				const maxY = Math.min(size - 1, Math.ceil(Math.max(sy[a], sy[b], sy[c])));
				const area = (sx[b] - sx[a]) * (sy[c] - sy[a]) - (sx[c] - sx[a]) * (sy[b] - sy[a]);
				if (Math.abs(area) < 1e-12) continue;
				for (let y = minY; y <= maxY; y++) {
					const py = y + 0.5;
					for (let x = minX; x <= maxX; x++) {
						const px = x + 0.5;
						const w0 = ((sx[b] - px) * (sy[c] - py) - (sx[c] - px) * (sy[b] - py)) / area;
						const w1 = ((sx[c] - px) * (sy[a] - py) - (sx[a] - px) * (sy[c] - py)) / area;
						const w2 = 1 - w0 - w1;
						if (w0 < -1e-6 || w1 < -1e-6 || w2 < -1e-6) continue;
						const z = w0 * sz[a] + w1 * sz[b] + w2 * sz[c];
						const i = y * width + x;
						if (z <= zbuf[i]) continue;
						zbuf[i] = z;
						const s = w0 * sh[a] + w1 * sh[b] + w2 * sh[c];
						for (let k = 0; k < 3; k++) {
							const tint = vc ? w0 * vc[3 * a + k] + w1 * vc[3 * b + k] + w2 * vc[3 * c + k] : 1;
							rgb[3 * i + k] = toByte(m.color[k] * tint * s);
						}
					}
				}
			}
		}
		x0 += widths[vi];
	});
	return { width, height: size, rgb };
}

function norm3(v: number[]): number[] {
	const l = Math.hypot(v[0], v[1], v[2]);
	return v.map((c) => c / l);
}

/** Linear 0–1 → sRGB byte. */
function toByte(c: number): number {
	const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
	return Math.max(0, Math.min(255, Math.round(v * 255)));
}

/** Lays images out in a grid (row-major), padding with the first image's corner colour. */
export function contactSheet(images: Image[], columns: number): Image {
	const cols = Math.max(1, Math.min(columns, images.length));
	const rows = Math.ceil(images.length / cols);
	const cellW = Math.max(...images.map((i) => i.width));
	const cellH = Math.max(...images.map((i) => i.height));
	const width = cellW * cols;
	const height = cellH * rows;
	const rgb = new Uint8Array(width * height * 3);
	const bg = images[0] ? [images[0].rgb[0], images[0].rgb[1], images[0].rgb[2]] : [255, 255, 255];
	for (let i = 0; i < width * height; i++) rgb.set(bg, 3 * i);
	images.forEach((img, k) => {
		const cx = (k % cols) * cellW + Math.floor((cellW - img.width) / 2);
		const cy = Math.floor(k / cols) * cellH + Math.floor((cellH - img.height) / 2);
		for (let y = 0; y < img.height; y++) rgb.set(img.rgb.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((cy + y) * width + cx) * 3);
	});
	return { width, height, rgb };
}

/** Encodes an RGB image as PNG (8-bit, no interlace). */
export function encodePNG(img: Image): Uint8Array {
	const raw = new Uint8Array((img.width * 3 + 1) * img.height);
	for (let y = 0; y < img.height; y++) {
		raw[y * (img.width * 3 + 1)] = 0;
		raw.set(img.rgb.subarray(y * img.width * 3, (y + 1) * img.width * 3), y * (img.width * 3 + 1) + 1);
	}
	return pngFile(img.width, img.height, 2, deflateSync(raw, { level: 9 }));
}

/** Preview meshes of every primitive in a document's default scene (rest pose, node transforms ignored for skinned meshes). */
export function documentMeshes(document: import('@gltf-transform/core').Document): PreviewMesh[] {
	const out: PreviewMesh[] = [];
	for (const mesh of document.getRoot().listMeshes()) {
		for (const prim of mesh.listPrimitives()) {
			const pos = prim.getAttribute('POSITION')?.getArray();
			const ind = prim.getIndices()?.getArray();
			if (!pos || !ind) continue;
			const f = prim.getMaterial()?.getBaseColorFactor() ?? [0.8, 0.8, 0.8, 1];
			out.push({ positions: pos, indices: ind, color: [f[0], f[1], f[2]], normals: prim.getAttribute('NORMAL')?.getArray() ?? undefined, colors: prim.getAttribute('COLOR_0')?.getArray() ?? undefined });
		}
	}
	return out;
}
