/**
 * Name maps between AXIS-65 and the skeletons engines and tools use, and
 * `recognise(names)`: which naming an existing rig uses, so that a rigged
 * character is mapped (renamed) instead of re-rigged.
 */
import { AXIS65_NAMES } from '../axis65.js';
import { GODOT } from './godot.js';
import { AXIS, MIXAMO } from './mixamo.js';
import { R15, R15_PIVOT } from './r15.js';
import { SMPL } from './smpl.js';
import type { SkeletonMap } from './types.js';
import { UNITY } from './unity.js';
import { UNREAL } from './unreal.js';
import { VRM } from './vrm.js';

export type { SkeletonMap } from './types.js';
export { AXIS, MIXAMO } from './mixamo.js';
export { UNREAL } from './unreal.js';
export { UNITY, UNITY_REQUIRED } from './unity.js';
export { GODOT } from './godot.js';
export { VRM } from './vrm.js';
export { SMPL, SMPL_JOINTS } from './smpl.js';
export { R15, R15_PARENT, R15_PARTS, R15_PIVOT, type R15Part } from './r15.js';

export const SKELETON_MAPS: Readonly<Record<string, SkeletonMap>> = {
	axis: AXIS,
	mixamo: MIXAMO,
	unreal: UNREAL,
	unity: UNITY,
	godot: GODOT,
	vrm: VRM,
	smpl: SMPL,
	r15: R15,
};

export type SkeletonId = keyof typeof SKELETON_MAPS;

/** The bones a rig needs for humanoid retargeting (Unity's required set, in AXIS names). */
export const CORE_BONES = [
	'Hips', 'Spine', 'Head',
	'LeftArm', 'LeftForeArm', 'LeftHand', 'RightArm', 'RightForeArm', 'RightHand',
	'LeftUpLeg', 'LeftLeg', 'LeftFoot', 'RightUpLeg', 'RightLeg', 'RightFoot',
] as const;

export function skeletonMap(id: string): SkeletonMap {
	const m = SKELETON_MAPS[id];
	if (!m) throw new Error(`unknown skeleton map ${id}; known: ${Object.keys(SKELETON_MAPS).join(', ')}`);
	return m;
}

/** AXIS-65 name → target name (undefined when the target has no such bone). */
export function axisTo(id: string, axisName: string): string | undefined {
	return skeletonMap(id).fromAxis[axisName];
}

/** Strips DCC namespaces and prefixes: `mixamorig:Hips`, `Armature|Hips`, `rig:Hips` → `Hips`. */
export function stripNamespace(name: string): string {
	return name.replace(/^.*[|:]/, '').replace(/^mixamorig\d*_/, '');
}

/** Inverse map (target name, normalised → AXIS name) for recognition. */
function inverse(map: SkeletonMap): Map<string, string> {
	const norm = (s: string) => (map.caseInsensitive ? s.toLowerCase() : s);
	const out = new Map<string, string>();
	if (map.id === 'r15') {
		for (const [part, axis] of Object.entries(R15_PIVOT)) out.set(part, axis);
		out.set('Head', 'Head'); // the Head part stands for the head (its pivot is the neck joint)
		return out;
	}
	for (const [axis, target] of Object.entries(map.fromAxis)) {
		const key = norm(map.id === 'mixamo' ? stripNamespace(target) : target);
		if (!out.has(key)) out.set(key, axis);
	}
	for (const [alias, axis] of Object.entries(map.aliases ?? {})) out.set(norm(alias), axis);
	return out;
}

export interface RecogniseCandidate {
	skeleton: string;
	matched: number;
	coverage: number;
}

export interface Recognition {
	/** The best-matching naming (`mixamo`, `unreal`, …), or null when nothing matches well enough. */
	skeleton: string | null;
	displayName?: string;
	/** Source bone name → AXIS-65 bone name, for the bones that matched. */
	mapping: Record<string, string>;
	/** Matched share of the naming's own bones (0–1). */
	coverage: number;
	/** True when every core humanoid bone (hips, spine, head, arms, legs) is present. */
	humanoid: boolean;
	/** Core bones (AXIS names) not found. */
	missingCore: string[];
	/** Every naming tried, best first. */
	candidates: RecogniseCandidate[];
}

/**
 * Detects which skeleton naming a rig uses from its bone names. Namespaces
 * (`mixamorig:`, `Armature|`) are ignored except that the Mixamo prefix tells
 * `mixamo` from plain `axis` names. A skeleton is recognised when at least
 * half of the core humanoid bones match.
 */
export function recognise(names: Iterable<string>): Recognition {
	const list = [...names];
	const hasMixamoPrefix = list.some((n) => /^mixamorig\d*[:_]/.test(n));
	const results: (RecogniseCandidate & { mapping: Record<string, string> })[] = [];
	for (const map of Object.values(SKELETON_MAPS)) {
		if (map.id === 'mixamo' && !hasMixamoPrefix) continue;
		if (map.id === 'axis' && hasMixamoPrefix) continue;
		const inv = inverse(map);
		const mapping: Record<string, string> = {};
		const used = new Set<string>();
		for (const name of list) {
			const bare = map.id === 'mixamo' || map.id === 'axis' ? stripNamespace(name) : name.replace(/^.*[|:]/, '');
			const key = map.caseInsensitive ? bare.toLowerCase() : bare;
			const axis = inv.get(key);
			if (axis && !used.has(axis)) {
				mapping[name] = axis;
				used.add(axis);
			}
		}
		const total = new Set(inv.values()).size;
		const matched = used.size;
		results.push({ skeleton: map.id, matched, coverage: total ? matched / total : 0, mapping });
	}
	results.sort((a, b) => b.matched - a.matched || b.coverage - a.coverage);
	const best = results[0];
	const core = new Set(best ? Object.values(best.mapping) : []);
	const missingCore = CORE_BONES.filter((b) => !core.has(b));
	const ok = !!best && CORE_BONES.length - missingCore.length >= CORE_BONES.length / 2;
	return {
		skeleton: ok ? best.skeleton : null,
		displayName: ok ? SKELETON_MAPS[best.skeleton].displayName : undefined,
		mapping: ok ? best.mapping : {},
		coverage: ok ? best.coverage : 0,
		humanoid: ok && missingCore.length === 0,
		missingCore: ok ? missingCore : [...CORE_BONES],
		candidates: results.map(({ skeleton, matched, coverage }) => ({ skeleton, matched, coverage })),
	};
}

/**
 * Renames a set of source bones (already recognised) to a target naming:
 * source name → target name. Bones with no counterpart keep their name
 * (namespace stripped) unless `keepUnmapped` is false.
 */
export function renameTo(recognition: Recognition, targetId: string, sourceNames: Iterable<string>): Map<string, string> {
	const target = skeletonMap(targetId);
	const out = new Map<string, string>();
	for (const name of sourceNames) {
		const axis = recognition.mapping[name];
		const mapped = axis ? target.fromAxis[axis] : undefined;
		out.set(name, mapped ?? stripNamespace(name));
	}
	return out;
}

export { AXIS65_NAMES };
