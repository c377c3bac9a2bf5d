import type { Finding } from '../../report.js';
import type { Rule } from '../types.js';
import { finding, plural, primitiveWhere, tallyWhere } from './util.js';
import { SAMPLE_SIZE } from '../analysis.js';
import { boxDiag2 } from '../../geometry/bounds.js';

/** Triangles with two or three equal vertex indices. */
export const degenerateTriangles: Rule = {
	code: 'DEGENERATE_TRIANGLES',
	title: 'Degenerate triangles',
	description: 'Triangles that repeat a vertex index (collapsed to a line or a point).',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const tris = info.triangles;
			if (!tris) continue;
			let count = 0;
			const sample: number[] = [];
			for (let t = 0; t < tris.length; t += 3) {
				const a = tris[t];
				const b = tris[t + 1];
				const c = tris[t + 2];
				if (a === b || b === c || a === c) {
					count++;
					if (sample.length < SAMPLE_SIZE) sample.push(t / 3);
				}
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'degenerate triangle')} (repeated vertex index)`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: 'Remove degenerate triangles',
						description: 'Triangles that reuse a vertex have no area; they break normal and tangent generation and waste index space. Removing them changes nothing visible.',
						confidence: 0.95,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** Triangles with three distinct indices but (almost) no area. */
export const zeroAreaTriangles: Rule = {
	code: 'ZERO_AREA_TRIANGLES',
	title: 'Zero-area triangles',
	description: 'Triangles with distinct vertex indices whose corners coincide or are collinear (area below 1e-10 of the squared mesh size).',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const tris = info.triangles;
			const p = info.positions;
			if (!tris || !p || tris.length === 0) continue;
			// Scale-relative threshold from the primitive's own bounding box.
			const diag2 = boxDiag2(p, info.vertexCount);
			if (!Number.isFinite(diag2) || diag2 === 0) continue;
			// |cross| = 2·area; compare squared values.
			const threshold = (2e-10 * diag2) ** 2;
			let count = 0;
			const sample: number[] = [];
			for (let t = 0; t < tris.length; t += 3) {
				const a = tris[t] * 3;
				const b = tris[t + 1] * 3;
				const c = tris[t + 2] * 3;
				if (a === b || b === c || a === c) continue; // DEGENERATE_TRIANGLES
				const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
				const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
				const cx = uy * vz - uz * vy;
				const cy = uz * vx - ux * vz;
				const cz = ux * vy - uy * vx;
				const len2 = cx * cx + cy * cy + cz * cz;
				if (len2 <= threshold) {
					count++;
					if (sample.length < SAMPLE_SIZE) sample.push(t / 3);
				}
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'zero-area triangle')} (coincident or collinear corners)`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: 'Remove zero-area triangles',
						description: 'Triangles without area render nothing, produce NaN normals/tangents and can break physics cooking. Weld coincident vertices and drop the collapsed triangles.',
						confidence: 0.9,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** The same triangle (same three positions, any order or winding) more than once. */
export const duplicateFaces: Rule = {
	code: 'DUPLICATE_FACES',
	title: 'Duplicate faces',
	description: 'Triangles whose three corners (welded by position) repeat an earlier triangle of the same mesh, in any order or winding.',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const topo of context.analysis.topology()) {
			for (const info of topo.primitives) {
				const tally = topo.duplicateFaces.get(info.primitiveIndex);
				if (!tally) continue;
				out.push(
					finding(
						this.code,
						this.severity,
						`${info.meshName} primitive ${info.primitiveIndex}: ${plural(tally.count, 'duplicate face')} (a triangle already present in the mesh)`,
						tallyWhere(info, tally),
						{
							title: 'Remove duplicate faces',
							description: 'Stacked copies of a triangle z-fight, double the shading cost and make edges non-manifold. Keep one copy (a deliberately double-sided copy should use a double-sided material instead).',
							confidence: 0.85,
							auto_fixable: true,
						},
					),
				);
			}
		}
		return out;
	},
};
