/**
 * NaN / ±Infinity in vertex data. Triangles that use a vertex with a
 * non-finite POSITION are dropped (the vertex is then unreferenced and
 * compaction removes it; its position is zeroed meanwhile). Non-finite values
 * in other attributes become their default: 1 for COLOR_n and TANGENT.w, 0
 * elsewhere (zero normals are then recomputed by the normals step, zero
 * weights renormalised by the weights step). Morph target deltas become 0.
 */
import type { Accessor, Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import type { MeshCache } from './cache.js';
import { listPrims, plural, readTriangles, reportFix, type StepOptions, stepReport, whereOf, writeTriangles } from './util.js';

export const NON_FINITE = 'repairNonFinite';

export type NonFiniteOptions = StepOptions;

/** Index of the first NaN or ±Infinity in `array` from `from` on; -1 when there is none. */
function nextNonFinite(array: Float32Array, from: number): number {
	for (let i = from; i < array.length; i++) if (!Number.isFinite(array[i])) return i;
	return -1;
}

/** Replaces non-finite values of a float accessor (and records it as finite in `cache`); returns how many elements had one. */
function sanitize(accessor: Accessor, fill: (component: number) => number, cache?: MeshCache): number {
	const array = accessor.getArray();
	if (!(array instanceof Float32Array)) return 0;
	const size = accessor.getElementSize();
	let elements = 0;
	let last = -1;
	for (let i = nextNonFinite(array, 0); i >= 0; i = nextNonFinite(array, i + 1)) {
		const component = i % size;
		array[i] = fill(component);
		const element = (i - component) / size;
		if (element !== last) {
			elements++;
			last = element;
		}
	}
	cache?.markFinite(array);
	return elements;
}

export function repairNonFinite(options: NonFiniteOptions = {}): Transform {
	return namedTransform(NON_FINITE, (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			const prim = ref.primitive;
			const position = prim.getAttribute('POSITION');
			const p = position?.getArray();
			if (position && p instanceof Float32Array && nextNonFinite(p, 0) >= 0) {
				const n = position.getCount();
				const bad = new Uint8Array(n);
				let badCount = 0;
				for (let v = 0; v < n; v++) {
					if (!Number.isFinite(p[v * 3]) || !Number.isFinite(p[v * 3 + 1]) || !Number.isFinite(p[v * 3 + 2])) {
						bad[v] = 1;
						badCount++;
					}
				}
				if (badCount > 0) {
					const read = readTriangles(prim);
					let dropped = 0;
					if (read) {
						const { tris } = read;
						const kept = new Uint32Array(tris.length);
						let k = 0;
						for (let t = 0; t < tris.length; t += 3) {
							if (bad[tris[t]] || bad[tris[t + 1]] || bad[tris[t + 2]]) {
								dropped++;
								continue;
							}
							kept[k++] = tris[t];
							kept[k++] = tris[t + 1];
							kept[k++] = tris[t + 2];
						}
						writeTriangles(prim, kept.slice(0, k));
					}
					sanitize(position, () => 0, options.cache);
					options.cache?.invalidate(prim);
					reportFix(report, 'FIXED_NON_FINITE_POSITIONS', { ...whereOf(ref, badCount), pointer: `${ref.pointer}/attributes/POSITION` }, 'vertices with NaN/Infinity positions', badCount, 0, `${plural(dropped, 'triangle')} using them removed`);
				}
			} else if (p instanceof Float32Array) options.cache?.markFinite(p);
			for (const semantic of prim.listSemantics()) {
				if (semantic === 'POSITION') continue;
				const accessor = prim.getAttribute(semantic)!;
				const size = accessor.getElementSize();
				const fill = semantic.startsWith('COLOR_') ? () => 1 : semantic === 'TANGENT' ? (c: number) => (c === 3 ? 1 : 0) : () => 0;
				const fixed = sanitize(accessor, size === 4 || !semantic.startsWith('COLOR_') ? fill : () => 1, options.cache);
				if (fixed > 0) reportFix(report, 'FIXED_NON_FINITE_VALUES', { ...whereOf(ref, fixed), pointer: `${ref.pointer}/attributes/${semantic}` }, `${semantic} elements with NaN/Infinity`, fixed, 0, 'set to the default value');
			}
			prim.listTargets().forEach((target, t) => {
				for (const semantic of target.listSemantics()) {
					const fixed = sanitize(target.getAttribute(semantic)!, () => 0, options.cache);
					if (fixed > 0) reportFix(report, 'FIXED_NON_FINITE_VALUES', { ...whereOf(ref, fixed), pointer: `${ref.pointer}/targets/${t}/${semantic}` }, `morph target ${t} ${semantic} deltas with NaN/Infinity`, fixed, 0, 'set to 0');
				}
			});
			options.onProgress?.(NON_FINITE, (i + 1) / refs.length);
		});
	});
}
