import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Document, Primitive } from '@gltf-transform/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxisError } from '../src/errors.js';
import { getIO } from '../src/io/gltf.js';
import { parseMTL, parseTextureStatement } from '../src/io/mtl.js';
import { readOBJ, triangulatePolygon } from '../src/io/obj.js';
import { assetPath } from './helpers/assets.js';

// ---------------------------------------------------------------------------
// Helpers

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

function crc32(bytes: Uint8Array): number {
	let c = ~0;
	for (const b of bytes) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

/** A tiny valid PNG: w×h, RGB (colour type 2) or grey (colour type 0). */
function makePNG(w: number, h: number, grey = false): Uint8Array {
	const chunk = (type: string, data: Uint8Array): Buffer => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8;
	ihdr[9] = grey ? 0 : 2;
	const channels = grey ? 1 : 3;
	const raw = Buffer.alloc(h * (1 + w * channels));
	for (let y = 0; y < h; y++) for (let x = 0; x < w * channels; x++) raw[y * (1 + w * channels) + 1 + x] = (x * 40 + y * 90) & 255;
	const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return new Uint8Array(
		Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]),
	);
}

const prims = (doc: Document): Primitive[] => doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives());
const triangleCount = (doc: Document): number =>
	prims(doc).reduce((n, p) => n + (p.getIndices()?.getCount() ?? 0) / 3, 0);

async function expectInvalid(bytes: Uint8Array, pattern?: RegExp): Promise<AxisError> {
	const err = await readOBJ(bytes, {}).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(err).toBeInstanceOf(AxisError);
	const ax = err as AxisError;
	expect(ax.code).toBe('OBJ_INVALID');
	if (pattern) expect(ax.message).toMatch(pattern);
	return ax;
}

/** Signed area vector (Newell) of a 3D polygon / triangle. */
function areaVector(pts: number[][]): [number, number, number] {
	let x = 0;
	let y = 0;
	let z = 0;
	for (let i = 0; i < pts.length; i++) {
		const a = pts[i];
		const b = pts[(i + 1) % pts.length];
		x += (a[1] - b[1]) * (a[2] + b[2]);
		y += (a[2] - b[2]) * (a[0] + b[0]);
		z += (a[0] - b[0]) * (a[1] + b[1]);
	}
	return [x / 2, y / 2, z / 2];
}

function pointInPolygon2D(p: [number, number], poly: [number, number][]): boolean {
	let inside = false;
	for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
		const [xi, yi] = poly[i];
		const [xj, yj] = poly[j];
		if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'axis-obj-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Project-made fixtures

const CUBE_OBJ = `# unit cube, one material
mtllib cube.mtl
o Cube
v -1 -1  1
v  1 -1  1
v -1  1  1
v  1  1  1
v -1  1 -1
v  1  1 -1
v -1 -1 -1
v  1 -1 -1
vt 0 0
vt 1 0
vt 0 0.25
vt 1 1
vn 0 0 1
vn 0 1 0
vn 0 0 -1
vn 0 -1 0
vn 1 0 0
vn -1 0 0
usemtl red
s 1
f 1/1/1 2/2/1 4/4/1 3/3/1
f 3/1/2 4/2/2 6/4/2 5/3/2
f 5/1/3 6/2/3 8/4/3 7/3/3
f 7/1/4 8/2/4 2/4/4 1/3/4
f 2/1/5 8/2/5 6/4/5 4/3/5
f 7/1/6 1/2/6 3/4/6 5/3/6
`;

const CUBE_MTL = `# material
newmtl red
Ka 0 0 0
Kd 0.8 0.1 0.2
Ks 0.5 0.5 0.5
Ns 98
Ke 0.1 0.2 0.3
d 0.5
illum 2
map_Kd -s 1 1 1 -o 0 0 -blendu on textures\\skin.png
map_Bump -bm 0.5 normal.png
`;

describe('readOBJ: cube with MTL and texture', () => {
	it('reads material colour, texture, normal map, flipped UVs, and splits only at seams', async () => {
		const d = join(dir, 'cube');
		const { mkdirSync } = await import('node:fs');
		mkdirSync(join(d, 'textures'), { recursive: true });
		const png = makePNG(4, 4);
		writeFileSync(join(d, 'cube.obj'), CUBE_OBJ);
		writeFileSync(join(d, 'cube.mtl'), CUBE_MTL);
		writeFileSync(join(d, 'textures', 'skin.png'), png);
		writeFileSync(join(d, 'normal.png'), makePNG(2, 2));

		const { document, source } = await readOBJ(enc(CUBE_OBJ), { baseDir: d });
		expect(source).toMatchObject({ format: 'obj', encoding: 'ascii', convertedToGltfConventions: false });
		expect(source.warnings).toEqual([]);

		const meshes = document.getRoot().listMeshes();
		expect(meshes.map((m) => m.getName())).toEqual(['Cube']);
		expect(document.getRoot().listNodes().map((n) => n.getName())).toEqual(['Cube']);
		const [prim] = meshes[0].listPrimitives();
		// 6 faces × 4 corners, each (v, vt, vn) distinct: 24 vertices; 6 quads → 12 triangles.
		expect(prim.getAttribute('POSITION')?.getCount()).toBe(24);
		expect(prim.getIndices()?.getArray()).toBeInstanceOf(Uint16Array);
		expect(triangleCount(document)).toBe(12);
		expect(prim.getAttribute('NORMAL')?.getCount()).toBe(24);

		// UVs flipped: OBJ (0, 0.25) → glTF (0, 0.75); OBJ (1, 1) → (1, 0).
		const uv = prim.getAttribute('TEXCOORD_0');
		expect(uv).toBeTruthy();
		const uvs = new Set<string>();
		for (let i = 0; i < uv!.getCount(); i++) uvs.add(uv!.getElement(i, []).join(','));
		expect([...uvs].sort()).toEqual(['0,0.75', '0,1', '1,0', '1,1']);

		const mat = prim.getMaterial();
		expect(mat?.getName()).toBe('red');
		const bc = mat!.getBaseColorFactor();
		expect(bc[0]).toBeCloseTo(0.8, 6);
		expect(bc[1]).toBeCloseTo(0.1, 6);
		expect(bc[2]).toBeCloseTo(0.2, 6);
		expect(bc[3]).toBeCloseTo(0.5, 6);
		expect(mat!.getAlphaMode()).toBe('BLEND');
		expect(mat!.getMetallicFactor()).toBe(0);
		expect(mat!.getRoughnessFactor()).toBeCloseTo(Math.sqrt(2 / 100), 6);
		expect(mat!.getEmissiveFactor().map((x) => Math.round(x * 10) / 10)).toEqual([0.1, 0.2, 0.3]);
		const tex = mat!.getBaseColorTexture();
		expect(tex).toBeTruthy();
		expect(tex!.getMimeType()).toBe('image/png');
		expect(Buffer.from(tex!.getImage()!).equals(Buffer.from(png))).toBe(true);
		expect(mat!.getNormalTexture()).toBeTruthy();
		expect(mat!.getNormalScale()).toBe(0.5);

		// The Document writes as a GLB the Khronos validator accepts.
		const io = await getIO();
		const glb = await io.writeBinary(document);
		const validator = await import('gltf-validator');
		const report = await validator.validateBytes(glb, { format: 'glb', writeTimestamp: false });
		expect(report.issues.messages.filter((m: { severity: number }) => m.severity === 0)).toEqual([]);
	});

	it('shares vertices when the tuple is the same, and keeps normals out when the file has none', async () => {
		const obj = `v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0 0 1\nf 1 2 3\nf 1 3 4\nf 1 4 5\n`;
		const { document } = await readOBJ(enc(obj), {});
		const [prim] = prims(document);
		expect(prim.getAttribute('POSITION')?.getCount()).toBe(5);
		expect(prim.getAttribute('NORMAL')).toBeNull();
		expect(prim.getAttribute('TEXCOORD_0')).toBeNull();
		expect(prim.getMaterial()).toBeNull();
		expect(Array.from(prim.getIndices()!.getArray()!)).toEqual([0, 1, 2, 0, 2, 3, 0, 3, 4]);
	});
});

describe('readOBJ: triangulation', () => {
	/** A 5-pointed star (10 corners, concave) in a tilted plane, starting at a tip. */
	function star3D(): { pts: number[][]; pts2: [number, number][]; toPlane: (p: number[]) => [number, number] } {
		const pts2: [number, number][] = [];
		for (let i = 0; i < 10; i++) {
			const r = i % 2 === 0 ? 2 : 0.7;
			const a = (i * Math.PI) / 5 + 0.3;
			pts2.push([r * Math.cos(a), r * Math.sin(a)]);
		}
		// Orthonormal basis of a tilted plane.
		const u = [Math.cos(0.4), 0, Math.sin(0.4)];
		const n0 = [0.3, 1, -0.2];
		const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
		const d0 = dot(n0, u);
		const v0 = [n0[0] - d0 * u[0], n0[1] - d0 * u[1], n0[2] - d0 * u[2]];
		const lv = Math.hypot(v0[0], v0[1], v0[2]);
		const v = v0.map((x) => x / lv);
		const o = [5, -3, 2];
		const pts = pts2.map(([a, b]) => [o[0] + a * u[0] + b * v[0], o[1] + a * u[1] + b * v[1], o[2] + a * u[2] + b * v[2]]);
		const toPlane = (p: number[]): [number, number] => {
			const q = [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
			return [dot(q, u), dot(q, v)];
		};
		return { pts, pts2, toPlane };
	}

	for (const reverse of [false, true]) {
		it(`ear-clips a concave star into n−2 triangles covering exactly the polygon${reverse ? ' (clockwise)' : ''}`, async () => {
			const { pts: p0, pts2: q0, toPlane } = star3D();
			const pts = reverse ? [...p0].reverse() : p0;
			const pts2 = reverse ? [...q0].reverse() : q0;
			const obj = `${pts.map((p) => `v ${p.join(' ')}`).join('\n')}\nf ${pts.map((_, i) => i + 1).join(' ')}\n`;
			const { document } = await readOBJ(enc(obj), {});
			const [prim] = prims(document);
			expect(triangleCount(document)).toBe(pts.length - 2);
			const pos = prim.getAttribute('POSITION')!;
			const idx = prim.getIndices()!.getArray()!;
			const polyArea = areaVector(pts);
			const polyLen = Math.hypot(...polyArea);
			let sum = 0;
			for (let t = 0; t < idx.length; t += 3) {
				const tri = [0, 1, 2].map((k) => pos.getElement(idx[t + k], []));
				const a = areaVector(tri);
				// Same winding as the polygon (no flipped triangle) …
				expect(a[0] * polyArea[0] + a[1] * polyArea[1] + a[2] * polyArea[2]).toBeGreaterThan(0);
				sum += Math.hypot(...a);
				// … and inside it.
				const c = [0, 1, 2].map((k) => (tri[0][k] + tri[1][k] + tri[2][k]) / 3);
				expect(pointInPolygon2D(toPlane(c), pts2)).toBe(true);
			}
			// Positions are stored as float32: equal to ~1e-6 relative.
			expect(Math.abs(sum - polyLen) / polyLen).toBeLessThan(1e-5);
		});
	}

	it('handles an L-shape starting at the reflex corner, and keeps n−2 for degenerate polygons', () => {
		// L-shape: corner 0 is reflex, so a fan from 0 would put a triangle outside.
		const L = [
			[1, 1, 0],
			[1, 2, 0],
			[0, 2, 0],
			[0, 0, 0],
			[2, 0, 0],
			[2, 1, 0],
		];
		const out: number[] = [];
		triangulatePolygon(L.flat(), 6, out);
		expect(out.length).toBe(12);
		let sum = 0;
		for (let t = 0; t < out.length; t += 3) {
			const a = areaVector([L[out[t]], L[out[t + 1]], L[out[t + 2]]]);
			expect(a[2]).toBeGreaterThanOrEqual(0);
			sum += a[2];
		}
		expect(sum).toBeCloseTo(3, 12);

		// Collinear / coincident corners: still n − 2 triangles, no exception.
		const flat: number[] = [];
		triangulatePolygon([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0], 5, flat);
		expect(flat.length).toBe(9);
		const dup: number[] = [];
		triangulatePolygon([0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0], 5, dup);
		expect(dup.length).toBe(9);
		// Self-intersecting scribbles of any size: n − 2 triangles, bounded time.
		for (const n of [40, 200, 5000]) {
			const pts: number[] = [];
			for (let i = 0; i < n; i++) pts.push(Math.sin(i * 12.9898) * 43758 % 1, Math.sin(i * 78.233) * 12345 % 1, 0);
			const tris: number[] = [];
			triangulatePolygon(pts, n, tris);
			expect(tris.length).toBe(3 * (n - 2));
			expect(Math.max(...tris)).toBe(n - 1);
		}
	});
});

describe('readOBJ: index forms, colours, groups, continuation', () => {
	it('reads negative (relative) indices like positive ones, in all forms', async () => {
		const head = 'v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\n';
		const pos = await readOBJ(enc(`${head}f 1/1/1 2/2/1 3/3/1 4/4/1\nf 1//1 3//1 4//1\nf 1/1 2/2 3/3\n`), {});
		const neg = await readOBJ(enc(`${head}f -4/-4/-1 -3/-3/-1 -2/-2/-1 -1/-1/-1\nf -4//-1 -2//-1 -1//-1\nf -4/-4 -3/-3 -2/-2\n`), {});
		const dump = (doc: Document) =>
			prims(doc).map((p) => ({
				idx: Array.from(p.getIndices()!.getArray()!),
				pos: Array.from(p.getAttribute('POSITION')!.getArray()!),
				uv: Array.from(p.getAttribute('TEXCOORD_0')?.getArray() ?? []),
			}));
		expect(dump(neg.document)).toEqual(dump(pos.document));
		expect(triangleCount(pos.document)).toBe(4);
		// Some corners have no normal: normals are left out (with a warning), not invented.
		expect(prims(pos.document)[0].getAttribute('NORMAL')).toBeNull();
		expect(pos.source.warnings.join('\n')).toMatch(/normals left out/);
	});

	it('reads vertex colours (sRGB → linear, like three.js)', async () => {
		const obj = 'v 0 0 0 1 0 0\nv 1 0 0 0 1 0\nv 0 1 0 0.5 0.5 0.5\nf 1 2 3\n';
		const { document } = await readOBJ(enc(obj), {});
		const col = prims(document)[0].getAttribute('COLOR_0')!;
		expect(col.getType()).toBe('VEC3');
		expect(col.getElement(0, [])).toEqual([1, 0, 0]);
		expect(col.getElement(1, [])).toEqual([0, 1, 0]);
		expect(col.getElement(2, [])[0]).toBeCloseTo(0.2140, 4);
	});

	it('makes one mesh + node per object/group and one primitive per material; same names merge', async () => {
		const obj = [
			'mtllib missing.mtl',
			'v 0 0 0',
			'v 1 0 0',
			'v 1 1 0',
			'v 0 1 0',
			'g body',
			'usemtl skin',
			'f 1 2 3',
			'usemtl cloth',
			'f 1 3 4',
			'g hair',
			'usemtl skin',
			'f 2 3 4',
			'g body',
			'usemtl skin',
			'f 1 2 4',
			'o Other',
			'f 1 2 \\',
			'  3 4',
			'',
		].join('\n');
		const { document, source } = await readOBJ(enc(obj), { baseDir: dir });
		const meshes = document.getRoot().listMeshes();
		expect(meshes.map((m) => m.getName())).toEqual(['body', 'hair', 'Other']);
		expect(document.getRoot().listNodes().map((n) => n.getName())).toEqual(['body', 'hair', 'Other']);
		const body = meshes[0].listPrimitives();
		expect(body.map((p) => p.getMaterial()?.getName())).toEqual(['skin', 'cloth']);
		expect(body.map((p) => p.getIndices()!.getCount() / 3)).toEqual([2, 1]);
		// The continued line is one quad: 2 triangles.
		expect(meshes[2].listPrimitives()[0].getIndices()!.getCount()).toBe(6);
		// Materials are shared across meshes by name.
		expect(meshes[1].listPrimitives()[0].getMaterial()).toBe(body[0].getMaterial());
		// Missing MTL: a warning, not a failure.
		expect(source.warnings.join('\n')).toMatch(/missing\.mtl.*not found/);
	});

	it('missing textures, TGA textures and greyscale bump maps are warnings', async () => {
		const d = join(dir, 'tex');
		const { mkdirSync } = await import('node:fs');
		mkdirSync(d, { recursive: true });
		writeFileSync(join(d, 'skin.tga'), Buffer.from([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 24, 0, 1, 2, 3]));
		writeFileSync(join(d, 'height.png'), makePNG(2, 2, true));
		writeFileSync(
			join(d, 'm.mtl'),
			'newmtl a\nKd 1 1 1\nmap_Kd gone.png\nnewmtl b\nmap_Kd skin.tga\nbump height.png\nnewmtl c\nmap_Kd C:\\Users\\artist\\tex\\skin.tga\n',
		);
		const obj = 'mtllib m.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nusemtl a\nf 1 2 3\nusemtl b\nf 1 2 3\nusemtl c\nf 1 2 3\nusemtl undefined_one\nf 1 2 3\n';
		const { document, source } = await readOBJ(enc(obj), { baseDir: d });
		const w = source.warnings.join('\n');
		expect(w).toMatch(/gone\.png.*not found/);
		expect(w).toMatch(/skin\.tga.*PNG or JPEG/);
		expect(w).toMatch(/height\.png.*height map/);
		expect(w).toMatch(/undefined_one.*not defined/);
		expect(document.getRoot().listMaterials().map((m) => m.getName())).toEqual(['a', 'b', 'c', 'undefined_one']);
		expect(document.getRoot().listTextures()).toHaveLength(0);
	});

	it('uses Uint32 indices from 65535 vertices up', async () => {
		const n = 260; // 260 × 260 = 67,600 vertices
		const lines: string[] = [];
		for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) lines.push(`v ${x} ${y} 0`);
		for (let y = 0; y < n - 1; y++) {
			for (let x = 0; x < n - 1; x++) {
				const a = y * n + x + 1;
				lines.push(`f ${a} ${a + 1} ${a + n + 1} ${a + n}`);
			}
		}
		const { document } = await readOBJ(enc(lines.join('\n')), {});
		const [prim] = prims(document);
		expect(prim.getAttribute('POSITION')!.getCount()).toBe(n * n);
		expect(prim.getIndices()!.getArray()).toBeInstanceOf(Uint32Array);
		expect(triangleCount(document)).toBe(2 * (n - 1) * (n - 1));
	});
});

describe('readOBJ: bad input', () => {
	it('rejects binary garbage, text that is not OBJ, and empty input', async () => {
		const bin = randomBytes(4096);
		bin[100] = 0;
		await expectInvalid(new Uint8Array(bin), /binary data/);
		await expectInvalid(enc('hello world\nthis is not a mesh\n'), /no vertex/);
		await expectInvalid(new Uint8Array(0), /empty/);
		await expectInvalid(enc('v 0 0 0\nv 1 0 0\n'), /no faces/);
		// Printable garbage of 1 MB: fails fast, never hangs.
		const printable = Buffer.from(randomBytes(1 << 20).map((b) => 32 + (b % 95)));
		const t0 = performance.now();
		await expectInvalid(new Uint8Array(printable));
		expect(performance.now() - t0).toBeLessThan(5000);
		// Random bytes without NULs, with line breaks.
		const noNul = Buffer.from(randomBytes(1 << 16).map((b) => (b === 0 ? 10 : b)));
		await expectInvalid(new Uint8Array(noNul));
	});

	it('rejects out-of-range and malformed indices, naming the line', async () => {
		const head = 'v 0 0 0\nv 1 0 0\nv 0 1 0\n';
		await expectInvalid(enc(`${head}f 1 2 9\n`), /line 4: face vertex index 9 out of range/);
		await expectInvalid(enc(`${head}\n# c\nf 1 2 -4\n`), /line 6: .*-4 out of range/);
		await expectInvalid(enc(`${head}f 0 1 2\n`), /line 4: bad face corner "0"/);
		await expectInvalid(enc(`${head}f 1/5 2/1 3/1\n`), /line 4: face texture-coordinate index 5 out of range/);
		await expectInvalid(enc(`${head}f 1//2 2//1 3//1\n`), /line 4: face normal index 2 out of range/);
		await expectInvalid(enc(`${head}f 1 2 x\n`), /line 4: bad face corner "x"/);
		await expectInvalid(enc(`v 0 0 zero\n${head}f 1 2 3\n`), /line 1: bad number "zero"/);
		await expectInvalid(enc(`v 0 0\n${head}f 1 2 3\n`), /line 1: vertex needs 3 coordinates/);
		// Line numbers count continued lines.
		await expectInvalid(enc(`v 0 0 \\\n0\n${head}f 1 2 3 99\n`), /line 6:/);
	});

	it('reads CRLF, CR-only, BOM, tabs, exponents and the old `fo`', async () => {
		const body = ['v 0 0 0', 'v\t1e0 0 0', 'v 0 1.0E+0 -0', 'v 1 1 0', 'f 1 2 3', 'fo 2 4 3'];
		for (const eol of ['\r\n', '\r']) {
			const { document } = await readOBJ(enc(`\ufeff# x${eol}${body.join(eol)}${eol}`), {});
			expect(triangleCount(document)).toBe(2);
			expect(Array.from(prims(document)[0].getAttribute('POSITION')!.getArray()!)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, -0, 1, 1, 0]);
		}
	});

	it('skips faces with fewer than 3 corners, with a warning', async () => {
		const { source, document } = await readOBJ(enc('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\nf 1 2 3\nl 1 2\n'), {});
		expect(triangleCount(document)).toBe(1);
		expect(source.warnings.join('\n')).toMatch(/fewer than 3 corners/);
		expect(source.warnings.join('\n')).toMatch(/line\/point/);
	});
});

describe('MTL parsing', () => {
	it('skips texture options before the file name (which may contain spaces)', () => {
		expect(parseTextureStatement('-bm 1.0 my normal.png')).toEqual({ path: 'my normal.png', options: { bm: ['1.0'] } });
		expect(parseTextureStatement('-s 2 2 -o 0.5 -clamp on -mm 0 1 tex\\a.jpg')).toEqual({
			path: 'tex/a.jpg',
			options: { s: ['2', '2'], o: ['0.5'], clamp: ['on'], mm: ['0', '1'] },
		});
		expect(parseTextureStatement('plain.png')).toEqual({ path: 'plain.png', options: {} });
	});

	it('reads d / Tr and keeps the first definition', () => {
		const w: string[] = [];
		const mats = parseMTL('Kd 1 1 1\nnewmtl a\nTr 0.25\nnewmtl b\nd 0.5\nTr 0.9\nNs 10\n', w);
		expect(mats.map((m) => [m.name, m.d, m.Tr, m.Ns])).toEqual([
			['a', undefined, 0.25, undefined],
			['b', 0.5, 0.9, 10],
		]);
		expect(w.join()).toMatch(/before the first newmtl/);
	});
});

// ---------------------------------------------------------------------------
// The MakeHuman base mesh, cross-checked with three.js's OBJLoader

describe('readOBJ: MakeHuman base.obj', () => {
	const path = assetPath('unrigged/makehuman/base.obj');
	it.skipIf(!path)('loads every group as a mesh with the right triangle count, fast', async () => {
		const bytes = new Uint8Array(readFileSync(path!));
		const text = Buffer.from(bytes).toString('utf8');

		// What the raw file says.
		let vCount = 0;
		let expectedTris = 0;
		const usedV = new Set<number>();
		const groups = new Set<string>();
		let group = '';
		const groupsWithFaces = new Set<string>();
		for (const line of text.split('\n')) {
			const t = line.trim().split(/\s+/);
			if (t[0] === 'v') vCount++;
			else if (t[0] === 'g') {
				group = t.slice(1).join(' ');
				groups.add(group);
			} else if (t[0] === 'f') {
				expectedTris += t.length - 1 - 2;
				for (const c of t.slice(1)) usedV.add(Number(c.split('/')[0]));
				groupsWithFaces.add(group);
			}
		}
		expect(vCount).toBe(19158);
		expect(usedV.size).toBe(19158);

		const t0 = performance.now();
		const { document, source } = await readOBJ(bytes, { baseDir: dirname(path!) });
		const cold = performance.now() - t0;
		const t1 = performance.now();
		await readOBJ(bytes, { baseDir: dirname(path!) });
		const warm = performance.now() - t1;
		console.log(`[obj] base.obj (${(bytes.length / 1e6).toFixed(2)} MB): first parse ${cold.toFixed(0)} ms, second ${warm.toFixed(0)} ms`);
		expect(cold).toBeLessThan(5000); // a hang/quadratic guard, not a benchmark

		expect(source.warnings).toEqual([]);
		expect(triangleCount(document)).toBe(expectedTris);
		expect(expectedTris).toBe(36972);

		const names = document.getRoot().listMeshes().map((m) => m.getName());
		expect(new Set(names).size).toBe(names.length); // repeated `g` names merge
		expect(new Set(names)).toEqual(groupsWithFaces);
		for (const g of ['body', 'helper-tights', 'helper-hair', 'helper-l-eye', 'helper-r-eye', 'helper-tongue', 'joint-pelvis']) {
			expect(names).toContain(g);
		}
		expect(names.filter((n) => n.startsWith('joint-')).length).toBeGreaterThan(100);
		expect(document.getRoot().listNodes().map((n) => n.getName())).toEqual(names);

		// Every raw position is used exactly once per distinct value across the meshes.
		const rawPositions = new Set<string>();
		for (const line of text.split('\n')) {
			if (line.startsWith('v ')) rawPositions.add(line.trim().split(/\s+/).slice(1, 4).map(Number).map((x) => Math.fround(x)).join(','));
		}
		const docPositions = new Set<string>();
		for (const p of prims(document)) {
			const a = p.getAttribute('POSITION')!.getArray()!;
			for (let i = 0; i < a.length; i += 3) docPositions.add(`${a[i]},${a[i + 1]},${a[i + 2]}`);
			expect(p.getAttribute('TEXCOORD_0')).toBeTruthy();
			expect(p.getAttribute('NORMAL')).toBeNull();
		}
		expect(docPositions).toEqual(rawPositions);

		// three.js's OBJLoader: same triangle count and bounding box.
		const THREE = await import('three');
		const { OBJLoader } = await import('three/examples/jsm/loaders/OBJLoader.js');
		const group3 = new OBJLoader().parse(text);
		let threeTris = 0;
		group3.traverse((o) => {
			const m = o as import('three').Mesh;
			if (m.isMesh) threeTris += m.geometry.getAttribute('position').count / 3;
		});
		expect(threeTris).toBe(expectedTris);
		const box3 = new THREE.Box3().setFromObject(group3);
		const min = [Infinity, Infinity, Infinity];
		const max = [-Infinity, -Infinity, -Infinity];
		for (const p of prims(document)) {
			const acc = p.getAttribute('POSITION')!;
			const lo = acc.getMin([]);
			const hi = acc.getMax([]);
			for (let k = 0; k < 3; k++) {
				min[k] = Math.min(min[k], lo[k]);
				max[k] = Math.max(max[k], hi[k]);
			}
		}
		for (let k = 0; k < 3; k++) {
			expect(min[k]).toBeCloseTo(box3.min.getComponent(k), 5);
			expect(max[k]).toBeCloseTo(box3.max.getComponent(k), 5);
		}
	});
});
