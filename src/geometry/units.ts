import type { Bounds } from './world-positions.js';

/** Extents of bounds along X, Y, Z. */
export function extents(bounds: Bounds): [number, number, number] {
	return [bounds.max[0] - bounds.min[0], bounds.max[1] - bounds.min[1], bounds.max[2] - bounds.min[2]];
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
