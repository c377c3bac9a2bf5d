// A clip of test poses for characters that come without animation (generated avatars), so that the
// deformation bench can pose them with their own weights and with ours.
import type { Document } from '@gltf-transform/core';

type Quat = [number, number, number, number];
/** A pose: joint name → rotations (axis of the rest frame, degrees) applied in order. */
export type TestPose = Record<string, ['x' | 'y' | 'z', number][]>;

const axisAngle = (axis: 'x' | 'y' | 'z', deg: number): Quat => {
	const h = (deg * Math.PI) / 360;
	const s = Math.sin(h);
	return [axis === 'x' ? s : 0, axis === 'y' ? s : 0, axis === 'z' ? s : 0, Math.cos(h)];
};
const qmul = (a: Quat, b: Quat): Quat => [
	a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
	a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
	a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
	a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
];

const fingers = (deg: number): TestPose => {
	const pose: TestPose = {};
	for (const f of ['Index', 'Middle', 'Ring', 'Pinky']) {
		for (let k = 1; k <= 3; k++) {
			pose[`LeftHand${f}${k}`] = [['z', -deg]];
			pose[`RightHand${f}${k}`] = [['z', deg]];
		}
	}
	return pose;
};

/**
 * Three poses for a T-pose or A-pose character facing +z with +y up and its
 * left arm toward +x (AXIS rest frame; an A-pose's arms are already lowered, so
 * the same rotations take them further): arms down with bent elbows, bent knees
 * and a nod; a stride with a twist, arms forward and fists; arms raised, a
 * crouch and a turned head.
 */
export const TEST_POSES: TestPose[] = [
	{
		LeftArm: [['z', -60]], RightArm: [['z', 60]],
		LeftForeArm: [['y', 50]], RightForeArm: [['y', -50]],
		LeftUpLeg: [['x', -30]], RightUpLeg: [['x', -30]],
		LeftLeg: [['x', 60]], RightLeg: [['x', 60]],
		Spine1: [['x', 15]], Head: [['x', 20]],
	},
	{
		LeftArm: [['y', -70]], RightArm: [['y', 70]],
		LeftUpLeg: [['x', -40]], RightUpLeg: [['x', 20]], RightLeg: [['x', 40]],
		Spine2: [['y', 25]], LeftFoot: [['x', 20]],
		...fingers(70),
	},
	{
		LeftArm: [['z', 40]], RightArm: [['z', -40]],
		LeftForeArm: [['y', 30]], RightForeArm: [['y', -30]],
		LeftHand: [['z', 30]], RightHand: [['z', -30]],
		LeftUpLeg: [['x', -70]], RightUpLeg: [['x', -70]],
		LeftLeg: [['x', 100]], RightLeg: [['x', 100]],
		Spine: [['x', 20]], Neck: [['y', 30]], Head: [['y', 20]],
	},
];

/**
 * Adds an animation to `document`: the rest pose at t = 0, then each pose one second apart
 * (linear, so frames in between blend two poses). Rotations compose with each joint's rest rotation.
 */
export function addPoseClip(document: Document, poses: TestPose[] = TEST_POSES, name = 'test poses'): void {
	const nodes = new Map(document.getRoot().listNodes().map((n) => [n.getName(), n]));
	const buffer = document.getRoot().listBuffers()[0] ?? document.createBuffer();
	const animation = document.createAnimation(name);
	const times = new Float32Array(poses.length + 1).map((_, i) => i);
	const input = document.createAccessor().setType('SCALAR').setArray(times).setBuffer(buffer);
	const joints = new Set(poses.flatMap((p) => Object.keys(p)));
	for (const joint of joints) {
		const node = nodes.get(joint);
		if (!node) continue;
		const rest = node.getRotation() as Quat;
		const values = new Float32Array(4 * times.length);
		[{} as TestPose, ...poses].forEach((pose, i) => {
			let q = rest;
			for (const [axis, deg] of pose[joint] ?? []) q = qmul(q, axisAngle(axis, deg));
			values.set(q, 4 * i);
		});
		const output = document.createAccessor().setType('VEC4').setArray(values).setBuffer(buffer);
		const sampler = document.createAnimationSampler().setInput(input).setOutput(output).setInterpolation('LINEAR');
		animation.addSampler(sampler).addChannel(document.createAnimationChannel().setTargetNode(node).setTargetPath('rotation').setSampler(sampler));
	}
}
