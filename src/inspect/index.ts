import { type Document, ImageUtils, type Primitive } from '@gltf-transform/core';
import { extents, guessUnits, upAxisFromBounds } from '../geometry/units.js';
import { type Bounds, sceneBounds } from '../geometry/world-positions.js';
import type { LoadedAsset } from '../io/read.js';
import type { SourceInfo } from '../io/types.js';

export interface PrimitiveSummary {
	mode: number;
	vertices: number;
	triangles: number;
	attributes: string[];
	material?: string;
	morphTargets: number;
}

export interface MeshSummary {
	name: string;
	primitives: PrimitiveSummary[];
	vertices: number;
	triangles: number;
	morphTargets: string[];
	skinned: boolean;
}

export interface SkinSummary {
	name: string;
	joints: number;
	jointNames: string[];
	/** Name of the skeleton root (the common ancestor joint), if any. */
	root?: string;
}

export interface AnimationSummary {
	name: string;
	channels: number;
	/** Seconds. */
	duration: number;
	targets: { nodes: number; morphWeights: number };
}

export interface TextureSummary {
	name: string;
	mimeType: string;
	width?: number;
	height?: number;
	bytes: number;
}

export interface InspectResult {
	file?: string;
	fileSize: number;
	source: SourceInfo;
	meshes: MeshSummary[];
	totals: { meshes: number; primitives: number; vertices: number; triangles: number; nodes: number };
	materials: string[];
	textures: TextureSummary[];
	skins: SkinSummary[];
	animations: AnimationSummary[];
	/** World-space rest bounds in metres (after any conversion the reader made). */
	bounds?: Bounds & { size: [number, number, number] };
	/** Units and up axis guessed from the bounds with a human-size prior. */
	guess?: UnitsGuess;
}

export interface UnitsGuess {
	/** Extent along the guessed up axis, in file units. */
	height: number;
	/** 'metres', 'centimetres', 'millimetres', 'inches', 'feet' or 'unknown units'. */
	units: string;
	/** Factor that brings the file to metres. */
	scaleToMetres: number;
	up: '+X' | '+Y' | '+Z';
	/** 0..1, of the units guess. */
	confidence: number;
}

/** Units and up axis from bounds, with the human-size prior the validation rules use. */
export function guessFromBounds(bounds: Bounds): UnitsGuess {
	const verdict = upAxisFromBounds(bounds);
	const height = extents(bounds)[verdict.axis];
	const units = guessUnits(height);
	return {
		height,
		units: units?.unit ?? 'metres',
		scaleToMetres: units?.factor ?? 1,
		up: (['+X', '+Y', '+Z'] as const)[verdict.axis],
		confidence: units?.confidence ?? 0.9,
	};
}

const TRIANGLES = 4, TRIANGLE_STRIP = 5, TRIANGLE_FAN = 6;

function triangleCount(prim: Primitive): number {
	const n = prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0;
	switch (prim.getMode()) {
		case TRIANGLES:
			return Math.floor(n / 3);
		case TRIANGLE_STRIP:
		case TRIANGLE_FAN:
			return Math.max(0, n - 2);
		default:
			return 0;
	}
}

function summarizePrimitive(prim: Primitive): PrimitiveSummary {
	return {
		mode: prim.getMode(),
		vertices: prim.getAttribute('POSITION')?.getCount() ?? 0,
		triangles: triangleCount(prim),
		attributes: prim.listSemantics(),
		material: prim.getMaterial()?.getName() || undefined,
		morphTargets: prim.listTargets().length,
	};
}

function targetNames(mesh: { getExtras(): Record<string, unknown> }, count: number): string[] {
	const names = mesh.getExtras().targetNames;
	return Array.from({ length: count }, (_, i) => (Array.isArray(names) && typeof names[i] === 'string' ? names[i] : `target_${i}`));
}

/** Summarises a Document: what a user asks first about an asset. Pure; no I/O. */
export function inspectDocument(document: Document, source: SourceInfo, fileSize = 0, file?: string): InspectResult {
	const root = document.getRoot();
	const skinnedMeshes = new Set(root.listNodes().filter((n) => n.getSkin() && n.getMesh()).map((n) => n.getMesh()));
	const meshes: MeshSummary[] = root.listMeshes().map((mesh, i) => {
		const primitives = mesh.listPrimitives().map(summarizePrimitive);
		const morphCount = Math.max(0, ...primitives.map((p) => p.morphTargets));
		return {
			name: mesh.getName() || `mesh_${i}`,
			primitives,
			vertices: primitives.reduce((a, p) => a + p.vertices, 0),
			triangles: primitives.reduce((a, p) => a + p.triangles, 0),
			morphTargets: targetNames(mesh, morphCount),
			skinned: skinnedMeshes.has(mesh),
		};
	});
	const textures: TextureSummary[] = root.listTextures().map((tex, i) => {
		const image = tex.getImage();
		const mimeType = tex.getMimeType() || (image ? ImageUtils.getMimeType(image) ?? '' : '');
		let size: [number, number] | null = null;
		try {
			size = image ? (ImageUtils.getSize(image, mimeType) as [number, number] | null) : null;
		} catch {
			size = null;
		}
		return {
			name: tex.getName() || tex.getURI() || `texture_${i}`,
			mimeType,
			width: size?.[0],
			height: size?.[1],
			bytes: image?.byteLength ?? 0,
		};
	});
	const skins: SkinSummary[] = root.listSkins().map((skin, i) => {
		const joints = skin.listJoints();
		const set = new Set(joints);
		const rootJoint = joints.find((j) => !j.getParentNode() || !set.has(j.getParentNode()!));
		return {
			name: skin.getName() || `skin_${i}`,
			joints: joints.length,
			jointNames: joints.map((j, k) => j.getName() || `joint_${k}`),
			root: rootJoint?.getName(),
		};
	});
	const animations: AnimationSummary[] = root.listAnimations().map((anim, i) => {
		let start = Infinity, end = -Infinity;
		for (const sampler of anim.listSamplers()) {
			const input = sampler.getInput();
			if (!input || input.getCount() === 0) continue;
			start = Math.min(start, input.getMin([])[0]);
			end = Math.max(end, input.getMax([])[0]);
		}
		const channels = anim.listChannels();
		return {
			name: anim.getName() || `animation_${i}`,
			channels: channels.length,
			duration: Number.isFinite(start) ? end - Math.min(0, start) : 0,
			targets: {
				nodes: new Set(channels.filter((c) => c.getTargetPath() !== 'weights').map((c) => c.getTargetNode())).size,
				morphWeights: channels.filter((c) => c.getTargetPath() === 'weights').length,
			},
		};
	});
	const b = sceneBounds(document);
	const bounds = b && { ...b, size: [0, 1, 2].map((k) => b.max[k] - b.min[k]) as [number, number, number] };
	return {
		file,
		fileSize,
		source,
		meshes,
		totals: {
			meshes: meshes.length,
			primitives: meshes.reduce((a, m) => a + m.primitives.length, 0),
			vertices: meshes.reduce((a, m) => a + m.vertices, 0),
			triangles: meshes.reduce((a, m) => a + m.triangles, 0),
			nodes: root.listNodes().length,
		},
		materials: root.listMaterials().map((m, i) => m.getName() || `material_${i}`),
		textures,
		skins,
		animations,
		bounds,
		guess: b ? guessFromBounds(b) : undefined,
	};
}

export function inspectAsset(asset: LoadedAsset): InspectResult {
	return inspectDocument(asset.document, asset.source, asset.byteLength, asset.path);
}
