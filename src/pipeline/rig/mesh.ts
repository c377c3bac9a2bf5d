/**
 * The geometry the rigger works on: every triangle primitive of every mesh
 * instance in the scene, in one world-space soup, and the baking step that
 * moves each mesh into world space (optionally through a normalising
 * similarity transform), drops old skins and parents it to the scene root.
 */
import type { Accessor, Document, Node, Primitive, Scene } from '@gltf-transform/core';
import { mat4Multiply, restJointMatrices } from '../../geometry/world-positions.js';

export interface MeshPart {
	node: Node;
	primitive: Primitive;
	/** First vertex of this part in the soup. */
	offset: number;
	count: number;
}

export interface MeshSoup {
	parts: MeshPart[];
	/** World positions, xyz per vertex. */
	positions: Float32Array;
	/** Vertex indices, three per triangle. */
	triangles: Uint32Array;
	/** Which part each triangle belongs to. */
	triangleParts: Uint16Array;
}

const TRIANGLES = 4;

export function sceneOf(document: Document): Scene | undefined {
	const root = document.getRoot();
	return root.getDefaultScene() ?? root.listScenes()[0];
}

/** Mesh nodes of the scene (every node when there is no scene). */
export function meshNodes(document: Document): Node[] {
	const scene = sceneOf(document);
	const out: Node[] = [];
	if (scene) scene.traverse((n) => void (n.getMesh() && out.push(n)));
	else for (const n of document.getRoot().listNodes()) if (n.getMesh()) out.push(n);
	return out;
}

function floatArray(accessor: Accessor): Float32Array {
	const n = accessor.getCount();
	const size = accessor.getElementSize();
	const array = accessor.getArray();
	if (array instanceof Float32Array && !accessor.getNormalized()) return array;
	const out = new Float32Array(n * size);
	const el: number[] = [];
	for (let i = 0; i < n; i++) {
		accessor.getElement(i, el);
		for (let k = 0; k < size; k++) out[i * size + k] = el[k];
	}
	return out;
}

/** Triangle indices of a primitive (TRIANGLES mode only; strips and fans are skipped). */
export function triangleIndices(prim: Primitive): Uint32Array | undefined {
	if (prim.getMode() !== TRIANGLES) return undefined;
	const count = prim.getAttribute('POSITION')?.getCount() ?? 0;
	const indices = prim.getIndices();
	if (indices) return new Uint32Array(indices.getArray() as ArrayLike<number>);
	const out = new Uint32Array(count - (count % 3));
	for (let i = 0; i < out.length; i++) out[i] = i;
	return out;
}

/**
 * Per-vertex affine transforms (12 floats, column-major 3×4) that take a
 * primitive's vertices to where a viewer draws them at rest: linear-blend
 * skinning at the bind pose for skinned nodes, the node's world matrix
 * otherwise.
 */
function vertexTransforms(node: Node, prim: Primitive): { each: Float64Array | null; fixed: Float64Array } {
	const world = node.getWorldMatrix();
	const fixed = new Float64Array(16);
	fixed.set(world);
	const joints = node.getSkin() ? restJointMatrices(node) : undefined;
	const j0 = prim.getAttribute('JOINTS_0');
	if (!joints || !j0) return { each: null, fixed };
	const count = prim.getAttribute('POSITION')!.getCount();
	const each = new Float64Array(count * 12);
	const sets: [Accessor, Accessor][] = [];
	for (let s = 0; ; s++) {
		const j = prim.getAttribute(`JOINTS_${s}`);
		const w = prim.getAttribute(`WEIGHTS_${s}`);
		if (!j || !w) break;
		sets.push([j, w]);
	}
	const jv: number[] = [];
	const wv: number[] = [];
	for (let v = 0; v < count; v++) {
		let total = 0;
		const o = v * 12;
		for (const [ja, wa] of sets) {
			ja.getElement(v, jv);
			wa.getElement(v, wv);
			for (let k = 0; k < 4; k++) {
				const w = wv[k];
				const m = jv[k] * 16;
				if (!w || m + 15 >= joints.length) continue;
				total += w;
				for (let c = 0; c < 4; c++) for (let r = 0; r < 3; r++) each[o + c * 3 + r] += w * joints[m + c * 4 + r];
			}
		}
		if (total > 0) for (let k = 0; k < 12; k++) each[o + k] /= total;
		else for (let c = 0; c < 4; c++) for (let r = 0; r < 3; r++) each[o + c * 3 + r] = world[c * 4 + r];
	}
	return { each, fixed };
}

/** Positions through per-vertex 3×4 transforms (`each`, 12 per vertex) or one 4×4 (`fixed`). */
function worldPositions(p: Float32Array, count: number, each: Float64Array | null, fixed: Float64Array): Float32Array {
	const out = new Float32Array(count * 3);
	for (let v = 0; v < count; v++) {
		const x = p[v * 3], y = p[v * 3 + 1], z = p[v * 3 + 2];
		if (each) {
			const m = v * 12;
			out[v * 3] = each[m] * x + each[m + 3] * y + each[m + 6] * z + each[m + 9];
			out[v * 3 + 1] = each[m + 1] * x + each[m + 4] * y + each[m + 7] * z + each[m + 10];
			out[v * 3 + 2] = each[m + 2] * x + each[m + 5] * y + each[m + 8] * z + each[m + 11];
		} else {
			out[v * 3] = fixed[0] * x + fixed[4] * y + fixed[8] * z + fixed[12];
			out[v * 3 + 1] = fixed[1] * x + fixed[5] * y + fixed[9] * z + fixed[13];
			out[v * 3 + 2] = fixed[2] * x + fixed[6] * y + fixed[10] * z + fixed[14];
		}
	}
	return out;
}

/** Every triangle primitive of the scene in world space (rest / bind pose). */
export function collectSoup(document: Document): MeshSoup {
	const parts: MeshPart[] = [];
	const chunks: Float32Array[] = [];
	const triChunks: Uint32Array[] = [];
	let offset = 0;
	for (const node of meshNodes(document)) {
		for (const prim of node.getMesh()!.listPrimitives()) {
			const pos = prim.getAttribute('POSITION');
			const tris = triangleIndices(prim);
			if (!pos || !tris) continue;
			const p = floatArray(pos);
			const count = pos.getCount();
			const { each, fixed } = vertexTransforms(node, prim);
			const out = worldPositions(p, count, each, fixed);
			const shifted = new Uint32Array(tris.length);
			let valid = 0;
			for (let i = 0; i + 2 < tris.length; i += 3) {
				if (tris[i] >= count || tris[i + 1] >= count || tris[i + 2] >= count) continue;
				shifted[valid++] = tris[i] + offset;
				shifted[valid++] = tris[i + 1] + offset;
				shifted[valid++] = tris[i + 2] + offset;
			}
			parts.push({ node, primitive: prim, offset, count });
			chunks.push(out);
			triChunks.push(shifted.subarray(0, valid));
			offset += count;
		}
	}
	const positions = new Float32Array(offset * 3);
	let o = 0;
	for (const c of chunks) {
		positions.set(c, o);
		o += c.length;
	}
	const triTotal = triChunks.reduce((a, c) => a + c.length, 0);
	const triangles = new Uint32Array(triTotal);
	const triangleParts = new Uint16Array(triTotal / 3);
	o = 0;
	triChunks.forEach((c, i) => {
		triangles.set(c, o);
		triangleParts.fill(i, o / 3, (o + c.length) / 3);
		o += c.length;
	});
	return { parts, positions, triangles, triangleParts };
}

function unusedElsewhere(accessor: Accessor, document: Document): boolean {
	const root = document.getRoot();
	return accessor.listParents().filter((p) => p !== root).length === 0;
}

/**
 * Vertex v's 3×4 affine transform (column-major) into `m`: `normalize` ×
 * each[v] for skinned primitives, else the fixed `base`.
 */
function vertexMatrix(m: Float64Array, v: number, normalize: ArrayLike<number>, base: Float64Array, each: Float64Array | null): Float64Array {
	if (!each) {
		for (let c = 0; c < 4; c++) for (let r = 0; r < 3; r++) m[c * 3 + r] = base[c * 4 + r];
		return m;
	}
	const e = v * 12;
	for (let c = 0; c < 4; c++) {
		for (let r = 0; r < 3; r++) {
			let s = c === 3 ? normalize[12 + r] : 0;
			for (let k = 0; k < 3; k++) s += normalize[k * 4 + r] * each[e + c * 3 + k];
			m[c * 3 + r] = s;
		}
	}
	return m;
}

/** An attribute's values (xyz first of `size` per vertex) through each vertex's transform: points move, vectors turn, directions turn and are renormalised. */
function transformValues(src: Float32Array, size: number, count: number, kind: 'point' | 'vector' | 'direction', normalize: ArrayLike<number>, base: Float64Array, each: Float64Array | null): Float32Array {
	const out = new Float32Array(count * size);
	const m = new Float64Array(12);
	for (let v = 0; v < count; v++) {
		const mm = vertexMatrix(m, v, normalize, base, each);
		const x = src[v * size], y = src[v * size + 1], z = src[v * size + 2];
		let ox = mm[0] * x + mm[3] * y + mm[6] * z;
		let oy = mm[1] * x + mm[4] * y + mm[7] * z;
		let oz = mm[2] * x + mm[5] * y + mm[8] * z;
		if (kind === 'point') {
			ox += mm[9];
			oy += mm[10];
			oz += mm[11];
		} else if (kind === 'direction') {
			const l = Math.hypot(ox, oy, oz) || 1;
			ox /= l;
			oy /= l;
			oz /= l;
		}
		out[v * size] = ox;
		out[v * size + 1] = oy;
		out[v * size + 2] = oz;
		for (let k = 3; k < size; k++) out[v * size + k] = src[v * size + k];
	}
	return out;
}

/**
 * Bakes every mesh instance into world space, then applies `normalize` (a
 * column-major 4×4 similarity: rotation · uniform scale + translation): the
 * positions, normals, tangents and morph-target deltas of each primitive are
 * rewritten, old JOINTS_n/WEIGHTS_n are removed, skins are detached and each
 * mesh node becomes a child of the scene root with an identity transform.
 * Meshes used by several nodes are copied first. Old skins are disposed.
 */
export function bakeToWorld(document: Document, normalize: ArrayLike<number>): void {
	const scene = sceneOf(document);
	const nodes = meshNodes(document);
	const seen = new Set<unknown>();
	const oldSkins = new Set(document.getRoot().listSkins());
	// Compute the transforms before any node moves.
	const plans = nodes.map((node) => {
		let mesh = node.getMesh()!;
		if (seen.has(mesh)) {
			mesh = mesh.clone();
			node.setMesh(mesh);
		}
		seen.add(mesh);
		return { node, prims: mesh.listPrimitives().map((prim) => ({ prim, ...vertexTransforms(node, prim) })) };
	});
	const seenPrims = new Set<Primitive>();
	for (const { node, prims } of plans) {
		for (const { prim, each, fixed } of prims) {
			if (seenPrims.has(prim)) continue;
			seenPrims.add(prim);
			const pos = prim.getAttribute('POSITION');
			if (!pos) continue;
			const count = pos.getCount();
			const base = new Float64Array(16);
			mat4Multiply(base, normalize, fixed);
			const transform = (accessor: Accessor | null, kind: 'point' | 'vector' | 'direction'): Accessor | null => {
				if (!accessor) return null;
				const out = transformValues(floatArray(accessor), accessor.getElementSize(), count, kind, normalize, base, each);
				return document.createAccessor(accessor.getName()).setType(accessor.getType()).setArray(out).setBuffer(accessor.getBuffer());
			};
			const replace = (owner: { getAttribute(s: string): Accessor | null; setAttribute(s: string, a: Accessor | null): unknown }, semantic: string, kind: 'point' | 'vector' | 'direction') => {
				const old = owner.getAttribute(semantic);
				const next = transform(old, kind);
				if (!old || !next) return;
				owner.setAttribute(semantic, next);
				if (unusedElsewhere(old, document)) old.dispose();
			};
			replace(prim, 'POSITION', 'point');
			replace(prim, 'NORMAL', 'direction');
			replace(prim, 'TANGENT', 'direction');
			for (const target of prim.listTargets()) {
				replace(target, 'POSITION', 'vector');
				replace(target, 'NORMAL', 'vector');
				replace(target, 'TANGENT', 'vector');
			}
			for (const semantic of prim.listSemantics()) {
				if (!/^(JOINTS|WEIGHTS)_\d+$/.test(semantic)) continue;
				const old = prim.getAttribute(semantic)!;
				prim.setAttribute(semantic, null);
				if (unusedElsewhere(old, document)) old.dispose();
			}
		}
		node.setSkin(null);
	}
	for (const { node } of plans) {
		const parent = node.getParentNode();
		if (parent) parent.removeChild(node);
		if (scene && !scene.listChildren().includes(node)) scene.addChild(node);
		node.setTranslation([0, 0, 0]).setRotation([0, 0, 0, 1]).setScale([1, 1, 1]);
	}
	for (const skin of oldSkins) if (skin.listParents().every((p) => p === document.getRoot())) skin.dispose();
}
