/**
 * Unreferenced vertices: removed from every attribute of the primitive and
 * from every morph target (gltf-transform's `compactPrimitive`, which also
 * compacts JOINTS_n/WEIGHTS_n since they are attributes). Vertex order is
 * kept. Non-indexed primitives have no unreferenced vertices.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { compactPrimitive, createTransform } from '@gltf-transform/functions';
import { deepAttributes, listPrims, readTriangles, reportFix, reportUnfixed, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const COMPACT = 'compactVertices';

export type CompactOptions = StepOptions;

export function compactVertices(options: CompactOptions = {}): Transform {
	return createTransform(COMPACT, (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(COMPACT, (i + 1) / refs.length);
			const prim = ref.primitive;
			const position = prim.getAttribute('POSITION');
			if (!position || !prim.getIndices()) return;
			const read = readTriangles(prim);
			if (!read) return;
			const n = position.getCount();
			if (deepAttributes(prim).some((a) => a.getCount() !== n)) return;
			const used = new Uint8Array(n);
			for (let k = 0; k < read.tris.length; k++) used[read.tris[k]] = 1;
			const remap = new Uint32Array(n);
			let count = 0;
			for (let v = 0; v < n; v++) remap[v] = used[v] ? count++ : 0;
			if (count === n && read.outOfRange === 0) return;
			if (prim.getMode() !== 4 || read.outOfRange > 0) writeTriangles(prim, read.tris);
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
			compactPrimitive(prim, remap, count);
			reportFix(report, 'FIXED_UNREFERENCED_VERTICES', whereOf(ref, n - count), 'vertices', n, count, 'unreferenced vertices removed');
		});
	});
}
