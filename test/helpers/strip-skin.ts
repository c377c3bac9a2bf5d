/**
 * Turns a rigged character into the unrigged mesh an artist would hand the
 * auto-rigger, and keeps the artist's rig as ground truth: every skinned
 * mesh is baked to world space at its bind pose (what a viewer draws at
 * rest), skins, joint nodes and animations are removed.
 */
import type { Document } from '@gltf-transform/core';
import { cloneDocument } from '@gltf-transform/functions';
import { bakeToWorld } from '../../src/pipeline/rig/mesh.js';
import { recognise } from '../../src/skeleton/maps/index.js';
import { AXIS65_NAMES } from '../../src/skeleton/axis65.js';

export interface StrippedRig {
	/** The same meshes, static, in world space, no skin, no joints, no animation. */
	document: Document;
	/** The artist's joints (AXIS names → world position at rest). */
	joints: Map<string, [number, number, number]>;
	/** World-space height of the mesh (max y − min y). */
	height: number;
}

/** World rest positions of the recognised humanoid joints of a document, by AXIS name. */
export function artistJoints(document: Document): Map<string, [number, number, number]> {
	const nodes = document.getRoot().listNodes();
	const recognition = recognise(nodes.map((n) => n.getName()));
	const out = new Map<string, [number, number, number]>();
	for (const node of nodes) {
		const axis = recognition.mapping[node.getName()];
		if (axis && AXIS65_NAMES.includes(axis)) out.set(axis, node.getWorldTranslation() as [number, number, number]);
	}
	return out;
}

export function stripSkin(source: Document): StrippedRig {
	const joints = artistJoints(source);
	const document = cloneDocument(source);
	bakeToWorld(document, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
	for (const animation of document.getRoot().listAnimations()) animation.dispose();
	for (const node of document.getRoot().listNodes()) if (!node.getMesh()) node.dispose();
	let min = Infinity, max = -Infinity;
	for (const mesh of document.getRoot().listMeshes()) {
		for (const prim of mesh.listPrimitives()) {
			const p = prim.getAttribute('POSITION')!;
			min = Math.min(min, p.getMin([])[1]);
			max = Math.max(max, p.getMax([])[1]);
		}
	}
	return { document, joints, height: max - min };
}
