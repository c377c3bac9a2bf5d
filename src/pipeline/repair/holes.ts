/**
 * Hole filling (opt-in): closed loops of boundary edges (edges with one
 * triangle, vertices welded by position within the primitive) of at most
 * `maxEdges` edges are closed with a fan of triangles wound to match the
 * surrounding surface. The fan reuses the border vertices (no new vertices),
 * so it suits small, roughly convex holes; loops through a vertex with more
 * than one open edge are left alone.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { hash3, listPrims, nextPow2, readFloats, readTriangles, reportFix, type StepOptions, stepReport, weldPositionSets, whereOf, writeTriangles } from './util.js';

export const HOLES = 'fillHoles';

export interface HoleOptions extends StepOptions {
	/** Longest boundary loop (in edges) that is filled (default 64). */
	maxEdges?: number;
}

export function fillHoles(options: HoleOptions = {}): Transform {
	const maxEdges = options.maxEdges ?? 64;
	return namedTransform(HOLES, (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(HOLES, (i + 1) / refs.length);
			const position = ref.primitive.getAttribute('POSITION');
			const read = readTriangles(ref.primitive);
			if (!position || !read || read.tris.length === 0) return;
			const tris = read.tris;
			const id = weldPositionSets([readFloats(position)]).ids[0];
			// Directed edges (welded) → count of the undirected edge.
			const capacity = nextPow2(tris.length * 2);
			const mask = capacity - 1;
			const lo = new Uint32Array(capacity);
			const hi = new Uint32Array(capacity);
			const count = new Uint32Array(capacity);
			const slotOf = (a: number, b: number, insert: boolean) => {
				const l = a < b ? a : b;
				const h = a < b ? b : a;
				let s = hash3(l, h, 7) & mask;
				while (count[s] !== 0 && (lo[s] !== l || hi[s] !== h)) s = (s + 1) & mask;
				if (insert && count[s] === 0) {
					lo[s] = l;
					hi[s] = h;
				}
				return s;
			};
			for (let t = 0; t < tris.length; t += 3) {
				for (let e = 0; e < 3; e++) {
					const s = slotOf(id[tris[t + e]], id[tris[t + ((e + 1) % 3)]], true);
					count[s]++;
				}
			}
			// Boundary edges: from welded id → [to welded id, from vertex]; -1 when none, -2 when ambiguous.
			const next = new Map<number, { to: number; vertex: number } | null>();
			for (let t = 0; t < tris.length; t += 3) {
				for (let e = 0; e < 3; e++) {
					const va = tris[t + e];
					const vb = tris[t + ((e + 1) % 3)];
					const a = id[va];
					const b = id[vb];
					if (count[slotOf(a, b, false)] !== 1) continue;
					next.set(a, next.has(a) ? null : { to: b, vertex: va });
				}
			}
			const visited = new Set<number>();
			const added: number[] = [];
			let loops = 0;
			for (const [startId, first] of next) {
				if (!first || visited.has(startId)) continue;
				const loop: number[] = [];
				let cur = startId;
				let ok = false;
				while (loop.length <= maxEdges) {
					const e = next.get(cur);
					if (!e || visited.has(cur)) break;
					visited.add(cur);
					loop.push(e.vertex);
					cur = e.to;
					if (cur === startId) {
						ok = true;
						break;
					}
				}
				if (!ok || loop.length < 3) continue;
				for (let k = 1; k + 1 < loop.length; k++) added.push(loop[0], loop[k + 1], loop[k]);
				loops++;
			}
			if (loops === 0) return;
			const out = new Uint32Array(tris.length + added.length);
			out.set(tris);
			out.set(added, tris.length);
			writeTriangles(ref.primitive, out);
			reportFix(report, 'FIXED_HOLES', whereOf(ref, loops), 'triangles', tris.length / 3, out.length / 3, `${loops} boundary loops of at most ${maxEdges} edges closed with ${added.length / 3} triangles`);
		});
	});
}
