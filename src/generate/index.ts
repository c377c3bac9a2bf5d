/**
 * `axis generate`: parametric humanoid avatars from presets and text, rigged
 * by construction on AXIS-65. Deterministic: the same options give the same
 * bytes; no network, no model weights.
 */
import type { Document, ILogger } from '@gltf-transform/core';
import { AxisError } from '../errors.js';
import { writeGLB } from '../io/write.js';
import { loadPlatform } from '../platforms.js';
import { type ProgressFn, Report } from '../report.js';
import { runKhronosValidator } from '../validate/khronos.js';
import { validateDocument } from '../validate/index.js';
import type { V3 } from './body/cage.js';
import { buildBody, type Landmarks } from './body/mesh.js';
import { PART } from './body/parts.js';
import { assembleDocument, splitBody } from './document.js';
import { eyeballs, hair, tusks } from './extras.js';
import { bodyMorphs } from './morphs.js';
import { type AvatarParams, checkParams, type Detail, type Measurements, resolveParams, targetMeasurements, varyParams } from './params.js';
import { listAvatarPresets, loadAvatarPreset } from './presets.js';
import { parsePrompt } from './prompt.js';

export { type AvatarParams, type Detail, DEFAULT_PARAMS, PARAM_SPECS, type Measurements, proportions, randomParams, resolveParams, targetMeasurements } from './params.js';
export { listAvatarPresets, loadAvatarPreset, type AvatarPreset } from './presets.js';
export { parsePrompt, type ParsedPrompt } from './prompt.js';
export { BODY_MORPHS } from './morphs.js';
export { PART_NAMES } from './body/parts.js';
export { contactSheet, encodePNG, renderViews, type Image, type PreviewMesh, type ViewName } from './preview.js';

export interface GenerateOptions {
	/** Preset name (presets/avatars). */
	preset?: string;
	/** Free text; adjusts the preset (or the defaults). */
	prompt?: string;
	/** Explicit parameters; override preset and prompt. */
	params?: Partial<AvatarParams>;
	/** Small natural variation (0 = none). */
	seed?: number;
	/** Engine profile the result is checked against (default generic). */
	platform?: string;
	/** Rest pose (overrides preset/prompt). */
	pose?: 't' | 'a';
	/** `full` (~25k triangles, default) or `low` (~6k; the default for Roblox). */
	detail?: Detail;
	/** Body-shape morph targets (default: when the platform supports them). */
	morphTargets?: boolean;
	/** Eyeballs (default true). */
	eyes?: boolean;
	/** Run validateDocument against the platform (default true). */
	validate?: boolean;
	progress?: ProgressFn;
	logger?: ILogger;
}

export interface GenerateSummary {
	/** Last completed stage, `export_ready` when a GLB was made without errors. */
	stage_reached: string;
	vertex_count: number;
	/** Triangles, all meshes. */
	face_count: number;
	preset: string | null;
	platform: string;
	exported: boolean;
	morph_targets: boolean;
	glb_size: number;
	errors: string[];
	/** The resolved parameters that built the avatar. */
	parameters: AvatarParams;
	unknown_words: string[];
	morph_target_names: string[];
	detail: Detail;
	seed: number;
	/** Measured on the body mesh, and asked for (metres). */
	measurements: Measurements;
	targets: Measurements;
	/** Body-mesh vertex indices (in the GLB's Body primitive) of the measuring landmarks. */
	landmarks: Landmarks;
	meshes: { name: string; vertices: number; triangles: number }[];
}

export interface GenerateResult {
	document: Document;
	summary: GenerateSummary;
	report: Report;
	/** Per triangle of the Body primitive: index into PART_NAMES (torso, arm_l, finger_l …). */
	bodyParts: Int32Array;
}

/** Resolves preset + prompt + explicit parameters + seed into one parameter set. */
export function resolveAvatarParams(options: Pick<GenerateOptions, 'preset' | 'prompt' | 'params' | 'seed' | 'pose'>): { params: AvatarParams; preset: string | null; unknownWords: string[] } {
	const presetNames = listAvatarPresets();
	const parsed = options.prompt ? parsePrompt(options.prompt, presetNames) : { params: {}, presets: [], unknownWords: [] };
	const presetName = options.preset ?? parsed.presets[0] ?? null;
	if (!options.preset && !options.prompt && !options.params) {
		// nothing asked: the defaults
	}
	let params = resolveParams(presetName ? loadAvatarPreset(presetName).parameters : {});
	params = resolveParams(parsed.params, params);
	if (options.params) params = resolveParams(options.params, params);
	if (options.pose) params.pose = options.pose;
	params = varyParams(params, options.seed ?? 0);
	return { params, preset: presetName, unknownWords: parsed.unknownWords };
}

const STAGE_BEFORE_VALIDATE = 'skin_ready';

/** Generates an avatar Document and its summary (no GLB bytes yet: `exported` false). */
export async function generateAvatar(options: GenerateOptions = {}): Promise<GenerateResult> {
	const progress = options.progress ?? (() => {});
	const platform = loadPlatform(options.platform ?? 'generic');
	const { params, preset, unknownWords } = resolveAvatarParams(options);
	const detail: Detail = options.detail ?? (platform.maxTriangles < 20000 ? 'low' : 'full');
	const levels = detail === 'low' ? 1 : 2;
	const wantMorphs = options.morphTargets ?? platform.morphTargets.supported;
	progress('generate', 0);
	const body = buildBody(params, { levels, weights: true });
	progress('generate', 0.4);
	const morphs = wantMorphs ? bodyMorphs(params, body, levels) : [];
	progress('generate', 0.7);
	const split = splitBody(body);
	// head bounds for the hair
	const min: V3 = [Infinity, Infinity, Infinity];
	const max: V3 = [-Infinity, -Infinity, -Infinity];
	for (let f = 0; f < body.tags.length; f++) {
		const t = body.tags[f];
		if (t !== PART.head && t !== PART.face) continue;
		for (let k = 0; k < 4; k++) {
			const v = body.quads[4 * f + k];
			const y = body.positions[3 * v + 1];
			if (y < body.layout.head.chinY) continue;
			for (let c = 0; c < 3; c++) {
				min[c] = Math.min(min[c], body.positions[3 * v + c]);
				max[c] = Math.max(max[c], body.positions[3 * v + c]);
			}
		}
	}
	// ears stick out: use the skull width without them
	const skullHalf = body.layout.head.half[0] * 0.92;
	min[0] = Math.max(min[0], -skullHalf);
	max[0] = Math.min(max[0], skullHalf);
	const eyes = options.eyes === false ? undefined : eyeballs(body.layout, levels === 1 ? 8 : 12, levels === 1 ? 10 : 16);
	const hairMesh = params.hair === 'none' ? undefined : hair(body.layout, params.hair, { min, max }, levels === 1 ? 10 : 14, levels === 1 ? 16 : 24);
	const tuskMesh = params.tusks >= 0.05 ? tusks(body.layout, params) : undefined;
	const landmarks: Landmarks = { ...body.landmarks };
	// landmark indices into the split (GLB) vertex order
	const firstOf = new Map<number, number>();
	split.source.forEach((v, i) => {
		if (!firstOf.has(v)) firstOf.set(v, i);
	});
	for (const k of Object.keys(landmarks) as (keyof Landmarks)[]) landmarks[k] = firstOf.get(landmarks[k]) ?? -1;
	const document = assembleDocument({
		name: preset ?? 'avatar',
		params,
		body,
		split,
		morphs,
		eyes,
		hair: hairMesh,
		tusks: tuskMesh,
		logger: options.logger,
		extras: { axis: { generator: 'axis generate', landmarks } },
	});
	progress('generate', 0.85);
	const meshes = [
		{ name: 'Body', vertices: split.positions.length / 3, triangles: split.indices.length / 3 },
		...[
			['Eyes', eyes],
			['Hair', hairMesh],
			['Tusks', tuskMesh],
		]
			.filter((e) => e[1])
			.map(([name, m]) => ({ name: name as string, vertices: (m as { positions: number[] }).positions.length / 3, triangles: (m as { indices: number[] }).indices.length / 3 })),
	];
	const report = new Report();
	const errors: string[] = [];
	let stage = 'skin_ready';
	if (options.validate !== false) {
		await validateDocument(document, { platform, report, character: true });
		for (const f of report.findings) if (f.severity === 'error') errors.push(`${f.code}: ${f.message}`);
		if (errors.length === 0) stage = 'validate_ready';
	}
	progress('generate', 1);
	const summary: GenerateSummary = {
		stage_reached: stage,
		vertex_count: meshes.reduce((a, m) => a + m.vertices, 0),
		face_count: meshes.reduce((a, m) => a + m.triangles, 0),
		preset,
		platform: platform.name,
		exported: false,
		morph_targets: morphs.length > 0,
		glb_size: 0,
		errors,
		parameters: params,
		unknown_words: unknownWords,
		morph_target_names: morphs.map((m) => m.name),
		detail,
		seed: options.seed ?? 0,
		measurements: body.measured,
		targets: targetMeasurements(params),
		landmarks,
		meshes,
	};
	return { document, summary, report, bodyParts: split.triangleTags };
}

export interface GenerateGLBOptions extends GenerateOptions {
	/** Run the Khronos validator on the bytes (default true). */
	khronos?: boolean;
}

/**
 * Generates and encodes a GLB. The GLB is made even when validation has
 * errors (the caller decides whether to write it); then `exported` is false
 * and `stage_reached` stays before `export_ready`.
 */
export async function generateAvatarGLB(options: GenerateGLBOptions = {}): Promise<GenerateResult & { glb: Uint8Array }> {
	const result = await generateAvatar(options);
	const glb = await writeGLB(result.document, { logger: options.logger });
	const { summary, report } = result;
	if (options.khronos !== false) {
		const findings = await runKhronosValidator(glb, { format: 'glb', name: `${summary.preset ?? 'avatar'}.glb` });
		for (const f of findings) {
			report.add(f);
			if (f.severity === 'error') summary.errors.push(`${f.code}: ${f.message}`);
		}
	}
	summary.glb_size = glb.byteLength;
	if (summary.errors.length === 0) {
		summary.exported = true;
		summary.stage_reached = 'export_ready';
	} else if (summary.stage_reached === 'validate_ready') {
		summary.stage_reached = STAGE_BEFORE_VALIDATE;
	}
	return { ...result, glb };
}

/**
 * Throws a BAD_USAGE AxisError for option values the CLI or server got wrong (unknown or
 * mistyped parameters among them); returns notes on parameters clamped to their ranges.
 */
export function checkGenerateOptions(options: GenerateOptions): string[] {
	if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0)) throw new AxisError('BAD_USAGE', '--seed must be a non-negative integer');
	if (options.pose !== undefined && options.pose !== 't' && options.pose !== 'a') throw new AxisError('BAD_USAGE', '--pose must be t or a');
	if (options.preset) loadAvatarPreset(options.preset);
	const { errors, clamped } = checkParams((options.params ?? {}) as Record<string, unknown>);
	if (errors.length) throw new AxisError('BAD_USAGE', `--param ${errors.join('; ')}`);
	return clamped;
}
