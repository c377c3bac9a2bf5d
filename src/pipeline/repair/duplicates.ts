/**
 * Duplicate triangles: the same three corners (vertices welded by position,
 * across all primitives of a mesh, as DUPLICATE_FACES counts them) in any
 * rotation or winding. The first copy is kept. When a removed copy faced the
 * other way (a back-to-back pair standing in for a double-sided surface), the
 * kept triangle's material is made double-sided so nothing disappears.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { createTransform } from '@gltf-transform/functions';
import { hash3, nextPow2, primsByMesh, readFloats, readTriangles, reportFix, type StepOptions, stepReport, weldMeshPositions, whereOf, writeTriangles } from './util.js';

export const DUPLICATES = 'removeDuplicateTriangles';

export type DuplicateOptions = StepOptions;

export function removeDuplicateTriangles(options: DuplicateOptions = {}): Transform {
	return createTransform(DUPLICATES, (document: Document) => {
		const report = stepReport(options);
		const meshes = primsByMesh(document);
		meshes.forEach((refs, m) => {
			options.onProgress?.(DUPLICATES, (m + 1) / meshes.length);
			const lists = refs.map((r) => readTriangles(r.primitive)!.tris);
			const { ids } = weldMeshPositions(refs.map((r) => readFloats(r.primitive.getAttribute('POSITION')!)));
			let total = 0;
			for (const t of lists) total += t.length / 3;
			if (total < 2) return;
			const capacity = nextPow2(total * 2);
			const mask = capacity - 1;
			const keys = new Uint32Array(capacity * 3);
			const owner = new Int32Array(capacity).fill(-1); // parity of the kept copy's winding + 1
			refs.forEach((ref, p) => {
				const tris = lists[p];
				const id = ids[p];
				const kept = new Uint32Array(tris.length);
				let k = 0;
				let removed = 0;
				let opposite = 0;
				for (let t = 0; t < tris.length; t += 3) {
					const a0 = id[tris[t]];
					const b0 = id[tris[t + 1]];
					const c0 = id[tris[t + 2]];
					let a = a0, b = b0, c = c0;
					if (a === b || b === c || a === c) {
						kept[k++] = tris[t];
						kept[k++] = tris[t + 1];
						kept[k++] = tris[t + 2];
						continue;
					}
					// Rotate so the smallest id comes first: the winding is then (a, b, c) with b < c or b > c.
					if (b < a && b < c) [a, b, c] = [b, c, a];
					else if (c < a && c < b) [a, b, c] = [c, a, b];
					const parity = b < c ? 0 : 1;
					if (parity) [b, c] = [c, b];
					let slot = hash3(a, b, c) & mask;
					let duplicate = false;
					for (;;) {
						const o = owner[slot];
						if (o === -1) {
							owner[slot] = parity;
							keys[slot * 3] = a;
							keys[slot * 3 + 1] = b;
							keys[slot * 3 + 2] = c;
							break;
						}
						if (keys[slot * 3] === a && keys[slot * 3 + 1] === b && keys[slot * 3 + 2] === c) {
							duplicate = true;
							if (o !== parity) opposite++;
							break;
						}
						slot = (slot + 1) & mask;
					}
					if (duplicate) {
						removed++;
						continue;
					}
					kept[k++] = tris[t];
					kept[k++] = tris[t + 1];
					kept[k++] = tris[t + 2];
				}
				if (removed === 0) return;
				writeTriangles(ref.primitive, kept.slice(0, k));
				let extra = `${removed} later copies removed`;
				const material = ref.primitive.getMaterial();
				if (opposite > 0 && material && !material.getDoubleSided()) {
					material.setDoubleSided(true);
					extra += `; ${opposite} faced the other way, so material "${material.getName()}" is now double-sided`;
				}
				reportFix(report, 'FIXED_DUPLICATE_FACES', whereOf(ref, removed), 'triangles', tris.length / 3, k / 3, extra);
			});
		});
	});
}
