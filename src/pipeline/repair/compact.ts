/**
 * Unreferenced vertices: removed from every attribute of the primitive and
 * from every morph target (gltf-transform's `compactPrimitive`, which also
 * compacts JOINTS_n/WEIGHTS_n since they are attributes). Vertex order is
 * kept. Non-indexed primitives have no unreferenced vertices.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { MeshCache } from './cache.js';
import { deepAttributes, listPrims, markReferenced, remapPrimitive, reportFix, reportUnfixed, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const COMPACT = 'compactVertices';

export type CompactOptions = StepOptions;

export function compactVertices(options: CompactOptions = {}): Transform {
	return namedTransform(COMPACT, (document: Document) => {
		const report = stepReport(options);
		const cache = options.cache ?? new MeshCache();
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(COMPACT, (i + 1) / refs.length);
			const prim = ref.primitive;
			const position = prim.getAttribute('POSITION');
			if (!position || !prim.getIndices()) return;
			const read = cache.triangles(prim);
			if (!read) return;
			const n = position.getCount();
			if (cache.referencesAll(prim) || deepAttributes(prim).some((a) => a.getCount() !== n)) return;
			const used = new Uint8Array(n);
			const count = markReferenced(read.tris, used);
			if (count === n && read.outOfRange === 0) return;
			const { remap, source } = keepUsed(used, count);
			if (prim.getMode() !== 4 || read.outOfRange > 0) writeTriangles(prim, read.tris, cache);
			if (count === 0) {
				// Nothing left to draw: the primitive goes (the mesh keeps its other primitives).
				const mesh = ref.mesh;
				prim.dispose();
				reportUnfixed(report, 'UNREPAIRABLE_PRIMITIVE', whereOf(ref, n), `${ref.meshName} primitive ${ref.primitiveIndex}: every triangle was degenerate, duplicated or had non-finite positions; nothing drawable is left, so the primitive was removed`);
				if (mesh.listPrimitives().length === 0) {
					for (const parent of mesh.listParents()) if (parent.propertyType === 'Node') (parent as import('@gltf-transform/core').Node).setMesh(null);
					mesh.dispose();
				}
				return;
			}
			remapPrimitive(prim, remap, count, cache, source, false, true);
			reportFix(report, 'FIXED_UNREFERENCED_VERTICES', whereOf(ref, n - count), 'vertices', n, count, 'unreferenced vertices removed');
		});
	});
}

/** Old vertex → new (unused ones → 0) when only the `count` used vertices are kept, in order, and new → old. */
function keepUsed(used: Uint8Array, count: number): { remap: Uint32Array; source: Int32Array } {
	const remap = new Uint32Array(used.length);
	const source = new Int32Array(count);
	for (let v = 0, d = 0; v < used.length; v++) {
		if (!used[v]) continue;
		source[d] = v;
		remap[v] = d++;
	}
	return { remap, source };
}
