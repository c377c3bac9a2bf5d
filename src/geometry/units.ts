import type { UpAxis } from '../io/types.js';
import type { Bounds } from './world-positions.js';

export type UnitGuess = 'm' | 'cm' | 'mm' | 'in' | 'unknown';

export interface UnitsAndUp {
	/** Longest extent of the bounds, in file units. */
	height: number;
	units: UnitGuess;
	/** Metres per file unit implied by `units` (1 for unknown). */
	scaleToMetres: number;
	up: UpAxis | 'unknown';
	/** 0..1 */
	confidence: number;
}

/** Plausible standing height of a character, in metres (a child to a giant). */
export const HUMAN_HEIGHT_M: [number, number] = [0.5, 3];

/**
 * Guesses units and up axis from bounds with a human-size prior: a character
 * 180 units tall is in centimetres, 1800 in millimetres. The up axis is the
 * longest extent; its sign is unknown from bounds alone, so we report + and
 * let the feet-versus-head checks in later stages refine it.
 */
export function guessUnitsAndUp(bounds: Bounds): UnitsAndUp {
	const ext = [0, 1, 2].map((k) => bounds.max[k] - bounds.min[k]);
	let axis = ext.indexOf(Math.max(...ext));
	// A T-pose is about as wide as it is tall: when the two largest extents are
	// within 15%, prefer Y (the glTF convention) if it is one of them.
	const nearTie = (k: number) => k !== axis && ext[k] >= 0.85 * ext[axis];
	const tie = [0, 1, 2].some(nearTie);
	if (tie && (axis === 1 || nearTie(1))) axis = 1;
	const height = ext[axis];
	const up = (['+X', '+Y', '+Z'] as const)[axis];
	const elongated = !tie && [0, 1, 2].every((k) => k === axis || ext[axis] > 1.3 * ext[k]);
	const candidates: [UnitGuess, number][] = [
		['m', 1],
		['cm', 0.01],
		['mm', 0.001],
	];
	for (const [units, scale] of candidates) {
		const metres = height * scale;
		if (metres >= HUMAN_HEIGHT_M[0] && metres <= HUMAN_HEIGHT_M[1]) {
			return { height, units, scaleToMetres: scale, up, confidence: elongated ? 0.8 : tie ? 0.5 : 0.4 };
		}
	}
	return { height, units: 'unknown', scaleToMetres: 1, up: elongated ? up : 'unknown', confidence: 0.2 };
}
