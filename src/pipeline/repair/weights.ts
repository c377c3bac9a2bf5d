/**
 * Skin weights (JOINTS_n / WEIGHTS_n), per skinned vertex:
 * - more non-zero influences than `maxInfluences`: the largest are kept, the
 *   rest set to 0 (their joint index stays), then the vertex is renormalised;
 *   trailing JOINTS_n/WEIGHTS_n sets left all zero are removed;
 * - weights not summing to 1 (beyond 1e-4, or one quantization step) are
 *   divided by their sum; quantized weights are rounded so the integer sum is
 *   exact;
 * - a vertex with no weight at all takes the joints and weights of the
 *   nearest weighted vertex across the triangles (breadth-first), else weight
 *   1 on the joint whose bind position is nearest.
 */
import type { Accessor, Document, Node, Primitive, Transform } from '@gltf-transform/core';
import { namedTransform } from '../named-transform.js';
import { listPrims, readFloats, readTriangles, reportFix, reportUnfixed, type StepOptions, stepReport, whereOf } from './util.js';

export const WEIGHTS = 'repairWeights';

export interface WeightsOptions extends StepOptions {
	/** Most non-zero influences per vertex (the platform's `maxInfluences`); default: no limit. */
	maxInfluences?: number;
}

interface WeightSet {
	joints: Accessor;
	weights: Accessor;
	j: ArrayLike<number> & { [i: number]: number };
	w: Float32Array;
	/** Quantized max (255/65535) or 0 for float. */
	qmax: number;
	size: number;
}

function readSets(prim: Primitive): WeightSet[] {
	const sets: WeightSet[] = [];
	for (let s = 0; ; s++) {
		const joints = prim.getAttribute(`JOINTS_${s}`);
		const weights = prim.getAttribute(`WEIGHTS_${s}`);
		if (!joints || !weights) break;
		const array = weights.getArray();
		const j = joints.getArray();
		if (!array || !j) break;
		const qmax = array instanceof Uint8Array ? 255 : array instanceof Uint16Array ? 65535 : 0;
		sets.push({ joints, weights, j: j as WeightSet['j'], w: readFloats(weights).slice(), qmax, size: Math.min(4, weights.getElementSize()) });
	}
	return sets;
}

function skinOf(prim: Primitive, document: Document) {
	for (const node of document.getRoot().listNodes()) {
		const skin = node.getSkin();
		if (skin && node.getMesh()?.listPrimitives().includes(prim)) return skin;
	}
	return null;
}

function bindPositions(document: Document, prim: Primitive): Float64Array | null {
	const skin = skinOf(prim, document);
	if (!skin) return null;
	const joints = skin.listJoints();
	const ibm = skin.getInverseBindMatrices();
	const out = new Float64Array(joints.length * 3);
	joints.forEach((joint: Node, j) => {
		if (ibm) {
			// Translation of inverse(IBM): −Rᵀ·t for a rigid IBM (scale cancels for the nearest-joint test well enough).
			const m = readFloats(ibm).subarray(j * 16, j * 16 + 16);
			const tx = m[12], ty = m[13], tz = m[14];
			out[j * 3] = -(m[0] * tx + m[1] * ty + m[2] * tz);
			out[j * 3 + 1] = -(m[4] * tx + m[5] * ty + m[6] * tz);
			out[j * 3 + 2] = -(m[8] * tx + m[9] * ty + m[10] * tz);
		} else {
			const w = joint.getWorldTranslation();
			out.set(w, j * 3);
		}
	});
	return out;
}

export function repairWeights(options: WeightsOptions = {}): Transform {
	const limit = options.maxInfluences ?? Infinity;
	return namedTransform(WEIGHTS, (document: Document) => {
		const report = stepReport(options);
		const refs = listPrims(document);
		refs.forEach((ref, i) => {
			options.onProgress?.(WEIGHTS, (i + 1) / refs.length);
			const prim = ref.primitive;
			const sets = readSets(prim);
			if (sets.length === 0) return;
			const n = Math.min(...sets.map((s) => s.weights.getCount()), prim.getAttribute('POSITION')?.getCount() ?? 0);
			const slots = sets.length * 4;
			// Float weights: anything over ~1 float32 ulp off (what gltf-validator's ACCESSOR_WEIGHTS_NON_NORMALIZED flags).
			const tol = Math.max(1.2e-7, ...sets.map((s) => (s.qmax ? (s.size * sets.length) / s.qmax : 0)));
			const vw = new Float64Array(slots);
			const order: number[] = [];
			let limited = 0;
			let normalised = 0;
			let empty = 0;
			const changed = new Uint8Array(n);
			const emptyList: number[] = [];
			for (let v = 0; v < n; v++) {
				let nonZero = 0;
				let sum = 0;
				for (let s = 0; s < sets.length; s++) {
					for (let c = 0; c < 4; c++) {
						const w = c < sets[s].size ? sets[s].w[v * sets[s].size + c] : 0;
						const x = Number.isFinite(w) && w > 0 ? w : 0;
						vw[s * 4 + c] = x;
						if (x > 0) nonZero++;
						sum += x;
					}
				}
				if (sum === 0) {
					empty++;
					emptyList.push(v);
					continue;
				}
				let touch = false;
				if (nonZero > limit) {
					order.length = 0;
					for (let k = 0; k < slots; k++) if (vw[k] > 0) order.push(k);
					order.sort((a, b) => vw[b] - vw[a] || a - b);
					for (let k = limit; k < order.length; k++) vw[order[k]] = 0;
					limited++;
					touch = true;
					sum = 0;
					for (let k = 0; k < slots; k++) sum += vw[k];
				}
				if (Math.abs(sum - 1) > tol || touch) {
					if (!touch) normalised++;
					touch = true;
				}
				if (!touch) continue;
				changed[v] = 1;
				for (let s = 0; s < sets.length; s++) for (let c = 0; c < sets[s].size; c++) sets[s].w[v * sets[s].size + c] = vw[s * 4 + c] / sum;
			}
			let unfixedEmpty = 0;
			if (empty > 0) {
				// Borrow from the nearest weighted vertex across the triangles.
				const read = readTriangles(prim);
				const isEmpty = new Uint8Array(n);
				for (const v of emptyList) isEmpty[v] = 1;
				const source = new Int32Array(n).fill(-1);
				if (read) {
					const degree = new Uint32Array(n + 1);
					const tris = read.tris;
					for (let k = 0; k < tris.length; k++) degree[tris[k]] += 2;
					const start = new Uint32Array(n + 1);
					for (let v = 0; v < n; v++) start[v + 1] = start[v] + degree[v];
					const fill = start.slice(0, n);
					const adj = new Uint32Array(start[n]);
					for (let t = 0; t < tris.length; t += 3) {
						for (let k = 0; k < 3; k++) {
							const a = tris[t + k];
							adj[fill[a]++] = tris[t + ((k + 1) % 3)];
							adj[fill[a]++] = tris[t + ((k + 2) % 3)];
						}
					}
					// Multi-source BFS from every weighted vertex.
					const queue = new Int32Array(n);
					let head = 0;
					let tail = 0;
					for (let v = 0; v < n; v++) {
						if (!isEmpty[v]) {
							source[v] = v;
							queue[tail++] = v;
						}
					}
					while (head < tail) {
						const v = queue[head++];
						for (let k = start[v]; k < start[v + 1]; k++) {
							const u = adj[k];
							if (source[u] !== -1) continue;
							source[u] = source[v];
							queue[tail++] = u;
						}
					}
				}
				const joints = bindPositions(document, prim);
				const p = readFloats(prim.getAttribute('POSITION')!);
				for (const v of emptyList) {
					const src = source[v];
					if (src >= 0 && src !== v) {
						for (const set of sets) {
							for (let c = 0; c < set.size; c++) {
								set.w[v * set.size + c] = set.w[src * set.size + c];
								set.j[v * set.size + c] = set.j[src * set.size + c];
							}
						}
					} else if (joints && joints.length > 0) {
						let best = 0;
						let bestD = Infinity;
						for (let j = 0; j < joints.length / 3; j++) {
							const d = (joints[j * 3] - p[v * 3]) ** 2 + (joints[j * 3 + 1] - p[v * 3 + 1]) ** 2 + (joints[j * 3 + 2] - p[v * 3 + 2]) ** 2;
							if (d < bestD) {
								bestD = d;
								best = j;
							}
						}
						for (const set of sets) {
							for (let c = 0; c < set.size; c++) {
								set.w[v * set.size + c] = 0;
								set.j[v * set.size + c] = 0;
							}
						}
						sets[0].w[v * sets[0].size] = 1;
						sets[0].j[v * sets[0].size] = best;
					} else {
						unfixedEmpty++;
						continue;
					}
					changed[v] = 1;
				}
			}
			if (limited + normalised + empty === 0) return;
			// Write back; quantized sets get integer values whose sum is exact.
			for (const set of sets) {
				if (!set.qmax) {
					const array = set.weights.getArray() as Float32Array;
					for (let v = 0; v < n; v++) if (changed[v]) for (let c = 0; c < set.size; c++) array[v * set.size + c] = set.w[v * set.size + c];
				}
			}
			if (sets.every((s) => !s.qmax)) {
				// Put the float32 rounding residue on the largest weight so the stored sum is 1 to within an ulp.
				for (let v = 0; v < n; v++) {
					if (!changed[v]) continue;
					for (let pass = 0; pass < 2; pass++) {
						let sum = 0;
						let bestSet = sets[0];
						let bestC = 0;
						for (const set of sets) {
							const a = set.weights.getArray() as Float32Array;
							for (let c = 0; c < set.size; c++) {
								sum += a[v * set.size + c];
								if (a[v * set.size + c] > (bestSet.weights.getArray() as Float32Array)[v * bestSet.size + bestC]) {
									bestSet = set;
									bestC = c;
								}
							}
						}
						if (sum === 1) break;
						(bestSet.weights.getArray() as Float32Array)[v * bestSet.size + bestC] += 1 - sum;
					}
				}
			}
			if (sets.some((s) => s.qmax)) {
				for (let v = 0; v < n; v++) {
					if (!changed[v]) continue;
					for (const set of sets) {
						if (!set.qmax) continue;
						const array = set.weights.getArray() as Uint8Array | Uint16Array;
						let total = 0;
						let biggest = 0;
						for (let c = 0; c < set.size; c++) {
							const q = Math.round(set.w[v * set.size + c] * set.qmax);
							array[v * set.size + c] = q;
							total += q;
							if (q > array[v * set.size + biggest]) biggest = c;
						}
						// Only a single quantized set can be made exact on its own; put the rounding error on the largest weight.
						if (sets.length === 1 && total !== set.qmax && total > 0) array[v * set.size + biggest] += set.qmax - total;
					}
				}
			}
			// Trailing sets that hold no weight any more go.
			for (let s = sets.length - 1; s >= 1; s--) {
				const w = sets[s].weights.getArray()!;
				let any = false;
				for (let k = 0; k < n * sets[s].size && !any; k++) if (w[k] !== 0) any = true;
				if (any) break;
				const { joints, weights } = sets[s];
				prim.setAttribute(`JOINTS_${s}`, null);
				prim.setAttribute(`WEIGHTS_${s}`, null);
				if (joints.listParents().length <= 1) joints.dispose();
				if (weights.listParents().length <= 1) weights.dispose();
			}
			const where = { ...whereOf(ref) };
			if (limited) reportFix(report, 'FIXED_TOO_MANY_INFLUENCES', { ...where, count: limited }, `vertices with more than ${limit} bone influences`, limited, 0, 'smallest influences dropped, the rest renormalised');
			if (normalised) reportFix(report, 'FIXED_UNNORMALIZED_WEIGHTS', { ...where, count: normalised }, 'vertices whose weights do not sum to 1', normalised, 0, 'divided by their sum');
			if (empty - unfixedEmpty > 0) reportFix(report, 'FIXED_EMPTY_WEIGHTS', { ...where, count: empty - unfixedEmpty }, 'skinned vertices with no weight', empty, unfixedEmpty, 'weights taken from the nearest weighted vertex, else the nearest joint');
			if (unfixedEmpty) reportUnfixed(report, 'UNFIXED_EMPTY_WEIGHTS', { ...where, count: unfixedEmpty }, `${ref.meshName} primitive ${ref.primitiveIndex}: ${unfixedEmpty} vertices have no skin weight, and neither a weighted neighbour nor a skin joint to take one from`);
		});
	});
}
