import type { Finding, Where } from '../../report.js';
import { readFloats } from '../../geometry/accessors.js';
import { type PrimitiveInfo, SAMPLE_SIZE } from '../analysis.js';
import type { Rule } from '../types.js';
import { finding, plural, primitiveWhere } from './util.js';

const TRIANGLE_MODES = new Set([4, 5, 6]);

/**
 * One finding per mesh for per-primitive conditions: a single primitive keeps
 * its primitive-level location; several become one mesh-level finding whose
 * `indices` are the primitive indices.
 */
function perMesh(infos: PrimitiveInfo[], make: (where: Where, label: string) => Finding): Finding[] {
	const byMesh = new Map<number, PrimitiveInfo[]>();
	for (const info of infos) {
		const list = byMesh.get(info.meshIndex) ?? [];
		list.push(info);
		byMesh.set(info.meshIndex, list);
	}
	const out: Finding[] = [];
	for (const list of byMesh.values()) {
		const first = list[0];
		if (list.length === 1) out.push(make(primitiveWhere(first), `${first.meshName} primitive ${first.primitiveIndex}`));
		else {
			const all = first.mesh.listPrimitives().length === list.length;
			out.push(
				make(
					{ mesh: first.meshName, pointer: `/meshes/${first.meshIndex}`, indices: list.map((i) => i.primitiveIndex), count: list.length },
					`${first.meshName}, ${all ? 'all ' : ''}${list.length} primitives`,
				),
			);
		}
	}
	return out;
}

/** Normals of (near) zero length or not of unit length. */
export const invalidNormals: Rule = {
	code: 'INVALID_NORMALS',
	title: 'Zero-length or non-unit normals',
	description: 'NORMAL vectors of (near) zero length, or whose length differs from 1 by more than 1e-3 (2e-2 for quantized normals).',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const accessor = info.primitive.getAttribute('NORMAL');
			if (!accessor) continue;
			const normals = readFloats(accessor);
			const tolerance = normals === accessor.getArray() ? 1e-3 : 2e-2;
			const n = accessor.getCount();
			let zero = 0;
			let nonUnit = 0;
			const sample: number[] = [];
			for (let v = 0; v < n; v++) {
				const x = normals[v * 3], y = normals[v * 3 + 1], z = normals[v * 3 + 2];
				const len = Math.sqrt(x * x + y * y + z * z);
				if (!Number.isFinite(len)) continue; // NON_FINITE_VALUES
				if (len < 1e-6) zero++;
				else if (Math.abs(len - 1) > tolerance) nonUnit++;
				else continue;
				if (sample.length < SAMPLE_SIZE) sample.push(v);
			}
			const count = zero + nonUnit;
			if (count === 0) continue;
			const parts: string[] = [];
			if (zero) parts.push(`${plural(zero, 'zero-length normal')}`);
			if (nonUnit) parts.push(`${plural(nonUnit, 'non-unit normal')}`);
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${parts.join(' and ')} of ${n}`,
					primitiveWhere(info, { pointer: `${info.pointer}/attributes/NORMAL`, indices: sample, count }),
					{
						title: zero ? 'Recompute normals' : 'Normalise normals',
						description: zero
							? 'Zero-length normals shade black or flicker and break tangent generation. Recompute them from the triangles (area-weighted, keeping hard edges at seams).'
							: 'Lighting assumes unit normals; engines renormalise per pixel but tangent space and baking do not. Scale each normal to length 1.',
						confidence: 0.9,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** Triangle primitives without NORMAL. */
export const missingNormals: Rule = {
	code: 'MISSING_NORMALS',
	title: 'Missing normals',
	description: 'Triangle primitives without a NORMAL attribute (engines fall back to flat or importer-generated normals).',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const missing = context.analysis.primitives().filter((info) => TRIANGLE_MODES.has(info.mode) && info.vertexCount > 0 && !info.primitive.getAttribute('NORMAL'));
		return perMesh(missing, (where, label) =>
			finding(this.code, this.severity, `${label}: no normals`, where, {
				title: 'Compute normals',
				description: 'Without normals, glTF viewers shade flat and each engine importer invents its own smoothing. Compute smooth normals (keeping UV-seam and hard edges) so every engine shades the same.',
				confidence: 0.9,
				auto_fixable: true,
			}),
		);
	},
};

/** Triangle primitives without texture coordinates (error when a texture needs them). */
export const missingUVs: Rule = {
	code: 'MISSING_UVS',
	title: 'Missing UVs',
	description: 'Triangle primitives without TEXCOORD_0, or without the TEXCOORD_n set a texture of their material samples (error).',
	severity: 'warning',
	autoFixable: false,
	check(_document, context) {
		const out: Finding[] = [];
		const untextured: PrimitiveInfo[] = [];
		for (const info of context.analysis.primitives()) {
			if (!TRIANGLE_MODES.has(info.mode) || info.vertexCount === 0) continue;
			const material = info.primitive.getMaterial();
			const needed = new Set<number>();
			if (material) for (const ti of context.listTextureInfo?.(material) ?? []) needed.add(ti.getTexCoord());
			const missing = [...needed].filter((set) => !info.primitive.getAttribute(`TEXCOORD_${set}`)).sort();
			if (missing.length > 0) {
				const name = material!.getName() || `material ${context.analysis.indexOf(material!)}`;
				out.push(
					finding(
						this.code,
						'error',
						`${info.meshName} primitive ${info.primitiveIndex}: textured material "${name}" samples ${missing.map((s) => `TEXCOORD_${s}`).join(', ')}, which the primitive lacks`,
						primitiveWhere(info, { material: material!.getName() || undefined }),
						{
							title: 'Add UVs or remove the textures',
							description: 'A texture without texture coordinates samples one texel for the whole mesh. Unwrap the mesh (or bake the texture to vertex colours / a plain material).',
							confidence: 0.8,
							auto_fixable: false,
						},
					),
				);
			} else if (!info.primitive.getAttribute('TEXCOORD_0')) {
				untextured.push(info);
			}
		}
		out.push(
			...perMesh(untextured, (where, label) =>
				finding(this.code, this.severity, `${label}: no texture coordinates (TEXCOORD_0)`, where, {
					title: 'Unwrap UVs',
					description: 'Without UVs the mesh cannot be textured, baked (normal/AO maps) or lightmapped, and some importers (Unity lightmapping, Unreal) generate their own. Unwrap it in a DCC tool.',
					confidence: 0.7,
					auto_fixable: false,
				}),
			),
		);
		return out;
	},
};
