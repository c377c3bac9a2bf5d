import type { Accessor } from '@gltf-transform/core';
import type { Finding } from '../../report.js';
import { readFloats } from '../../geometry/accessors.js';
import { type PrimitiveInfo, SAMPLE_SIZE } from '../analysis.js';
import type { Rule } from '../types.js';
import { finding, limitSeverity, plural, primitiveWhere } from './util.js';

interface WeightSets {
	/** Per set: weights as floats and their element size. */
	sets: { weights: Float32Array; size: number; accessor: Accessor }[];
}

function weightSets(info: PrimitiveInfo): WeightSets | null {
	const sets: WeightSets['sets'] = [];
	for (let s = 0; ; s++) {
		const w = info.primitive.getAttribute(`WEIGHTS_${s}`);
		if (!w) break;
		sets.push({ weights: readFloats(w), size: w.getElementSize(), accessor: w });
	}
	return sets.length > 0 ? { sets } : null;
}

/** More non-zero weights on one vertex than the platform skins with. */
export const tooManyInfluences: Rule = {
	code: 'TOO_MANY_INFLUENCES',
	title: 'Too many bone influences',
	description: 'Vertices with more non-zero weights (across all WEIGHTS_n sets) than the platform\'s maxInfluences.',
	severity: 'error',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		const limit = context.platform.maxInfluences;
		for (const info of context.analysis.primitives()) {
			const ws = weightSets(info);
			if (!ws) continue;
			const n = info.vertexCount;
			let count = 0;
			let most = 0;
			const sample: number[] = [];
			for (let v = 0; v < n; v++) {
				let k = 0;
				for (const set of ws.sets) {
					const base = v * set.size;
					for (let c = 0; c < set.size; c++) if (set.weights[base + c] > 0) k++;
				}
				if (k > most) most = k;
				if (k > limit) {
					count++;
					if (sample.length < SAMPLE_SIZE) sample.push(v);
				}
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					limitSeverity(context),
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'vertex', 'vertices')} with more than ${limit} bone influences (up to ${most}); ${context.platform.displayName} skins with ${limit}`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: `Limit to ${limit} influences per vertex`,
						description: `Keep the ${limit} largest weights of each vertex and renormalise them to sum to 1. The engine would otherwise drop the extra influences itself, without renormalising, which can tear the mesh.`,
						confidence: 0.9,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** Weights whose sum is not 1. */
export const unnormalizedWeights: Rule = {
	code: 'UNNORMALIZED_WEIGHTS',
	title: 'Unnormalised weights',
	description: 'Skinned vertices whose weights (across all WEIGHTS_n) do not sum to 1 ± 1e-3 (± the quantization step for integer weights), including vertices with no weight at all.',
	severity: 'warning',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const ws = weightSets(info);
			if (!ws) continue;
			let tolerance = 1e-3;
			for (const set of ws.sets) {
				const array = set.accessor.getArray();
				if (array instanceof Uint8Array) tolerance = Math.max(tolerance, (set.size * ws.sets.length) / 255);
				else if (array instanceof Uint16Array) tolerance = Math.max(tolerance, (set.size * ws.sets.length) / 65535);
			}
			const n = info.vertexCount;
			let count = 0;
			let empty = 0;
			let worst = 0;
			const sample: number[] = [];
			for (let v = 0; v < n; v++) {
				let sum = 0;
				for (const set of ws.sets) {
					const base = v * set.size;
					for (let c = 0; c < set.size; c++) sum += set.weights[base + c];
				}
				if (!Number.isFinite(sum)) continue; // NON_FINITE_VALUES
				const off = Math.abs(sum - 1);
				if (off <= tolerance) continue;
				count++;
				if (sum === 0) empty++;
				if (off > worst) worst = off;
				if (sample.length < SAMPLE_SIZE) sample.push(v);
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'vertex', 'vertices')} whose weights do not sum to 1${empty ? ` (${empty} with no weight at all)` : ''}; largest error ${worst.toFixed(3)}`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: 'Normalise skin weights',
						description: empty
							? 'Divide each vertex\'s weights by their sum; vertices with no weight need one (e.g. from the nearest weighted vertex) or they stay at the origin in some engines.'
							: 'Divide each vertex\'s weights by their sum. Unnormalised weights scale the skinned vertex towards or away from the origin when the rig moves.',
						confidence: empty ? 0.7 : 0.95,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** More joints in one skin than the platform allows. */
export const tooManyJoints: Rule = {
	code: 'TOO_MANY_JOINTS',
	title: 'Too many joints per skin',
	description: 'Skins with more joints than the platform\'s maxBonesPerSkin.',
	severity: 'error',
	autoFixable: false,
	check(document, context) {
		const out: Finding[] = [];
		const limit = context.platform.maxBonesPerSkin;
		document
			.getRoot()
			.listSkins()
			.forEach((skin, s) => {
				const joints = skin.listJoints().length;
				if (joints <= limit) return;
				out.push(
					finding(
						this.code,
						limitSeverity(context),
						`skin ${skin.getName() ? `"${skin.getName()}"` : s} has ${joints} joints; ${context.platform.displayName} allows ${limit}`,
						{ skin: skin.getName() || undefined, pointer: `/skins/${s}`, count: joints },
						{
							title: 'Reduce the joint count',
							description: `Remove unweighted and helper joints, merge twist/leaf bones into their parents, or split the mesh into parts with their own skins, to stay within ${limit} joints.`,
							confidence: 0.6,
							auto_fixable: false,
						},
					),
				);
			});
		return out;
	},
};
