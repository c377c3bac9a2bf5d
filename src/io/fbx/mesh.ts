import { AxisError } from '../../errors.js';
import { type Mat4, det3, transformDir, transformPoint } from './math.js';
import { triangulatePolygon } from '../../geometry/triangulate.js';
import { TupleWelder } from './welder.js';
import { childArray, childrenNamed, childString, type FBXNode, type FBXNumArray, propNumber } from './tree.js';

/** One glTF primitive worth of data, before it becomes accessors. */
export interface BuiltPrimitive {
	/** Index into the Model's material list; -1 when the mesh has no material layer. */
	materialIndex: number;
	positions: Float32Array;
	normals?: Float32Array;
	uvs: Float32Array[];
	colors?: Float32Array;
	indices: Uint32Array;
	/** FBX control point of each output vertex (for skin weights and blend shapes). */
	controlPoints: Int32Array;
}

export interface BuiltMesh {
	primitives: BuiltPrimitive[];
	uvNames: string[];
	controlPointCount: number;
	/** Control points as read (untransformed), for blend shapes. */
	warnings: string[];
}

interface LayerElement {
	mapping: string;
	reference: string;
	data: FBXNumArray;
	index?: FBXNumArray;
	stride: number;
	name: string;
}

function readLayerElement(node: FBXNode, dataName: string, indexName: string, stride: number): LayerElement | undefined {
	const data = childArray(node, dataName);
	if (data.length === 0) return undefined;
	const reference = childString(node, 'ReferenceInformationType', 'Direct');
	const index = reference === 'Direct' ? undefined : childArray(node, indexName);
	return {
		mapping: childString(node, 'MappingInformationType', 'ByPolygonVertex'),
		reference,
		data,
		index: index && index.length > 0 ? index : undefined,
		stride,
		name: childString(node, 'Name', ''),
	};
}

const layerIndex = (n: FBXNode): number => propNumber(n.props[0], 0);

/** Resolves a layer element to the element (data) index for one corner; -1 when out of range. */
function elementIndex(e: LayerElement, corner: number, vertex: number, polygon: number): number {
	let i: number;
	switch (e.mapping) {
		case 'ByPolygonVertex':
			i = corner;
			break;
		case 'ByVertice':
		case 'ByVertex':
		case 'ByControlPoint':
			i = vertex;
			break;
		case 'ByPolygon':
			i = polygon;
			break;
		default:
			i = 0; // AllSame (and unsupported ByEdge, reported by the caller)
	}
	if (e.index) {
		if (i < 0 || i >= e.index.length) return -1;
		i = e.index[i];
	}
	return i >= 0 && (i + 1) * e.stride <= e.data.length ? i : -1;
}

export interface MeshBuildOptions {
	/** Applied to positions (geometric transform, bind transform, axis/unit conversion). */
	positionMatrix: Mat4;
	/** Applied to normals (inverse-transpose of positionMatrix's linear part). */
	normalMatrix: Mat4;
	name: string;
}

/** Converts an FBX Geometry (Mesh) node into triangulated, welded primitives, one per material. */
export function buildMesh(geometry: FBXNode, options: MeshBuildOptions): BuiltMesh {
	const warnings: string[] = [];
	const verts = childArray(geometry, 'Vertices');
	const pvi = childArray(geometry, 'PolygonVertexIndex');
	if (verts.length % 3 !== 0) throw new AxisError('FBX_INVALID', `mesh ${options.name}: Vertices length ${verts.length} is not a multiple of 3`);
	const cpCount = verts.length / 3;

	const normalEls = childrenNamed(geometry, 'LayerElementNormal').sort((a, b) => layerIndex(a) - layerIndex(b));
	const normals = normalEls.length ? readLayerElement(normalEls[0], 'Normals', 'NormalsIndex', 3) : undefined;
	const uvEls = childrenNamed(geometry, 'LayerElementUV').sort((a, b) => layerIndex(a) - layerIndex(b));
	const uvs = uvEls.map((n) => readLayerElement(n, 'UV', 'UVIndex', 2)).filter((e): e is LayerElement => !!e);
	const colorEls = childrenNamed(geometry, 'LayerElementColor').sort((a, b) => layerIndex(a) - layerIndex(b));
	const colors = colorEls.length ? readLayerElement(colorEls[0], 'Colors', 'ColorIndex', 4) : undefined;
	const matEl = childrenNamed(geometry, 'LayerElementMaterial').sort((a, b) => layerIndex(a) - layerIndex(b))[0];
	const materials = matEl ? childArray(matEl, 'Materials') : undefined;
	const matMapping = matEl ? childString(matEl, 'MappingInformationType', 'AllSame') : 'AllSame';
	for (const e of [normals, colors, ...uvs]) {
		if (e && !['ByPolygonVertex', 'ByVertice', 'ByVertex', 'ByControlPoint', 'ByPolygon', 'AllSame'].includes(e.mapping)) {
			warnings.push(`mesh ${options.name}: layer mapping ${e.mapping} is not supported; using the first element`);
		}
	}

	const M = options.positionMatrix;
	const N = options.normalMatrix;
	const flip = det3(M) < 0;

	interface Acc {
		materialIndex: number;
		welder: TupleWelder;
		pos: number[];
		nrm: number[];
		uv: number[][];
		col: number[];
		cps: number[];
		idx: number[];
	}
	const accs = new Map<number, Acc>();
	const getAcc = (m: number): Acc => {
		let a = accs.get(m);
		if (!a) {
			a = { materialIndex: m, welder: new TupleWelder(width, Math.max(64, pvi.length >> 2)), pos: [], nrm: [], uv: uvs.map(() => []), col: [], cps: [], idx: [] };
			accs.set(m, a);
		}
		return a;
	};

	const width = 1 + (normals ? 3 : 0) + uvs.length * 2 + (colors ? 4 : 0);
	const tuple = new Float64Array(width);
	const uvi: number[] = uvs.map(() => -1);
	const polyPos: number[] = [];
	const polyVerts: number[] = [];
	const tris: number[] = [];
	const tmp = [0, 0, 0];
	let polygon = 0;
	let start = 0;
	let badPolys = 0;
	let badRefs = 0;
	for (let k = 0; k < pvi.length; k++) {
		const raw = pvi[k];
		if (raw >= 0 && k !== pvi.length - 1) continue;
		// polygon [start, k]
		const n = k - start + 1;
		let ok = n >= 3;
		for (let c = start; c <= k && ok; c++) {
			const r = pvi[c];
			const vi = r < 0 ? -r - 1 : r;
			if (!Number.isInteger(vi) || vi >= cpCount) ok = false;
		}
		if (!ok) {
			badPolys++;
			polygon++;
			start = k + 1;
			continue;
		}
		let matIndex = -1;
		if (materials && materials.length > 0) {
			const mi = matMapping === 'ByPolygon' ? polygon : 0;
			matIndex = mi < materials.length ? materials[mi] : materials[0];
		}
		const acc = getAcc(matIndex);
		polyPos.length = 0;
		polyVerts.length = 0;
		for (let c = start; c <= k; c++) {
			const r = pvi[c];
			const vi = r < 0 ? -r - 1 : r;
			const x = verts[vi * 3], y = verts[vi * 3 + 1], z = verts[vi * 3 + 2];
			polyPos.push(x, y, z);
			tuple[0] = vi;
			let w = 1;
			let ni = -1;
			if (normals) {
				ni = elementIndex(normals, c, vi, polygon);
				if (ni < 0) badRefs++;
				tuple[w++] = ni < 0 ? Number.NaN : normals.data[ni * 3];
				tuple[w++] = ni < 0 ? 0 : normals.data[ni * 3 + 1];
				tuple[w++] = ni < 0 ? 0 : normals.data[ni * 3 + 2];
			}
			for (let u = 0; u < uvs.length; u++) {
				const e = uvs[u];
				const ui = elementIndex(e, c, vi, polygon);
				if (ui < 0) badRefs++;
				uvi[u] = ui;
				tuple[w++] = ui < 0 ? 0 : e.data[ui * 2];
				tuple[w++] = ui < 0 ? 0 : e.data[ui * 2 + 1];
			}
			let ci = -1;
			if (colors) {
				ci = elementIndex(colors, c, vi, polygon);
				if (ci < 0) badRefs++;
				for (let q = 0; q < 4; q++) tuple[w++] = ci < 0 ? 1 : colors.data[ci * 4 + q];
			}
			const out = acc.welder.add(tuple);
			if (out === acc.cps.length) {
				acc.cps.push(vi);
				transformPoint(M, x, y, z, tmp);
				acc.pos.push(tmp[0], tmp[1], tmp[2]);
				if (normals) {
					if (ni >= 0) {
						transformDir(N, normals.data[ni * 3], normals.data[ni * 3 + 1], normals.data[ni * 3 + 2], tmp);
						const l = Math.hypot(tmp[0], tmp[1], tmp[2]);
						if (l > 0 && Number.isFinite(l)) acc.nrm.push(tmp[0] / l, tmp[1] / l, tmp[2] / l);
						else acc.nrm.push(0, 1, 0);
					} else acc.nrm.push(0, 1, 0);
				}
				for (let u = 0; u < uvs.length; u++) {
					const ui = uvi[u];
					const data = uvs[u].data;
					// FBX V runs bottom-up; glTF's runs top-down.
					if (ui >= 0) acc.uv[u].push(data[ui * 2], 1 - data[ui * 2 + 1]);
					else acc.uv[u].push(0, 0);
				}
				if (colors) {
					if (ci >= 0) acc.col.push(colors.data[ci * 4], colors.data[ci * 4 + 1], colors.data[ci * 4 + 2], colors.data[ci * 4 + 3]);
					else acc.col.push(1, 1, 1, 1);
				}
			}
			polyVerts.push(out);
		}
		tris.length = 0;
		triangulatePolygon(polyPos, n, tris);
		for (let t = 0; t < tris.length; t += 3) {
			const a = polyVerts[tris[t]], b = polyVerts[tris[t + 1]], c = polyVerts[tris[t + 2]];
			if (a === b || b === c || a === c) continue;
			if (flip) acc.idx.push(a, c, b);
			else acc.idx.push(a, b, c);
		}
		polygon++;
		start = k + 1;
	}
	if (badPolys) warnings.push(`mesh ${options.name}: skipped ${badPolys} polygon(s) with fewer than 3 corners or out-of-range vertex indices`);
	if (badRefs) warnings.push(`mesh ${options.name}: ${badRefs} out-of-range normal/UV/colour references (defaults used)`);

	const primitives: BuiltPrimitive[] = [];
	for (const acc of [...accs.values()].sort((a, b) => a.materialIndex - b.materialIndex)) {
		if (acc.idx.length === 0) continue;
		primitives.push({
			materialIndex: acc.materialIndex,
			positions: Float32Array.from(acc.pos),
			normals: normals ? Float32Array.from(acc.nrm) : undefined,
			uvs: acc.uv.map((u) => Float32Array.from(u)),
			colors: colors ? Float32Array.from(acc.col) : undefined,
			indices: Uint32Array.from(acc.idx),
			controlPoints: Int32Array.from(acc.cps),
		});
	}
	return { primitives, uvNames: uvs.map((u) => u.name), controlPointCount: cpCount, warnings };
}

/** Sparse shape deltas (Shape geometry) expanded to per-control-point deltas. */
export function readShapeDeltas(shape: FBXNode, controlPointCount: number): Float64Array {
	const idx = childArray(shape, 'Indexes');
	const v = childArray(shape, 'Vertices');
	const out = new Float64Array(controlPointCount * 3);
	const n = Math.min(idx.length, Math.floor(v.length / 3));
	for (let i = 0; i < n; i++) {
		const cp = idx[i];
		if (cp < 0 || cp >= controlPointCount) continue;
		out[cp * 3] = v[i * 3];
		out[cp * 3 + 1] = v[i * 3 + 1];
		out[cp * 3 + 2] = v[i * 3 + 2];
	}
	return out;
}

