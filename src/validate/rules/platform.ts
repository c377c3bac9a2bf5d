import { ImageUtils } from '@gltf-transform/core';
import type { Document, Texture } from '@gltf-transform/core';
import type { Finding } from '../../report.js';
import type { Rule, RuleContext } from '../types.js';
import { finding, isPowerOfTwo, limitSeverity, plural } from './util.js';

interface TextureSize {
	texture: Texture;
	index: number;
	name: string;
	width: number;
	height: number;
}

/** Sizes of the embedded/loaded textures, read from the image headers (PNG, JPEG; WebP/KTX2 once their extension is registered). */
function textureSizes(document: Document): TextureSize[] {
	const out: TextureSize[] = [];
	document
		.getRoot()
		.listTextures()
		.forEach((texture, index) => {
			const image = texture.getImage();
			if (!image || image.byteLength === 0) return;
			const mime = texture.getMimeType() || ImageUtils.getMimeType(image);
			if (!mime) return;
			let size: [number, number] | null = null;
			try {
				size = ImageUtils.getSize(image, mime);
			} catch {
				size = null;
			}
			if (!size) return;
			out.push({ texture, index, name: texture.getName() || texture.getURI() || `image ${index}`, width: size[0], height: size[1] });
		});
	return out;
}

function textureWhere(t: TextureSize) {
	return { texture: t.name, pointer: `/images/${t.index}` };
}

/** Textures larger than the platform's maximum. */
export const textureTooLarge: Rule = {
	code: 'TEXTURE_TOO_LARGE',
	title: 'Texture too large',
	description: 'Textures whose width or height (from the image header) exceeds the platform\'s maxTextureSize.',
	severity: 'error',
	autoFixable: false,
	check(document, context) {
		const limit = context.platform.maxTextureSize;
		return textureSizes(document)
			.filter((t) => Math.max(t.width, t.height) > limit)
			.map((t) =>
				finding(this.code, limitSeverity(context), `texture "${t.name}" is ${t.width}×${t.height}; ${context.platform.displayName} allows ${limit} px`, textureWhere(t), {
					title: `Resize to at most ${limit} px`,
					description: `Downscale the texture (keeping its aspect ratio, ideally to a power of two) to ${limit} px or less; the engine would otherwise downscale or reject it on import.`,
					confidence: 0.9,
					auto_fixable: false,
				}),
			);
	},
};

/** Texture sides that are not powers of two. */
export const textureNotPowerOfTwo: Rule = {
	code: 'TEXTURE_NOT_POWER_OF_TWO',
	title: 'Texture not power of two',
	description: 'Textures whose width or height is not a power of two: an error/warning where the platform requires it (requirePowerOfTwo), info elsewhere.',
	severity: 'warning',
	autoFixable: false,
	check(document, context) {
		const severity = context.platform.requirePowerOfTwo ? limitSeverity(context) : 'info';
		return textureSizes(document)
			.filter((t) => !isPowerOfTwo(t.width) || !isPowerOfTwo(t.height))
			.map((t) =>
				finding(this.code, severity, `texture "${t.name}" is ${t.width}×${t.height}, not a power of two`, textureWhere(t), {
					title: 'Resize to a power of two',
					description: 'Power-of-two sides get full mipmap chains, block compression and texture streaming on every engine and GPU. Resize (or pad) each side to a power of two.',
					confidence: 0.8,
					auto_fixable: false,
				}),
			);
	},
};

/** Triangles as rendered by the scene over the platform's budget. */
export const triangleBudget: Rule = {
	code: 'TRIANGLE_BUDGET_EXCEEDED',
	title: 'Triangle budget exceeded',
	description: 'Triangles rendered by the scene (each mesh counted once per node using it) above the platform\'s maxTriangles, or one mesh above maxTrianglesPerMesh.',
	severity: 'error',
	autoFixable: false,
	check(_document, context) {
		const out: Finding[] = [];
		const { triangles } = context.analysis.renderedCounts();
		const limit = context.platform.maxTriangles;
		if (triangles > limit) out.push(budgetFinding(this.code, context, `the scene renders ${triangles} triangles; the ${context.platform.displayName} budget is ${limit}`, triangles, limit, undefined));
		const perMesh = context.platform.maxTrianglesPerMesh;
		if (perMesh) {
			const counts = new Map<number, { name: string; n: number }>();
			for (const info of context.analysis.primitives()) {
				const c = counts.get(info.meshIndex) ?? { name: info.meshName, n: 0 };
				c.n += info.triangles ? info.triangles.length / 3 : 0;
				counts.set(info.meshIndex, c);
			}
			for (const [meshIndex, c] of counts) {
				if (c.n > perMesh) out.push(budgetFinding(this.code, context, `mesh "${c.name}" has ${c.n} triangles; ${context.platform.displayName} allows ${perMesh} per mesh`, c.n, perMesh, meshIndex, c.name));
			}
		}
		return out;
	},
};

function budgetFinding(code: string, context: RuleContext, message: string, n: number, limit: number, meshIndex?: number, meshName?: string): Finding {
	return finding(code, limitSeverity(context), message, meshIndex === undefined ? { count: n } : { mesh: meshName, pointer: `/meshes/${meshIndex}`, count: n }, {
		title: `Simplify to ${limit} triangles or fewer`,
		description: `Decimate the mesh (about ${Math.ceil((100 * (n - limit)) / n)}% fewer triangles), keeping UV seams, silhouettes and skin weights, or ship LODs with this as LOD0's budget.`,
		confidence: 0.7,
		auto_fixable: false,
	});
}

/** Vertices as rendered by the scene over the platform's budget. */
export const vertexBudget: Rule = {
	code: 'VERTEX_BUDGET_EXCEEDED',
	title: 'Vertex budget exceeded',
	description: 'Vertices rendered by the scene (each mesh counted once per node using it) above the platform\'s maxVertices.',
	severity: 'error',
	autoFixable: false,
	check(_document, context) {
		const { vertices } = context.analysis.renderedCounts();
		const limit = context.platform.maxVertices;
		if (vertices <= limit) return [];
		return [
			finding(this.code, limitSeverity(context), `the scene renders ${vertices} vertices; the ${context.platform.displayName} budget is ${limit}`, { count: vertices }, {
				title: `Reduce to ${limit} vertices or fewer`,
				description: 'Weld duplicate vertices first (UV and normal seams split vertices), then simplify the mesh or ship LODs.',
				confidence: 0.6,
				auto_fixable: false,
			}),
		];
	},
};

function morphTargetCounts(document: Document): { meshIndex: number; name: string; targets: number }[] {
	const out: { meshIndex: number; name: string; targets: number }[] = [];
	document
		.getRoot()
		.listMeshes()
		.forEach((mesh, meshIndex) => {
			const targets = Math.max(0, ...mesh.listPrimitives().map((p) => p.listTargets().length));
			if (targets > 0) out.push({ meshIndex, name: mesh.getName() || `mesh ${meshIndex}`, targets });
		});
	return out;
}

/** Morph targets on a platform that does not import them. */
export const morphTargetsUnsupported: Rule = {
	code: 'MORPH_TARGETS_UNSUPPORTED',
	title: 'Morph targets unsupported',
	description: 'Meshes with morph targets (blend shapes) for a platform that does not import them.',
	severity: 'error',
	autoFixable: false,
	check(document, context) {
		if (context.platform.morphTargets.supported) return [];
		return morphTargetCounts(document).map((m) =>
			finding(this.code, limitSeverity(context), `mesh "${m.name}" has ${plural(m.targets, 'morph target')}; ${context.platform.displayName} does not import morph targets`, { mesh: m.name, pointer: `/meshes/${m.meshIndex}`, count: m.targets }, {
				title: 'Drop the morph targets or convert them to bone poses',
				description: `${context.platform.displayName} ignores blend shapes. Facial expressions must be driven by bones (e.g. FACS poses on a face rig); body shapes must be baked into the mesh.`,
				confidence: 0.8,
				auto_fixable: false,
			}),
		);
	},
};

/** More morph targets on a mesh than the platform imports. */
export const tooManyMorphTargets: Rule = {
	code: 'TOO_MANY_MORPH_TARGETS',
	title: 'Too many morph targets',
	description: 'Meshes with more morph targets than the platform\'s morphTargets.maxCount.',
	severity: 'error',
	autoFixable: false,
	check(document, context) {
		const { supported, maxCount } = context.platform.morphTargets;
		if (!supported || !maxCount) return [];
		return morphTargetCounts(document)
			.filter((m) => m.targets > maxCount)
			.map((m) =>
				finding(this.code, limitSeverity(context), `mesh "${m.name}" has ${m.targets} morph targets; ${context.platform.displayName} imports ${maxCount}`, { mesh: m.name, pointer: `/meshes/${m.meshIndex}`, count: m.targets }, {
					title: `Keep at most ${maxCount} morph targets`,
					description: 'Remove unused or redundant targets, or split the mesh so each part carries fewer targets.',
					confidence: 0.7,
					auto_fixable: false,
				}),
			);
	},
};
