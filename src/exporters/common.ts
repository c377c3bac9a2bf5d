/** Steps the Unity, Unreal and Godot exporters share. */
import { renameTo, skeletonMap } from '../skeleton/maps/index.js';
import { flattenSkeleton, renameNodes } from './conventions.js';
import type { PlatformContext, PlatformPlan } from './index.js';

/** Flattens the skeleton and (optionally) renames bones to `target`; fills the humanoid map. */
export function prepareSkeletal(ctx: PlatformContext, target: string, rename: boolean): PlatformPlan {
	const { doc, info } = ctx;
	const plan: PlatformPlan = { refusals: [], warnings: [], writtenSkeleton: null, skinned: info.joints.length > 0 };
	if (!plan.skinned) {
		plan.warnings.push('no skeleton: exported as a static mesh');
		return plan;
	}
	const w = flattenSkeleton(doc, info);
	if (w) plan.warnings.push(w);
	const rec = info.recognition;
	if (!rec.humanoid) {
		plan.warnings.push(
			rec.skeleton
				? `skeleton looks like ${rec.displayName} but lacks ${rec.missingCore.join(', ')}: bones keep their names`
				: 'skeleton is not a recognised humanoid: exported as a generic skeleton, bones keep their names',
		);
		plan.writtenSkeleton = rec.skeleton;
		return plan;
	}
	const map = skeletonMap(target);
	if (rename) {
		renameNodes(info.joints, renameTo(rec, target, info.joints.map((j) => j.getName())));
		plan.writtenSkeleton = target;
	} else plan.writtenSkeleton = rec.skeleton;
	const humanoid: Record<string, string> = {};
	for (const [axis, engineName] of Object.entries(map.fromAxis)) {
		const node = info.byAxis.get(axis);
		if (node) humanoid[engineName] = node.getName();
	}
	plan.humanoidMap = humanoid;
	return plan;
}
