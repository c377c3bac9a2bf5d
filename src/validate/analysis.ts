/**
 * Geometry analysis shared by the validation rules. Everything is computed
 * lazily, once per validation, on typed arrays (no per-vertex objects) with
 * the shared mesh utilities of src/geometry (triangle lists, position
 * welding, edge adjacency), so a 30k-vertex character costs a few
 * milliseconds. Nothing here changes the Document.
 */
import type { Document, Mesh, Node, Primitive, Scene } from '@gltf-transform/core';
import { readFloats } from '../geometry/accessors.js';
import { findDuplicateTriangles } from '../geometry/duplicate-triangles.js';
import { buildEdges, nextHalfEdge, opposed, orientPatches } from '../geometry/edges.js';
import { readTriangles } from '../geometry/triangle-list.js';
import { weldPositionSets } from '../geometry/weld-positions.js';
import { type Bounds, sceneBounds } from '../geometry/world-positions.js';

export type { Bounds };

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

function decodePrimitive(mesh: Mesh, meshIndex: number, primitive: Primitive, primitiveIndex: number): PrimitiveInfo {
	const position = primitive.getAttribute('POSITION');
	const vertexCount = position ? position.getCount() : 0;
	const info: PrimitiveInfo = {
		mesh,
		meshIndex,
		meshName: mesh.getName() || `mesh ${meshIndex}`,
		primitive,
		primitiveIndex,
		pointer: `/meshes/${meshIndex}/primitives/${primitiveIndex}`,
		mode: primitive.getMode(),
		vertexCount,
		positions: position ? readFloats(position) : null,
		triangles: null,
		outOfRange: 0,
	};
	// Triangles pointing past the vertex arrays are dropped (the Khronos pass reports them).
	const list = readTriangles(primitive, vertexCount);
	if (list) {
		info.triangles = list.tris;
		info.outOfRange = list.outOfRange;
	}
	return info;
}

// ---------------------------------------------------------------------------
// Mesh topology

function analyseMesh(list: PrimitiveInfo[]): MeshTopology {
	const first = list[0];
	let totalTris = 0;
	for (const info of list) totalTris += info.triangles!.length / 3;
	// Weld the positions of all primitives together.
	const welded = weldPositionSets(list.map((info) => info.positions!.subarray(0, info.vertexCount * 3)));
	const unique = welded.unique;

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

	// Welded triangle list (global numbering); skip marks degenerate (1) and duplicate (2) triangles.
	const wt = new Uint32Array(totalTris * 3);
	const triPrim = new Uint16Array(totalTris);
	const triOffset: number[] = [];
	const skip = new Uint8Array(totalTris);
	{
		let g = 0;
		list.forEach((info, p) => {
			triOffset.push(g);
			const tris = info.triangles!;
			const id = welded.ids[p];
			for (let t = 0; t < tris.length; t += 3, g++) {
				triPrim[g] = p;
				const a = id[tris[t]];
				const b = id[tris[t + 1]];
				const c = id[tris[t + 2]];
				wt[g * 3] = a;
				wt[g * 3 + 1] = b;
				wt[g * 3 + 2] = c;
				if (a === b || b === c || a === c) skip[g] = 1; // degenerate: other rules report it
			}
		});
	}
	const localTri = (g: number) => g - triOffset[triPrim[g]];
	const primKey = (g: number) => list[triPrim[g]].primitiveIndex;

	// Duplicate faces: the same three welded vertices as an earlier triangle.
	const original = findDuplicateTriangles(wt, unique, skip);
	for (let g = 0; g < totalTris; g++) {
		if (original[g] < 0) continue;
		skip[g] = 2;
		tallyAdd(topo.duplicateFaces, primKey(g), localTri(g));
	}

	const edges = buildEdges(wt, unique, skip);
	const { uses, first: firstHalf } = edges;
	topo.edgeCount = edges.count;

	// Classify edges.
	const parent = new Int32Array(unique).fill(-1); // union-find over boundary vertices
	const find = (x: number): number => {
		while (parent[x] !== x) {
			parent[x] = parent[parent[x]];
			x = parent[x];
		}
		return x;
	};
	for (let e = 0; e < edges.count; e++) {
		const n = uses[e];
		const h = firstHalf[e];
		const t = (h / 3) | 0;
		if (n === 1) {
			topo.boundaryEdgeCount++;
			tallyAdd(topo.boundaryEdges, primKey(t), localTri(t));
			const a = wt[h];
			const b = wt[nextHalfEdge(h)];
			if (parent[a] === -1) parent[a] = a;
			if (parent[b] === -1) parent[b] = b;
			const ra = find(a);
			const rb = find(b);
			if (ra !== rb) parent[ra] = rb;
		} else if (n > 2) {
			topo.nonManifoldEdgeCount++;
			tallyAdd(topo.nonManifoldEdges, primKey(t), localTri(t));
		} else if (opposed(edges, e)) {
			topo.inconsistentEdgeCount++;
		}
	}
	for (let v = 0; v < unique; v++) if (parent[v] !== -1 && find(v) === v) topo.boundaryLoops++;

	// Orientation propagation only when some pair disagrees: find the minority per connected patch.
	if (topo.inconsistentEdgeCount > 0) {
		const { minority, order } = orientPatches(totalTris, edges, skip);
		for (let q = 0; q < order.length; q++) {
			const t = order[q];
			if (minority[t]) tallyAdd(topo.flippedTriangles, primKey(t), localTri(t));
		}
	}
	return topo;
}

export { extents } from '../geometry/units.js';
