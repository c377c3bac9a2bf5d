/**
 * Tangent generation (opt-in): MikkTSpace tangents through the `mikktspace`
 * package (the WASM build gltf-transform's `tangents()` uses), for triangle
 * primitives with NORMAL and TEXCOORD_0 and no TANGENT. MikkTSpace works on
 * unindexed corners; per-vertex tangents are the normalised average of the
 * vertex's corners. When `mikktspace` cannot be loaded the step reports
 * TANGENTS_SKIPPED and changes nothing.
 */
import { Document, type Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { listPrims, readFloats, readTriangles, reportFix, type StepOptions, stepReport, whereOf } from './util.js';

export const TANGENTS = 'generateTangents';

export type TangentOptions = StepOptions;

type Generate = (position: Float32Array, normal: Float32Array, texcoord: Float32Array) => Float32Array;

async function loadMikktspace(): Promise<Generate | null> {
	try {
		const name = 'mikktspace';
		const mod = (await import(name)) as { generateTangents?: Generate; default?: { generateTangents?: Generate } };
		return mod.generateTangents ?? mod.default?.generateTangents ?? null;
	} catch {
		return null;
	}
}

export function generateTangents(options: TangentOptions = {}): Transform {
	return namedTransform(TANGENTS, async (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document).filter((r) => r.primitive.getAttribute('NORMAL') && r.primitive.getAttribute('TEXCOORD_0') && !r.primitive.getAttribute('TANGENT') && readTriangles(r.primitive));
		if (refs.length === 0) return;
		const generate = await loadMikktspace();
		if (!generate) {
			report.add({ code: 'TANGENTS_SKIPPED', severity: 'info', message: `tangents not generated for ${refs.length} primitives: the "mikktspace" package is not installed`, source: 'axis' });
			return;
		}
		refs.forEach((ref, i) => {
			options.onProgress?.(TANGENTS, (i + 1) / refs.length);
			const prim = ref.primitive;
			const tris = readTriangles(prim)!.tris;
			const p = readFloats(prim.getAttribute('POSITION')!);
			const nrm = readFloats(prim.getAttribute('NORMAL')!);
			const uv = readFloats(prim.getAttribute('TEXCOORD_0')!);
			const c = tris.length;
			const cp = new Float32Array(c * 3);
			const cn = new Float32Array(c * 3);
			const cu = new Float32Array(c * 2);
			for (let k = 0; k < c; k++) {
				const v = tris[k];
				cp.set(p.subarray(v * 3, v * 3 + 3), k * 3);
				cn.set(nrm.subarray(v * 3, v * 3 + 3), k * 3);
				cu.set(uv.subarray(v * 2, v * 2 + 2), k * 2);
			}
			const ct = generate(cp, cn, cu);
			const n = prim.getAttribute('POSITION')!.getCount();
			const out = new Float32Array(n * 4);
			for (let k = 0; k < c; k++) {
				const v = tris[k];
				out[v * 4] += ct[k * 4];
				out[v * 4 + 1] += ct[k * 4 + 1];
				out[v * 4 + 2] += ct[k * 4 + 2];
				// glTF's bitangent sign is the opposite of mikktspace's output convention (as in gltf-transform's tangents()).
				if (out[v * 4 + 3] === 0) out[v * 4 + 3] = -ct[k * 4 + 3] || 1;
			}
			for (let v = 0; v < n; v++) {
				const l = Math.hypot(out[v * 4], out[v * 4 + 1], out[v * 4 + 2]);
				if (l > 0) {
					out[v * 4] /= l;
					out[v * 4 + 1] /= l;
					out[v * 4 + 2] /= l;
				} else out.set([1, 0, 0, 1], v * 4);
			}
			const accessor = Document.fromGraph(prim.getGraph())!.createAccessor('TANGENT').setType('VEC4').setArray(out);
			const buffer = prim.getAttribute('POSITION')!.getBuffer();
			if (buffer) accessor.setBuffer(buffer);
			prim.setAttribute('TANGENT', accessor);
			reportFix(report, 'FIXED_MISSING_TANGENTS', whereOf(ref, n), 'vertices without a tangent', n, 0, 'MikkTSpace tangents generated');
		});
	});
}
