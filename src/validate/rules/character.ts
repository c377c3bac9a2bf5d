import type { Document } from '@gltf-transform/core';
import { activeScene, type Bounds, extents } from '../analysis.js';
import type { Rule, RuleContext } from '../types.js';
import { finding, fmt } from './util.js';

/**
 * Whether the scale and up-axis rules apply. With `context.character` set,
 * that decides; in `'auto'` mode an asset counts as a character when
 * - a node of the active scene has a skin with at least 2 joints, or
 * - its world bounds are figure-shaped: the thinnest extent is between 2% and
 *   35% of the longest (a body is much thinner front-to-back than tall, but
 *   not flat like a floor tile or a card); a cube-ish prop is not a character.
 */
export function looksLikeCharacter(document: Document, context: RuleContext): boolean {
	if (typeof context.character === 'boolean') return context.character;
	const scene = activeScene(document);
	let skinned = false;
	scene?.traverse((node) => {
		if (node.getMesh() && (node.getSkin()?.listJoints().length ?? 0) >= 2) skinned = true;
	});
	if (skinned) return true;
	const bounds = context.analysis.worldBounds();
	if (!bounds) return false;
	const e = extents(bounds).sort((a, b) => a - b);
	if (!(e[2] > 0)) return false;
	const thin = e[0] / e[2];
	return thin >= 0.02 && thin <= 0.35;
}

export interface UpAxisVerdict {
	/** Axis the character stands along (0 X, 1 Y, 2 Z). */
	axis: 0 | 1 | 2;
	confidence: number;
}

/**
 * Which axis the figure stands along, from its world bounds. An upright
 * character (Y-up, facing ±Z) is thin along Z whatever its pose, so:
 * - Z is the height when the Z extent is ≥ 1.2 × the Y extent (a Z-up file
 *   read as Y-up lies on its back);
 * - X is the height when the X extent is ≥ 1.2 × Y and Y is thinner than Z
 *   (lying on its side). A wide T-pose (arm span > height) stays Y-up because
 *   Y is then still thicker than Z.
 */
export function upAxisFromBounds(bounds: Bounds): UpAxisVerdict {
	const [x, y, z] = extents(bounds);
	if (z >= 1.2 * y && z >= 0.8 * x) return { axis: 2, confidence: z >= 2 * y ? 0.85 : 0.6 };
	if (x >= 1.2 * y && y <= z) return { axis: 0, confidence: x >= 2 * y ? 0.75 : 0.5 };
	return { axis: 1, confidence: 1 };
}

const AXIS = ['X', 'Y', 'Z'] as const;

/** The character lies along Z or X instead of standing along +Y. */
export const upAxis: Rule = {
	code: 'WRONG_UP_AXIS',
	title: 'Up axis not +Y',
	description: 'The character\'s longest (height) extent runs along Z or X in world space instead of Y, the glTF up axis (typically a Z-up export read without conversion). Only for assets that look like a character.',
	severity: 'warning',
	autoFixable: true,
	check(document, context) {
		const bounds = context.analysis.worldBounds();
		if (!bounds || !looksLikeCharacter(document, context)) return [];
		const verdict = upAxisFromBounds(bounds);
		if (verdict.axis === 1) return [];
		const e = extents(bounds);
		const axis = AXIS[verdict.axis];
		const rotation = verdict.axis === 2 ? 'rotate −90° about X (Z-up → Y-up)' : 'rotate 90° about Z (X-up → Y-up)';
		return [
			finding(
				this.code,
				this.severity,
				`the character lies along ${axis}: world extents X ${fmt(e[0])}, Y ${fmt(e[1])}, Z ${fmt(e[2])}; glTF and every target engine pipeline expect it to stand along +Y`,
				{ pointer: '/scenes/' + Math.max(0, document.getRoot().listScenes().indexOf(activeScene(document)!)) },
				{
					title: `Make +Y the up axis (${rotation})`,
					description: `The asset was probably exported ${axis}-up without conversion. Rotating the scene so the character stands along +Y (feet at y = 0, facing +Z) fixes it for every engine.`,
					confidence: verdict.confidence,
					auto_fixable: true,
				},
			),
		];
	},
};

export interface UnitGuess {
	unit: string;
	/** Factor that brings the asset to metres. */
	factor: number;
	confidence: number;
}

/**
 * Units from a character's height (in file units): humans are 1.5–2.5 m, the
 * range we accept is 0.3–3 (children, creatures, stylised and giant characters
 * included). Outside it:
 * - 100–300 → centimetres (150–250: confident);
 * - 300–3000 → millimetres (1500–2500: confident);
 * - 55–85 → inches; 5–7.5 → feet;
 * - anything else → unknown units, scale to 1.8 m (low confidence).
 */
export function guessUnits(height: number): UnitGuess | null {
	if (height >= 0.3 && height <= 3) return null;
	if (height >= 150 && height <= 250) return { unit: 'centimetres', factor: 0.01, confidence: 0.9 };
	if (height >= 100 && height <= 300) return { unit: 'centimetres', factor: 0.01, confidence: 0.7 };
	if (height >= 1500 && height <= 2500) return { unit: 'millimetres', factor: 0.001, confidence: 0.85 };
	if (height > 300 && height <= 3000) return { unit: 'millimetres', factor: 0.001, confidence: 0.6 };
	if (height >= 55 && height <= 85) return { unit: 'inches', factor: 0.0254, confidence: 0.5 };
	if (height >= 5 && height <= 7.5) return { unit: 'feet', factor: 0.3048, confidence: 0.4 };
	return { unit: height < 0.3 ? 'units that are too large (e.g. a 1/100 scale)' : 'unknown units', factor: 1.8 / height, confidence: 0.3 };
}

/** The character's height is outside the human range for metres. */
export const scaleUnits: Rule = {
	code: 'SCALE_OUT_OF_RANGE',
	title: 'Scale outside the human range',
	description: 'World-space height of a character outside 0.3–3 m: usually centimetres (100–300), millimetres (> 300) or a wrong export scale (< 0.3). Only for assets that look like a character.',
	severity: 'warning',
	autoFixable: true,
	check(document, context) {
		const bounds = context.analysis.worldBounds();
		if (!bounds || !looksLikeCharacter(document, context)) return [];
		const verdict = upAxisFromBounds(bounds);
		const height = extents(bounds)[verdict.axis];
		const guess = guessUnits(height);
		if (!guess) return [];
		const metres = height * guess.factor;
		return [
			finding(
				this.code,
				this.severity,
				`the character is ${fmt(height)} units tall; glTF units are metres, so this looks like ${guess.unit}`,
				{ pointer: '/scenes/' + Math.max(0, document.getRoot().listScenes().indexOf(activeScene(document)!)) },
				{
					title: `Scale by ${fmt(guess.factor)} (→ ${fmt(metres)} m)`,
					description: `Scaling the scene by ${fmt(guess.factor)} makes the character ${fmt(metres)} m tall. Apply the scale to the vertices, skeleton, inverse bind matrices and animations rather than to a root node, so every engine imports it the same.`,
					confidence: guess.confidence,
					auto_fixable: true,
				},
			),
		];
	},
};
