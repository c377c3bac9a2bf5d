/**
 * Accessories for rig tests, each its own mesh and node, the way an artist
 * hands them over with a character: a long skirt, a prop held in a hand, a
 * backpack.
 */
import type { Document } from '@gltf-transform/core';

/** The 12 triangles (outward) of a box whose 8 corners are numbered by bits: 1 → +x, 2 → +y, 4 → +z. */
export function boxTriangles(base = 0): number[] {
	const out: number[] = [];
	for (const [a, b, c, d] of [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]]) out.push(base + a, base + b, base + c, base + a, base + c, base + d);
	return out;
}

function addMesh(document: Document, name: string, positions: number[], indices: number[]): void {
	const buffer = document.getRoot().listBuffers()[0] ?? document.createBuffer();
	const primitive = document
		.createPrimitive()
		.setAttribute('POSITION', document.createAccessor().setType('VEC3').setArray(new Float32Array(positions)).setBuffer(buffer))
		.setIndices(document.createAccessor().setType('SCALAR').setArray(new Uint32Array(indices)).setBuffer(buffer));
	document.getRoot().listScenes()[0].addChild(document.createNode(name).setMesh(document.createMesh(name).addPrimitive(primitive)));
}

/**
 * A long skirt: an open cone shell (no top, no hem cap) round the hips.
 * Heights and radii are fractions of the character's height.
 */
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
	addMesh(document, 'Skirt', positions, indices);
}

/**
 * A straight prop (a sword's blade: a box `thickness` thick) gripped at `grip` and running
 * `length` along the unit direction `dir`, starting a little behind the grip. World units.
 */
export function addHeldProp(document: Document, grip: [number, number, number], dir: [number, number, number], length: number, thickness: number): void {
	// An orthonormal frame round dir.
	const a: [number, number, number] = Math.abs(dir[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
	const u = [dir[1] * a[2] - dir[2] * a[1], dir[2] * a[0] - dir[0] * a[2], dir[0] * a[1] - dir[1] * a[0]];
	const un = Math.hypot(u[0], u[1], u[2]);
	const v = [dir[1] * u[2] - dir[2] * u[1], dir[2] * u[0] - dir[0] * u[2], dir[0] * u[1] - dir[1] * u[0]];
	const positions: number[] = [];
	for (let i = 0; i < 8; i++) {
		const s = (i & 4 ? length : 0) - 0.1 * length;
		const du = ((i & 1 ? 1 : -1) * thickness) / 2 / un, dv = ((i & 2 ? 1 : -1) * thickness) / 2 / un;
		for (let k = 0; k < 3; k++) positions.push(grip[k] + dir[k] * s + u[k] * du + v[k] * dv);
	}
	addMesh(document, 'Prop', positions, boxTriangles());
}

/** A box `size` (x, y, z) centred at `centre`: a backpack against the back, for example. World units. */
export function addBox(document: Document, name: string, centre: [number, number, number], size: [number, number, number]): void {
	const positions: number[] = [];
	for (let i = 0; i < 8; i++) positions.push(centre[0] + ((i & 1 ? 1 : -1) * size[0]) / 2, centre[1] + ((i & 2 ? 1 : -1) * size[1]) / 2, centre[2] + ((i & 4 ? 1 : -1) * size[2]) / 2);
	addMesh(document, name, positions, boxTriangles());
}
