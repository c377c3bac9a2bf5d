/**
 * `repair()`: fixes degenerate geometry without losing anything the asset
 * carries (skins, morph targets, every UV and colour set, materials,
 * animations, extras). Each concern is its own Transform in this folder and
 * can be used alone; `repair()` runs them in this order, all writing into one
 * report:
 *
 *   non-finite → weld → degenerate → duplicate faces → [islands] → compact →
 *   winding → [holes] → normals → weights → [tangents] → orientation
 *
 * (bracketed steps are opt-in). Every fix is an info finding `FIXED_…` with
 * before/after counts; anything `fix` should have repaired and could not is
 * an error finding (`UNFIXED_…`, `UNREPAIRABLE_…`) that says why. A step
 * that finds nothing to do changes nothing, so repairing a repaired
 * document is a no-op.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import type { SourceInfo } from '../../io/types.js';
import { type ProgressFn, Report } from '../../report.js';
import { MeshCache } from './cache.js';
import { compactVertices } from './compact.js';
import { removeDegenerateTriangles } from './degenerate.js';
import { removeDuplicateTriangles } from './duplicates.js';
import { fillHoles } from './holes.js';
import { removeIslands } from './islands.js';
import { repairNonFinite } from './non-finite.js';
import { repairNormals } from './normals.js';
import { normalizeOrientation } from './orientation.js';
import { generateTangents } from './tangents.js';
import { weldVertices } from './weld.js';
import { repairWeights } from './weights.js';
import { repairWinding } from './winding.js';

export { MeshCache } from './cache.js';
export { compactVertices, type CompactOptions } from './compact.js';
export { removeDegenerateTriangles, type DegenerateOptions } from './degenerate.js';
export { removeDuplicateTriangles, type DuplicateOptions } from './duplicates.js';
export { fillHoles, type HoleOptions } from './holes.js';
export { removeIslands, type IslandOptions } from './islands.js';
export { repairNonFinite, type NonFiniteOptions } from './non-finite.js';
export { computeVertexNormals, repairNormals, type NormalsOptions } from './normals.js';
export { applyCorrection, type Correction, normalizeOrientation, type OrientationOptions, planOrientation } from './orientation.js';
export { generateTangents, type TangentOptions } from './tangents.js';
export { weldPrimitiveAll, weldVertices, type WeldOptions } from './weld.js';
export { repairWeights, type WeightsOptions } from './weights.js';
export { repairWinding, type WindingOptions } from './winding.js';

export interface RepairOptions {
	/** Findings go here (default: a new report, see `repair.report`). */
	report?: Report;
	onProgress?: ProgressFn;
	/** What the reader learned about the file (units/up axis it declares). */
	source?: SourceInfo;
	/** Whether the asset is a character (scale/up-axis decisions); default 'auto'. */
	character?: boolean | 'auto';

	/** NaN/Infinity in vertex data (default true). */
	nonFinite?: boolean;
	/** Weld identical vertices (default true). */
	weld?: boolean;
	/** 0 = bit-exact (default); > 0: relative tolerance (see weldVertices). */
	weldTolerance?: number;
	/** Degenerate and zero-area triangles (default true). */
	degenerates?: boolean;
	/** Zero-area threshold, relative to the squared bounding-box diagonal (default 1e-10). */
	areaEpsilon?: number;
	/** Duplicate triangles (default true). */
	duplicateFaces?: boolean;
	/** Unreferenced vertices (default true). */
	compact?: boolean;
	/** Consistent winding (default true). */
	winding?: boolean;
	/** Flip closed parts that are inside out (default true). */
	outward?: boolean;
	/** Broken and missing normals (default true). */
	normals?: boolean;
	/** Crease angle in degrees for computed normals (default 60). */
	creaseAngle?: number;
	/** Skin weights: influence limit, normalisation, empty vertices (default true). */
	weights?: boolean;
	/** Most influences per vertex (a platform's `maxInfluences`); default: no limit. */
	maxInfluences?: number;
	/** Scale to metres (default true). */
	units?: boolean;
	/** Rotate to +Y up (default true). */
	upAxis?: boolean;
	/** Turn to face +Z (default true). */
	facing?: boolean;
	/** Lowest point to y = 0 (default false). */
	ground?: boolean;
	/** Remove islands smaller than this fraction of the mesh size (default 0: off). */
	removeIslands?: number;
	/** Fill small holes (default false). */
	fillHoles?: boolean;
	/** Longest hole (in edges) to fill (default 64). */
	maxHoleEdges?: number;
	/** Generate MikkTSpace tangents where missing (default false). */
	tangents?: boolean;
}

export const REPAIR_DEFAULTS: Required<Omit<RepairOptions, 'report' | 'onProgress' | 'source' | 'maxInfluences'>> = {
	character: 'auto',
	nonFinite: true,
	weld: true,
	weldTolerance: 0,
	degenerates: true,
	areaEpsilon: 1e-10,
	duplicateFaces: true,
	compact: true,
	winding: true,
	outward: true,
	normals: true,
	creaseAngle: 60,
	weights: true,
	units: true,
	upAxis: true,
	facing: true,
	ground: false,
	removeIslands: 0,
	fillHoles: false,
	maxHoleEdges: 64,
	tangents: false,
};

/**
 * The steps `repair(options)` runs, in order (useful to run them with your
 * own Transforms in between). With a `cache`, the steps share triangle lists
 * and welded positions (what `repair()` does); only pass one when nothing
 * between the steps edits vertex positions or indices in place. Arrays a step
 * creates may then be reused in place by a later step.
 */
export function repairSteps(options: RepairOptions = {}, cache?: MeshCache): Transform[] {
	const o = { ...REPAIR_DEFAULTS, ...options };
	const report = o.report ?? new Report();
	const step = { report, onProgress: o.onProgress, cache };
	const steps: Transform[] = [];
	if (o.nonFinite) steps.push(repairNonFinite(step));
	if (o.weld) steps.push(weldVertices({ ...step, tolerance: o.weldTolerance }));
	if (o.degenerates) steps.push(removeDegenerateTriangles({ ...step, areaEpsilon: o.areaEpsilon }));
	if (o.duplicateFaces) steps.push(removeDuplicateTriangles(step));
	if (o.removeIslands > 0) steps.push(removeIslands({ ...step, fraction: o.removeIslands }));
	if (o.compact) steps.push(compactVertices(step));
	if (o.winding) steps.push(repairWinding({ ...step, outward: o.outward }));
	if (o.fillHoles) steps.push(fillHoles({ ...step, maxEdges: o.maxHoleEdges }));
	if (o.normals) steps.push(repairNormals({ ...step, creaseAngle: o.creaseAngle }));
	if (o.weights) steps.push(repairWeights({ ...step, maxInfluences: o.maxInfluences }));
	if (o.tangents) steps.push(generateTangents(step));
	if (o.units || o.upAxis || o.facing || o.ground) {
		steps.push(normalizeOrientation({ ...step, units: o.units, upAxis: o.upAxis, facing: o.facing, ground: o.ground, source: o.source, character: o.character }));
	}
	return steps;
}

export const REPAIR = 'repair';

/**
 * The repair stage as one Transform. Findings go to `options.report`;
 * without one, pass a Report you keep: `const report = new Report();
 * await doc.transform(repair({ report }))`.
 */
export function repair(options: RepairOptions = {}): Transform {
	return namedTransform(REPAIR, async (document: Document) => {
		const steps = repairSteps({ ...options, report: options.report ?? new Report() }, new MeshCache());
		await document.transform(...steps);
	});
}

/** Convenience: repairs a document in place and returns the report. */
export async function repairDocument(document: Document, options: RepairOptions = {}): Promise<Report> {
	const report = options.report ?? new Report();
	await document.transform(repair({ ...options, report }));
	return report;
}
