/**
 * A generated avatar with its arms turned `deg` degrees further down about the shoulder
 * joints (linear blend skinning with its own weights), stripped of its rig: the mesh an
 * artist might hand over with the arms hanging, and the generator's joints turned the same
 * way as ground truth.
 */
import type { Document } from '@gltf-transform/core';
import { poseBody, primitiveOf, rot } from '../generate-checks.js';
import { type StrippedRig, stripSkin } from './strip-skin.js';

export function lowerArms(generated: Document, deg: number): StrippedRig {
	const posed = poseBody(generated, { LeftArm: rot('z', -deg), RightArm: rot('z', deg) });
	const stripped = stripSkin(generated);
	primitiveOf(stripped.document, 'Body').getAttribute('POSITION')!.setArray(posed);
	const joints = new Map(stripped.joints);
	for (const [side, sign] of [['Left', -1], ['Right', 1]] as const) {
		const pivot = joints.get(`${side}Arm`)!;
		const t = (sign * deg * Math.PI) / 180;
		for (const [name, p] of joints) {
			if (!name.startsWith(side) || !/ForeArm|Hand/.test(name)) continue;
			const [x, y] = [p[0] - pivot[0], p[1] - pivot[1]];
			joints.set(name, [pivot[0] + Math.cos(t) * x - Math.sin(t) * y, pivot[1] + Math.sin(t) * x + Math.cos(t) * y, p[2]]);
		}
	}
	return { ...stripped, joints };
}
