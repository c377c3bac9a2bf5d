import type { Accessor } from '@gltf-transform/core';
import type { Finding } from '../../report.js';
import { weldPositions } from '../../geometry/weld-positions.js';
import { SAMPLE_SIZE } from '../analysis.js';
import type { Rule } from '../types.js';
import { finding, plural, primitiveWhere } from './util.js';

type IntView = Uint32Array | Uint16Array | Uint8Array | Int8Array | Int16Array | Int32Array;

/** The accessor's values as integers (floats by their bit pattern), for hashing and exact comparison. */
function intView(accessor: Accessor): IntView | null {
	const array = accessor.getArray();
	if (!array) return null;
	if (array instanceof Float32Array) return new Uint32Array(array.buffer, array.byteOffset, array.length);
	if (array instanceof Float64Array) return null;
	return array as IntView;
}

function equalRows(views: IntView[], sizes: number[], a: number, b: number): boolean {
	for (let k = 0; k < views.length; k++) {
		const view = views[k];
		const size = sizes[k];
		const ia = a * size;
		const ib = b * size;
		for (let c = 0; c < size; c++) if (view[ia + c] !== view[ib + c]) return false;
	}
	return true;
}

/** Vertices whose every attribute (morph targets included) equals an earlier vertex's. */
export const duplicateVertices: Rule = {
	code: 'DUPLICATE_VERTICES',
	title: 'Duplicate vertices',
	description: 'Vertices identical in every attribute (position, normal, UVs, weights, morph targets …) to another vertex of the same primitive.',
	severity: 'info',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const n = info.vertexCount;
			if (n < 2) continue;
			const accessors: Accessor[] = [...info.primitive.listAttributes()];
			for (const target of info.primitive.listTargets()) accessors.push(...target.listAttributes());
			const views: IntView[] = [];
			const sizes: number[] = [];
			let ok = true;
			for (const a of accessors) {
				const v = intView(a);
				if (!v || a.getCount() < n) {
					ok = false;
					break;
				}
				views.push(v);
				sizes.push(a.getElementSize());
			}
			if (!ok || views.length === 0) continue;
			const p = info.positions;
			if (!p) continue;
			// Only vertices at the same position can be duplicates: weld positions first
			// (one hash pass), then compare every attribute within each position group.
			const { ids, unique } = weldPositions(p, n);
			const head = new Int32Array(unique).fill(-1);
			const next = new Int32Array(n).fill(-1);
			let count = 0;
			const sample: number[] = [];
			for (let v = 0; v < n; v++) {
				const id = ids[v];
				let duplicate = false;
				for (let w = head[id]; w !== -1; w = next[w]) {
					if (equalRows(views, sizes, w, v)) {
						duplicate = true;
						break;
					}
				}
				if (duplicate) {
					count++;
					if (sample.length < SAMPLE_SIZE) sample.push(v);
				} else {
					next[v] = head[id];
					head[id] = v;
				}
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'duplicate vertex', 'duplicate vertices')} of ${n}`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: 'Weld duplicate vertices',
						description: 'Identical vertices cost memory and vertex shading and split the mesh topology for tools. Welding them (and re-indexing) changes nothing visible.',
						confidence: 0.95,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

/** Vertices no index refers to. */
export const unreferencedVertices: Rule = {
	code: 'UNREFERENCED_VERTICES',
	title: 'Unreferenced vertices',
	description: 'Vertices of an indexed primitive that no index refers to.',
	severity: 'info',
	autoFixable: true,
	check(_document, context) {
		const out: Finding[] = [];
		for (const info of context.analysis.primitives()) {
			const indices = info.primitive.getIndices()?.getArray();
			const n = info.vertexCount;
			if (!indices || n === 0) continue;
			const used = new Uint8Array(n);
			for (let i = 0; i < indices.length; i++) {
				const v = indices[i];
				if (v < n) used[v] = 1;
			}
			let count = 0;
			const sample: number[] = [];
			for (let v = 0; v < n; v++) {
				if (used[v]) continue;
				count++;
				if (sample.length < SAMPLE_SIZE) sample.push(v);
			}
			if (count === 0) continue;
			out.push(
				finding(
					this.code,
					this.severity,
					`${info.meshName} primitive ${info.primitiveIndex}: ${plural(count, 'vertex', 'vertices')} of ${n} not used by any triangle`,
					primitiveWhere(info, { indices: sample, count }),
					{
						title: 'Remove unreferenced vertices',
						description: 'Unused vertices still cost memory, skinning and morph work, and they distort bounding boxes. Compacting the vertex arrays removes them.',
						confidence: 0.95,
						auto_fixable: true,
					},
				),
			);
		}
		return out;
	},
};

function countNonFinite(array: ArrayLike<number>, elementSize: number): { count: number; sample: number[] } {
	let count = 0;
	const sample: number[] = [];
	let last = -1;
	for (let i = 0; i < array.length; i++) {
		if (Number.isFinite(array[i])) continue;
		const element = Math.floor(i / elementSize);
		if (element === last) continue;
		last = element;
		count++;
		if (sample.length < SAMPLE_SIZE) sample.push(element);
	}
	return { count, sample };
}

/** NaN or ±Infinity in float vertex attributes, morph targets, inverse bind matrices or node transforms. */
export const nonFiniteValues: Rule = {
	code: 'NON_FINITE_VALUES',
	title: 'NaN or infinite values',
	description: 'NaN or ±Infinity in a float vertex attribute, a morph target, an inverse bind matrix or a node transform.',
	severity: 'error',
	autoFixable: true,
	check(document, context) {
		const out: Finding[] = [];
		const suggestion = {
			title: 'Replace or remove non-finite values',
			description: 'NaN/Infinity poison bounds, normals, skinning and physics; most engines reject or hide such meshes. Drop the affected triangles or recompute the values (normals, tangents) from clean positions.',
			confidence: 0.8,
			auto_fixable: true,
		};
		for (const info of context.analysis.primitives()) {
			const check = (accessor: Accessor, semantic: string, pointer: string) => {
				const array = accessor.getArray();
				if (!(array instanceof Float32Array)) return;
				const { count, sample } = countNonFinite(array, accessor.getElementSize());
				if (count === 0) return;
				out.push(
					finding(
						this.code,
						this.severity,
						`${info.meshName} primitive ${info.primitiveIndex}: ${semantic} has ${plural(count, 'element')} with NaN or Infinity`,
						primitiveWhere(info, { pointer, indices: sample, count }),
						suggestion,
					),
				);
			};
			for (const semantic of info.primitive.listSemantics()) {
				check(info.primitive.getAttribute(semantic)!, semantic, `${info.pointer}/attributes/${semantic}`);
			}
			info.primitive.listTargets().forEach((target, t) => {
				for (const semantic of target.listSemantics()) {
					check(target.getAttribute(semantic)!, `morph target ${t} ${semantic}`, `${info.pointer}/targets/${t}/${semantic}`);
				}
			});
		}
		document
			.getRoot()
			.listSkins()
			.forEach((skin, s) => {
				const ibm = skin.getInverseBindMatrices();
				const array = ibm?.getArray();
				if (!ibm || !(array instanceof Float32Array)) return;
				const { count, sample } = countNonFinite(array, 16);
				if (count === 0) return;
				out.push(
					finding(this.code, this.severity, `skin ${skin.getName() || s}: ${plural(count, 'inverse bind matrix', 'inverse bind matrices')} with NaN or Infinity`, { skin: skin.getName() || undefined, pointer: `/skins/${s}/inverseBindMatrices`, indices: sample, count }, { ...suggestion, auto_fixable: false, description: 'Broken inverse bind matrices make the skinned mesh vanish or explode. Recompute them from the joints\' rest pose.' }),
				);
			});
		document
			.getRoot()
			.listNodes()
			.forEach((node, i) => {
				const values = [...node.getTranslation(), ...node.getRotation(), ...node.getScale()];
				if (values.every(Number.isFinite)) return;
				out.push(
					finding(this.code, this.severity, `node ${node.getName() || i}: transform has NaN or Infinity`, { node: node.getName() || undefined, pointer: `/nodes/${i}` }, { ...suggestion, auto_fixable: false, description: 'A non-finite node transform hides or breaks everything under that node. Reset it to a valid transform.' }),
				);
			});
		return out;
	},
};
