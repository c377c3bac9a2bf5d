/** Small column-major 4×4 matrix helpers (glTF layout: m[col * 4 + row]). */
import { mat4Det3, mat4Product } from '../../geometry/mat4.js';

export type Mat4 = Float64Array<ArrayBufferLike>;
export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export function identity(): Mat4 {
	const m = new Float64Array(16);
	m[0] = m[5] = m[10] = m[15] = 1;
	return m;
}

/** a × b as a new matrix (the shared implementation in src/geometry/mat4.ts). */
export const multiply: (a: ArrayLike<number>, b: ArrayLike<number>) => Mat4 = mat4Product;

/** a · b · c · … */
export function chain(...ms: ArrayLike<number>[]): Mat4 {
	let out: Mat4 = Float64Array.from(ms[0]);
	for (let i = 1; i < ms.length; i++) out = multiply(out, ms[i]);
	return out;
}

export function translation(v: ArrayLike<number>): Mat4 {
	const m = identity();
	m[12] = v[0];
	m[13] = v[1];
	m[14] = v[2];
	return m;
}

export function scaling(v: ArrayLike<number>): Mat4 {
	const m = identity();
	m[0] = v[0];
	m[5] = v[1];
	m[10] = v[2];
	return m;
}

/** FBX EFbxRotationOrder: 0 XYZ … 5 ZYX (6 SphericXYZ treated as XYZ). */
export const ROTATION_ORDERS = ['XYZ', 'XZY', 'YZX', 'YXZ', 'ZXY', 'ZYX', 'XYZ'] as const;

/**
 * Euler angles in degrees, FBX convention: order 'XYZ' rotates about X first,
 * then Y, then Z, i.e. M = Rz · Ry · Rx.
 */
export function eulerDeg(v: ArrayLike<number>, order: string = 'XYZ'): Mat4 {
	// Column-major 3×3 products of the elementary rotations, no temporaries.
	const cx = Math.cos(v[0] * DEG), sx = Math.sin(v[0] * DEG);
	const cy = Math.cos(v[1] * DEG), sy = Math.sin(v[1] * DEG);
	const cz = Math.cos(v[2] * DEG), sz = Math.sin(v[2] * DEG);
	// a = first applied, then b, then c: M = C·B·A
	let a = AX, b = AY, c = AZ;
	if (order !== 'XYZ') {
		a = axisIndex(order[0]);
		b = axisIndex(order[1]);
		c = axisIndex(order[2]);
	}
	const cs = [cx, cy, cz];
	const sn = [sx, sy, sz];
	const A = elementary(a, cs[a], sn[a]);
	const B = elementary(b, cs[b], sn[b]);
	const C = elementary(c, cs[c], sn[c]);
	const BA = mul3(B, A);
	const M = mul3(C, BA);
	const out = new Float64Array(16);
	out[0] = M[0]; out[1] = M[1]; out[2] = M[2];
	out[4] = M[3]; out[5] = M[4]; out[6] = M[5];
	out[8] = M[6]; out[9] = M[7]; out[10] = M[8];
	out[15] = 1;
	return out;
}

const DEG = Math.PI / 180;
const AX = 0;
const AY = 1;
const AZ = 2;
const axisIndex = (ch: string): number => (ch === 'X' ? 0 : ch === 'Y' ? 1 : 2);

/** Column-major 3×3 rotation about one axis. */
function elementary(axis: number, c: number, s: number): number[] {
	if (axis === 0) return [1, 0, 0, 0, c, s, 0, -s, c];
	if (axis === 1) return [c, 0, -s, 0, 1, 0, s, 0, c];
	return [c, s, 0, -s, c, 0, 0, 0, 1];
}

function mul3(a: number[], b: number[]): number[] {
	const o = new Array<number>(9);
	for (let col = 0; col < 3; col++) {
		const b0 = b[col * 3], b1 = b[col * 3 + 1], b2 = b[col * 3 + 2];
		for (let r = 0; r < 3; r++) o[col * 3 + r] = a[r] * b0 + a[3 + r] * b1 + a[6 + r] * b2;
	}
	return o;
}

export function invert(m: ArrayLike<number>): Mat4 {
	const out = new Float64Array(16);
	const a00 = m[0], a01 = m[1], a02 = m[2], a03 = m[3];
	const a10 = m[4], a11 = m[5], a12 = m[6], a13 = m[7];
	const a20 = m[8], a21 = m[9], a22 = m[10], a23 = m[11];
	const a30 = m[12], a31 = m[13], a32 = m[14], a33 = m[15];
	const b00 = a00 * a11 - a01 * a10;
	const b01 = a00 * a12 - a02 * a10;
	const b02 = a00 * a13 - a03 * a10;
	const b03 = a01 * a12 - a02 * a11;
	const b04 = a01 * a13 - a03 * a11;
	const b05 = a02 * a13 - a03 * a12;
	const b06 = a20 * a31 - a21 * a30;
	const b07 = a20 * a32 - a22 * a30;
	const b08 = a20 * a33 - a23 * a30;
	const b09 = a21 * a32 - a22 * a31;
	const b10 = a21 * a33 - a23 * a31;
	const b11 = a22 * a33 - a23 * a32;
	const det = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
	if (!det || !Number.isFinite(det)) return identity();
	const id = 1 / det;
	out[0] = (a11 * b11 - a12 * b10 + a13 * b09) * id;
	out[1] = (a02 * b10 - a01 * b11 - a03 * b09) * id;
	out[2] = (a31 * b05 - a32 * b04 + a33 * b03) * id;
	out[3] = (a22 * b04 - a21 * b05 - a23 * b03) * id;
	out[4] = (a12 * b08 - a10 * b11 - a13 * b07) * id;
	out[5] = (a00 * b11 - a02 * b08 + a03 * b07) * id;
	out[6] = (a32 * b02 - a30 * b05 - a33 * b01) * id;
	out[7] = (a20 * b05 - a22 * b02 + a23 * b01) * id;
	out[8] = (a10 * b10 - a11 * b08 + a13 * b06) * id;
	out[9] = (a01 * b08 - a00 * b10 - a03 * b06) * id;
	out[10] = (a30 * b04 - a31 * b02 + a33 * b00) * id;
	out[11] = (a21 * b02 - a20 * b04 - a23 * b00) * id;
	out[12] = (a11 * b07 - a10 * b09 - a12 * b06) * id;
	out[13] = (a00 * b09 - a01 * b07 + a02 * b06) * id;
	out[14] = (a31 * b01 - a30 * b03 - a32 * b00) * id;
	out[15] = (a20 * b03 - a21 * b01 + a22 * b00) * id;
	return out;
}

export const det3 = mat4Det3;

export function transformPoint(m: ArrayLike<number>, x: number, y: number, z: number, out: number[] | Float32Array, o = 0): void {
	out[o] = m[0] * x + m[4] * y + m[8] * z + m[12];
	out[o + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
	out[o + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
}

export function transformDir(m: ArrayLike<number>, x: number, y: number, z: number, out: number[] | Float32Array, o = 0): void {
	out[o] = m[0] * x + m[4] * y + m[8] * z;
	out[o + 1] = m[1] * x + m[5] * y + m[9] * z;
	out[o + 2] = m[2] * x + m[6] * y + m[10] * z;
}

/** Inverse-transpose of the upper 3×3 (for normals), as a Mat4. */
export function normalMatrix(m: ArrayLike<number>): Mat4 {
	const r = Float64Array.from(m);
	r[12] = r[13] = r[14] = 0;
	const inv = invert(r);
	const out = identity();
	for (let c = 0; c < 3; c++) for (let rr = 0; rr < 3; rr++) out[c * 4 + rr] = inv[rr * 4 + c];
	return out;
}

export function quatFromRotationMatrix(m: ArrayLike<number>): Quat {
	// m is a pure rotation (columns normalised)
	const m11 = m[0], m12 = m[4], m13 = m[8];
	const m21 = m[1], m22 = m[5], m23 = m[9];
	const m31 = m[2], m32 = m[6], m33 = m[10];
	const trace = m11 + m22 + m33;
	let x: number, y: number, z: number, w: number;
	if (trace > 0) {
		const s = 0.5 / Math.sqrt(trace + 1);
		w = 0.25 / s;
		x = (m32 - m23) * s;
		y = (m13 - m31) * s;
		z = (m21 - m12) * s;
	} else if (m11 > m22 && m11 > m33) {
		const s = 2 * Math.sqrt(1 + m11 - m22 - m33);
		w = (m32 - m23) / s;
		x = 0.25 * s;
		y = (m12 + m21) / s;
		z = (m13 + m31) / s;
	} else if (m22 > m33) {
		const s = 2 * Math.sqrt(1 + m22 - m11 - m33);
		w = (m13 - m31) / s;
		x = (m12 + m21) / s;
		y = 0.25 * s;
		z = (m23 + m32) / s;
	} else {
		const s = 2 * Math.sqrt(1 + m33 - m11 - m22);
		w = (m21 - m12) / s;
		x = (m13 + m31) / s;
		y = (m23 + m32) / s;
		z = 0.25 * s;
	}
	const len = Math.hypot(x, y, z, w) || 1;
	return [x / len, y / len, z / len, w / len];
}

/** Decomposes into translation, rotation quaternion and scale (negative determinant → negative X scale). */
export function decompose(m: ArrayLike<number>): { t: Vec3; r: Quat; s: Vec3 } {
	let sx = Math.hypot(m[0], m[1], m[2]);
	const sy = Math.hypot(m[4], m[5], m[6]);
	const sz = Math.hypot(m[8], m[9], m[10]);
	if (det3(m) < 0) sx = -sx;
	const r = new Float64Array(16);
	const inv = (v: number): number => (v === 0 ? 0 : 1 / v);
	const ix = inv(sx), iy = inv(sy), iz = inv(sz);
	r[0] = m[0] * ix; r[1] = m[1] * ix; r[2] = m[2] * ix;
	r[4] = m[4] * iy; r[5] = m[5] * iy; r[6] = m[6] * iy;
	r[8] = m[8] * iz; r[9] = m[9] * iz; r[10] = m[10] * iz;
	r[15] = 1;
	const q = sx === 0 || sy === 0 || sz === 0 ? ([0, 0, 0, 1] as Quat) : quatFromRotationMatrix(r);
	return { t: [m[12], m[13], m[14]], r: q, s: [sx, sy, sz] };
}

export function compose(t: ArrayLike<number>, q: ArrayLike<number>, s: ArrayLike<number>): Mat4 {
	const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
	const x2 = x + x, y2 = y + y, z2 = z + z;
	const xx = x * x2, xy = x * y2, xz = x * z2;
	const yy = y * y2, yz = y * z2, zz = z * z2;
	const wx = w * x2, wy = w * y2, wz = w * z2;
	const m = new Float64Array(16);
	m[0] = (1 - (yy + zz)) * s[0];
	m[1] = (xy + wz) * s[0];
	m[2] = (xz - wy) * s[0];
	m[4] = (xy - wz) * s[1];
	m[5] = (1 - (xx + zz)) * s[1];
	m[6] = (yz + wx) * s[1];
	m[8] = (xz + wy) * s[2];
	m[9] = (yz - wx) * s[2];
	m[10] = (1 - (xx + yy)) * s[2];
	m[12] = t[0];
	m[13] = t[1];
	m[14] = t[2];
	m[15] = 1;
	return m;
}

/** Largest absolute element difference. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let d = 0;
	for (let i = 0; i < 16; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
	return d;
}
