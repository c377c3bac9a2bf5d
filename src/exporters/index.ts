/**
 * Engine exports: `exportForPlatform(document, platform, outDir)` writes the
 * files an engine imports (GLB and/or binary FBX 7.4, a humanoid bone map)
 * plus `manifest.json`, following the engine profile in
 * `presets/platforms/<name>.json`. Inputs that cannot comply are refused
 * with `AxisError('EXPORT_REFUSED')` listing every reason.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Document } from '@gltf-transform/core';
import { AxisError } from '../errors.js';
import { writeFBX } from '../io/fbx-write/index.js';
import { writeGLB } from '../io/write.js';
import { loadPlatform, type PlatformProfile } from '../platforms.js';
import { applyNamingPrefixes, countDocument, type HumanoidInfo, limitInfluences, safeFileName } from './conventions.js';
import { type ExportManifest, fileEntry, type ManifestFile, writeManifest } from './manifest.js';
import { prepareGodot } from './godot.js';
import { prepareRoblox } from './roblox.js';
import { prepareUnity } from './unity.js';
import { prepareUnreal } from './unreal.js';

export type { ExportManifest, ManifestFile } from './manifest.js';
export { analyseSkeleton, flattenSkeleton, addRootBone, limitInfluences, lodName, countDocument } from './conventions.js';

export interface ExportOptions {
	/** Base name of the written files (default: the input's name, else `character`). */
	name?: string;
	/** Override the profile's FBX units. */
	fbxUnits?: 'm' | 'cm';
	/** Override the profile's FBX up axis. */
	fbxUpAxis?: '+Y' | '+Z';
	/** Override the profile's formats. */
	formats?: ('glb' | 'fbx')[];
	/** false: export a rig that is not a recognised humanoid as a generic skeleton where the profile would refuse (Unity). */
	humanoid?: boolean;
	/** Files the export must never write over (its input): a clash is BAD_USAGE before anything is written. */
	keep?: string[];
}

/** What a platform step did to the working copy. */
export interface PlatformPlan {
	/** Reasons to refuse (empty: go on). */
	refusals: string[];
	warnings: string[];
	/** Naming of the written bones (null: unrigged). */
	writtenSkeleton: string | null;
	rootBone?: string;
	/** engine bone → bone name in the written files (for the humanoid map JSON). */
	humanoidMap?: Record<string, string>;
	/** true when the mesh is skinned (SK_ vs SM_ prefixes). */
	skinned: boolean;
	/** FBX role label. */
	fbxRole?: string;
	glbRole?: string;
}

export interface PlatformContext {
	doc: Document;
	profile: PlatformProfile;
	info: HumanoidInfo;
	options: ExportOptions;
}

const PREPARE: Record<string, (ctx: PlatformContext) => Promise<PlatformPlan> | PlatformPlan> = {
	unity: prepareUnity,
	unreal: prepareUnreal,
	godot: prepareGodot,
	roblox: prepareRoblox,
};

export const EXPORT_PLATFORMS = Object.keys(PREPARE);

/**
 * Exports `document` for an engine into `outDir` and returns the manifest
 * (also written as `outDir/manifest.json`). The caller's document is not
 * changed. Refusals throw `AxisError('EXPORT_REFUSED', …, { reasons })`.
 */
export async function exportForPlatform(document: Document, platform: string | PlatformProfile, outDir: string, options: ExportOptions = {}): Promise<ExportManifest> {
	const profile = typeof platform === 'string' ? loadPlatform(platform) : platform;
	const prepare = PREPARE[profile.name];
	if (!prepare) throw new AxisError('UNKNOWN_PLATFORM', `no exporter for platform "${profile.name}"; exporters: ${EXPORT_PLATFORMS.join(', ')}`, { known: EXPORT_PLATFORMS });
	const { cloneDocument, prune } = await import('@gltf-transform/functions');
	const { analyseSkeleton } = await import('./conventions.js');
	const doc = cloneDocument(document);
	const root = doc.getRoot();
	if (!root.listBuffers().length) doc.createBuffer();
	const meshNodes = root.listNodes().filter((n) => n.getMesh());
	if (meshNodes.length === 0) throw new AxisError('EXPORT_REFUSED', 'nothing to export: the asset has no mesh', { reasons: ['no mesh'] });

	const info = analyseSkeleton(doc);
	const plan = await prepare({ doc, profile, info, options });
	const warnings = [...plan.warnings];
	const refusals = [...plan.refusals];
	if (refusals.length) throw new AxisError('EXPORT_REFUSED', `cannot export for ${profile.displayName}: ${refusals.join('; ')}`, { platform: profile.name, reasons: refusals });

	// Shared limits
	const clipped = limitInfluences(doc, profile.maxInfluences);
	if (clipped) warnings.push(`${clipped} vertices had more than ${profile.maxInfluences} bone influences; kept the ${profile.maxInfluences} largest (renormalised)`);
	for (const skin of root.listSkins()) {
		if (skin.listJoints().length > profile.maxBonesPerSkin) refusals.push(`skin ${skin.getName()} has ${skin.listJoints().length} bones; ${profile.displayName} allows ${profile.maxBonesPerSkin}`);
	}
	let morphs = 0;
	for (const m of root.listMeshes()) for (const p of m.listPrimitives()) morphs = Math.max(morphs, p.listTargets().length);
	if (morphs && !profile.morphTargets.supported) {
		for (const m of root.listMeshes()) {
			for (const p of m.listPrimitives()) for (const t of p.listTargets()) t.dispose();
			m.setWeights([]);
			const extras = { ...(m.getExtras() as Record<string, unknown>) };
			delete extras.targetNames;
			m.setExtras(extras);
		}
		for (const a of root.listAnimations()) for (const c of a.listChannels()) if (c.getTargetPath() === 'weights') c.dispose();
		warnings.push(`${morphs} morph target(s) dropped: ${profile.displayName} imports no blend shapes`);
	} else if (morphs && profile.morphTargets.maxCount && morphs > profile.morphTargets.maxCount) {
		warnings.push(`${morphs} morph targets; ${profile.displayName} imports at most ${profile.morphTargets.maxCount}`);
	}
	for (const tex of root.listTextures()) {
		const size = tex.getSize();
		if (!size) continue;
		const label = tex.getName() || tex.getURI() || 'texture';
		if (Math.max(size[0], size[1]) > profile.maxTextureSize) {
			const msg = `texture ${label} is ${size[0]}×${size[1]} px; ${profile.displayName} allows ${profile.maxTextureSize} px`;
			if ((profile.limitSeverity ?? 'error') === 'error' && profile.export?.requireHumanoid) refusals.push(`${msg} (resize it first)`);
			else warnings.push(msg);
		}
		const pot = (v: number) => (v & (v - 1)) === 0;
		if (profile.requirePowerOfTwo && !(pot(size[0]) && pot(size[1]))) warnings.push(`texture ${label} is ${size[0]}×${size[1]} px, not a power of two (${profile.displayName} gives such textures no mipmaps)`);
	}
	if (refusals.length) {
		throw new AxisError('EXPORT_REFUSED', `cannot export for ${profile.displayName}: ${refusals.join('; ')}`, { platform: profile.name, reasons: refusals });
	}

	applyNamingPrefixes(doc, profile, plan.skinned);
	await doc.transform(prune({ propertyTypes: ['accessor', 'mesh', 'skin', 'material', 'texture', 'animation'], keepLeaves: true, keepAttributes: true }));

	// --- write ---------------------------------------------------------------------------------
	const dir = resolve(outDir);
	await mkdir(dir, { recursive: true });
	const base = safeFileName(options.name ?? root.listScenes()[0]?.getName() ?? 'character');
	const prefix = plan.skinned ? profile.naming?.skeletalMesh : profile.naming?.staticMesh;
	const stem = prefix && !base.startsWith(prefix) ? `${prefix}${base}` : base;
	const formats = options.formats ?? profile.export?.formats?.filter((f): f is 'glb' | 'fbx' => f === 'glb' || f === 'fbx') ?? ['glb'];
	const fbxUnits = options.fbxUnits ?? profile.export?.fbx?.units ?? 'm';
	const fbxUpAxis = options.fbxUpAxis ?? profile.export?.fbx?.upAxis ?? '+Y';
	const kept = new Set((options.keep ?? []).map((p) => resolve(p)));
	for (const name of [...formats.map((f) => `${stem}.${f}`), `${stem}.humanoid.json`]) {
		if (kept.has(join(dir, name))) throw new AxisError('BAD_USAGE', `${join(dir, name)} is the input file: the export never overwrites its input; choose another output folder`);
	}
	const files: ManifestFile[] = [];
	const conventions: ExportManifest['conventions'] = {};
	root.getAsset().generator = 'axis-pipeline export';
	for (const format of formats) {
		const path = join(dir, `${stem}.${format}`);
		let bytes: Uint8Array;
		if (format === 'glb') {
			bytes = await writeGLB(doc, { compression: 'none' });
			conventions.glb = { units: 'm', upAxis: '+Y' };
		} else {
			const fbx = writeFBX(doc, { units: fbxUnits, upAxis: fbxUpAxis, animations: profile.export?.animations !== false });
			bytes = fbx.bytes;
			warnings.push(...fbx.stats.warnings);
			conventions.fbx = { units: fbxUnits, upAxis: fbxUpAxis, version: 7400 };
		}
		await writeFile(path, bytes);
		files.push(fileEntry(dir, `${stem}.${format}`, bytes, format, format === 'glb' ? (plan.glbRole ?? `${profile.displayName} glTF binary`) : (plan.fbxRole ?? `${profile.displayName} FBX 7.4`)));
	}
	if (plan.humanoidMap && profile.export?.humanoidMap !== false) {
		const json = { target: profile.boneNameMap, source: info.recognition.skeleton, bones: plan.humanoidMap };
		const bytes = new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
		const name = `${stem}.humanoid.json`;
		await writeFile(join(dir, name), bytes);
		files.push(fileEntry(dir, name, bytes, 'json', `${profile.displayName} humanoid bone map (engine bone → file bone)`));
	}
	const counts = countDocument(doc);
	const manifest: ExportManifest = {
		tool: 'axis-pipeline',
		platform: profile.name,
		displayName: profile.displayName,
		name: stem,
		conventions,
		skeleton: {
			recognised: info.recognition.skeleton,
			written: plan.writtenSkeleton,
			humanoid: info.recognition.humanoid,
			rootBone: plan.rootBone,
			bones: counts.bones,
		},
		counts,
		limits: { maxInfluences: profile.maxInfluences, maxBonesPerSkin: profile.maxBonesPerSkin, maxTextureSize: profile.maxTextureSize, lodRatios: profile.export?.lodRatios },
		files,
		warnings,
	};
	await writeManifest(dir, manifest);
	return manifest;
}
