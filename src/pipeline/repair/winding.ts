/**
 * Triangle winding, per mesh (all its primitives together, vertices welded by
 * position so UV and normal seams do not split it — as the
 * INCONSISTENT_WINDING rule sees it):
 *
 * 1. Consistency: triangles are grouped into patches connected through
 *    manifold edges (edges with exactly two triangles); within a patch the
 *    orientation is propagated breadth-first across shared edges and the
 *    minority is flipped to agree with the majority.
 * 2. Outward (`outward`, default on): a closed patch (no boundary or
 *    non-manifold edge) whose signed volume is negative — in world space, so a
 *    mirroring node transform counts — is inside out and is flipped whole.
 *    Its vertex normals are negated too where they agreed with the old winding.
 *    Open patches keep their majority orientation (there is no inside).
 *
 * Flipping swaps a triangle's 2nd and 3rd index; vertices are not touched
 * (except normals in step 2).
 */
import type { Document, Mesh, Node, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { buildEdges, type EdgeTable, orientPatches, runsForward } from '../../geometry/edges.js';
import { mat4Det3 } from '../../geometry/mat4.js';
import { MeshCache } from './cache.js';
import { primsByMesh, readFloats, reportFix, reportUnfixed, type StepOptions, stepReport, weldedTriangles, whereOf, writeTriangles } from './util.js';

export const WINDING = 'repairWinding';

export interface WindingOptions extends StepOptions {
	/** Flip closed parts that are inside out (default true). */
	outward?: boolean;
}

/** +1 / −1 when every node drawing the mesh has that handedness; 0 when they disagree. Skinned nodes count as +1. */
function meshHandedness(mesh: Mesh): number {
	let sign = 0;
	for (const parent of mesh.listParents()) {
		if (parent.propertyType !== 'Node') continue;
		const node = parent as Node;
		const s = node.getSkin() ? 1 : mat4Det3(node.getWorldMatrix()) < 0 ? -1 : 1;
		if (sign === 0) sign = s;
		else if (sign !== s) return 0;
	}
	return sign === 0 ? 1 : sign;
}

export function repairWinding(options: WindingOptions = {}): Transform {
	const outward = options.outward ?? true;
	return namedTransform(WINDING, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const meshes = primsByMesh(document);
		meshes.forEach((refs, m) => {
			options.onProgress?.(WINDING, (m + 1) / meshes.length);
			const { lists, offsets: triOffset, wt, total, ids, unique } = weldedTriangles(refs, cache);
			if (total === 0) return;
			// buildEdges leaves out triangles with a repeated welded corner; the rest of the step needs them marked
			// (`skip`) only when it re-orients patches or finds a closed one.
			const edges = buildEdges(wt, unique);
			let skip: Uint8Array | null = null;
			const { parent, inconsistent, openEdges } = joinPatches(edges, total);
			let flip: Uint8Array;
			let minorityFlipped = 0;
			let remaining = 0;
			if (inconsistent > 0) {
				skip = collapsedTriangles(wt);
				const oriented = orientPatches(total, edges, skip);
				flip = oriented.minority;
				minorityFlipped = oriented.minorityCount;
				remaining = disagreeing(edges, flip);
			} else flip = new Uint8Array(total);
			// Inside-out closed patches.
			let partFlip: Uint8Array = new Uint8Array(total);
			let partTris = 0;
			const handedness = outward ? meshHandedness(refs[0].mesh) : 0;
			if (handedness !== 0 && remaining === 0) {
				const open = openPatches(edges, parent, openEdges);
				const closed = hasClosedPatch(wt, parent, open);
				if (closed) {
					skip ??= collapsedTriangles(wt);
					// A position per welded id; triangles collapsed by welding take no part.
					const pos = new Float32Array(unique * 3); // float32 sources: exact
					refs.forEach((ref, p) => scatterPositions(pos, ids[p], readFloats(ref.primitive.getAttribute('POSITION')!)));
					({ partFlip, partTris } = insideOut(wt, pos, unique, skip, flip, parent, open, handedness));
				}
			}
			if (minorityFlipped === 0 && partTris === 0 && remaining === 0) return;
			refs.forEach((ref, p) => {
				const tris = lists[p].slice();
				const off = triOffset[p];
				let flippedHere = 0;
				let partHere = 0;
				for (let t = 0; t < tris.length / 3; t++) {
					const g = off + t;
					const f = flip[g] ^ partFlip[g];
					if (flip[g]) flippedHere++;
					if (partFlip[g]) partHere++;
					if (!f) continue;
					const b = tris[t * 3 + 1];
					tris[t * 3 + 1] = tris[t * 3 + 2];
					tris[t * 3 + 2] = b;
				}
				if (flippedHere + partHere === 0) return;
				writeTriangles(ref.primitive, tris, cache, true);
				if (flippedHere) reportFix(report, 'FIXED_INCONSISTENT_WINDING', whereOf(ref, flippedHere), 'triangles wound against their neighbours', flippedHere, 0, `flipped to the majority winding of their patch; mesh edges disagreeing: before ${inconsistent}, after ${remaining}`);
				if (partHere) {
					reorientNormals(ref.primitive, tris, partFlip, off);
					reportFix(report, 'FIXED_INSIDE_OUT_PARTS', whereOf(ref, partHere), 'triangles of closed parts facing inwards', partHere, 0, 'whole closed parts with negative volume flipped to face outwards');
				}
			});
			if (remaining > 0) {
				reportUnfixed(report, 'UNFIXED_INCONSISTENT_WINDING', whereOf(refs[0], remaining), `${refs[0].meshName}: ${remaining} edges still join triangles of opposite winding after re-orienting each patch: the surface is non-orientable (a Möbius-like loop), so no consistent winding exists; split it in a DCC tool`);
			}
		});
	});
}

// The passes of repairWinding, each its own small function: a cold run gets them optimized sooner.

/** 1 for the triangles with a repeated welded corner: they have no edges and take no part. */
function collapsedTriangles(wt: Uint32Array): Uint8Array {
	const total = wt.length / 3;
	const skip = new Uint8Array(total);
	for (let g = 0; g < total; g++) {
		const a = wt[g * 3], b = wt[g * 3 + 1], c = wt[g * 3 + 2];
		if (a === b || b === c || a === c) skip[g] = 1;
	}
	return skip;
}

/**
 * Patches (union-find over triangles through manifold edges), how many of those edges join triangles wound
 * against each other, and the other edges (boundary and non-manifold: they open their patches).
 */
function joinPatches(edges: EdgeTable, total: number): { parent: Int32Array; inconsistent: number; openEdges: number[] } {
	const parent = identity(total);
	const openEdges: number[] = [];
	return { parent, inconsistent: joinManifold(edges.tris, edges.uses, edges.first, edges.second, parent, openEdges), openEdges };
}

/** [0, 1, …, n − 1]. */
function identity(n: number): Int32Array {
	const a = new Int32Array(n);
	for (let i = 0; i < n; i++) a[i] = i;
	return a;
}

/** Joins the two triangles of each manifold edge (the others go to `openEdges`); returns how many of those edges are opposed. */
function joinManifold(tris: Uint32Array, uses: Uint8Array, first: Uint32Array, second: Uint32Array, parent: Int32Array, openEdges: number[]): number {
	let inconsistent = 0;
	for (let e = 0; e < uses.length; e++) {
		if (uses[e] !== 2) {
			openEdges.push(e);
			continue;
		}
		const h1 = first[e];
		const h2 = second[e] - 1;
		// Both half-edges join the same two vertices: they run the same way when they start at the same one.
		if (tris[h1] === tris[h2]) inconsistent++;
		const ra = root(parent, (h1 / 3) | 0);
		const rb = root(parent, (h2 / 3) | 0);
		if (ra !== rb) parent[ra] = rb;
	}
	return inconsistent;
}

/** Manifold edges still joining triangles of opposite winding once the triangles `flip` marks are flipped. */
function disagreeing(edges: EdgeTable, flip: Uint8Array): number {
	const { tris, uses, first, second } = edges;
	let remaining = 0;
	for (let e = 0; e < edges.count; e++) {
		if (uses[e] !== 2) continue;
		const h1 = first[e];
		const h2 = second[e] - 1;
		const forward1 = runsForward(tris, h1) ? 1 : 0;
		const forward2 = runsForward(tris, h2) ? 1 : 0;
		if ((forward1 ^ flip[(h1 / 3) | 0]) === (forward2 ^ flip[(h2 / 3) | 0])) remaining++;
	}
	return remaining;
}

/** 1 at the root of every patch with a boundary or non-manifold edge. */
function openPatches(edges: EdgeTable, parent: Int32Array, openEdges: number[]): Uint8Array {
	const open = new Uint8Array(parent.length);
	markOpen(openEdges, edges.uses, edges.first, edges.second, parent, open);
	return open;
}

function markOpen(openEdges: number[], uses: Uint8Array, first: Uint32Array, second: Uint32Array, parent: Int32Array, open: Uint8Array): void {
	for (const e of openEdges) {
		open[root(parent, (first[e] / 3) | 0)] = 1;
		if (uses[e] > 1) open[root(parent, ((second[e] - 1) / 3) | 0)] = 1;
	}
}

/** Whether some patch has no open edge: a root (not a collapsed triangle, a root of its own) not marked open. */
function hasClosedPatch(wt: Uint32Array, parent: Int32Array, open: Uint8Array): boolean {
	for (let g = 0; g < parent.length; g++) {
		if (parent[g] !== g || open[g]) continue;
		const a = wt[g * 3], b = wt[g * 3 + 1], c = wt[g * 3 + 2];
		if (a !== b && b !== c && a !== c) return true;
	}
	return false;
}

/** Writes each vertex's position (xyz in `p`) at its welded id in `pos`. */
function scatterPositions(pos: Float32Array, id: Uint32Array, p: ArrayLike<number>): void {
	for (let v = 0; v < id.length; v++) {
		pos[id[v] * 3] = p[v * 3];
		pos[id[v] * 3 + 1] = p[v * 3 + 1];
		pos[id[v] * 3 + 2] = p[v * 3 + 2];
	}
}

/** The triangles of closed patches whose signed volume (after `flip`, times the mesh's handedness) is negative: inside out. */
function insideOut(wt: Uint32Array, pos: Float32Array, unique: number, skip: Uint8Array, flip: Uint8Array, parent: Int32Array, open: Uint8Array, handedness: number): { partFlip: Uint8Array; partTris: number } {
	const total = skip.length;
	const partFlip = new Uint8Array(total);
	const volume = new Float64Array(total);
	const absVolume = new Float64Array(total);
	let cx = 0, cy = 0, cz = 0;
	for (let v = 0; v < unique; v++) {
		cx += pos[v * 3];
		cy += pos[v * 3 + 1];
		cz += pos[v * 3 + 2];
	}
	cx /= unique || 1;
	cy /= unique || 1;
	cz /= unique || 1;
	for (let g = 0; g < total; g++) {
		if (skip[g]) continue;
		const r = root(parent, g);
		if (open[r]) continue;
		const a = wt[g * 3] * 3;
		const b = wt[g * 3 + (flip[g] ? 2 : 1)] * 3;
		const c = wt[g * 3 + (flip[g] ? 1 : 2)] * 3;
		const ax = pos[a] - cx, ay = pos[a + 1] - cy, az = pos[a + 2] - cz;
		const bx = pos[b] - cx, by = pos[b + 1] - cy, bz = pos[b + 2] - cz;
		const qx = pos[c] - cx, qy = pos[c + 1] - cy, qz = pos[c + 2] - cz;
		const vol = ax * (by * qz - bz * qy) - ay * (bx * qz - bz * qx) + az * (bx * qy - by * qx);
		volume[r] += vol;
		absVolume[r] += Math.abs(vol);
	}
	let partTris = 0;
	for (let g = 0; g < total; g++) {
		if (skip[g]) continue;
		const r = root(parent, g);
		if (open[r] || !(volume[r] * handedness < -0.01 * absVolume[r])) continue;
		partFlip[g] = 1;
		partTris++;
	}
	return { partFlip, partTris };
}

/** Union-find root of `x`, halving the path on the way. */
function root(parent: Int32Array, x: number): number {
	while (parent[x] !== x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/** Negates vertex normals of flipped parts that point against the new face normals. */
function reorientNormals(prim: import('@gltf-transform/core').Primitive, tris: Uint32Array, partFlip: Uint8Array, offset: number): void {
	const normal = prim.getAttribute('NORMAL');
	const n = normal?.getArray();
	if (!normal || !(n instanceof Float32Array)) return;
	const p = readFloats(prim.getAttribute('POSITION')!);
	const score = new Float64Array(normal.getCount());
	const touched = new Uint8Array(normal.getCount());
	for (let t = 0; t < tris.length / 3; t++) {
		if (!partFlip[offset + t]) continue;
		const a = tris[t * 3] * 3, b = tris[t * 3 + 1] * 3, c = tris[t * 3 + 2] * 3;
		const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
		const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
		const fx = uy * vz - uz * vy, fy = uz * vx - ux * vz, fz = ux * vy - uy * vx;
		for (let k = 0; k < 3; k++) {
			const v = tris[t * 3 + k];
			touched[v] = 1;
			score[v] += n[v * 3] * fx + n[v * 3 + 1] * fy + n[v * 3 + 2] * fz;
		}
	}
	for (let v = 0; v < score.length; v++) {
		if (!touched[v] || score[v] >= 0) continue;
		n[v * 3] = -n[v * 3];
		n[v * 3 + 1] = -n[v * 3 + 1];
		n[v * 3 + 2] = -n[v * 3 + 2];
	}
}
