/**
 * `axis process`: the whole job on one asset, as the AXIS pipeline names it —
 * classify → normalize → repair → rig → skin → validate → export — with one
 * report, one progress callback and the AXIS result fields. Each stage is the
 * library's own (repair, rig, validate, exporters); this file only orders
 * them and records how far it got.
 */
import { AxisError, toAxisError } from '../errors.js';
import { exportForPlatform, type ExportOptions } from '../exporters/index.js';
import type { ExportManifest } from '../exporters/manifest.js';
import type { LoadedAsset } from '../io/read.js';
import { loadPlatform, type PlatformProfile } from '../platforms.js';
import { type Finding, type ProgressFn, Report } from '../report.js';
import { recognise } from '../skeleton/maps/index.js';
import { validateDocument } from '../validate/index.js';
import { repairDocument } from './repair/index.js';
import { requireMesh } from './require-mesh.js';
import { rigDocument, type RigResult } from './rig/index.js';

export const PROCESS_STAGES = ['classify', 'normalize', 'repair', 'rig', 'skin', 'validate', 'export'] as const;
export type ProcessStage = (typeof PROCESS_STAGES)[number];

export interface ProcessOptions {
	platform: string | PlatformProfile;
	/** Folder for the platform's files. */
	outDir: string;
	/** Base name of the written files. */
	name?: string;
	/** Re-rig even when a recognised humanoid skeleton is there. */
	forceRig?: boolean;
	/** Ground the character at y = 0. */
	ground?: boolean;
	export?: Omit<ExportOptions, 'name'>;
	onProgress?: ProgressFn;
	report?: Report;
}

export interface ProcessResult {
	/** The last stage that completed, as `<stage>_ready`; `export_ready` on full success. */
	stage_reached: string;
	platform: string;
	preset: null;
	vertex_count: number;
	face_count: number;
	exported: boolean;
	morph_targets: number;
	/** Bytes of the written GLB (0 when none was written). */
	glb_size: number;
	/** Why a stage failed (empty on success). */
	errors: string[];
	/** Error code of the failed stage (RIG_FAILED, EXPORT_REFUSED …). */
	error_code?: string;
	/** Milliseconds per stage that ran. */
	stages: { stage: ProcessStage; ms: number }[];
	classification: { meshes: number; skinned: boolean; skeleton: string | null };
	rig?: Pick<RigResult, 'mode' | 'recognised' | 'pose' | 'facing' | 'fingers'>;
	manifest?: ExportManifest;
	findings: Finding[];
}

/** Runs the pipeline on a loaded asset (its document is changed in place). Never throws for a stage failure: see `errors`. */
export async function processAsset(loaded: LoadedAsset, options: ProcessOptions): Promise<ProcessResult> {
	const profile = typeof options.platform === 'string' ? loadPlatform(options.platform) : options.platform;
	const report = options.report ?? new Report();
	const progress = options.onProgress ?? (() => {});
	const document = loaded.document;
	const root = document.getRoot();
	const result: ProcessResult = {
		stage_reached: 'load_ready',
		platform: profile.name,
		preset: null,
		vertex_count: 0,
		face_count: 0,
		exported: false,
		morph_targets: 0,
		glb_size: 0,
		errors: [],
		stages: [],
		classification: { meshes: 0, skinned: false, skeleton: null },
		findings: report.findings,
	};
	const run = async (stage: ProcessStage, fn: () => Promise<void> | void): Promise<boolean> => {
		const start = performance.now();
		progress(stage, 0);
		try {
			await fn();
		} catch (err) {
			const e = toAxisError(err, 'INTERNAL', stage);
			result.errors.push(e.message);
			result.error_code = e.code;
			report.add({ code: e.code, severity: 'error', message: `${stage}: ${e.message}` });
			return false;
		} finally {
			result.stages.push({ stage, ms: Math.round(performance.now() - start) });
		}
		progress(stage, 1);
		result.stage_reached = `${stage}_ready`;
		return true;
	};

	const ok =
		(await run('classify', () => {
			requireMesh(document, 'no mesh with vertex positions to process');
			const meshes = root.listMeshes().filter((m) => m.listPrimitives().some((p) => p.getAttribute('POSITION')));
			const joints = root.listSkins().flatMap((s) => s.listJoints().map((j) => j.getName()));
			const recognition = joints.length ? recognise(joints) : undefined;
			result.classification = { meshes: meshes.length, skinned: joints.length > 0, skeleton: recognition?.humanoid ? recognition.skeleton : null };
		})) &&
		// Units, up axis and facing are steps of the repair stage; they are reported as 'normalize'.
		(await run('normalize', () => undefined)) &&
		(await run('repair', async () => {
			await repairDocument(document, { source: loaded.source, report, maxInfluences: profile.maxInfluences, ground: options.ground ?? false });
			const unfixed = report.findings.filter((f) => f.severity === 'error');
			if (unfixed.length) throw new AxisError('VALIDATION_ERROR', `could not repair: ${unfixed.map((f) => f.message).join('; ')}`);
		})) &&
		(await run('rig', async () => {
			const rig = await rigDocument(document, { report, force: options.forceRig, maxInfluences: profile.maxInfluences >= 8 ? 8 : 4 });
			result.rig = { mode: rig.mode, recognised: rig.recognised, pose: rig.pose, facing: rig.facing, fingers: rig.fingers };
		})) &&
		// Weights are computed with the skeleton; the stage is kept for the AXIS stage names.
		(await run('skin', () => undefined)) &&
		(await run('validate', async () => {
			const v = await validateDocument(document, { platform: profile });
			for (const f of v.findings) report.add(f);
		})) &&
		(await run('export', async () => {
			const manifest = await exportForPlatform(document, profile, options.outDir, { ...options.export, name: options.name, keep: loaded.path ? [loaded.path] : [] });
			result.manifest = manifest;
			result.exported = true;
			result.glb_size = manifest.files.filter((f) => f.format === 'glb').reduce((a, f) => a + f.bytes, 0);
			result.vertex_count = manifest.counts.vertices;
			result.face_count = manifest.counts.triangles;
			result.morph_targets = manifest.counts.morphTargets;
		}));
	if (!ok && !result.exported) {
		// Counts of what we have, so a failed result still says what it held.
		let vertices = 0, faces = 0;
		for (const mesh of root.listMeshes()) {
			for (const prim of mesh.listPrimitives()) {
				vertices += prim.getAttribute('POSITION')?.getCount() ?? 0;
				faces += Math.floor((prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0) / 3);
			}
		}
		result.vertex_count = vertices;
		result.face_count = faces;
	}
	return result;
}
