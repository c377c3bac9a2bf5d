/** Flat xyz vector arrays. */

/** Scales every xyz triple of `v` to unit length in place (zero vectors stay zero). Returns `v`. */
export function normalizeEach<T extends Float32Array | Float64Array>(v: T): T {
	for (let i = 0; i < v.length; i += 3) {
		const l = Math.hypot(v[i], v[i + 1], v[i + 2]) || 1;
		v[i] /= l;
		v[i + 1] /= l;
		v[i + 2] /= l;
	}
	return v;
}
