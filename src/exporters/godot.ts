/**
 * Godot: GLB (metres, Y up) with bones renamed to SkeletonProfileHumanoid
 * names, so the importer's humanoid retargeting maps them without a
 * BoneMap, plus the map beside it.
 */
import { prepareSkeletal } from './common.js';
import type { PlatformContext, PlatformPlan } from './index.js';

export function prepareGodot(ctx: PlatformContext): PlatformPlan {
	const plan = prepareSkeletal(ctx, 'godot', ctx.profile.export?.renameBones ?? true);
	plan.glbRole = 'Godot glTF binary (SkeletonProfileHumanoid bone names)';
	return plan;
}
