/**
 * Unreal Engine 5: binary FBX 7.4 (centimetres and Z up by default, both
 * options) with a `root` bone above `pelvis` and UE mannequin bone names,
 * SK_/SM_/M_/T_/A_ prefixes, and a GLB for the Interchange importer.
 */
import { addRootBone } from './conventions.js';
import { prepareSkeletal } from './common.js';
import type { PlatformContext, PlatformPlan } from './index.js';

export function prepareUnreal(ctx: PlatformContext): PlatformPlan {
	const plan = prepareSkeletal(ctx, 'unreal', ctx.profile.export?.renameBones ?? true);
	const rootName = ctx.profile.export?.rootBone ?? 'root';
	if (plan.skinned && addRootBone(ctx.doc, ctx.info, rootName)) {
		plan.rootBone = rootName;
		if (plan.humanoidMap) plan.humanoidMap[rootName] = rootName;
	}
	plan.fbxRole = 'Unreal skeletal/static mesh FBX 7.4';
	plan.glbRole = 'Unreal Interchange glTF binary';
	return plan;
}
