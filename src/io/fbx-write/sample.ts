/** Evaluates glTF animation samplers at arbitrary times (STEP, LINEAR with slerp, CUBICSPLINE). */
import type { AnimationSampler } from '@gltf-transform/core';
import { sampleTrack } from '../../motion/pose.js';

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

/** Value of a sampler at time t (held outside the key range): the pose evaluator's own sampling. */
export function evalSampler(s: SamplerData, t: number, isRotation: boolean): number[] {
	return sampleTrack(s.input, s.output, s.width, s.interpolation, t, isRotation);
}
