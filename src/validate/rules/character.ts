import type { Document } from '@gltf-transform/core';
import { extents, guessUnits, upAxisFromBounds } from '../../geometry/units.js';
import { activeScene } from '../analysis.js';
import type { Rule, RuleContext } from '../types.js';
import { finding, fmt } from './util.js';

export { guessUnits, upAxisFromBounds, type UnitGuess, type UpAxisVerdict } from '../../geometry/units.js';

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
