/**
 * `rig()`: auto-rigs a static humanoid mesh (one or several meshes: body,
 * eyes, clothes …) to the AXIS-65 skeleton with skin weights.
 *
 *   recognise an existing humanoid skeleton → map its names (unless force)
 *   otherwise: bake meshes to world space → normalise (metres, +Y up,
 *   facing +Z, feet on y = 0) → voxelise → landmarks → joints (body, then
 *   each hand's fingers) → proportions check → geodesic voxel weights →
 *   skin (65 joints, inverse bind matrices, JOINTS_n/WEIGHTS_n)
 *
 * A mesh that is not a standing humanoid is refused with
 * `AxisError('RIG_FAILED', reason)` (details carry a suggestion); the
 * document is left as it was in that case. See `orient.ts`,
 * `landmarks.ts`, `joints.ts`, `hands.ts`, `weights.ts`, `bind.ts`.
 */
import type { Document, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { AxisError } from '../../errors.js';
import { type ProgressFn, Report } from '../../report.js';
import { AXIS65, AXIS65_NAMES } from '../../skeleton/axis65.js';
import { recognise } from '../../skeleton/maps/index.js';
import { bindSkin } from './bind.js';
import { placeHand } from './hands.js';
import { checkProportions, type JointMap, placeBody } from './joints.js';
import { besideLegWall, findLandmarks } from './landmarks.js';
import { bakeToWorld, collectSoup, meshNodes } from './mesh.js';
import { classifyPose, detectOrientation, type Facing, type PoseKind, transformPoints } from './orient.js';
import { computeWeights } from './weights.js';

export { detectOrientation, classifyPose, type Facing, type PoseKind, type Orientation } from './orient.js';
export { bakeToWorld, collectSoup } from './mesh.js';
export { computeWeights, type SkinWeights } from './weights.js';
export { TRUNK_FRACTIONS } from './joints.js';

export interface RigOptions {
	/** Rest pose of the input: 't', 'a' or 'auto' (detected from the arms). */
	pose?: PoseKind | 'auto';
	/** Which way the character faces in the file (default detected). */
	facing?: Facing | 'auto';
	/** Bone influences per vertex: 4 (default) or 8. */
	maxInfluences?: 4 | 8;
	/** Re-rig even when a recognised humanoid skeleton is already there. */
	force?: boolean;
	report?: Report;
	onProgress?: ProgressFn;
	/** Receives the result (the Transform form has no return value). */
	onResult?: (result: RigResult) => void;
}

export interface RigResult {
	/** 'rigged': a new skeleton and weights; 'mapped': an existing skeleton renamed to AXIS-65. */
	mode: 'rigged' | 'mapped';
	/** The naming recognised on the input's skeleton (mapped mode, or what --force replaced). */
	recognised?: string;
	pose?: PoseKind;
	facing?: Facing;
	up?: Facing;
	/** File units → metres factor applied. */
	scale?: number;
	unit?: string;
	/** Column-major 4×4 from the input's world space to the output's (identity when mapped). */
	matrix: number[];
	/** Rest-frame joint positions (rigged mode). */
	joints?: Record<string, [number, number, number]>;
	height?: number;
	/** Fingers found as separate digits per hand (0–5; fewer means mitten placement). */
	fingers?: { left: number; right: number };
	vertices: number;
	meshes: number;
	maxInfluences?: number;
	/** Source bone → AXIS name (mapped mode). */
	mapping?: Record<string, string>;
	/** AXIS bones the mapped skeleton lacks. */
	missing?: string[];
	ms: { total: number; landmarks?: number; joints?: number; weights?: number };
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** Maps an already-rigged humanoid's bones onto AXIS-65 names; undefined when there is none to map. */
function tryMap(document: Document, report: Report): RigResult | undefined {
	const joints = new Set(document.getRoot().listSkins().flatMap((s) => s.listJoints()));
	if (!joints.size) return undefined;
	const recognition = recognise([...joints].map((j) => j.getName()));
	if (!recognition.skeleton || !recognition.humanoid) return undefined;
	const start = performance.now();
	const mapping: Record<string, string> = {};
	const taken = new Set(document.getRoot().listNodes().filter((n) => !joints.has(n)).map((n) => n.getName()));
	// Rename every node the naming recognises (Soldier-style rigs keep unskinned bones in the tree).
	const all = recognise(document.getRoot().listNodes().map((n) => n.getName()));
	const map = all.skeleton === recognition.skeleton ? all.mapping : recognition.mapping;
	for (const node of document.getRoot().listNodes()) {
		const axis = map[node.getName()];
		if (!axis || taken.has(axis)) continue;
		mapping[node.getName()] = axis;
		node.setName(axis);
	}
	const mapped = new Set(Object.values(mapping));
	const missing = AXIS65_NAMES.filter((n) => !mapped.has(n));
	report.add({
		code: 'RIG_MAPPED',
		severity: 'info',
		message: `already rigged with a ${recognition.displayName ?? recognition.skeleton} skeleton: ${Object.keys(mapping).length} bones renamed to AXIS-65 (no re-rig; use --force to re-rig)`,
		where: { count: Object.keys(mapping).length },
	});
	if (missing.length) {
		report.add({
			code: 'RIG_MAPPED_INCOMPLETE',
			severity: 'warning',
			message: `the mapped skeleton lacks ${missing.length} of the 65 AXIS bones: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ' …' : ''}`,
			suggestion: { title: 'Re-rig', description: 'Run axis rig --force to replace the skeleton with a full AXIS-65 rig and new weights.', confidence: 0.6, auto_fixable: true },
		});
	}
	return {
		mode: 'mapped',
		recognised: recognition.skeleton,
		matrix: IDENTITY,
		vertices: 0,
		meshes: meshNodes(document).length,
		mapping,
		missing,
		ms: { total: Math.round(performance.now() - start) },
	};
}

/** Rigs `document` in place and returns what was done. Throws `AxisError('RIG_FAILED')` for non-humanoids. */
export async function rigDocument(document: Document, options: RigOptions = {}): Promise<RigResult> {
	const report = options.report ?? new Report();
	const progress = options.onProgress ?? (() => {});
	const start = performance.now();
	const nodes = meshNodes(document);
	if (!nodes.some((n) => n.getMesh()!.listPrimitives().some((p) => p.getAttribute('POSITION')))) {
		throw new AxisError('NO_MESH', 'no mesh with vertex positions to rig');
	}
	let recognised: string | undefined;
	if (!options.force) {
		const mapped = tryMap(document, report);
		if (mapped) {
			progress('rig', 1);
			options.onResult?.(mapped);
			return mapped;
		}
	} else {
		const joints = document.getRoot().listSkins().flatMap((s) => s.listJoints());
		recognised = joints.length ? (recognise(joints.map((j) => j.getName())).skeleton ?? undefined) : undefined;
	}
	progress('rig', 0.02);
	// Work on the geometry first; the document changes only once rigging has succeeded.
	const original = collectSoup(document);
	const orientation = detectOrientation(original.positions, { facing: options.facing });
	const positions = transformPoints(orientation.matrix, original.positions);
	const t0 = performance.now();
	const L = findLandmarks(positions, original.triangles);
	progress('rig', 0.2);
	const t1 = performance.now();
	const { joints, arms } = placeBody(L);
	const hands = ([0, 1] as const).map((side) => placeHand(positions, original.triangles, L.height, arms[side].wrist, L.arms[side].tip, side, joints)) as [ReturnType<typeof placeHand>, ReturnType<typeof placeHand>];
	const problems = checkProportions(joints, L.height, [L.arms[0].tip, L.arms[1].tip]);
	const head = L.column.filter((c) => c.y > 0.84 * L.height && c.y < 0.95 * L.height).map((c) => c.width);
	const shoulders = L.column.filter((c) => c.y > 0.7 * L.height && c.y <= 0.84 * L.height).map((c) => c.width);
	if (!head.length || !shoulders.length || Math.min(...head) > 0.6 * Math.max(...shoulders)) problems.push('no head: nothing narrows above the shoulders');
	if (problems.length) {
		throw new AxisError('RIG_FAILED', `not a humanoid: ${problems.join('; ')}`, {
			suggestion: 'axis rig needs a standing humanoid in a T-pose or A-pose (arms away from the body, legs apart); non-humanoid meshes cannot be rigged to AXIS-65',
		});
	}
	progress('rig', 0.35);
	const t2 = performance.now();
	// Geodesics may use every solid voxel except the midline wall between the legs.
	const allowed = besideLegWall(L.grid, L.midX, L.crotchY);
	const weights = computeWeights(
		{ positions, triangles: original.triangles, joints, height: L.height, grid: L.grid, allowed, midX: L.midX, crotchY: L.crotchY, hands },
		{ maxInfluences: options.maxInfluences ?? 4, onProgress: (f) => progress('rig', 0.35 + 0.6 * f) },
	);
	const t3 = performance.now();
	// Commit: bake and normalise the meshes, then bind.
	bakeToWorld(document, orientation.matrix);
	const soup = collectSoup(document);
	if (soup.positions.length !== positions.length) throw new AxisError('INTERNAL', 'mesh changed while rigging');
	bindSkin(document, soup, joints, weights);
	const pose = classifyPose((arms[0].angle + arms[1].angle) / 2);
	if (options.pose && options.pose !== 'auto' && options.pose !== pose) {
		report.add({ code: 'RIG_POSE_MISMATCH', severity: 'warning', message: `--pose ${options.pose} was given but the arms are ${((arms[0].angle + arms[1].angle) / 2).toFixed(0)}° below the horizontal (${pose === 't' ? 'a T-pose' : 'an A-pose'})` });
	}
	const changed = orientation.scale !== 1 || orientation.facing !== '+z' || orientation.upAxis !== '+y' || Math.abs(orientation.matrix[13]) > 1e-6;
	if (changed) {
		report.add({
			code: 'RIG_NORMALIZED',
			severity: 'info',
			message: `meshes normalised to the AXIS rest frame: ${orientation.unit} ×${orientation.scale}, up ${orientation.upAxis} → +y, facing ${orientation.facing} → +z, feet on y = 0`,
		});
	}
	if (orientation.facingConfidence < 0.3 && (!options.facing || options.facing === 'auto')) {
		report.add({ code: 'RIG_FACING_UNSURE', severity: 'warning', message: `the facing direction (${orientation.facing}) is a guess: the feet do not clearly point one way`, suggestion: { title: 'Give the facing', description: 'Pass --facing +z|-z|+x|-x.', confidence: 0.5, auto_fixable: false } });
	}
	for (const [side, hand] of hands.entries()) {
		if (hand.separated < 5) {
			report.add({
				code: 'RIG_MITTEN_HAND',
				severity: 'info',
				message: `${side ? 'right' : 'left'} hand: ${hand.separated < 2 ? 'fingers not separated' : `${hand.separated} separate digits`}; finger chains placed inside the hand's volume${hand.thumbFound ? ' (thumb found)' : ''}`,
			});
		}
	}
	report.add({
		code: 'RIG_DONE',
		severity: 'info',
		message: `rigged to AXIS-65: 65 joints, ${soup.parts.length} primitive(s) on ${new Set(soup.parts.map((p) => p.node)).size} mesh node(s), ${positions.length / 3} vertices, ≤${weights.influences} influences`,
	});
	progress('rig', 1);
	const out: RigResult = {
		mode: 'rigged',
		recognised,
		pose,
		facing: orientation.facing,
		up: orientation.upAxis,
		scale: orientation.scale,
		unit: orientation.unit,
		matrix: orientation.matrix,
		joints: Object.fromEntries(AXIS65.map((b) => [b.name, joints.get(b.name)!])),
		height: L.height,
		fingers: { left: hands[0].separated, right: hands[1].separated },
		vertices: positions.length / 3,
		meshes: new Set(soup.parts.map((p) => p.node)).size,
		maxInfluences: weights.influences,
		ms: { total: Math.round(performance.now() - start), landmarks: Math.round(t1 - t0), joints: Math.round(t2 - t1), weights: Math.round(t3 - t2) },
	};
	options.onResult?.(out);
	return out;
}

/** The rig stage as a gltf-transform Transform. */
export function rig(options: RigOptions = {}): Transform {
	return namedTransform('axis-rig', async (document: Document) => {
		await rigDocument(document, options);
	});
}

export type { JointMap };
