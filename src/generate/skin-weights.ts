/** Skin weights: dense per-joint weights → at most 4 influences, normalised. */

export interface PackedWeights {
	joints: Uint8Array;
	weights: Float32Array;
}

/**
 * Keeps the `max` largest weights of each vertex (ties broken by joint
 * index), renormalises them so that the float32 values sum to 1, and packs
 * them as JOINTS_0 / WEIGHTS_0. Unused slots get weight 0 and joint 0.
 */
export function packWeights(dense: Float64Array, jointCount: number, max = 4): PackedWeights {
	const n = dense.length / jointCount;
	const joints = new Uint8Array(n * 4);
	const weights = new Float32Array(n * 4);
	const idx = new Int32Array(max);
	const val = new Float64Array(max);
	for (let v = 0; v < n; v++) {
		idx.fill(-1);
		val.fill(0);
		const base = v * jointCount;
		for (let j = 0; j < jointCount; j++) {
			const w = dense[base + j];
			if (!(w > 1e-6)) continue;
			let k = max - 1;
			if (w <= val[k]) continue;
			while (k > 0 && w > val[k - 1]) {
				val[k] = val[k - 1];
				idx[k] = idx[k - 1];
				k--;
			}
			val[k] = w;
			idx[k] = j;
		}
		let sum = 0;
		for (let k = 0; k < max; k++) sum += val[k];
		if (sum <= 0) {
			val[0] = 1;
			idx[0] = 0;
			sum = 1;
		}
		let acc = 0;
		let last = 0;
		for (let k = 0; k < max; k++) if (idx[k] >= 0) last = k;
		for (let k = 0; k < 4; k++) {
			if (k < max && idx[k] >= 0) {
				joints[4 * v + k] = idx[k];
				const w = k === last ? Math.fround(1 - acc) : Math.fround(val[k] / sum);
				weights[4 * v + k] = w;
				acc += w;
			}
		}
	}
	return { joints, weights };
}
