/**
 * Units to metres, up axis to +Y, facing to +Z, and (optionally) feet on
 * y = 0 — for the whole scene at once.
 *
 * What to change comes from the file's metadata where it says something the
 * reader did not already convert (`source.declaredUnitScale`,
 * `source.declaredUpAxis`), otherwise — for assets that look like a character
 * — from the validation rules' own guesses (`looksLikeCharacter`,
 * `upAxisFromBounds`, `guessUnits`), so `validate` after `fix` agrees. The
 * sign of the up axis and the facing come from joint names when the rig has
 * them (head above feet; the character's left side on +X); without them the
 * up axis is taken as positive and the facing is left alone.
 *
 * How it is applied: one correction C = translate · scale · rotate is
 * premultiplied onto every root node of every scene (its TRS, and the
 * keyframes of any animation channel that drives a root node, CUBICSPLINE
 * tangents included). Nothing below the roots changes: vertices, morph
 * targets, inverse bind matrices and every joint's local transform stay
 * bit-identical, so skins stay valid by construction (skinned vertex =
 * C · jointWorld · IBM · v). Baking C into vertices would also need the IBMs,
 * every joint rest transform and every translation keyframe rewritten; the
 * root-level correction is exact and keeps the data the artist made.
 */
import type { AnimationChannel, AnimationSampler, Document, Node, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import type { SourceInfo, UpAxis } from '../../io/types.js';
import { Analysis, type Bounds } from '../../validate/analysis.js';
import { guessUnits, looksLikeCharacter, upAxisFromBounds } from '../../validate/rules/index.js';
import type { RuleContext } from '../../validate/types.js';
import { type StepOptions, stepReport } from './util.js';

export const ORIENTATION = 'normalizeOrientation';

export interface OrientationOptions extends StepOptions {
	/** Scale to metres (default true). */
	units?: boolean;
	/** Rotate so +Y is up (default true). */
	upAxis?: boolean;
	/** Turn so the character faces +Z (default true; needs Left/Right joint names). */
	facing?: boolean;
	/** Put the lowest point on y = 0 (default false). */
	ground?: boolean;
	/** What the reader learned about the file. */
	source?: SourceInfo;
	/** Whether the asset is a character (default 'auto', as validation decides). */
	character?: boolean | 'auto';
}

type Quat = [number, number, number, number];
type Vec3 = [number, number, number];

const S = Math.SQRT1_2;
/** Rotation taking each declared/guessed up axis to +Y. */
const UP_TO_Y: Record<UpAxis, Quat> = {
	'+Y': [0, 0, 0, 1],
	'-Y': [0, 0, 1, 0],
	'+Z': [-S, 0, 0, S],
	'-Z': [S, 0, 0, S],
	'+X': [0, 0, S, S],
	'-X': [0, 0, -S, S],
};

export function quatMultiply(a: ArrayLike<number>, b: ArrayLike<number>): Quat {
	const [ax, ay, az, aw] = [a[0], a[1], a[2], a[3]];
	const [bx, by, bz, bw] = [b[0], b[1], b[2], b[3]];
	return [aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz];
}

export function quatRotate(q: ArrayLike<number>, v: ArrayLike<number>): Vec3 {
	const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
	const tx = 2 * (y * v[2] - z * v[1]);
	const ty = 2 * (z * v[0] - x * v[2]);
	const tz = 2 * (x * v[1] - y * v[0]);
	return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** A similarity transform: p ↦ s · R(q) · p + t. */
export interface Correction {
	scale: number;
	rotation: Quat;
	translation: Vec3;
}

function side(name: string): 'L' | 'R' | null {
	const n = name.replace(/^.*:/, '');
	if (/left/i.test(n) || /(^|[._\-\s])l($|[._\-\s\d])/i.test(n) || /^l(?=[A-Z])/.test(n)) return 'L';
	if (/right/i.test(n) || /(^|[._\-\s])r($|[._\-\s\d])/i.test(n) || /^r(?=[A-Z])/.test(n)) return 'R';
	return null;
}

/** Head-minus-feet and left-minus-right vectors from joint names, in world space; null where names do not say. */
function rigHints(document: Document): { up: Vec3 | null; left: Vec3 | null } {
	const joints = new Set<Node>();
	for (const skin of document.getRoot().listSkins()) for (const j of skin.listJoints()) joints.add(j);
	const mean = (nodes: Node[]): Vec3 | null => {
		if (nodes.length === 0) return null;
		const m: Vec3 = [0, 0, 0];
		for (const n of nodes) {
			const t = n.getWorldTranslation();
			m[0] += t[0] / nodes.length;
			m[1] += t[1] / nodes.length;
			m[2] += t[2] / nodes.length;
		}
		return m;
	};
	const list = [...joints];
	const head = mean(list.filter((n) => /head|neck/i.test(n.getName()) && !/end|top/i.test(n.getName())));
	const feet = mean(list.filter((n) => /foot|ankle|toe/i.test(n.getName())));
	const left = mean(list.filter((n) => side(n.getName()) === 'L' && /arm|hand|shoulder|clavicle|leg|thigh|foot|upleg/i.test(n.getName())));
	const right = mean(list.filter((n) => side(n.getName()) === 'R' && /arm|hand|shoulder|clavicle|leg|thigh|foot|upleg/i.test(n.getName())));
	return {
		up: head && feet ? [head[0] - feet[0], head[1] - feet[1], head[2] - feet[2]] : null,
		left: left && right ? [left[0] - right[0], left[1] - right[1], left[2] - right[2]] : null,
	};
}

function transformBounds(b: Bounds, c: Correction): Bounds {
	const min: Vec3 = [Infinity, Infinity, Infinity];
	const max: Vec3 = [-Infinity, -Infinity, -Infinity];
	for (let i = 0; i < 8; i++) {
		const p: Vec3 = [i & 1 ? b.max[0] : b.min[0], i & 2 ? b.max[1] : b.min[1], i & 4 ? b.max[2] : b.min[2]];
		const r = quatRotate(c.rotation, p);
		for (let k = 0; k < 3; k++) {
			const v = c.scale * r[k] + c.translation[k];
			if (v < min[k]) min[k] = v;
			if (v > max[k]) max[k] = v;
		}
	}
	return { min, max };
}

const fmt = (n: number) => Number(n.toPrecision(4)).toString();

/** Decides the correction for a document; identity when nothing needs changing. */
export function planOrientation(document: Document, options: OrientationOptions = {}): { correction: Correction; notes: { code: string; what: string; before: string; after: string }[] } {
	const correction: Correction = { scale: 1, rotation: [0, 0, 0, 1], translation: [0, 0, 0] };
	const notes: { code: string; what: string; before: string; after: string }[] = [];
	const source = options.source;
	const unconverted = source && !source.convertedToGltfConventions;
	const declared = unconverted && ((source.declaredUpAxis && source.declaredUpAxis !== '+Y') || (source.declaredUnitScale && source.declaredUnitScale > 0 && source.declaredUnitScale !== 1));
	// Only a character, declared conventions or grounding call for a change: otherwise the scene need not be measured.
	if (options.character === false && !declared && !options.ground) return { correction, notes };
	const analysis = new Analysis(document);
	const bounds = analysis.worldBounds();
	if (!bounds) return { correction, notes };
	const context = { character: options.character ?? 'auto', analysis, source: options.source } as RuleContext;
	const character = looksLikeCharacter(document, context);
	const hints = rigHints(document);
	// Up axis.
	if (options.upAxis !== false) {
		let up: UpAxis = '+Y';
		if (unconverted && source.declaredUpAxis && source.declaredUpAxis !== '+Y') up = source.declaredUpAxis;
		else if (character) {
			const verdict = upAxisFromBounds(bounds);
			let sign = 1;
			if (hints.up && Math.abs(hints.up[verdict.axis]) >= 0.5 * Math.hypot(...hints.up)) sign = Math.sign(hints.up[verdict.axis]) || 1;
			up = `${sign > 0 ? '+' : '-'}${'XYZ'[verdict.axis]}` as UpAxis;
		}
		if (up !== '+Y') {
			correction.rotation = UP_TO_Y[up];
			notes.push({ code: 'FIXED_UP_AXIS', what: 'up axis', before: up, after: '+Y' });
		}
	}
	// Facing: the character's left (up × facing) should be +X.
	if (options.facing !== false && character && hints.left) {
		const l = quatRotate(correction.rotation, hints.left);
		const horizontal = Math.hypot(l[0], l[2]);
		if (horizontal > 0.5 * Math.hypot(...l)) {
			// facing = left × up = (−lz, 0, lx); yaw that brings it to +Z, snapped to 90°.
			const yaw = Math.atan2(l[2], l[0]);
			const quarter = Math.round(yaw / (Math.PI / 2));
			const turns = ((quarter % 4) + 4) % 4;
			if (turns !== 0) {
				const angle = (turns * Math.PI) / 2;
				const q: Quat = [0, Math.sin(angle / 2), 0, Math.cos(angle / 2)];
				correction.rotation = quatMultiply(q, correction.rotation);
				const facing = ['+Z', '-X', '-Z', '+X'][turns];
				notes.push({ code: 'FIXED_FACING', what: 'facing', before: facing, after: '+Z' });
			}
		}
	}
	// Units.
	const rotated = transformBounds(bounds, correction);
	const height = rotated.max[1] - rotated.min[1];
	if (options.units !== false) {
		let factor = 1;
		let unit = '';
		if (unconverted && source.declaredUnitScale && source.declaredUnitScale > 0 && source.declaredUnitScale !== 1) {
			factor = source.declaredUnitScale;
			unit = `declared ${source.declaredUnitScale} m per unit`;
		} else if (character) {
			const axis = upAxisFromBounds(rotated).axis;
			const guess = guessUnits(rotated.max[axis] - rotated.min[axis]);
			if (guess) {
				factor = guess.factor;
				unit = `${guess.unit}, confidence ${guess.confidence}`;
			}
		}
		if (factor !== 1) {
			correction.scale = factor;
			notes.push({ code: 'FIXED_UNITS', what: 'height', before: `${fmt(height)} units`, after: `${fmt(height * factor)} m (${unit})` });
		}
	}
	if (options.ground) {
		const scaled = transformBounds(bounds, correction);
		if (Math.abs(scaled.min[1]) > 1e-9 * Math.max(1, scaled.max[1] - scaled.min[1])) {
			correction.translation = [0, -scaled.min[1], 0];
			notes.push({ code: 'FIXED_GROUNDED', what: 'lowest point', before: `y = ${fmt(scaled.min[1])}`, after: 'y = 0' });
		}
	}
	return { correction, notes };
}

export function isIdentity(c: Correction): boolean {
	return c.scale === 1 && c.rotation[0] === 0 && c.rotation[1] === 0 && c.rotation[2] === 0 && c.translation.every((t) => t === 0);
}

/** The scene roots C applies to (each once, across scenes). */
function rootNodes(document: Document): Node[] {
	const roots = new Set<Node>();
	for (const scene of document.getRoot().listScenes()) for (const node of scene.listChildren()) roots.add(node);
	return [...roots];
}

/** Premultiplies the correction onto every scene root and the animation channels that drive them. */
export function applyCorrection(document: Document, c: Correction): void {
	const roots = new Set(rootNodes(document));
	const apply = (path: string, v: number[], affine: boolean): number[] => {
		if (path === 'translation') {
			const r = quatRotate(c.rotation, v);
			return [c.scale * r[0] + (affine ? c.translation[0] : 0), c.scale * r[1] + (affine ? c.translation[1] : 0), c.scale * r[2] + (affine ? c.translation[2] : 0)];
		}
		if (path === 'rotation') return quatMultiply(c.rotation, v);
		if (path === 'scale') return v.map((x) => x * c.scale);
		return v;
	};
	for (const node of roots) {
		node.setTranslation(apply('translation', node.getTranslation(), true) as Vec3);
		node.setRotation(apply('rotation', node.getRotation(), true) as Quat);
		node.setScale(apply('scale', node.getScale(), true) as Vec3);
	}
	const done = new Set<AnimationSampler>();
	for (const animation of document.getRoot().listAnimations()) {
		for (const channel of animation.listChannels()) {
			const node = channel.getTargetNode();
			const path = channel.getTargetPath();
			if (!node || !roots.has(node) || (path !== 'translation' && path !== 'rotation' && path !== 'scale')) continue;
			let sampler = channel.getSampler();
			if (!sampler || done.has(sampler)) continue;
			// Keep keyframes shared with anything else intact: work on private copies.
			const users = sampler.listParents().filter((p) => p.propertyType === 'AnimationChannel') as AnimationChannel[];
			if (users.some((u) => u.getTargetPath() !== path || !roots.has(u.getTargetNode()!))) {
				sampler = sampler.clone();
				animation.addSampler(sampler);
				channel.setSampler(sampler);
			}
			let output = sampler.getOutput();
			if (!output) continue;
			if (output.listParents().filter((p) => p.propertyType === 'AnimationSampler').length > 1) {
				output = output.clone();
				sampler.setOutput(output);
			}
			const cubic = sampler.getInterpolation() === 'CUBICSPLINE';
			const el: number[] = [];
			for (let i = 0; i < output.getCount(); i++) {
				output.getElement(i, el);
				const isValue = !cubic || i % 3 === 1;
				output.setElement(i, apply(path, el, isValue));
			}
			done.add(sampler);
		}
	}
}

export function normalizeOrientation(options: OrientationOptions = {}): Transform {
	return namedTransform(ORIENTATION, (document: Document) => {
		const report = stepReport(options);
		const { correction, notes } = planOrientation(document, options);
		options.onProgress?.(ORIENTATION, 1);
		if (isIdentity(correction)) return;
		applyCorrection(document, correction);
		for (const n of notes) {
			report.add({
				code: n.code,
				severity: 'info',
				message: `${n.what}: before ${n.before}, after ${n.after} (applied to the scene root nodes and their animation channels)`,
				where: { pointer: '/scenes', count: rootNodes(document).length },
				source: 'axis',
			});
		}
	});
}
