/** Evaluates glTF animation samplers at arbitrary times (STEP, LINEAR with slerp, CUBICSPLINE). */
import type { AnimationSampler } from '@gltf-transform/core';

export interface SamplerData {
	input: Float64Array;
	/** Output values, denormalised, `width` per element (cubic: in-tangent, value, out-tangent per key). */
	output: Float64Array;
	width: number;
	interpolation: 'STEP' | 'LINEAR' | 'CUBICSPLINE';
}

export function samplerData(sampler: AnimationSampler): SamplerData | undefined {
	const inAcc = sampler.getInput();
	const outAcc = sampler.getOutput();
	if (!inAcc || !outAcc || inAcc.getCount() === 0) return undefined;
	const n = inAcc.getCount();
	const input = new Float64Array(n);
	for (let i = 0; i < n; i++) input[i] = inAcc.getScalar(i);
	const width = outAcc.getElementSize();
	const total = outAcc.getCount();
	const output = new Float64Array(total * width);
	const el: number[] = [];
	for (let i = 0; i < total; i++) {
		outAcc.getElement(i, el);
		for (let k = 0; k < width; k++) output[i * width + k] = el[k];
	}
	const interpolation = sampler.getInterpolation() as SamplerData['interpolation'];
	// Morph weights: one sampler output holds all targets per key.
	const perKey = interpolation === 'CUBICSPLINE' ? total / 3 / n : total / n;
	return { input, output, width: width * perKey, interpolation };
}

/** Value of a sampler at time t (held outside the key range). */
export function evalSampler(s: SamplerData, t: number, isRotation: boolean): number[] {
	const { input, output, width } = s;
	const n = input.length;
	const cubic = s.interpolation === 'CUBICSPLINE';
	const at = (i: number, part = 1): number[] => {
		const base = cubic ? (i * 3 + part) * width : i * width;
		return Array.from(output.subarray(base, base + width));
	};
	if (n === 1 || t <= input[0]) return at(0);
	if (t >= input[n - 1]) return at(n - 1);
	let lo = 0;
	let hi = n - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (input[mid] <= t) lo = mid;
		else hi = mid;
	}
	const dt = input[hi] - input[lo];
	const f = dt > 0 ? (t - input[lo]) / dt : 0;
	if (s.interpolation === 'STEP') return at(lo);
	if (cubic) {
		const p0 = at(lo), m0 = at(lo, 2), p1 = at(hi), m1 = at(hi, 0);
		const f2 = f * f, f3 = f2 * f;
		const out = p0.map((_, k) => (2 * f3 - 3 * f2 + 1) * p0[k] + (f3 - 2 * f2 + f) * dt * m0[k] + (-2 * f3 + 3 * f2) * p1[k] + (f3 - f2) * dt * m1[k]);
		if (isRotation) normalise(out);
		return out;
	}
	const a = at(lo);
	const b = at(hi);
	if (isRotation) return slerp(a, b, f);
	return a.map((v, k) => v + (b[k] - v) * f);
}

function normalise(q: number[]): void {
	const l = Math.hypot(q[0], q[1], q[2], q[3]) || 1;
	for (let k = 0; k < 4; k++) q[k] /= l;
}

export function slerp(a: number[], b: number[], f: number): number[] {
	let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
	let bb = b;
	if (dot < 0) {
		dot = -dot;
		bb = b.map((v) => -v);
	}
	let wa: number;
	let wb: number;
	if (dot > 0.9995) {
		wa = 1 - f;
		wb = f;
	} else {
		const th = Math.acos(Math.min(1, dot));
		const s = Math.sin(th);
		wa = Math.sin((1 - f) * th) / s;
		wb = Math.sin(f * th) / s;
	}
	const out = [0, 1, 2, 3].map((k) => a[k] * wa + bb[k] * wb);
	normalise(out);
	return out;
}
