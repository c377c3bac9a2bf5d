/**
 * Clothing for rig tests: a long skirt as an open cone shell (no top, no hem
 * cap) round the hips, its own mesh and node, the way a garment comes from
 * an artist. Heights and radii are fractions of the character's height.
 */
import type { Document } from '@gltf-transform/core';

export interface SkirtShape {
	top: number;
	hem: number;
	topRadius: number;
	hemRadius: number;
}

export const LONG_SKIRT: SkirtShape = { top: 0.56, hem: 0.12, topRadius: 0.08, hemRadius: 0.26 };

export function addSkirt(document: Document, height: number, shape: SkirtShape = LONG_SKIRT, segments = 48, rings = 12): void {
	const positions: number[] = [];
	const indices: number[] = [];
	for (let i = 0; i <= rings; i++) {
		const t = i / rings;
		const y = (shape.top + (shape.hem - shape.top) * t) * height;
		const r = (shape.topRadius + (shape.hemRadius - shape.topRadius) * t) * height;
		for (let k = 0; k < segments; k++) {
			const a = (k / segments) * 2 * Math.PI;
			positions.push(Math.sin(a) * r, y, Math.cos(a) * r);
		}
	}
	for (let i = 0; i < rings; i++) {
		for (let k = 0; k < segments; k++) {
			const a = i * segments + k, b = i * segments + ((k + 1) % segments);
			indices.push(a, a + segments, b, b, a + segments, b + segments);
		}
	}
	const buffer = document.getRoot().listBuffers()[0] ?? document.createBuffer();
	const primitive = document
		.createPrimitive()
		.setAttribute('POSITION', document.createAccessor().setType('VEC3').setArray(new Float32Array(positions)).setBuffer(buffer))
		.setIndices(document.createAccessor().setType('SCALAR').setArray(new Uint32Array(indices)).setBuffer(buffer));
	const node = document.createNode('Skirt').setMesh(document.createMesh('Skirt').addPrimitive(primitive));
	document.getRoot().listScenes()[0].addChild(node);
}
