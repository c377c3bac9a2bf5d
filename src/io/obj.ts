import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Accessor, Buffer as GltfBuffer, Document, Material } from '@gltf-transform/core';
import { AxisError } from '../errors.js';
import { triangulatePolygon } from '../geometry/triangulate.js';
import { newDocument } from './gltf.js';
import { MTLMaterialFactory, type MTLMaterial, parseMTL } from './mtl.js';
import type { ReaderOptions, ReaderResult } from './types.js';

export { triangulatePolygon };

/**
 * Wavefront OBJ reader.
 *
 * - Each object/group (`o`/`g`) becomes one Mesh and one Node named after it;
 *   faces under the same name anywhere in the file go to the same mesh.
 * - Within a mesh, one Primitive per material (`usemtl`).
 * - Corners are deduplicated on their (v, vt, vn) tuple, so vertices split only
 *   at UV or normal seams.
 * - Polygons are ear-clipped on their Newell plane (fan for degenerate ones):
 *   a polygon of n corners always gives n − 2 triangles.
 * - UVs flip V (glTF's origin is top-left). Normals are read only when given.
 * - Vertex colours (`v x y z r g b`) are read as sRGB and stored linear in
 *   COLOR_0, as three.js's OBJLoader does.
 */

interface Primitive {
	material: string | null;
	/** Number used by the corner dedupe chains. */
	id: number;
	v: number[];
	vt: number[];
	vn: number[];
	indices: number[];
}

interface MeshBuild {
	name: string;
	prims: Map<string, Primitive>;
}

const invalid = (line: number, message: string): AxisError =>
	new AxisError('OBJ_INVALID', `OBJ line ${line}: ${message}`, { line });

// Whitespace is any control character or space (c <= 32), written inline in the hot loops.

const lineText = (s: string, start: number, end: number): string => s.slice(start, Math.min(end, start + 80)).trim();

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** Where the last {@link scanFloat} token started and ended; scanEnd is −1 when there was none. */
let scanStart = 0;
let scanEnd = 0;

/**
 * Reads the next whitespace-separated number in s[k, end). Plain decimals with
 * at most 15 significant digits take a fast path (exact: m / 10^f rounds once,
 * like `Number`); anything else goes through `Number`. NaN for a bad token.
 */
function scanFloat(s: string, k: number, end: number): number {
	let c = s.charCodeAt(k);
	while (k < end && c <= 32) c = s.charCodeAt(++k);
	if (k >= end) {
		scanEnd = -1;
		return Number.NaN;
	}
	scanStart = k;
	let neg = false;
	if (c === 45 /* - */) {
		neg = true;
		c = s.charCodeAt(++k);
	} else if (c === 43 /* + */) c = s.charCodeAt(++k);
	let m = 0;
	let digits = 0;
	let frac = 0;
	while (k < end && c >= 48 && c <= 57) {
		m = m * 10 + (c - 48);
		digits++;
		c = s.charCodeAt(++k);
	}
	if (k < end && c === 46 /* . */) {
		c = s.charCodeAt(++k);
		while (k < end && c >= 48 && c <= 57) {
			m = m * 10 + (c - 48);
			digits++;
			frac++;
			c = s.charCodeAt(++k);
		}
	}
	if (digits > 0 && digits <= 15 && (k >= end || c <= 32)) {
		scanEnd = k;
		const v = frac === 0 ? m : m / POW10[frac];
		return neg ? -v : v;
	}
	while (k < end && !(s.charCodeAt(k) <= 32)) k++;
	scanEnd = k;
	return Number(s.slice(scanStart, k));
}

function growInt32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
	const b = new Int32Array(size);
	b.set(a);
	return b;
}

function srgbToLinear(c: number): number {
	return c < 0.04045 ? c * 0.0773993808 : Math.pow(c * 0.9478672986 + 0.0521327014, 2.4);
}

/** Reads a Wavefront OBJ (with its MTL) into a glTF Document. */
export async function readOBJ(bytes: Uint8Array, options: ReaderOptions = {}): Promise<ReaderResult> {
	const warnings: string[] = [];
	if (bytes.byteLength === 0) throw new AxisError('OBJ_INVALID', 'OBJ file is empty');
	const nul = bytes.indexOf(0);
	if (nul >= 0) {
		throw new AxisError('OBJ_INVALID', `not a Wavefront OBJ text file: binary data (a NUL byte at offset ${nul})`, {
			offset: nul,
		});
	}
	let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	// Classic Mac line endings (CR only).
	if (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0) text = text.replace(/\r/g, '\n');

	const parsed = parseOBJText(text, warnings);

	const doc = newDocument(options.logger);
	const buffer = doc.createBuffer();
	const scene = doc.createScene('Scene');
	doc.getRoot().setDefaultScene(scene);

	// Materials: MTL libraries, then one glTF material per name used.
	const defs = new Map<string, MTLMaterial>();
	const baseDir = options.baseDir;
	if (parsed.mtllibs.length > 0 && !baseDir) {
		warnings.push(`mtllib ${parsed.mtllibs.join(', ')} not loaded: no base folder to resolve it against`);
	} else {
		for (const lib of parsed.mtllibs) {
			const path = await findMTL(lib, baseDir as string);
			const parts = lib.split(/\s+/);
			if (!path && parts.length > 1) {
				// `mtllib a.mtl b.mtl`: several libraries on one line.
				parsed.mtllibs.push(...parts);
				continue;
			}
			if (!path) {
				warnings.push(`material library "${lib}" not found; materials keep default values`);
				continue;
			}
			let mtlText: string;
			try {
				mtlText = (await readFile(path)).toString('utf8');
			} catch (err) {
				warnings.push(`material library "${lib}" could not be read: ${(err as Error).message}`);
				continue;
			}
			for (const def of parseMTL(mtlText, warnings, lib, dirname(path))) {
				if (!defs.has(def.name)) defs.set(def.name, def);
			}
		}
	}
	const factory = new MTLMaterialFactory(doc, warnings, baseDir);
	const materials = new Map<string, Material>();
	// Only materials some face uses (a `usemtl` with no faces after it adds nothing).
	const used = new Set<string>();
	for (const mesh of parsed.meshes.values()) {
		for (const prim of mesh.prims.values()) if (prim.material !== null && prim.indices.length > 0) used.add(prim.material);
	}
	for (const name of used) {
		let def = defs.get(name);
		if (!def) {
			if (parsed.mtllibs.length > 0 || defs.size > 0) warnings.push(`material "${name}" is not defined in any MTL`);
			def = { name };
		}
		materials.set(name, await factory.create(def));
	}

	for (const mesh of parsed.meshes.values()) {
		const gMesh = doc.createMesh(mesh.name);
		for (const prim of mesh.prims.values()) {
			if (prim.indices.length === 0) continue;
			const gPrim = buildPrimitive(doc, buffer, prim, parsed, mesh.name, warnings);
			if (prim.material !== null) {
				const m = materials.get(prim.material);
				if (m) gPrim.setMaterial(m);
			}
			gMesh.addPrimitive(gPrim);
		}
		if (gMesh.listPrimitives().length === 0) {
			gMesh.dispose();
			continue;
		}
		scene.addChild(doc.createNode(mesh.name).setMesh(gMesh));
	}

	return {
		document: doc,
		source: { format: 'obj', encoding: 'ascii', convertedToGltfConventions: false, warnings },
	};
}

/** Finds an MTL file: relative to baseDir, or by its base name there when the path is absolute (another machine's). */
async function findMTL(lib: string, baseDir: string): Promise<string | undefined> {
	const clean = lib.replace(/\\/g, '/');
	const base = clean.split('/').pop() as string;
	const absolute = isAbsolute(clean) || /^[a-zA-Z]:\//.test(clean);
	const candidates = absolute ? [resolve(baseDir, base)] : [resolve(baseDir, clean), resolve(baseDir, base)];
	for (const c of candidates) {
		try {
			if ((await stat(c)).isFile()) return c;
		} catch {
			// try the next one
		}
	}
	return undefined;
}

interface ParsedOBJ {
	positions: number[];
	/** sRGB-decoded colours, 3 per position; NaN where a vertex has none. */
	colors: number[] | null;
	uvs: number[];
	normals: number[];
	meshes: Map<string, MeshBuild>;
	mtllibs: string[];
}

/**
 * The line-by-line parse into geometry arrays and meshes/primitives with
 * deduplicated corners. A class with small methods rather than one big loop:
 * V8 optimises small hot functions early, which matters for a one-shot parse.
 */
class OBJParser {
	readonly positions: number[] = [];
	/** sRGB-decoded colours, 3 per position; NaN where a vertex has none. */
	colors: number[] | null = null;
	readonly uvs: number[] = [];
	readonly normals: number[] = [];
	readonly meshes = new Map<string, MeshBuild>();
	readonly mtllibs: string[] = [];

	private objectName: string | null = null;
	private groupName: string | null = null;
	private material: string | null = null;
	private currentPrim: Primitive | null = null;
	private primCount = 0;

	// One face's corners, grown on demand.
	private fv = new Int32Array(64);
	private fvt = new Int32Array(64);
	private fvn = new Int32Array(64);
	private local = new Int32Array(64);
	private fxyz = new Float64Array(64 * 3);
	private readonly tri: number[] = [];
	private readonly nums = new Float64Array(8);

	// Corner dedupe: for each position, a chain of (primitive, vt, vn) → local index.
	private chainHead = new Int32Array(1024).fill(-1);
	private entries = 0;
	private ePrim = new Int32Array(1024);
	private eVt = new Int32Array(1024);
	private eVn = new Int32Array(1024);
	private eLocal = new Int32Array(1024);
	private eNext = new Int32Array(1024);

	lineCount = 0;
	faceCount = 0;
	shortFaces = 0;
	lineElements = 0;
	freeForm = 0;
	unknown = 0;
	known = 0;
	missingUV = 0;

	parse(text: string): void {
		const len = text.length;
		let pos = 0;
		let lineNo = 0;
		while (pos < len) {
			let le = text.indexOf('\n', pos);
			if (le < 0) le = len;
			lineNo++;
			const firstLine = lineNo;
			let s = text;
			let k = pos;
			pos = le + 1;
			// Line continuation: a backslash at the end joins the next line (rare: build a string).
			let e = le;
			while (e > k && text.charCodeAt(e - 1) <= 32) e--;
			if (e > k && text.charCodeAt(e - 1) === 92 /* \ */) {
				let joined = text.slice(k, e - 1);
				while (pos < len) {
					let ne = text.indexOf('\n', pos);
					if (ne < 0) ne = len;
					let te = ne;
					while (te > pos && text.charCodeAt(te - 1) <= 32) te--;
					lineNo++;
					const more = te > pos && text.charCodeAt(te - 1) === 92;
					joined += ` ${text.slice(pos, more ? te - 1 : ne)}`;
					pos = ne + 1;
					if (!more) break;
				}
				s = joined;
				k = 0;
				le = joined.length;
			}
			let c = s.charCodeAt(k);
			while (k < le && c <= 32) c = s.charCodeAt(++k);
			if (k >= le || c === 35 /* # */) continue;
			const c1 = s.charCodeAt(k + 1);
			if (c === 118 /* v */) this.vertexLine(s, k, le, c1, firstLine);
			else if (c === 102 /* f */ && (c1 <= 32 || k + 1 >= le)) this.faceLine(s, k + 1, le, firstLine);
			else if (c === 102 && c1 === 111 /* fo */ && (k + 2 >= le || s.charCodeAt(k + 2) <= 32)) {
				this.faceLine(s, k + 2, le, firstLine);
			} else this.statement(s, k, le);
		}
		this.lineCount = lineNo;
	}

	/** v x y z [w] | v x y z r g b ; vt u [v [w]] ; vn x y z */
	private vertexLine(s: string, k: number, le: number, c1: number, lineNo: number): void {
		let kind = 0;
		let q = k + 1;
		if (c1 === 116 /* t */) {
			kind = 1;
			q++;
		} else if (c1 === 110 /* n */) {
			kind = 2;
			q++;
		}
		if (q < le && !(s.charCodeAt(q) <= 32)) {
			if (c1 === 112 /* vp */ && (q + 1 >= le || s.charCodeAt(q + 1) <= 32)) this.freeForm++;
			else this.unknown++;
			return;
		}
		const nums = this.nums;
		let n = 0;
		while (n < 8) {
			const x = scanFloat(s, q, le);
			if (scanEnd < 0) break;
			if (!Number.isFinite(x)) throw invalid(lineNo, `bad number "${s.slice(scanStart, Math.min(scanEnd, scanStart + 40))}"`);
			nums[n++] = x;
			q = scanEnd;
		}
		this.known++;
		if (kind === 0) {
			if (n < 3) throw invalid(lineNo, `vertex needs 3 coordinates: "${lineText(s, k, le)}"`);
			this.positions.push(nums[0], nums[1], nums[2]);
			if (n >= 6) {
				if (!this.colors) this.colors = new Array<number>(this.positions.length - 3).fill(Number.NaN);
				this.colors.push(srgbToLinear(nums[3]), srgbToLinear(nums[4]), srgbToLinear(nums[5]));
			} else if (this.colors) this.colors.push(Number.NaN, Number.NaN, Number.NaN);
		} else if (kind === 1) {
			if (n < 1) throw invalid(lineNo, `texture coordinate needs a value: "${lineText(s, k, le)}"`);
			this.uvs.push(nums[0], 1 - (n > 1 ? nums[1] : 0));
		} else {
			if (n < 3) throw invalid(lineNo, `normal needs 3 components: "${lineText(s, k, le)}"`);
			let x = nums[0];
			let y = nums[1];
			let z = nums[2];
			const l = Math.sqrt(x * x + y * y + z * z);
			if (l > 0 && l !== 1) {
				x /= l;
				y /= l;
				z /= l;
			}
			this.normals.push(x, y, z);
		}
	}

	/** f v/vt/vn …: corners scanned straight from the text (no token strings), deduplicated, triangulated. */
	private faceLine(s: string, k: number, le: number, lineNo: number): void {
		this.known++;
		const positions = this.positions;
		const nv = positions.length / 3;
		const nt = this.uvs.length / 2;
		const nn = this.normals.length / 3;
		let corners = 0;
		while (k < le) {
			let ch = s.charCodeAt(k);
			while (k < le && ch <= 32) ch = s.charCodeAt(++k);
			if (k >= le) break;
			const cornerStart = k;
			// Up to three slash-separated integers; 0 marks "absent".
			let part = 0;
			let vi = 0;
			let ti = 0;
			let ni = 0;
			let bad = false;
			for (;;) {
				let neg = false;
				if (ch === 45 /* - */) {
					neg = true;
					ch = s.charCodeAt(++k);
				}
				let val = 0;
				let digits = 0;
				while (k < le && ch >= 48 && ch <= 57) {
					val = val * 10 + (ch - 48);
					digits++;
					ch = s.charCodeAt(++k);
				}
				if (digits > 15 || (neg && digits === 0)) bad = true;
				if (neg) val = -val;
				if (part === 0) vi = val;
				else if (part === 1) ti = val;
				else if (part === 2) ni = val;
				else bad = true;
				if (k < le && ch === 47 /* / */) {
					part++;
					ch = s.charCodeAt(++k);
				} else break;
			}
			if (bad || vi === 0 || (k < le && !(ch <= 32))) {
				let te = cornerStart;
				while (te < le && !(s.charCodeAt(te) <= 32)) te++;
				throw invalid(lineNo, `bad face corner "${s.slice(cornerStart, Math.min(te, cornerStart + 40))}"`);
			}
			const rawV = vi;
			vi = vi > 0 ? vi - 1 : nv + vi;
			if (vi < 0 || vi >= nv) throw invalid(lineNo, `face vertex index ${rawV} out of range (${nv} vertices defined so far)`);
			if (ti !== 0) {
				const raw = ti;
				ti = ti > 0 ? ti - 1 : nt + ti;
				if (ti < 0 || ti >= nt) {
					throw invalid(lineNo, `face texture-coordinate index ${raw} out of range (${nt} defined so far)`);
				}
			} else ti = -1;
			if (ni !== 0) {
				const raw = ni;
				ni = ni > 0 ? ni - 1 : nn + ni;
				if (ni < 0 || ni >= nn) throw invalid(lineNo, `face normal index ${raw} out of range (${nn} defined so far)`);
			} else ni = -1;
			if (corners === this.fv.length) this.growFace(corners * 2);
			this.fv[corners] = vi;
			this.fvt[corners] = ti;
			this.fvn[corners] = ni;
			const fxyz = this.fxyz;
			fxyz[3 * corners] = positions[3 * vi];
			fxyz[3 * corners + 1] = positions[3 * vi + 1];
			fxyz[3 * corners + 2] = positions[3 * vi + 2];
			corners++;
		}
		if (corners < 3) {
			this.shortFaces++;
			return;
		}
		const prim = this.currentPrim ?? this.startPrimitive();
		if (this.chainHead.length < nv) {
			const grown = new Int32Array(Math.max(nv, this.chainHead.length * 2)).fill(-1);
			grown.set(this.chainHead);
			this.chainHead = grown;
		}
		const local = this.local;
		for (let q = 0; q < corners; q++) local[q] = this.corner(prim, this.fv[q], this.fvt[q], this.fvn[q]);
		const out = prim.indices;
		if (corners === 3) out.push(local[0], local[1], local[2]);
		else {
			const tri = this.tri;
			tri.length = 0;
			triangulatePolygon(this.fxyz, corners, tri);
			for (let q = 0; q < tri.length; q++) out.push(local[tri[q]]);
		}
		this.faceCount++;
	}

	/** The primitive's vertex for (v, vt, vn), created on first use. */
	private corner(prim: Primitive, vi: number, ti: number, ni: number): number {
		if (ti < 0) this.missingUV++;
		const pid = prim.id;
		let en = this.chainHead[vi];
		while (en >= 0) {
			if (this.ePrim[en] === pid && this.eVt[en] === ti && this.eVn[en] === ni) return this.eLocal[en];
			en = this.eNext[en];
		}
		const idx = prim.v.length;
		prim.v.push(vi);
		prim.vt.push(ti);
		prim.vn.push(ni);
		const entry = this.entries++;
		if (entry === this.ePrim.length) {
			const size = entry * 2;
			this.ePrim = growInt32(this.ePrim, size);
			this.eVt = growInt32(this.eVt, size);
			this.eVn = growInt32(this.eVn, size);
			this.eLocal = growInt32(this.eLocal, size);
			this.eNext = growInt32(this.eNext, size);
		}
		this.ePrim[entry] = pid;
		this.eVt[entry] = ti;
		this.eVn[entry] = ni;
		this.eLocal[entry] = idx;
		this.eNext[entry] = this.chainHead[vi];
		this.chainHead[vi] = entry;
		return idx;
	}

	private growFace(size: number): void {
		this.fv = growInt32(this.fv, size);
		this.fvt = growInt32(this.fvt, size);
		this.fvn = growInt32(this.fvn, size);
		this.local = growInt32(this.local, size);
		const g = new Float64Array(size * 3);
		g.set(this.fxyz);
		this.fxyz = g;
	}

	/** The current mesh (by object/group name) and primitive (by material). */
	private startPrimitive(): Primitive {
		const key = `${this.objectName ?? ''}\u0000${this.groupName ?? ''}`;
		let mesh = this.meshes.get(key);
		if (!mesh) {
			mesh = { name: this.groupName ?? this.objectName ?? 'default', prims: new Map() };
			this.meshes.set(key, mesh);
		}
		const mkey = this.material ?? '\u0000none';
		let prim = mesh.prims.get(mkey);
		if (!prim) {
			prim = { material: this.material, id: this.primCount++, v: [], vt: [], vn: [], indices: [] };
			mesh.prims.set(mkey, prim);
		}
		this.currentPrim = prim;
		return prim;
	}

	/** Other statements (rare): keyword, then the rest of the line. */
	private statement(s: string, k: number, le: number): void {
		let ke = k;
		while (ke < le && !(s.charCodeAt(ke) <= 32)) ke++;
		const keyword = s.slice(k, ke);
		const rest = s.slice(ke, le).trim();
		this.known++;
		switch (keyword) {
			case 'o':
				this.objectName = rest || 'default';
				this.groupName = null;
				this.currentPrim = null;
				break;
			case 'g':
				this.groupName = rest || 'default';
				this.currentPrim = null;
				break;
			case 'usemtl':
				this.material = rest || null;
				this.currentPrim = null;
				break;
			case 'mtllib':
				if (rest) this.mtllibs.push(rest);
				break;
			case 's':
			case 'mg':
			case 'lod':
			case 'usemap':
			case 'maplib':
			case 'shadow_obj':
			case 'trace_obj':
			case 'bevel':
			case 'c_interp':
			case 'd_interp':
			case 'call':
			case 'csh':
				break; // smoothing groups and display attributes: normals are computed by later stages
			case 'l':
			case 'p':
				this.lineElements++;
				break;
			case 'cstype':
			case 'deg':
			case 'bmat':
			case 'step':
			case 'curv':
			case 'curv2':
			case 'surf':
			case 'parm':
			case 'trim':
			case 'hole':
			case 'scrv':
			case 'sp':
			case 'end':
			case 'con':
			case 'ctech':
			case 'stech':
				this.freeForm++;
				break;
			default:
				this.known--;
				this.unknown++;
		}
	}
}

/** Parses OBJ text, then checks that it was an OBJ at all and summarises what was skipped. */
function parseOBJText(text: string, warnings: string[]): ParsedOBJ {
	const p = new OBJParser();
	p.parse(text);
	if (p.positions.length === 0) {
		throw new AxisError('OBJ_INVALID', 'not a Wavefront OBJ file: no vertex ("v") lines found', {
			lines: p.lineCount,
			unknownLines: p.unknown,
		});
	}
	if (p.faceCount === 0) {
		throw new AxisError('OBJ_INVALID', `OBJ has ${p.positions.length / 3} vertices but no faces ("f" lines)`, {
			lines: p.lineCount,
		});
	}
	if (p.unknown > p.known) {
		throw new AxisError(
			'OBJ_INVALID',
			`not a Wavefront OBJ file: ${p.unknown} of ${p.unknown + p.known} lines are not OBJ statements`,
		);
	}
	if (p.unknown > 0) warnings.push(`${p.unknown} line(s) with unknown statements were ignored`);
	if (p.shortFaces > 0) warnings.push(`${p.shortFaces} face(s) with fewer than 3 corners were skipped`);
	if (p.lineElements > 0) warnings.push(`${p.lineElements} line/point element(s) (l, p) were ignored`);
	if (p.freeForm > 0) warnings.push(`${p.freeForm} free-form geometry statement(s) (curves, surfaces) were ignored`);
	if (p.missingUV > 0 && p.uvs.length > 0) {
		warnings.push(`${p.missingUV} face corner(s) have no texture coordinate; they get UV (0, 0) (glTF (0, 1))`);
	}
	return {
		positions: p.positions,
		colors: p.colors,
		uvs: p.uvs,
		normals: p.normals,
		meshes: p.meshes,
		mtllibs: p.mtllibs,
	};
}

function buildPrimitive(
	doc: Document,
	buffer: GltfBuffer,
	prim: Primitive,
	parsed: ParsedOBJ,
	meshName: string,
	warnings: string[],
) {
	const count = prim.v.length;
	const P = new Float32Array(count * 3);
	const src = parsed.positions;
	let hasUV = false;
	let allNormals = true;
	let anyNormal = false;
	let hasColor = false;
	for (let i = 0; i < count; i++) {
		const v = prim.v[i];
		P[3 * i] = src[3 * v];
		P[3 * i + 1] = src[3 * v + 1];
		P[3 * i + 2] = src[3 * v + 2];
		if (prim.vt[i] >= 0) hasUV = true;
		if (prim.vn[i] >= 0) anyNormal = true;
		else allNormals = false;
		if (parsed.colors && !Number.isNaN(parsed.colors[3 * v])) hasColor = true;
	}
	const accessor = (array: Float32Array | Uint16Array | Uint32Array, type: 'VEC2' | 'VEC3' | 'SCALAR'): Accessor =>
		doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);

	const gPrim = doc.createPrimitive().setAttribute('POSITION', accessor(P, 'VEC3'));
	if (anyNormal && allNormals) {
		const N = new Float32Array(count * 3);
		for (let i = 0; i < count; i++) {
			const n = prim.vn[i];
			N[3 * i] = parsed.normals[3 * n];
			N[3 * i + 1] = parsed.normals[3 * n + 1];
			N[3 * i + 2] = parsed.normals[3 * n + 2];
		}
		gPrim.setAttribute('NORMAL', accessor(N, 'VEC3'));
	} else if (anyNormal) {
		warnings.push(`mesh "${meshName}": only some corners have normals; normals left out (later stages compute them)`);
	}
	if (hasUV) {
		const T = new Float32Array(count * 2);
		for (let i = 0; i < count; i++) {
			const t = prim.vt[i];
			if (t < 0) {
				T[2 * i + 1] = 1; // (0, 0) in OBJ terms
				continue;
			}
			T[2 * i] = parsed.uvs[2 * t];
			T[2 * i + 1] = parsed.uvs[2 * t + 1];
		}
		gPrim.setAttribute('TEXCOORD_0', accessor(T, 'VEC2'));
	}
	if (hasColor && parsed.colors) {
		const C = new Float32Array(count * 3);
		for (let i = 0; i < count; i++) {
			const v = prim.v[i];
			const r = parsed.colors[3 * v];
			const isSet = !Number.isNaN(r);
			C[3 * i] = isSet ? r : 1;
			C[3 * i + 1] = isSet ? parsed.colors[3 * v + 1] : 1;
			C[3 * i + 2] = isSet ? parsed.colors[3 * v + 2] : 1;
		}
		gPrim.setAttribute('COLOR_0', accessor(C, 'VEC3'));
	}
	// 65535 is the primitive-restart value, which glTF forbids in Uint16 indices.
	const I = count < 65535 ? Uint16Array.from(prim.indices) : Uint32Array.from(prim.indices);
	gPrim.setIndices(accessor(I, 'SCALAR'));
	return gPrim;
}
