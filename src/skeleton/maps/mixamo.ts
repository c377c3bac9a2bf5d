import { AXIS65_NAMES } from '../axis65.js';
import type { SkeletonMap } from './types.js';

/** Mixamo: the AXIS-65 names with the `mixamorig:` prefix (also `mixamorig1:`, `mixamorig_` when recognising). */
export const MIXAMO: SkeletonMap = {
	id: 'mixamo',
	displayName: 'Mixamo',
	fromAxis: Object.fromEntries(AXIS65_NAMES.map((n) => [n, `mixamorig:${n}`])),
	extras: ['mixamorig:LeftEye', 'mixamorig:RightEye'],
};

/** AXIS-65 itself (Mixamo names without a prefix). */
export const AXIS: SkeletonMap = {
	id: 'axis',
	displayName: 'AXIS-65',
	fromAxis: Object.fromEntries(AXIS65_NAMES.map((n) => [n, n])),
	extras: ['LeftEye', 'RightEye'],
};
