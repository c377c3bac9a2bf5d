import type { Finding } from '../../report.js';
import type { Rule } from '../types.js';
import { finding, plural, tallyWhere } from './util.js';

/** Edges shared by more than two triangles, after welding positions. */
export const nonManifoldEdges: Rule = {
	code: 'NON_MANIFOLD_EDGES',
	title: 'Non-manifold edges',
	description: 'Edges shared by more than two triangles of a mesh, after welding vertices by position (duplicate faces are reported separately and not counted here).',
	severity: 'warning',
	autoFixable: false,
	check(_document, context) {
		const out: Finding[] = [];
		for (const topo of context.analysis.topology()) {
			for (const info of topo.primitives) {
				const tally = topo.nonManifoldEdges.get(info.primitiveIndex);
				if (!tally) continue;
				out.push(
					finding(
						this.code,
						this.severity,
						`${info.meshName} primitive ${info.primitiveIndex}: ${plural(tally.count, 'edge')} shared by more than two triangles (sample: one triangle per edge)`,
						tallyWhere(info, tally),
						{
							title: 'Split or rebuild non-manifold geometry',
							description: 'Fins and T-junctions of three or more faces break auto-rigging (bone heat), remeshing, LOD simplification and boolean tools. Separate the extra surfaces or merge them into a single manifold surface in a DCC tool.',
							confidence: 0.7,
							auto_fixable: false,
						},
					),
				);
			}
		}
		return out;
	},
};

/** Adjacent triangles that disagree about orientation. */
export const inconsistentWinding: Rule = {
	code: 'INCONSISTENT_WINDING',
	title: 'Inconsistent winding',
	description: 'Pairs of adjacent triangles that traverse their shared edge in the same direction, i.e. one of them faces the wrong way. Reports the minority orientation of each connected patch.',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const topo of context.analysis.topology()) {
			if (topo.inconsistentEdgeCount === 0) continue;
			for (const info of topo.primitives) {
				const tally = topo.flippedTriangles.get(info.primitiveIndex);
				if (!tally) continue;
				out.push(
					finding(
						this.code,
						this.severity,
						`${info.meshName} primitive ${info.primitiveIndex}: ${plural(tally.count, 'triangle')} wound against ${tally.count === 1 ? 'its' : 'their'} neighbours (${plural(topo.inconsistentEdgeCount, 'edge')} in the mesh disagree)`,
						tallyWhere(info, tally),
						{
							title: 'Unify triangle winding',
							description: 'Flipped faces render inside-out (holes with back-face culling, dark with lighting). Re-orient each connected patch to its majority winding.',
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

/** Boundary edges: the mesh is open. */
export const meshHoles: Rule = {
	code: 'MESH_HOLES',
	title: 'Holes (open boundaries)',
	description: 'Edges used by only one triangle after welding by position: holes or open borders. Warning when the boundary loops are small for the mesh (average loop length ≤ ½·√edges: likely accidental holes in a closed surface), info otherwise (an intentionally open surface such as clothing, hair cards or a neck opening).',
	severity: 'warning',
	autoFixable: false,
	check(_document, context) {
		const out: Finding[] = [];
		for (const topo of context.analysis.topology()) {
			if (topo.boundaryEdgeCount === 0) continue;
			const nearlyClosed = topo.boundaryEdgeCount / Math.max(1, topo.boundaryLoops) <= 0.5 * Math.sqrt(topo.edgeCount);
			const open = topo.primitives.filter((info) => topo.boundaryEdges.has(info.primitiveIndex));
			const single = open.length === 1 ? open[0] : undefined;
			const where = single
				? tallyWhere(single, { count: topo.boundaryEdgeCount, sample: topo.boundaryEdges.get(single.primitiveIndex)!.sample })
				: { mesh: topo.meshName, pointer: `/meshes/${topo.meshIndex}`, count: topo.boundaryEdgeCount };
			const label = single ? `${topo.meshName} primitive ${single.primitiveIndex}` : `${topo.meshName} (${open.length} primitives)`;
			out.push(
				finding(
					this.code,
					nearlyClosed ? 'warning' : 'info',
					`${label}: ${plural(topo.boundaryLoops, 'open boundary loop')}, ${topo.boundaryEdgeCount} of ${topo.edgeCount} edges on a boundary (sample: one triangle per edge)`,
					where,
					{
						title: nearlyClosed ? 'Close the holes' : 'Check that the open borders are intended',
						description:
							'Open borders show gaps with back-face culling, leak light in baking and make auto-rigging and voxel-based skinning less reliable. Fill accidental holes; leave intended borders (sleeves, hair cards) as they are.',
						confidence: nearlyClosed ? 0.6 : 0.3,
						auto_fixable: false,
					},
				),
			);
		}
		return out;
	},
};
