/**
 * Geometry analysis shared by the validation rules. Everything is computed
 * lazily, once per validation, on typed arrays with open-addressing hash
 * tables (no per-vertex objects), so a 30k-vertex character costs a few
 * milliseconds. Nothing here changes the Document.
 */
import type { Accessor, Document, Mesh, Node, Primitive, Scene, Skin } from '@gltf-transform/core';
import { type Bounds, sceneBounds } from '../geometry/world-positions.js';

export type { Bounds };

const MODE_TRIANGLES = 4;
const MODE_TRIANGLE_STRIP = 5;
const MODE_TRIANGLE_FAN = 6;

/** One primitive with its decoded positions and triangle list. */
export interface PrimitiveInfo {
	mesh: Mesh;
	meshIndex: number;
	meshName: string;
	primitive: Primitive;
	primitiveIndex: number;
	/** JSON pointer, e.g. `/meshes/0/primitives/1`. */
	pointer: string;
	mode: number;
	vertexCount: number;
	/** POSITION as floats (dequantized); null without POSITION. */
	positions: Float32Array | null;
	/** Triangle list (3 vertex indices per triangle) for triangle modes; null for points/lines. */
	triangles: Uint32Array | null;
	/** Triangles dropped from `triangles` because an index was out of range. */
	outOfRange: number;
}

/** Per-primitive tally of elements (triangles, vertices, edges) with a capped sample. */
export interface Tally {
	count: number;
	sample: number[];
}

export const SAMPLE_SIZE = 20;

function tallyAdd(map: Map<number, Tally>, key: number, element: number): void {
	let t = map.get(key);
	if (!t) map.set(key, (t = { count: 0, sample: [] }));
	t.count++;
	if (t.sample.length < SAMPLE_SIZE) t.sample.push(element);
}

/**
 * Topology of one mesh: all its triangle primitives together, vertices welded
 * by position (bit-exact, +0 and -0 equal), so UV and normal seams do not
 * count as boundaries. Tallies are keyed by primitive index and hold
 * primitive-local triangle indices.
 */
export interface MeshTopology {
	mesh: Mesh;
	meshIndex: number;
	meshName: string;
	primitives: PrimitiveInfo[];
	triangleCount: number;
	/** Distinct positions after welding. */
	weldedVertexCount: number;
	/** Later copies of a face already present (same three welded vertices, any order). */
	duplicateFaces: Map<number, Tally>;
	/** Edges used by exactly one triangle. */
	boundaryEdges: Map<number, Tally>;
	boundaryEdgeCount: number;
	/** Closed loops of boundary edges (≈ holes / open borders). */
	boundaryLoops: number;
	/** Edges shared by more than two triangles. */
	nonManifoldEdges: Map<number, Tally>;
	nonManifoldEdgeCount: number;
	/** Manifold edges whose two triangles run the same direction along them. */
	inconsistentEdgeCount: number;
	/** Triangles wound against the majority of their connected patch. */
	flippedTriangles: Map<number, Tally>;
	edgeCount: number;
}


/** Lazily computed, shared analysis of one Document. */
export class Analysis {
	private _primitives?: PrimitiveInfo[];
	private _topology?: MeshTopology[];
	private _bounds?: Bounds | null;
	private _indices = new Map<object, number>();

	constructor(readonly document: Document) {
		const root = document.getRoot();
		const lists: object[][] = [root.listMeshes(), root.listNodes(), root.listSkins(), root.listTextures(), root.listMaterials()];
		for (const list of lists) list.forEach((p, i) => this._indices.set(p, i));
	}

	/** Index of a mesh, node, skin, texture or material in the glTF arrays. */
	indexOf(property: object): number {
		return this._indices.get(property) ?? -1;
	}

	primitives(): PrimitiveInfo[] {
		if (this._primitives) return this._primitives;
		const out: PrimitiveInfo[] = [];
		this.document
			.getRoot()
			.listMeshes()
			.forEach((mesh, meshIndex) => {
				mesh.listPrimitives().forEach((primitive, primitiveIndex) => {
					out.push(decodePrimitive(mesh, meshIndex, primitive, primitiveIndex));
				});
			});
		return (this._primitives = out);
	}

	topology(): MeshTopology[] {
		if (this._topology) return this._topology;
		const byMesh = new Map<number, PrimitiveInfo[]>();
		for (const info of this.primitives()) {
			if (!info.triangles || !info.positions) continue;
			let list = byMesh.get(info.meshIndex);
			if (!list) byMesh.set(info.meshIndex, (list = []));
			list.push(info);
		}
		const out: MeshTopology[] = [];
		for (const list of byMesh.values()) out.push(analyseMesh(list));
		return (this._topology = out);
	}

	/** World-space bounds of the default scene as posed (skinned meshes through their joints); null when empty. */
	worldBounds(): Bounds | null {
		if (this._bounds !== undefined) return this._bounds;
		return (this._bounds = sceneBounds(this.document) ?? null);
	}

	/** Triangles and vertices as rendered by the default scene (meshes counted once per node using them). */
	renderedCounts(): { triangles: number; vertices: number } {
		const perMesh = new Map<Mesh, { triangles: number; vertices: number }>();
		for (const info of this.primitives()) {
			let c = perMesh.get(info.mesh);
			if (!c) perMesh.set(info.mesh, (c = { triangles: 0, vertices: 0 }));
			c.triangles += primitiveTriangleCount(info);
			c.vertices += info.vertexCount;
		}
		const nodes = sceneMeshNodes(this.document);
		const total = { triangles: 0, vertices: 0 };
		if (nodes) {
			for (const node of nodes) {
				const c = perMesh.get(node.getMesh()!);
				if (c) {
					total.triangles += c.triangles;
					total.vertices += c.vertices;
				}
			}
		} else {
			for (const c of perMesh.values()) {
				total.triangles += c.triangles;
				total.vertices += c.vertices;
			}
		}
		return total;
	}
}

function primitiveTriangleCount(info: PrimitiveInfo): number {
	return info.triangles ? info.triangles.length / 3 : 0;
}

/** The scene whose contents count: the default scene, else the first. */
export function activeScene(document: Document): Scene | null {
	const root = document.getRoot();
	return root.getDefaultScene() ?? root.listScenes()[0] ?? null;
}

/** Nodes with a mesh in the active scene; null when the document has no scene. */
function sceneMeshNodes(document: Document): Node[] | null {
	const scene = activeScene(document);
	if (!scene) return null;
	const out: Node[] = [];
	const seen = new Set<Node>();
	scene.traverse((node) => {
		if (seen.has(node)) return;
		seen.add(node);
		if (node.getMesh()) out.push(node);
	});
	return out;
}

/** Reads an accessor as floats, undoing normalization and quantization. Float accessors are returned as they are (do not write to them). */
export function readFloats(accessor: Accessor): Float32Array {
	const array = accessor.getArray();
	if (array instanceof Float32Array) return array;
	const count = accessor.getCount();
	const size = accessor.getElementSize();
	const out = new Float32Array(count * size);
	if (!array) return out;
	const el: number[] = new Array(size).fill(0);
	for (let i = 0; i < count; i++) {
		accessor.getElement(i, el);
		for (let k = 0; k < size; k++) out[i * size + k] = el[k];
	}
	return out;
}

function decodePrimitive(mesh: Mesh, meshIndex: number, primitive: Primitive, primitiveIndex: number): PrimitiveInfo {
	const position = primitive.getAttribute('POSITION');
	const vertexCount = position ? position.getCount() : 0;
	const mode = primitive.getMode();
	const info: PrimitiveInfo = {
		mesh,
		meshIndex,
		meshName: mesh.getName() || `mesh ${meshIndex}`,
		primitive,
		primitiveIndex,
		pointer: `/meshes/${meshIndex}/primitives/${primitiveIndex}`,
		mode,
		vertexCount,
		positions: position ? readFloats(position) : null,
		triangles: null,
		outOfRange: 0,
	};
	if (mode !== MODE_TRIANGLES && mode !== MODE_TRIANGLE_STRIP && mode !== MODE_TRIANGLE_FAN) return info;
	const indicesAccessor = primitive.getIndices();
	const raw = indicesAccessor?.getArray();
	const n = raw ? raw.length : vertexCount;
	const at = raw ? (i: number) => raw[i] : (i: number) => i;
	let tris: Uint32Array;
	if (mode === MODE_TRIANGLES) {
		const count = Math.floor(n / 3);
		tris = new Uint32Array(count * 3);
		if (raw) for (let i = 0; i < count * 3; i++) tris[i] = raw[i];
		else for (let i = 0; i < count * 3; i++) tris[i] = i;
	} else {
		const count = Math.max(0, n - 2);
		tris = new Uint32Array(count * 3);
		for (let i = 0; i < count; i++) {
			if (mode === MODE_TRIANGLE_STRIP) {
				const even = (i & 1) === 0;
				tris[i * 3] = at(even ? i : i + 1);
				tris[i * 3 + 1] = at(even ? i + 1 : i);
				tris[i * 3 + 2] = at(i + 2);
			} else {
				tris[i * 3] = at(0);
				tris[i * 3 + 1] = at(i + 1);
				tris[i * 3 + 2] = at(i + 2);
			}
		}
	}
	// Drop triangles that point past the vertex arrays (the Khronos pass reports them).
	let bad = 0;
	for (let i = 0; i < tris.length; i++) if (tris[i] >= vertexCount) bad++;
	if (bad > 0) {
		const kept: number[] = [];
		for (let t = 0; t < tris.length; t += 3) {
			if (tris[t] < vertexCount && tris[t + 1] < vertexCount && tris[t + 2] < vertexCount) kept.push(tris[t], tris[t + 1], tris[t + 2]);
			else info.outOfRange++;
		}
		tris = Uint32Array.from(kept);
	}
	info.triangles = tris;
	return info;
}

// ---------------------------------------------------------------------------
// Hashing

export function nextPow2(n: number): number {
	let p = 16;
	while (p < n) p *= 2;
	return p;
}

/** 32-bit mix of up to three 32-bit words. */
export function hash3(a: number, b: number, c: number): number {
	let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
	h ^= h >>> 15;
	return h >>> 0;
}

/**
 * Welds positions bit-exactly: returns, for each of `count` vertices, the id
 * of the first vertex with the same position (ids compacted to 0..n-1).
 */
export function weldPositions(positions: Float32Array, count: number): { ids: Uint32Array; unique: number } {
	// Normalise -0 to +0 so both weld together.
	const p = new Float32Array(count * 3);
	for (let i = 0; i < count * 3; i++) p[i] = positions[i] + 0;
	const bits = new Uint32Array(p.buffer);
	const capacity = nextPow2(count * 2);
	const mask = capacity - 1;
	const table = new Int32Array(capacity).fill(-1); // holds a vertex index
	const ids = new Uint32Array(count);
	const compact = new Uint32Array(count);
	let unique = 0;
	for (let v = 0; v < count; v++) {
		const x = bits[v * 3];
		const y = bits[v * 3 + 1];
		const z = bits[v * 3 + 2];
		let slot = hash3(x, y, z) & mask;
		for (;;) {
			const w = table[slot];
			if (w === -1) {
				table[slot] = v;
				compact[v] = unique++;
				ids[v] = compact[v];
				break;
			}
			if (bits[w * 3] === x && bits[w * 3 + 1] === y && bits[w * 3 + 2] === z) {
				ids[v] = compact[w];
				break;
			}
			slot = (slot + 1) & mask;
		}
	}
	return { ids, unique };
}

// ---------------------------------------------------------------------------
// Mesh topology

function analyseMesh(list: PrimitiveInfo[]): MeshTopology {
	const first = list[0];
	let totalVerts = 0;
	let totalTris = 0;
	for (const info of list) {
		totalVerts += info.vertexCount;
		totalTris += info.triangles!.length / 3;
	}
	// Concatenate positions of all primitives, weld them together.
	const positions = new Float32Array(totalVerts * 3);
	const vertexOffset: number[] = [];
	const triOffset: number[] = [];
	{
		let vo = 0;
		let to = 0;
		for (const info of list) {
			vertexOffset.push(vo);
			triOffset.push(to);
			positions.set(info.positions!.subarray(0, info.vertexCount * 3), vo * 3);
			vo += info.vertexCount;
			to += info.triangles!.length / 3;
		}
	}
	const { ids, unique } = weldPositions(positions, totalVerts);

	const topo: MeshTopology = {
		mesh: first.mesh,
		meshIndex: first.meshIndex,
		meshName: first.meshName,
		primitives: list,
		triangleCount: totalTris,
		weldedVertexCount: unique,
		duplicateFaces: new Map(),
		boundaryEdges: new Map(),
		boundaryEdgeCount: 0,
		boundaryLoops: 0,
		nonManifoldEdges: new Map(),
		nonManifoldEdgeCount: 0,
		inconsistentEdgeCount: 0,
		flippedTriangles: new Map(),
		edgeCount: 0,
	};
	if (totalTris === 0) return topo;

	// Welded triangle list (global numbering); -1 marks skipped triangles.
	const wt = new Uint32Array(totalTris * 3);
	const triPrim = new Uint16Array(totalTris);
	const skip = new Uint8Array(totalTris);
	for (let p = 0; p < list.length; p++) {
		const tris = list[p].triangles!;
		const vo = vertexOffset[p];
		const to = triOffset[p];
		for (let t = 0; t < tris.length / 3; t++) {
			const g = to + t;
			triPrim[g] = p;
			const a = ids[vo + tris[t * 3]];
			const b = ids[vo + tris[t * 3 + 1]];
			const c = ids[vo + tris[t * 3 + 2]];
			wt[g * 3] = a;
			wt[g * 3 + 1] = b;
			wt[g * 3 + 2] = c;
			if (a === b || b === c || a === c) skip[g] = 1; // degenerate: other rules report it
		}
	}
	const localTri = (g: number) => g - triOffset[triPrim[g]];
	const primKey = (g: number) => list[triPrim[g]].primitiveIndex;

	// Duplicate faces: sorted welded triple.
	{
		const capacity = nextPow2(totalTris * 2);
		const mask = capacity - 1;
		const table = new Int32Array(capacity).fill(-1);
		const sorted = new Uint32Array(totalTris * 3);
		for (let g = 0; g < totalTris; g++) {
			if (skip[g]) continue;
			let a = wt[g * 3];
			let b = wt[g * 3 + 1];
			let c = wt[g * 3 + 2];
			if (a > b) [a, b] = [b, a];
			if (b > c) [b, c] = [c, b];
			if (a > b) [a, b] = [b, a];
			sorted[g * 3] = a;
			sorted[g * 3 + 1] = b;
			sorted[g * 3 + 2] = c;
			let slot = hash3(a, b, c) & mask;
			for (;;) {
				const h = table[slot];
				if (h === -1) {
					table[slot] = g;
					break;
				}
				if (sorted[h * 3] === a && sorted[h * 3 + 1] === b && sorted[h * 3 + 2] === c) {
					skip[g] = 2;
					tallyAdd(topo.duplicateFaces, primKey(g), localTri(g));
					break;
				}
				slot = (slot + 1) & mask;
			}
		}
	}

	// Edge table: undirected key (lo, hi); count, forward count (lo→hi), first two triangles.
	const capacity = nextPow2(totalTris * 3);
	const mask = capacity - 1;
	const keyLo = new Uint32Array(capacity);
	const keyHi = new Uint32Array(capacity);
	const used = new Uint8Array(capacity);
	const count = new Uint32Array(capacity);
	const fwd = new Uint32Array(capacity);
	const tri1 = new Int32Array(capacity);
	const tri2 = new Int32Array(capacity);
	let edges = 0;
	for (let g = 0; g < totalTris; g++) {
		if (skip[g]) continue;
		for (let e = 0; e < 3; e++) {
			const from = wt[g * 3 + e];
			const to = wt[g * 3 + (e === 2 ? 0 : e + 1)];
			const lo = from < to ? from : to;
			const hi = from < to ? to : from;
			let slot = hash3(lo, hi, 0) & mask;
			while (used[slot] && (keyLo[slot] !== lo || keyHi[slot] !== hi)) slot = (slot + 1) & mask;
			if (!used[slot]) {
				used[slot] = 1;
				keyLo[slot] = lo;
				keyHi[slot] = hi;
				tri1[slot] = g;
				tri2[slot] = -1;
				edges++;
			} else if (count[slot] === 1) {
				tri2[slot] = g;
			}
			count[slot]++;
			if (from < to) fwd[slot]++;
		}
	}
	topo.edgeCount = edges;

	// Classify edges.
	const parent = new Int32Array(unique).fill(-1); // union-find over boundary vertices
	const find = (x: number): number => {
		while (parent[x] !== x) {
			parent[x] = parent[parent[x]];
			x = parent[x];
		}
		return x;
	};
	let manifoldPairs = 0;
	for (let s = 0; s < capacity; s++) {
		if (!used[s]) continue;
		const n = count[s];
		if (n === 1) {
			topo.boundaryEdgeCount++;
			tallyAdd(topo.boundaryEdges, primKey(tri1[s]), localTri(tri1[s]));
			const a = keyLo[s];
			const b = keyHi[s];
			if (parent[a] === -1) parent[a] = a;
			if (parent[b] === -1) parent[b] = b;
			const ra = find(a);
			const rb = find(b);
			if (ra !== rb) parent[ra] = rb;
		} else if (n > 2) {
			topo.nonManifoldEdgeCount++;
			tallyAdd(topo.nonManifoldEdges, primKey(tri1[s]), localTri(tri1[s]));
		} else {
			manifoldPairs++;
			if (fwd[s] !== 1) topo.inconsistentEdgeCount++;
		}
	}
	for (let v = 0; v < unique; v++) if (parent[v] !== -1 && find(v) === v) topo.boundaryLoops++;

	// Orientation propagation only when some pair disagrees: find the minority per connected patch.
	if (topo.inconsistentEdgeCount > 0) {
		const degree = new Uint32Array(totalTris + 1);
		for (let s = 0; s < capacity; s++) {
			if (used[s] && count[s] === 2) {
				degree[tri1[s]]++;
				degree[tri2[s]]++;
			}
		}
		const start = new Uint32Array(totalTris + 1);
		for (let g = 0; g < totalTris; g++) start[g + 1] = start[g] + degree[g];
		const fill = start.slice(0, totalTris);
		const adj = new Int32Array(manifoldPairs * 2);
		const same = new Uint8Array(manifoldPairs * 2);
		for (let s = 0; s < capacity; s++) {
			if (!used[s] || count[s] !== 2) continue;
			const flip = fwd[s] !== 1 ? 1 : 0;
			adj[fill[tri1[s]]] = tri2[s];
			same[fill[tri1[s]]++] = flip;
			adj[fill[tri2[s]]] = tri1[s];
			same[fill[tri2[s]]++] = flip;
		}
		const orient = new Int8Array(totalTris).fill(-1);
		const queue = new Int32Array(totalTris);
		const component: number[] = [];
		for (let seed = 0; seed < totalTris; seed++) {
			if (skip[seed] || orient[seed] !== -1) continue;
			let head = 0;
			let tail = 0;
			let ones = 0;
			component.length = 0;
			orient[seed] = 0;
			queue[tail++] = seed;
			while (head < tail) {
				const t = queue[head++];
				component.push(t);
				if (orient[t] === 1) ones++;
				for (let k = start[t]; k < start[t + 1]; k++) {
					const u = adj[k];
					if (orient[u] !== -1) continue;
					orient[u] = (orient[t] ^ same[k]) as 0 | 1;
					queue[tail++] = u;
				}
			}
			if (ones === 0) continue;
			const minority = ones <= component.length - ones ? 1 : 0;
			for (const t of component) if (orient[t] === minority) tallyAdd(topo.flippedTriangles, primKey(t), localTri(t));
		}
	}
	return topo;
}

// ---------------------------------------------------------------------------
// World-space bounds

type Mat4 = ArrayLike<number>;

function transformPoint(m: Mat4, x: number, y: number, z: number, out: number[]): void {
	out[0] = m[0] * x + m[4] * y + m[8] * z + m[12];
	out[1] = m[1] * x + m[5] * y + m[9] * z + m[13];
	out[2] = m[2] * x + m[6] * y + m[10] * z + m[14];
}

function multiply(a: Mat4, b: Mat4): Float64Array {
	const out = new Float64Array(16);
	for (let c = 0; c < 4; c++) {
		for (let r = 0; r < 4; r++) {
			let s = 0;
			for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
			out[c * 4 + r] = s;
		}
	}
	return out;
}

export { extents } from '../geometry/units.js';
