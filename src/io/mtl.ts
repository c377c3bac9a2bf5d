import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Document, Material, Texture } from '@gltf-transform/core';

/**
 * Wavefront MTL: parsing into plain definitions, and turning a definition into
 * a glTF metallic-roughness Material. Textures are read relative to the MTL's
 * folder (then the OBJ's folder); anything missing is a warning, never a failure.
 */

export type RGB = [number, number, number];

/** A texture statement (`map_Kd -bm 1.0 tex/skin.png`): the file and the options before it. */
export interface MTLTextureRef {
	/** The file name as written (backslashes turned into slashes). */
	path: string;
	/** Options as written, without the dash: `{ bm: ['1.0'], s: ['2', '2'] }`. */
	options: Record<string, string[]>;
}

export interface MTLMaterial {
	name: string;
	/** Folder that this material's texture paths resolve against (the MTL's folder). */
	dir?: string;
	Ka?: RGB;
	Kd?: RGB;
	Ks?: RGB;
	Ke?: RGB;
	Ns?: number;
	/** Dissolve: 1 opaque, 0 fully transparent. */
	d?: number;
	/** Transparency: 1 − d. */
	Tr?: number;
	Ni?: number;
	illum?: number;
	map_Kd?: MTLTextureRef;
	map_Ks?: MTLTextureRef;
	map_Ke?: MTLTextureRef;
	map_d?: MTLTextureRef;
	/** `map_Bump`, `bump` or `norm`. */
	map_Bump?: MTLTextureRef;
}

/** How many arguments each texture option takes; `-o/-s/-t` take 1 to 3 numbers. */
const TEXTURE_OPTION_ARGS: Record<string, number | 'upto3'> = {
	blendu: 1,
	blendv: 1,
	bm: 1,
	boost: 1,
	cc: 1,
	clamp: 1,
	imfchan: 1,
	mm: 2,
	o: 'upto3',
	s: 'upto3',
	t: 'upto3',
	texres: 1,
	type: 1,
};

const isNumeric = (s: string): boolean => s.length > 0 && Number.isFinite(Number(s));

/**
 * Parses the arguments of a texture statement: options first (each `-name`
 * with its arguments), then the file name, which may contain spaces.
 */
export function parseTextureStatement(args: string): MTLTextureRef | undefined {
	const tokens = args.trim().split(/\s+/).filter((t) => t.length > 0);
	const options: Record<string, string[]> = {};
	let i = 0;
	while (i < tokens.length) {
		const tok = tokens[i];
		if (tok.length < 2 || tok[0] !== '-' || isNumeric(tok)) break;
		const name = tok.slice(1).toLowerCase();
		const arity = TEXTURE_OPTION_ARGS[name];
		if (arity === undefined) break; // not an option we know: treat as the start of the file name
		i++;
		const values: string[] = [];
		if (arity === 'upto3') {
			while (values.length < 3 && i < tokens.length - 1 && isNumeric(tokens[i])) values.push(tokens[i++]);
		} else {
			for (let k = 0; k < arity && i < tokens.length - 1; k++) values.push(tokens[i++]);
		}
		options[name] = values;
	}
	if (i >= tokens.length) return undefined;
	const path = tokens.slice(i).join(' ').replace(/\\/g, '/');
	return { path, options };
}

function parseRGB(tokens: string[]): RGB | undefined {
	// `Kd spectral file.rfl` and `Kd xyz x y z` exist in the spec; only plain RGB is read.
	if (tokens.length < 2 || !isNumeric(tokens[1])) return undefined;
	const r = Number(tokens[1]);
	const g = tokens.length > 2 && isNumeric(tokens[2]) ? Number(tokens[2]) : r;
	const b = tokens.length > 3 && isNumeric(tokens[3]) ? Number(tokens[3]) : g;
	return [r, g, b];
}

/** Parses MTL text into material definitions, in file order. */
export function parseMTL(text: string, warnings: string[], label = 'MTL', dir?: string): MTLMaterial[] {
	const materials: MTLMaterial[] = [];
	let current: MTLMaterial | undefined;
	const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n|\r/);
	let orphan = false;
	for (let n = 0; n < lines.length; n++) {
		const line = lines[n].trim();
		if (line.length === 0 || line[0] === '#') continue;
		const tokens = line.split(/\s+/);
		const key = tokens[0].toLowerCase();
		const rest = line.slice(tokens[0].length).trim();
		if (key === 'newmtl') {
			current = { name: rest || `material_${materials.length}`, dir };
			materials.push(current);
			continue;
		}
		if (!current) {
			orphan = true;
			continue;
		}
		const num = tokens.length > 1 && isNumeric(tokens[1]) ? Number(tokens[1]) : undefined;
		switch (key) {
			case 'ka':
				current.Ka = parseRGB(tokens);
				break;
			case 'kd':
				current.Kd = parseRGB(tokens);
				break;
			case 'ks':
				current.Ks = parseRGB(tokens);
				break;
			case 'ke':
				current.Ke = parseRGB(tokens);
				break;
			case 'ns':
				if (num !== undefined) current.Ns = num;
				break;
			case 'ni':
				if (num !== undefined) current.Ni = num;
				break;
			case 'd':
				// `d -halo 0.5` exists in the spec: take the last number.
				if (isNumeric(tokens[tokens.length - 1])) current.d = Number(tokens[tokens.length - 1]);
				break;
			case 'tr':
				if (num !== undefined) current.Tr = num;
				break;
			case 'illum':
				if (num !== undefined) current.illum = num;
				break;
			case 'map_kd':
				current.map_Kd = parseTextureStatement(rest);
				break;
			case 'map_ks':
				current.map_Ks = parseTextureStatement(rest);
				break;
			case 'map_ke':
				current.map_Ke = parseTextureStatement(rest);
				break;
			case 'map_d':
				current.map_d = parseTextureStatement(rest);
				break;
			case 'map_bump':
			case 'bump':
			case 'norm':
				current.map_Bump = parseTextureStatement(rest);
				break;
			default:
				break; // map_Ka, map_Ns, refl, Tf, sharpness, PBR extensions …: not mapped
		}
	}
	if (orphan) warnings.push(`${label}: statements before the first newmtl were ignored`);
	return materials;
}

export type ImageMime = 'image/png' | 'image/jpeg';

/** Sniffs PNG/JPEG from the bytes; returns a description of anything else. */
export function sniffImage(bytes: Uint8Array): ImageMime | { unsupported: string } {
	const b = bytes;
	if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	const ascii = Buffer.from(b.subarray(0, 12)).toString('latin1');
	if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return { unsupported: 'WebP' };
	if (ascii.startsWith('\u00abKTX 20')) return { unsupported: 'KTX2' };
	if (ascii.startsWith('DDS ')) return { unsupported: 'DDS' };
	if (ascii.startsWith('BM')) return { unsupported: 'BMP' };
	if (ascii.startsWith('GIF8')) return { unsupported: 'GIF' };
	if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return { unsupported: 'TIFF' };
	return { unsupported: 'an unrecognised image format (TGA?)' };
}

/** PNG colour types 0 (grey) and 4 (grey + alpha): a bump/height map, not a tangent-space normal map. */
function isGreyscalePNG(bytes: Uint8Array): boolean {
	return bytes.length > 25 && (bytes[25] === 0 || bytes[25] === 4);
}

/**
 * Loads textures once per file and turns MTL definitions into glTF materials.
 * Paths resolve against the MTL's folder, then `baseDir`; absolute paths from
 * another machine (`C:\Users\…\skin.png`) fall back to their base name there.
 */
export class MTLMaterialFactory {
	private readonly textures = new Map<string, Texture | null>();

	constructor(
		private readonly doc: Document,
		private readonly warnings: string[],
		private readonly baseDir?: string,
	) {}

	private candidates(ref: MTLTextureRef, dir?: string): string[] {
		const dirs = [...new Set([dir, this.baseDir].filter((d): d is string => !!d))];
		const out: string[] = [];
		const winAbs = /^[a-zA-Z]:\//.test(ref.path);
		if (!isAbsolute(ref.path) && !winAbs) for (const d of dirs) out.push(resolve(d, ref.path));
		const base = basename(ref.path);
		for (const d of dirs) out.push(resolve(d, base));
		return [...new Set(out)];
	}

	/**
	 * Reads a texture image; a missing or unsupported file is a warning and `null`.
	 * For `normal` use, a greyscale PNG is a bump (height) map, which glTF cannot use: also `null`.
	 */
	async texture(
		ref: MTLTextureRef,
		dir: string | undefined,
		what: string,
		use: 'color' | 'normal' = 'color',
	): Promise<Texture | null> {
		const paths = this.candidates(ref, dir);
		if (paths.length === 0) {
			this.warnings.push(`${what}: texture "${ref.path}" not loaded (no base folder to resolve it against)`);
			return null;
		}
		const heightMap = (image: Uint8Array | null): boolean => {
			if (use !== 'normal' || !image || sniffImage(image) !== 'image/png' || !isGreyscalePNG(image)) return false;
			this.warnings.push(`${what}: bump map "${ref.path}" is a greyscale height map, not a normal map; left out`);
			return true;
		};
		for (const p of paths) {
			const cached = this.textures.get(p);
			if (cached !== undefined) return cached && heightMap(cached.getImage()) ? null : cached;
		}
		for (const p of paths) {
			let bytes: Uint8Array;
			try {
				bytes = new Uint8Array(await readFile(p));
			} catch {
				continue;
			}
			if (heightMap(bytes)) return null;
			const mime = sniffImage(bytes);
			if (typeof mime !== 'string') {
				this.warnings.push(
					`${what}: texture "${ref.path}" is ${mime.unsupported}; glTF core takes PNG or JPEG, so it was left out`,
				);
				this.textures.set(p, null);
				return null;
			}
			const tex = this.doc
				.createTexture(basename(p))
				.setImage(bytes)
				.setMimeType(mime)
				.setURI(basename(p));
			this.textures.set(p, tex);
			return tex;
		}
		this.warnings.push(`${what}: texture "${ref.path}" not found`);
		return null;
	}

	/** A glTF material from an MTL definition (metallic 0: OBJ materials are dielectric). */
	async create(def: MTLMaterial): Promise<Material> {
		const mat = this.doc.createMaterial(def.name).setMetallicFactor(0);
		const what = `material "${def.name}"`;
		const kd = def.Kd ?? [1, 1, 1];
		let alpha = 1;
		if (def.d !== undefined) alpha = def.d;
		else if (def.Tr !== undefined) alpha = 1 - def.Tr;
		alpha = clamp01(alpha);
		if (alpha === 0) {
			// `d 0` / `Tr 1` on a whole material is nearly always an exporter writing the inverted convention.
			this.warnings.push(`${what} is fully transparent (d 0 / Tr 1); read as opaque`);
			alpha = 1;
		}
		mat.setBaseColorFactor([clamp01(kd[0]), clamp01(kd[1]), clamp01(kd[2]), alpha]);
		if (alpha < 1) mat.setAlphaMode('BLEND');
		mat.setRoughnessFactor(def.Ns !== undefined ? clamp01(Math.sqrt(2 / (Math.max(0, def.Ns) + 2))) : 1);
		if (def.Ke) mat.setEmissiveFactor([clamp01(def.Ke[0]), clamp01(def.Ke[1]), clamp01(def.Ke[2])]);

		if (def.map_Kd) {
			const tex = await this.texture(def.map_Kd, def.dir, what);
			if (tex) mat.setBaseColorTexture(tex);
		}
		if (def.map_Ke) {
			const tex = await this.texture(def.map_Ke, def.dir, what);
			if (tex) {
				mat.setEmissiveTexture(tex);
				if (!def.Ke) mat.setEmissiveFactor([1, 1, 1]);
			}
		}
		if (def.map_Bump) {
			const tex = await this.texture(def.map_Bump, def.dir, what, 'normal');
			if (tex) {
				mat.setNormalTexture(tex);
				const bm = Number(def.map_Bump.options.bm?.[0]);
				if (Number.isFinite(bm)) mat.setNormalScale(bm);
			}
		}
		if (def.map_d) {
			// glTF keeps alpha in the base colour texture; a separate map is recorded, not merged.
			if (mat.getAlphaMode() === 'OPAQUE') mat.setAlphaMode('BLEND');
			if (!def.map_Kd || def.map_d.path !== def.map_Kd.path) {
				this.warnings.push(
					`${what}: separate alpha map "${def.map_d.path}" is not merged into the base colour texture (kept in extras)`,
				);
			}
		}
		const extras: Record<string, unknown> = {};
		if (def.Ks) extras.Ks = def.Ks;
		if (def.Ns !== undefined) extras.Ns = def.Ns;
		if (def.illum !== undefined) extras.illum = def.illum;
		if (def.map_d) extras.map_d = def.map_d.path;
		if (def.map_Ks) extras.map_Ks = def.map_Ks.path;
		if (Object.keys(extras).length > 0) mat.setExtras({ ...mat.getExtras(), mtl: extras });
		return mat;
	}
}

function clamp01(x: number): number {
	return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1;
}
