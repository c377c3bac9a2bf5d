/** Assembles the glTF Document: skeleton, skin, body with UVs and morphs, extras. */
import { type Accessor, Document, type ILogger, type Node, type Skin } from '@gltf-transform/core';
import { AXIS65, AXIS65_NAMES } from '../skeleton/axis65.js';
import { silentLogger } from '../log.js';
import type { BodyMesh } from './body/mesh.js';
import { JOINT_COUNT } from './body/mesh.js';
import type { SimpleMesh } from './extras.js';
import type { BodyMorph } from './morphs.js';
import type { AvatarParams } from './params.js';
import { packWeights } from './skin-weights.js';
import { normalizeEach } from '../geometry/vectors.js';

export interface SplitBody {
	positions: Float32Array;
	normals: Float32Array;
	uvs: Float32Array;
	indices: Uint32Array;
	/** Output vertex → subdivided body vertex. */
	source: Int32Array;
	/** Per output triangle: body-part tag. */
	triangleTags: Int32Array;
}

/** Quad normals accumulated on the subdivided vertices (smooth across UV seams). */
function bodyNormals(body: BodyMesh): Float64Array {
	const P = body.positions;
	const n = new Float64Array(P.length);
	const q = body.quads;
	for (let f = 0; f < q.length / 4; f++) {
		const [a, b, c, d] = [q[4 * f], q[4 * f + 1], q[4 * f + 2], q[4 * f + 3]];
		// Newell normal of the quad
		let nx = 0;
		let ny = 0;
		let nz = 0;
		const vs = [a, b, c, d];
		for (let k = 0; k < 4; k++) {
			const u = vs[k] * 3;
			const v = vs[(k + 1) & 3] * 3;
			nx += (P[u + 1] - P[v + 1]) * (P[u + 2] + P[v + 2]);
			ny += (P[u + 2] - P[v + 2]) * (P[u] + P[v]);
			nz += (P[u] - P[v]) * (P[u + 1] + P[v + 1]);
		}
		for (const v of vs) {
			n[3 * v] += nx;
			n[3 * v + 1] += ny;
			n[3 * v + 2] += nz;
		}
	}
	return normalizeEach(n);
}

/**
 * UV atlas: every cage face gets its own square cell (with a margin) and the
 * subdivided faces inside it a regular grid, so charts never overlap.
 * Vertices on cage-face borders are split per chart.
 */
export function splitBody(body: BodyMesh): SplitBody {
	const cells = Math.ceil(Math.sqrt(body.cageFaceCount));
	const cell = 1 / cells;
	const margin = 0.06;
	const plan = body.plan;
	const nf = plan.faces.length / 4;
	const keyOf = new Map<number, number>();
	const source: number[] = [];
	const uvs: number[] = [];
	const indices = new Uint32Array(nf * 6);
	const triangleTags = new Int32Array(nf * 2);
	for (let f = 0; f < nf; f++) {
		const o = plan.origin[f];
		const cx = (o % cells) * cell;
		const cy = Math.floor(o / cells) * cell;
		const ids: number[] = [];
		for (let k = 0; k < 4; k++) {
			const v = plan.faces[4 * f + k];
			const key = v * body.cageFaceCount + o;
			let id = keyOf.get(key);
			if (id === undefined) {
				id = source.length;
				keyOf.set(key, id);
				source.push(v);
				const u = plan.cornerUV[8 * f + 2 * k];
				const w = plan.cornerUV[8 * f + 2 * k + 1];
				uvs.push(cx + cell * (margin + u * (1 - 2 * margin)), cy + cell * (margin + w * (1 - 2 * margin)));
			}
			ids.push(id);
		}
		indices.set([ids[0], ids[1], ids[2], ids[0], ids[2], ids[3]], 6 * f);
		triangleTags[2 * f] = triangleTags[2 * f + 1] = body.tags[f];
	}
	const n = bodyNormals(body);
	const positions = new Float32Array(source.length * 3);
	const normals = new Float32Array(source.length * 3);
	source.forEach((v, i) => {
		for (let k = 0; k < 3; k++) {
			positions[3 * i + k] = body.positions[3 * v + k];
			normals[3 * i + k] = n[3 * v + k];
		}
	});
	return { positions, normals, uvs: Float32Array.from(uvs), indices, source: Int32Array.from(source), triangleTags };
}

export interface AssembleInput {
	name: string;
	params: AvatarParams;
	body: BodyMesh;
	split: SplitBody;
	morphs: BodyMorph[];
	eyes?: SimpleMesh;
	hair?: SimpleMesh;
	tusks?: SimpleMesh;
	extras?: Record<string, unknown>;
	logger?: ILogger;
}

function mat4Translation(p: readonly number[]): number[] {
	return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1];
}

export function assembleDocument(input: AssembleInput): Document {
	const doc = new Document().setLogger(input.logger ?? silentLogger);
	const buffer = doc.createBuffer();
	const acc = (name: string, type: 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4' | 'MAT4', array: Float32Array | Uint8Array | Uint16Array | Uint32Array): Accessor =>
		doc.createAccessor(name).setType(type).setArray(array).setBuffer(buffer);
	const scene = doc.createScene(input.name);
	doc.getRoot().setDefaultScene(scene);

	// Skeleton: translations only, rest pose as built.
	const world = input.body.joints;
	const nodes = new Map<string, Node>();
	for (const bone of AXIS65) {
		const p = world.get(bone.name)!;
		const parent = bone.parent ? world.get(bone.parent)! : [0, 0, 0];
		const node = doc.createNode(bone.name).setTranslation([p[0] - parent[0], p[1] - parent[1], p[2] - parent[2]]);
		nodes.set(bone.name, node);
		if (bone.parent) nodes.get(bone.parent)!.addChild(node);
		else scene.addChild(node);
	}
	const ibm = new Float32Array(16 * JOINT_COUNT);
	AXIS65_NAMES.forEach((name, i) => ibm.set(mat4Translation(world.get(name)!), 16 * i));
	const skin: Skin = doc.createSkin('AXIS65').setSkeleton(nodes.get('Hips')!).setInverseBindMatrices(acc('inverseBindMatrices', 'MAT4', ibm));
	for (const name of AXIS65_NAMES) skin.addJoint(nodes.get(name)!);

	const skinColor = input.params.skinColor;
	const mat = (name: string, color: readonly number[], rough = 0.7) => doc.createMaterial(name).setBaseColorFactor([color[0], color[1], color[2], 1]).setRoughnessFactor(rough).setMetallicFactor(0);

	// Body
	const { split, body } = input;
	const dense = body.weights!;
	const denseSplit = new Float64Array(split.source.length * JOINT_COUNT);
	split.source.forEach((v, i) => denseSplit.set(dense.subarray(v * JOINT_COUNT, (v + 1) * JOINT_COUNT), i * JOINT_COUNT));
	const packed = packWeights(denseSplit, JOINT_COUNT, 4);
	const indexArray = split.positions.length / 3 < 65536 ? Uint16Array.from(split.indices) : split.indices;
	const prim = doc
		.createPrimitive()
		.setAttribute('POSITION', acc('body_position', 'VEC3', split.positions))
		.setAttribute('NORMAL', acc('body_normal', 'VEC3', split.normals))
		.setAttribute('TEXCOORD_0', acc('body_uv', 'VEC2', split.uvs))
		.setAttribute('JOINTS_0', acc('body_joints', 'VEC4', packed.joints))
		.setAttribute('WEIGHTS_0', acc('body_weights', 'VEC4', packed.weights))
		.setIndices(acc('body_indices', 'SCALAR', indexArray))
		.setMaterial(mat('Skin', skinColor, 0.6));
	for (const morph of input.morphs) {
		const d = new Float32Array(split.source.length * 3);
		split.source.forEach((v, i) => {
			d[3 * i] = morph.deltas[3 * v];
			d[3 * i + 1] = morph.deltas[3 * v + 1];
			d[3 * i + 2] = morph.deltas[3 * v + 2];
		});
		prim.addTarget(doc.createPrimitiveTarget(morph.name).setAttribute('POSITION', acc(`${morph.name}_position`, 'VEC3', d)));
	}
	const bodyMesh = doc.createMesh('Body').addPrimitive(prim);
	if (input.morphs.length) bodyMesh.setWeights(input.morphs.map(() => 0)).setExtras({ targetNames: input.morphs.map((m) => m.name) });
	scene.addChild(doc.createNode('Body').setMesh(bodyMesh).setSkin(skin).setExtras(input.extras ?? {}));

	// Extras: rigid on the head.
	const head = AXIS65_NAMES.indexOf('Head');
	const addSimple = (name: string, m: SimpleMesh, color: readonly number[], rough: number) => {
		const n = m.positions.length / 3;
		const joints = new Uint8Array(4 * n);
		const weights = new Float32Array(4 * n);
		for (let i = 0; i < n; i++) {
			joints[4 * i] = head;
			weights[4 * i] = 1;
		}
		const p = doc
			.createPrimitive()
			.setAttribute('POSITION', acc(`${name}_position`, 'VEC3', Float32Array.from(m.positions)))
			.setAttribute('NORMAL', acc(`${name}_normal`, 'VEC3', Float32Array.from(m.normals)))
			.setAttribute('TEXCOORD_0', acc(`${name}_uv`, 'VEC2', Float32Array.from(m.uvs)))
			.setAttribute('JOINTS_0', acc(`${name}_joints`, 'VEC4', joints))
			.setAttribute('WEIGHTS_0', acc(`${name}_weights`, 'VEC4', weights))
			.setIndices(acc(`${name}_indices`, 'SCALAR', Uint16Array.from(m.indices)))
			.setMaterial(mat(name, color, rough));
		if (m.colors) p.setAttribute('COLOR_0', acc(`${name}_color`, 'VEC3', Float32Array.from(m.colors)));
		scene.addChild(doc.createNode(name).setMesh(doc.createMesh(name).addPrimitive(p)).setSkin(skin));
	};
	if (input.eyes) addSimple('Eyes', input.eyes, [1, 1, 1], 0.2);
	if (input.hair) addSimple('Hair', input.hair, input.params.hairColor, 0.9);
	if (input.tusks) addSimple('Tusks', input.tusks, [0.85, 0.8, 0.65], 0.5);
	return doc;
}
