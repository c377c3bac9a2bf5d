/**
 * Body-shape morph targets: the same cage topology built with one parameter
 * at an end of its range; the subdivided difference is the target. They move
 * vertices only (no topology change), so the mesh stays closed and manifold
 * at any weight.
 */
import { buildBody, type BodyMesh } from './body/mesh.js';
import type { AvatarParams } from './params.js';

export interface MorphSpec {
	name: string;
	/** The parameters at weight 1. */
	apply(p: AvatarParams): Partial<AvatarParams>;
}

export const BODY_MORPHS: readonly MorphSpec[] = [
	{ name: 'body_weight', apply: () => ({ weight: 1 }) },
	{ name: 'body_thin', apply: () => ({ weight: 0 }) },
	{ name: 'body_muscle', apply: () => ({ muscle: 1 }) },
	{ name: 'body_feminine', apply: () => ({ femininity: 1 }) },
	{ name: 'body_masculine', apply: () => ({ femininity: 0 }) },
];

export interface BodyMorph {
	name: string;
	/** Per subdivided vertex (before seam splitting), xyz deltas. */
	deltas: Float64Array;
}

export function bodyMorphs(params: AvatarParams, body: BodyMesh, levels: number, specs: readonly MorphSpec[] = BODY_MORPHS): BodyMorph[] {
	return specs.map((spec) => {
		const shaped = buildBody({ ...params, ...spec.apply(params) }, { levels, calibration: body.calibration });
		const deltas = new Float64Array(body.positions.length);
		for (let i = 0; i < deltas.length; i++) deltas[i] = shaped.positions[i] - body.positions[i];
		return { name: spec.name, deltas };
	});
}
