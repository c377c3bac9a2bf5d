/**
 * Unity: a GLB for glTFast and a binary FBX 7.4 (metres, Y up) for the
 * Humanoid avatar, bone names kept (Unity's avatar mapper reads Mixamo and
 * AXIS names), plus `<name>.humanoid.json` (HumanBodyBones → file bone).
 */
import { prepareSkeletal } from './common.js';
import type { PlatformContext, PlatformPlan } from './index.js';

export function prepareUnity(ctx: PlatformContext): PlatformPlan {
	const rec = ctx.info.recognition;
	if (ctx.info.joints.length && !rec.humanoid && ctx.options.humanoid !== false) {
		return {
			refusals: [
				`the skeleton is not a recognised humanoid (${rec.skeleton ? `${rec.displayName} naming, missing ${rec.missingCore.join(', ')}` : `no known naming among ${ctx.info.joints.length} bones`}); Unity's Humanoid avatar needs hips, spine, head, arms and legs — rig it to AXIS-65 first, or export a Generic rig (--generic)`,
			],
			warnings: [],
			writtenSkeleton: null,
			skinned: true,
		};
	}
	const plan = prepareSkeletal(ctx, 'unity', ctx.profile.export?.renameBones ?? false);
	plan.glbRole = 'Unity (glTFast) glTF binary';
	plan.fbxRole = plan.humanoidMap ? 'Unity FBX 7.4 for the Humanoid avatar' : 'Unity FBX 7.4';
	return plan;
}
