/**
 * Quaternion → FBX Euler angles (degrees, rotation order XYZ: M = Rz·Ry·Rx,
 * the inverse of the reader's `eulerDeg(v, 'XYZ')`), and the continuity
 * filter that keeps consecutive keys on the same branch (no ±360° flips, and
 * the equivalent (x+180, 180−y, z+180) solution where it is closer).
 */
import type { Quat, Vec3 } from '../fbx/math.js';

const RAD = 180 / Math.PI;

/** Euler XYZ (degrees) of a unit quaternion. */
export function quatToEulerXYZ(q: ArrayLike<number>): Vec3 {
	const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
	// Rotation matrix elements (row, column)
	const m00 = 1 - 2 * (y * y + z * z);
	const m01 = 2 * (x * y - z * w);
	const m10 = 2 * (x * y + z * w);
	const m11 = 1 - 2 * (x * x + z * z);
	const m20 = 2 * (x * z - y * w);
	const m21 = 2 * (y * z + x * w);
	const m22 = 1 - 2 * (x * x + y * y);
	const sb = Math.min(1, Math.max(-1, -m20));
	const b = Math.asin(sb);
	let a: number;
	let c: number;
	if (Math.abs(sb) < 0.9999995) {
		a = Math.atan2(m21, m22);
		c = Math.atan2(m10, m00);
	} else {
		// Gimbal lock: only a − c (sb = 1) or a + c (sb = −1) is defined; put it all in X.
		c = 0;
		a = sb > 0 ? Math.atan2(m01, m11) : Math.atan2(-m01, m11);
	}
	return [a * RAD, b * RAD, c * RAD];
}

function wrapNear(v: number, ref: number): number {
	return v + 360 * Math.round((ref - v) / 360);
}

/** The Euler triple equivalent to `e` that is closest to `prev` (component-wise unrolled). */
export function eulerNear(e: Vec3, prev: Vec3): Vec3 {
	const a: Vec3 = [wrapNear(e[0], prev[0]), wrapNear(e[1], prev[1]), wrapNear(e[2], prev[2])];
	const alt: Vec3 = [wrapNear(e[0] + 180, prev[0]), wrapNear(180 - e[1], prev[1]), wrapNear(e[2] + 180, prev[2])];
	const d = (v: Vec3) => Math.abs(v[0] - prev[0]) + Math.abs(v[1] - prev[1]) + Math.abs(v[2] - prev[2]);
	return d(alt) < d(a) ? alt : a;
}

/** Makes a quaternion sequence continuous (q and −q are the same rotation). */
export function unrollQuats(qs: Quat[]): void {
	for (let i = 1; i < qs.length; i++) {
		const p = qs[i - 1];
		const q = qs[i];
		if (p[0] * q[0] + p[1] * q[1] + p[2] * q[2] + p[3] * q[3] < 0) qs[i] = [-q[0], -q[1], -q[2], -q[3]];
	}
}
