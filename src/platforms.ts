/**
 * Engine profiles: what each target engine accepts (units, axes, skinning and
 * texture limits, budgets). Profiles are JSON files in `presets/platforms/`;
 * this module types and loads them. Later stages (export, LOD, naming) read
 * more fields from the same files, so every field beyond the core ones is
 * optional.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxisError } from './errors.js';

export type PlatformUnits = 'm' | 'cm';
export type PlatformUpAxis = '+Y' | '+Z';
export type Handedness = 'right' | 'left';
export type BoneNameMap = 'axis' | 'mixamo' | 'unreal' | 'godot' | 'unity' | 'r15' | 'vrm' | 'smpl';

export interface MorphTargetSupport {
	supported: boolean;
	/** Most morph targets (blend shapes) per mesh the engine imports; absent when unlimited in practice. */
	maxCount?: number;
}

/** Name prefixes an engine's conventions expect (empty or absent: no prefix). */
export interface NamingConventions {
	skeletalMesh?: string;
	staticMesh?: string;
	skeleton?: string;
	material?: string;
	materialInstance?: string;
	texture?: string;
	animation?: string;
	/** Identifier style, e.g. `PascalCase`, `snake_case`. */
	case?: string;
	/** Suffix of level-of-detail meshes, followed by the level number (Unity: `_LOD` → `_LOD0`, `_LOD1`). */
	lodSuffix?: string;
}

/** What `axis export` writes for an engine (all optional; exporters have defaults). */
export interface ExportSettings {
	/** Files written, preferred first: `glb`, `gltf`, `fbx`. */
	formats?: ('glb' | 'gltf' | 'fbx')[];
	/** FBX coordinate system: units and up axis of the written data. */
	fbx?: { units?: PlatformUnits; upAxis?: PlatformUpAxis; version?: 7400 | 7500 };
	/** Name of an extra root bone above the hips (Unreal: `root`). */
	rootBone?: string;
	/** Rename bones to `boneNameMap` in the written files (false: keep the names, write the map beside them). */
	renameBones?: boolean;
	/** Write `<name>.humanoid.json` (engine bone → file bone). */
	humanoidMap?: boolean;
	/** Refuse characters whose skeleton is not a recognised humanoid (false: static meshes still export). */
	requireHumanoid?: boolean;
	/** Keep animations (Roblox avatar import takes none). Default true. */
	animations?: boolean;
	/** Triangle ratios of the LOD levels, LOD0 first (used by the LOD stage; recorded in the manifest). */
	lodRatios?: number[];
	/** Per-part limits (Roblox R15 body parts). */
	partLimits?: { maxVertices?: number; maxTriangles?: number };
}

export interface PlatformProfile {
	/** Key used on the command line (`--platform unity`). */
	name: string;
	displayName: string;
	/** Units of the engine's world (the glTF we work on is always metres). */
	units: PlatformUnits;
	upAxis: PlatformUpAxis;
	handedness: Handedness;
	/** Most joints with a non-zero weight on one vertex. */
	maxInfluences: number;
	/** Most joints in one skin. */
	maxBonesPerSkin: number;
	/** Triangle budget for a whole character (all meshes, as rendered). */
	maxTriangles: number;
	/** Vertex budget for a whole character. */
	maxVertices: number;
	/** Largest texture edge, in pixels. */
	maxTextureSize: number;
	/** Whether textures must be a power of two on both sides. */
	requirePowerOfTwo: boolean;
	morphTargets: MorphTargetSupport;
	/** Skeleton naming the engine's humanoid tooling expects. */
	boneNameMap: BoneNameMap;
	/** File formats the engine imports, preferred first. */
	fileFormats: string[];
	naming?: NamingConventions;
	/** Triangle limit of one mesh part, where the engine has one besides the budget. */
	maxTrianglesPerMesh?: number;
	/**
	 * Severity of findings that break this profile's limits (influences, joints,
	 * budgets, texture size, morph targets). Engine profiles use `error`; the
	 * generic profile only warns. Default `error`.
	 */
	limitSeverity?: 'error' | 'warning';
	/** What `axis export` writes (formats, FBX axis/units, root bone, renaming, part limits). */
	export?: ExportSettings;
	/** Where the numbers come from, and caveats. */
	notes?: string[];
}

/** The profile used when no `--platform` is given. */
export const DEFAULT_PLATFORM = 'generic';

const PRESETS_DIR = new URL('../presets/platforms/', import.meta.url);
const cache = new Map<string, PlatformProfile>();

/** Folder holding the platform JSON files. */
export function platformsDir(): string {
	return fileURLToPath(PRESETS_DIR);
}

/** Names of the engine profiles (the generic default is not listed). */
export function listPlatforms(): string[] {
	let files: string[];
	try {
		files = readdirSync(PRESETS_DIR);
	} catch {
		return [];
	}
	return files
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -'.json'.length))
		.filter((n) => n !== DEFAULT_PLATFORM)
		.sort();
}

/**
 * Loads a profile by name (case-insensitive). Throws
 * `AxisError('UNKNOWN_PLATFORM')` listing the known names when there is none.
 * The returned object is a fresh copy: callers may change it.
 */
export function loadPlatform(name: string = DEFAULT_PLATFORM): PlatformProfile {
	const key = name.trim().toLowerCase();
	let profile = cache.get(key);
	if (!profile) {
		if (!/^[a-z0-9_-]+$/.test(key)) throw unknown(name);
		let text: string;
		try {
			text = readFileSync(new URL(`${key}.json`, PRESETS_DIR), 'utf8');
		} catch {
			throw unknown(name);
		}
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (err) {
			throw new AxisError('INTERNAL', `platform profile ${key}.json is not valid JSON: ${(err as Error).message}`);
		}
		profile = checkProfile(parsed, key);
		cache.set(key, profile);
	}
	return structuredClone(profile);
}

function unknown(name: string): AxisError {
	const known = listPlatforms();
	return new AxisError('UNKNOWN_PLATFORM', `unknown platform "${name}"; known platforms: ${known.join(', ')}`, { known });
}

const REQUIRED_NUMBERS = ['maxInfluences', 'maxBonesPerSkin', 'maxTriangles', 'maxVertices', 'maxTextureSize'] as const;

function checkProfile(value: unknown, key: string): PlatformProfile {
	const bad = (why: string) => new AxisError('INTERNAL', `platform profile ${key}.json: ${why}`);
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('not an object');
	const p = value as Record<string, unknown>;
	if (p.name !== key) throw bad(`"name" must be "${key}"`);
	for (const field of REQUIRED_NUMBERS) {
		const v = p[field];
		if (typeof v !== 'number' || !(v > 0)) throw bad(`"${field}" must be a positive number`);
	}
	if (p.units !== 'm' && p.units !== 'cm') throw bad('"units" must be "m" or "cm"');
	if (typeof p.requirePowerOfTwo !== 'boolean') throw bad('"requirePowerOfTwo" must be a boolean');
	const morph = p.morphTargets as MorphTargetSupport | undefined;
	if (!morph || typeof morph.supported !== 'boolean') throw bad('"morphTargets.supported" must be a boolean');
	return value as PlatformProfile;
}
