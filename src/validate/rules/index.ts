import type { Rule } from '../types.js';
import { scaleUnits, upAxis } from './character.js';
import { morphTargetsUnsupported, textureNotPowerOfTwo, textureTooLarge, tooManyMorphTargets, triangleBudget, vertexBudget } from './platform.js';
import { tooManyInfluences, tooManyJoints, unnormalizedWeights } from './skin.js';
import { invalidNormals, missingNormals, missingUVs } from './surface.js';
import { inconsistentWinding, meshHoles, nonManifoldEdges } from './topology.js';
import { degenerateTriangles, duplicateFaces, zeroAreaTriangles } from './triangles.js';
import { duplicateVertices, nonFiniteValues, unreferencedVertices } from './vertices.js';

export { looksLikeCharacter, guessUnits, upAxisFromBounds } from './character.js';

/** Every game-readiness rule, in report order. */
export const RULES: readonly Rule[] = [
	nonFiniteValues,
	degenerateTriangles,
	zeroAreaTriangles,
	duplicateVertices,
	duplicateFaces,
	unreferencedVertices,
	invalidNormals,
	missingNormals,
	missingUVs,
	nonManifoldEdges,
	inconsistentWinding,
	meshHoles,
	scaleUnits,
	upAxis,
	tooManyInfluences,
	unnormalizedWeights,
	tooManyJoints,
	textureTooLarge,
	textureNotPowerOfTwo,
	triangleBudget,
	vertexBudget,
	morphTargetsUnsupported,
	tooManyMorphTargets,
];
