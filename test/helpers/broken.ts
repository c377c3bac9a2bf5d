/**
 * Small gltf-transform Documents built on purpose, clean or broken in exactly
 * one way, for the validation tests (and later for `axis fix`).
 */
import { pngFile } from '../../src/io/png.js';
import { Document, type Primitive } from '@gltf-transform/core';

export interface MeshSpec {
	positions: number[];
	normals?: number[];
	uvs?: number[];
	indices?: number[];
	name?: string;
}

/** One mesh, one primitive, one node in the default scene. */
export function documentFromSpec(spec: MeshSpec): Document {
	const doc = new Document();
	const buffer = doc.createBuffer();
	const prim = doc.createPrimitive();
	prim.setAttribute('POSITION', doc.createAccessor('POSITION').setType('VEC3').setArray(new Float32Array(spec.positions)).setBuffer(buffer));
	if (spec.normals) prim.setAttribute('NORMAL', doc.createAccessor('NORMAL').setType('VEC3').setArray(new Float32Array(spec.normals)).setBuffer(buffer));
	if (spec.uvs) prim.setAttribute('TEXCOORD_0', doc.createAccessor('TEXCOORD_0').setType('VEC2').setArray(new Float32Array(spec.uvs)).setBuffer(buffer));
	if (spec.indices) prim.setIndices(doc.createAccessor('indices').setType('SCALAR').setArray(new Uint32Array(spec.indices)).setBuffer(buffer));
	prim.setMaterial(doc.createMaterial('material'));
	const name = spec.name ?? 'mesh';
	const mesh = doc.createMesh(name).addPrimitive(prim);
	const node = doc.createNode(name).setMesh(mesh);
	const scene = doc.createScene('scene').addChild(node);
	doc.getRoot().setDefaultScene(scene);
	return doc;
}

/** The first primitive of the first mesh. */
export function primitiveOf(doc: Document): Primitive {
	return doc.getRoot().listMeshes()[0].listPrimitives()[0];
}

// Faces of a box: normal axis, sign; corners are listed counter-clockwise seen from outside.
const FACES: { n: [number, number, number]; corners: [number, number, number][] }[] = [
	{ n: [1, 0, 0], corners: [[1, -1, 1], [1, -1, -1], [1, 1, -1], [1, 1, 1]] },
	{ n: [-1, 0, 0], corners: [[-1, -1, -1], [-1, -1, 1], [-1, 1, 1], [-1, 1, -1]] },
	{ n: [0, 1, 0], corners: [[-1, 1, 1], [1, 1, 1], [1, 1, -1], [-1, 1, -1]] },
	{ n: [0, -1, 0], corners: [[-1, -1, -1], [1, -1, -1], [1, -1, 1], [-1, -1, 1]] },
	{ n: [0, 0, 1], corners: [[-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]] },
	{ n: [0, 0, -1], corners: [[1, -1, -1], [-1, -1, -1], [-1, 1, -1], [1, 1, -1]] },
];

export interface BoxOptions {
	/** Full size along X, Y, Z (default 1 × 1 × 1). */
	size?: [number, number, number];
	/** Which of the 6 faces to build (default all): +X, −X, +Y, −Y, +Z, −Z. */
	faces?: boolean[];
	/** Lift the box so it stands on y = 0 (default false: centred). */
	onGround?: boolean;
	name?: string;
}

/**
 * A closed box with split vertices per face (24 vertices, 12 triangles), flat
 * normals and UVs: closed and manifold once welded by position.
 */
export function boxSpec(options: BoxOptions = {}): MeshSpec {
	const [sx, sy, sz] = options.size ?? [1, 1, 1];
	const lift = options.onGround ? sy / 2 : 0;
	const positions: number[] = [];
	const normals: number[] = [];
	const uvs: number[] = [];
	const indices: number[] = [];
	FACES.forEach((face, f) => {
		if (options.faces && !options.faces[f]) return;
		const base = positions.length / 3;
		for (const [x, y, z] of face.corners) {
			positions.push((x * sx) / 2, (y * sy) / 2 + lift, (z * sz) / 2);
			normals.push(...face.n);
		}
		uvs.push(0, 1, 1, 1, 1, 0, 0, 0);
		indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
	});
	return { positions, normals, uvs, indices, name: options.name ?? 'box' };
}

export function cleanCube(): Document {
	return documentFromSpec(boxSpec({ name: 'cube' }));
}

export function withDegenerateTriangle(): Document {
	const spec = boxSpec({ name: 'cube' });
	spec.indices!.push(0, 0, 1);
	return documentFromSpec(spec);
}

/** A second triangle that collapses by position: distinct indices, coincident corners (a copy of vertex 0). */
export function withZeroAreaTriangle(): Document {
	const spec = boxSpec({ name: 'cube' });
	const v = spec.positions.length / 3;
	spec.positions.push(spec.positions[0], spec.positions[1], spec.positions[2]);
	spec.normals!.push(1, 0, 0);
	spec.uvs!.push(0.5, 0.5);
	spec.indices!.push(0, v, 1);
	return documentFromSpec(spec);
}

export function withNaNPosition(): Document {
	const spec = boxSpec({ name: 'cube' });
	spec.positions[4] = Number.NaN;
	return documentFromSpec(spec);
}

/** Triangle 0 wound the wrong way. */
export function withFlippedFace(): Document {
	const spec = boxSpec({ name: 'cube' });
	const i = spec.indices!;
	[i[1], i[2]] = [i[2], i[1]];
	return documentFromSpec(spec);
}

/** Vertex 0 copied (every attribute) and triangle 1 pointed at the copy. */
export function withDuplicatedVertices(): Document {
	const spec = boxSpec({ name: 'cube' });
	const v = spec.positions.length / 3;
	spec.positions.push(...spec.positions.slice(0, 3));
	spec.normals!.push(...spec.normals!.slice(0, 3));
	spec.uvs!.push(...spec.uvs!.slice(0, 2));
	spec.indices![3] = v; // triangle 1 = (0, 2, 3) → (v, 2, 3)
	return documentFromSpec(spec);
}

export function withDuplicateFace(): Document {
	const spec = boxSpec({ name: 'cube' });
	spec.indices!.push(...spec.indices!.slice(0, 3));
	return documentFromSpec(spec);
}

export function withUnreferencedVertex(): Document {
	const spec = boxSpec({ name: 'cube' });
	spec.positions.push(5, 5, 5);
	spec.normals!.push(0, 1, 0);
	spec.uvs!.push(0, 0);
	return documentFromSpec(spec);
}

export function withoutNormals(): Document {
	const spec = boxSpec({ name: 'cube' });
	delete spec.normals;
	return documentFromSpec(spec);
}

/** The +X face's four normals are (0, 0, 0). */
export function withZeroNormals(): Document {
	const spec = boxSpec({ name: 'cube' });
	for (let i = 0; i < 12; i++) spec.normals![i] = 0;
	return documentFromSpec(spec);
}

export function withoutUVs(): Document {
	const spec = boxSpec({ name: 'cube' });
	delete spec.uvs;
	return documentFromSpec(spec);
}

/** The +Y face is missing: one square hole. */
export function withHole(): Document {
	return documentFromSpec(boxSpec({ name: 'cube', faces: [true, true, false, true, true, true] }));
}

/** A fin: an extra triangle on an existing edge of the cube, so that edge has three triangles. */
export function withNonManifoldEdge(): Document {
	const spec = boxSpec({ name: 'cube' });
	// Edge (0, 2) is the diagonal of the +X face, shared by its two triangles.
	const v = spec.positions.length / 3;
	spec.positions.push(2, 0, 0);
	spec.normals!.push(0, 0, 1);
	spec.uvs!.push(0, 0);
	spec.indices!.push(0, 2, v);
	return documentFromSpec(spec);
}

/** A humanoid-sized box in centimetres: 60 × 180 × 30 units, standing on y = 0. */
export function centimetreBox(): Document {
	return documentFromSpec(boxSpec({ name: 'body', size: [60, 180, 30], onGround: true }));
}

/** A humanoid-sized box in metres lying along Z (a Z-up export): 0.5 × 0.3 × 1.8. */
export function zUpBox(): Document {
	return documentFromSpec(boxSpec({ name: 'body', size: [0.5, 0.3, 1.8] }));
}

/** A humanoid-sized box in metres, upright: 0.5 × 1.8 × 0.3. */
export function humanBox(): Document {
	return documentFromSpec(boxSpec({ name: 'body', size: [0.5, 1.8, 0.3], onGround: true }));
}

export interface SkinOptions {
	/** Joints in the skin (default 8). */
	joints?: number;
	/** Non-zero weights per vertex (default 4, at most 8). */
	influences?: number;
	/** What each vertex's weights sum to (default 1). */
	weightSum?: number;
}

/** Adds a skin to the document's first mesh node: a chain of joints, JOINTS_n/WEIGHTS_n with the given influences. */
export function addSkin(doc: Document, options: SkinOptions = {}): Document {
	const jointCount = options.joints ?? 8;
	const influences = options.influences ?? 4;
	const sum = options.weightSum ?? 1;
	const buffer = doc.getRoot().listBuffers()[0];
	const scene = doc.getRoot().getDefaultScene()!;
	const meshNode = doc.getRoot().listNodes().find((n) => n.getMesh())!;
	const joints = [];
	let parent = null;
	for (let j = 0; j < jointCount; j++) {
		const joint = doc.createNode(`joint${j}`).setTranslation(j === 0 ? [0, 0, 0] : [0, 0.001, 0]);
		if (parent) parent.addChild(joint);
		else scene.addChild(joint);
		joints.push(joint);
		parent = joint;
	}
	// Inverse bind matrices: inverse of each joint's world translation (0, 0.001·j, 0).
	const ibm = new Float32Array(16 * jointCount);
	for (let j = 0; j < jointCount; j++) {
		ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, -0.001 * j, 0, 1], j * 16);
	}
	const skin = doc.createSkin('skin').setSkeleton(joints[0]).setInverseBindMatrices(doc.createAccessor('ibm').setType('MAT4').setArray(ibm).setBuffer(buffer));
	for (const joint of joints) skin.addJoint(joint);
	meshNode.setSkin(skin);
	for (const prim of meshNode.getMesh()!.listPrimitives()) {
		const n = prim.getAttribute('POSITION')!.getCount();
		const sets = Math.max(1, Math.ceil(influences / 4));
		for (let s = 0; s < sets; s++) {
			const j = new Uint16Array(n * 4);
			const w = new Float32Array(n * 4);
			for (let v = 0; v < n; v++) {
				for (let c = 0; c < 4; c++) {
					const k = s * 4 + c;
					if (k >= influences) continue;
					j[v * 4 + c] = (v + k) % jointCount;
					w[v * 4 + c] = sum / influences;
				}
			}
			prim.setAttribute(`JOINTS_${s}`, doc.createAccessor(`joints${s}`).setType('VEC4').setArray(j).setBuffer(buffer));
			prim.setAttribute(`WEIGHTS_${s}`, doc.createAccessor(`weights${s}`).setType('VEC4').setArray(w).setBuffer(buffer));
		}
	}
	return doc;
}

export function skinnedBox(options: SkinOptions = {}): Document {
	return addSkin(humanBox(), options);
}

// --- Images -----------------------------------------------------------------


/** A PNG whose header says width × height (signature, IHDR, IEND; no pixel data). Enough for ImageUtils.getSize. */
export function pngHeader(width: number, height: number): Uint8Array {
	return pngFile(width, height, 6);
}

/** Gives the first material a base-colour texture of the given size. */
export function addTexture(doc: Document, width: number, height: number): Document {
	const texture = doc.createTexture(`albedo_${width}x${height}`).setImage(pngHeader(width, height)).setMimeType('image/png');
	doc.getRoot().listMaterials()[0].setBaseColorTexture(texture);
	return doc;
}

export function texturedCube(width: number, height: number): Document {
	return addTexture(cleanCube(), width, height);
}

// --- Big meshes ----------------------------------------------------------------

/**
 * A flat grid in the XY plane (1 × 1 m, standing up, facing +Z) with at least
 * `triangles` triangles, with normals and UVs.
 */
export function gridSpec(triangles: number): MeshSpec {
	const cells = Math.ceil(Math.sqrt(triangles / 2));
	const n = cells + 1;
	const positions: number[] = [];
	const normals: number[] = [];
	const uvs: number[] = [];
	const indices: number[] = [];
	for (let y = 0; y < n; y++) {
		for (let x = 0; x < n; x++) {
			positions.push(x / cells - 0.5, y / cells, 0);
			normals.push(0, 0, 1);
			uvs.push(x / cells, 1 - y / cells);
		}
	}
	for (let y = 0; y < cells; y++) {
		for (let x = 0; x < cells; x++) {
			const a = y * n + x;
			indices.push(a, a + 1, a + n + 1, a, a + n + 1, a + n);
		}
	}
	return { positions, normals, uvs, indices, name: 'grid' };
}

export function gridDocument(triangles: number): Document {
	return documentFromSpec(gridSpec(triangles));
}

/** Adds `count` morph targets (small position offsets) to the first primitive. */
export function addMorphTargets(doc: Document, count: number): Document {
	const prim = primitiveOf(doc);
	const n = prim.getAttribute('POSITION')!.getCount();
	const buffer = doc.getRoot().listBuffers()[0];
	for (let t = 0; t < count; t++) {
		const d = new Float32Array(n * 3);
		for (let v = 0; v < n; v++) d[v * 3 + 1] = 0.01 * (t + 1);
		prim.addTarget(doc.createPrimitiveTarget(`target${t}`).setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(d).setBuffer(buffer)));
	}
	return doc;
}
