import type { SkeletonMap } from './types.js';
import { humanoidFromAxis } from './unity.js';

// SkeletonProfileHumanoid: the thumb has Metacarpal, Proximal, Distal; the other fingers Proximal, Intermediate, Distal.
const phalanges = (finger: string) => (finger === 'Thumb' ? ['Metacarpal', 'Proximal', 'Distal'] : ['Proximal', 'Intermediate', 'Distal']);

/** Godot 4 `SkeletonProfileHumanoid` bone names (its `Root` bone is optional and added by nobody here). */
export const GODOT: SkeletonMap = {
	id: 'godot',
	displayName: 'Godot SkeletonProfileHumanoid',
	fromAxis: humanoidFromAxis(phalanges),
	extras: ['Root', 'LeftEye', 'RightEye', 'Jaw'],
};
