import { readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Document, Material, Texture } from '@gltf-transform/core';
import type { Graph } from './graph.js';
import { child, childString, objectName, p70Number, p70Vec3, type FBXProp, propString, readProps70 } from './tree.js';

/** Creates glTF materials and textures from FBX Material/Texture/Video objects (memoised per object). */
export class MaterialBuilder {
	private readonly materials = new Map<string, Material>();
	private readonly textures = new Map<string, Texture | null>();

	constructor(
		private readonly doc: Document,
		private readonly graph: Graph,
		private readonly baseDir: string | undefined,
		private readonly warnings: string[],
	) {}

	get(materialId: string): Material {
		const cached = this.materials.get(materialId);
		if (cached) return cached;
		const obj = this.graph.objects.get(materialId);
		const props = readProps70(obj?.node);
		const mat = this.doc.createMaterial(obj ? obj.name : 'material');
		const diffuse = p70Vec3(props, 'DiffuseColor', p70Vec3(props, 'Diffuse', [0.8, 0.8, 0.8]));
		const factor = p70Number(props, 'DiffuseFactor', 1);
		let alpha = 1;
		if (props.has('Opacity')) alpha = p70Number(props, 'Opacity', 1);
		else if (props.has('TransparencyFactor')) {
			const tf = p70Number(props, 'TransparencyFactor', 0);
			const tc = p70Vec3(props, 'TransparentColor', [1, 1, 1]);
			const t = tf * (tc[0] + tc[1] + tc[2]) / 3;
			// Many exporters write TransparencyFactor 1 with a black TransparentColor for opaque materials.
			alpha = Math.min(1, Math.max(0, 1 - t));
		}
		const clamp = (v: number): number => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
		mat.setBaseColorFactor([clamp(diffuse[0] * factor), clamp(diffuse[1] * factor), clamp(diffuse[2] * factor), clamp(alpha)]);
		if (alpha < 0.999) mat.setAlphaMode('BLEND');
		const emissive = p70Vec3(props, 'EmissiveColor', p70Vec3(props, 'Emissive', [0, 0, 0]));
		const ef = p70Number(props, 'EmissiveFactor', 1);
		mat.setEmissiveFactor([clamp(emissive[0] * ef), clamp(emissive[1] * ef), clamp(emissive[2] * ef)]);
		const shininess = p70Number(props, 'ShininessExponent', p70Number(props, 'Shininess', 20));
		mat.setMetallicFactor(0);
		mat.setRoughnessFactor(clamp(Math.sqrt(2 / (Math.max(0, shininess) + 2))));

		for (const c of this.graph.childrenOf(materialId)) {
			const tex = this.graph.objects.get(c.child);
			if (!tex || tex.kind !== 'Texture') continue;
			const texture = this.texture(c.child);
			if (!texture) continue;
			const prop = c.prop ?? '';
			if (prop === 'DiffuseColor' || prop === 'Diffuse' || prop === 'Maya|baseColor' || prop === '3dsMax|Parameters|base_color_map') {
				mat.setBaseColorTexture(texture);
			} else if (prop === 'NormalMap' || prop === 'Bump' || prop === 'Maya|normalCamera') {
				mat.setNormalTexture(texture);
			} else if (prop === 'EmissiveColor' || prop === 'Emissive') {
				mat.setEmissiveTexture(texture);
				mat.setEmissiveFactor([1, 1, 1]);
			} else if (prop === 'TransparentColor' || prop === 'TransparencyFactor') {
				// Often the same image as the diffuse map; keep the base colour texture's alpha.
				if (!mat.getBaseColorTexture()) mat.setBaseColorTexture(texture);
				mat.setAlphaMode('BLEND');
			}
		}
		this.materials.set(materialId, mat);
		return mat;
	}

	private texture(textureId: string): Texture | null {
		if (this.textures.has(textureId)) return this.textures.get(textureId) ?? null;
		const texObj = this.graph.objects.get(textureId);
		let result: Texture | null = null;
		if (texObj) {
			let bytes: Uint8Array | undefined;
			let fileName = childString(texObj.node, 'FileName') || childString(texObj.node, 'Filename');
			let relName = childString(texObj.node, 'RelativeFilename');
			for (const c of this.graph.childrenOf(textureId)) {
				const video = this.graph.objects.get(c.child);
				if (!video || video.kind !== 'Video') continue;
				bytes = decodeContent(child(video.node, 'Content')?.props ?? []);
				if (!fileName) fileName = childString(video.node, 'FileName') || childString(video.node, 'Filename');
				if (!relName) relName = childString(video.node, 'RelativeFilename');
				if (bytes) break;
			}
			const label = relName || fileName || texObj.name;
			if (!bytes) bytes = this.loadExternal(relName, fileName);
			if (!bytes) {
				this.warnings.push(`texture ${label || textureId}: image not found${this.baseDir ? ` (looked in ${this.baseDir})` : ' (no base folder given)'}; material keeps its colour`);
			} else {
				const mime = sniffImage(bytes);
				if (!mime) {
					this.warnings.push(`texture ${label}: image format is not PNG/JPEG/WebP; skipped`);
				} else {
					const name = basename((relName || fileName || texObj.name).replace(/\\/g, '/'));
					result = this.doc.createTexture(name || objectName(texObj.name)).setImage(bytes).setMimeType(mime);
					if (name) result.setURI(name);
				}
			}
		}
		this.textures.set(textureId, result);
		return result;
	}

	private loadExternal(relName: string, fileName: string): Uint8Array | undefined {
		if (!this.baseDir) return undefined;
		const candidates: string[] = [];
		const norm = (p: string): string => p.replace(/\\/g, '/');
		if (relName) candidates.push(isAbsolute(norm(relName)) ? norm(relName) : resolve(this.baseDir, norm(relName)));
		for (const n of [relName, fileName]) {
			if (!n) continue;
			const base = basename(norm(n));
			if (base) {
				candidates.push(resolve(this.baseDir, base));
				candidates.push(resolve(this.baseDir, 'textures', base));
			}
		}
		for (const c of candidates) {
			try {
				if (statSync(c).isFile()) return new Uint8Array(readFileSync(c));
			} catch {
				// try the next candidate
			}
		}
		return undefined;
	}
}

/** Video Content: raw bytes (binary) or base64 text split over one or more strings (ASCII). */
function decodeContent(props: FBXProp[]): Uint8Array | undefined {
	for (const p of props) if (p instanceof Uint8Array && p.byteLength > 0) return p;
	const text = props.map((p) => propString(p)).join('').replace(/\s+/g, '');
	if (!text) return undefined;
	const buf = Buffer.from(text, 'base64');
	return buf.byteLength > 0 ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : undefined;
}

function sniffImage(b: Uint8Array): string | undefined {
	if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return 'image/webp';
	return undefined;
}
