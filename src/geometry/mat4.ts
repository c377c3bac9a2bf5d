/** Column-major 4×4 matrices (glTF layout) as flat arrays of 16 numbers. */

/** out = a × b (column-major); `out` may not alias `a` or `b`. Returns `out`. */
export function mat4Multiply<T extends Float64Array | number[]>(out: T, a: ArrayLike<number>, b: ArrayLike<number>): T {
	for (let c = 0; c < 4; c++) {
		const b0 = b[c * 4], b1 = b[c * 4 + 1], b2 = b[c * 4 + 2], b3 = b[c * 4 + 3];
		out[c * 4] = a[0] * b0 + a[4] * b1 + a[8] * b2 + a[12] * b3;
		out[c * 4 + 1] = a[1] * b0 + a[5] * b1 + a[9] * b2 + a[13] * b3;
		out[c * 4 + 2] = a[2] * b0 + a[6] * b1 + a[10] * b2 + a[14] * b3;
		out[c * 4 + 3] = a[3] * b0 + a[7] * b1 + a[11] * b2 + a[15] * b3;
	}
	return out;
}

/** a × b as a new Float64Array. */
export function mat4Product(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
	return mat4Multiply(new Float64Array(16), a, b);
}

/** Determinant of the upper-left 3×3 block (its sign is the transform's handedness). */
export function mat4Det3(m: ArrayLike<number>): number {
	return m[0] * (m[5] * m[10] - m[6] * m[9]) - m[4] * (m[1] * m[10] - m[2] * m[9]) + m[8] * (m[1] * m[6] - m[2] * m[5]);
}

/** `count` xyz points of `src` (default all) transformed by m (w = 1) into `out` (may be `src`). Returns `out`. */
export function transformPoints<T extends Float32Array | Float64Array>(m: ArrayLike<number>, src: ArrayLike<number>, out: T, count = Math.floor(src.length / 3)): T {
	for (let i = 0; i < count * 3; i += 3) {
		const x = src[i], y = src[i + 1], z = src[i + 2];
		out[i] = m[0] * x + m[4] * y + m[8] * z + m[12];
		out[i + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
		out[i + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
	}
	return out;
}
