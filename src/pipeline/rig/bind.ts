/**
 * Builds the glTF skin: the 65 joint nodes (AXIS names, parents before
 * children, rest translations relative to the parent and identity rotations,
 * so the rest pose is the bind pose), inverse bind matrices, and
 * JOINTS_n/WEIGHTS_n on every primitive of every mesh — all meshes share the
 * one skin. Expects meshes already baked to the rest frame (identity node
 * transforms, see `bakeToWorld`).
 */
import type { Document, Node, Skin } from '@gltf-transform/core';
import { AXIS65 } from '../../skeleton/axis65.js';
import type { JointMap } from './joints.js';
import type { MeshSoup } from './mesh.js';
import { sceneOf } from './mesh.js';
import type { SkinWeights } from './weights.js';

export interface BindResult {
	skin: Skin;
	root: Node;
	nodes: Map<string, Node>;
}

export function bindSkin(document: Document, soup: MeshSoup, J: JointMap, weights: SkinWeights, options: { name?: string } = {}): BindResult {
	const root = document.getRoot();
	const buffer = root.listBuffers()[0] ?? document.createBuffer();
	const nodes = new Map<string, Node>();
	for (const b of AXIS65) {
		const p = J.get(b.name)!;
		const node = document.createNode(b.name);
		if (b.parent) {
			const q = J.get(b.parent)!;
			node.setTranslation([p[0] - q[0], p[1] - q[1], p[2] - q[2]]);
			nodes.get(b.parent)!.addChild(node);
		} else {
			node.setTranslation([p[0], p[1], p[2]]);
		}
		nodes.set(b.name, node);
	}
	const hips = nodes.get('Hips')!;
	const scene = sceneOf(document) ?? document.createScene('scene');
	if (!root.getDefaultScene()) root.setDefaultScene(scene);
	scene.addChild(hips);
	const ibm = new Float32Array(AXIS65.length * 16);
	AXIS65.forEach((b, i) => {
		const p = J.get(b.name)!;
		ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1], i * 16);
	});
	const skin = document
		.createSkin(options.name ?? 'AXIS65')
		.setSkeleton(hips)
		.setInverseBindMatrices(document.createAccessor('inverseBindMatrices').setType('MAT4').setArray(ibm).setBuffer(buffer));
	for (const b of AXIS65) skin.addJoint(nodes.get(b.name)!);
	const inf = weights.influences;
	const sets = Math.ceil(inf / 4);
	for (const part of soup.parts) {
		part.node.setSkin(skin);
		for (let s = 0; s < sets; s++) {
			const j = new Uint8Array(part.count * 4);
			const w = new Float32Array(part.count * 4);
			for (let v = 0; v < part.count; v++) {
				const src = (part.offset + v) * inf;
				for (let k = 0; k < 4; k++) {
					const q = s * 4 + k;
					if (q >= inf) break;
					j[v * 4 + k] = weights.joints[src + q];
					w[v * 4 + k] = weights.weights[src + q];
				}
			}
			part.primitive.setAttribute(`JOINTS_${s}`, document.createAccessor(`JOINTS_${s}`).setType('VEC4').setArray(j).setBuffer(buffer));
			part.primitive.setAttribute(`WEIGHTS_${s}`, document.createAccessor(`WEIGHTS_${s}`).setType('VEC4').setArray(w).setBuffer(buffer));
		}
	}
	return { skin, root: hips, nodes };
}
