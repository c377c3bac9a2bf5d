import { AxisError, toAxisError } from '../errors.js';
import { type InspectResult, inspectAsset } from '../inspect/index.js';
import { readAsset } from '../io/read.js';
import { loadPlatform } from '../platforms.js';
import type { Finding } from '../report.js';
import { validateAsset } from '../validate/index.js';
import { unpartition } from '@gltf-transform/functions';
import { writeAsset } from '../io/write.js';
import { repairDocument } from '../pipeline/repair/index.js';
import { type ExportManifest, type ExportOptions, exportForPlatform } from '../exporters/index.js';
import { rigDocument, type RigResult } from '../pipeline/rig/index.js';
import { Report } from '../report.js';

/** A unit of batch work. Plain data: it crosses the worker boundary. */
export type Task =
	| { kind: 'inspect'; path: string }
	| { kind: 'validate'; path: string; platform?: string; khronos?: boolean }
	| { kind: 'fix'; path: string; /** Where to write; unset with `dryRun`. */ out?: string; options: FixTaskOptions }
	| { kind: 'export'; path: string; platform: string; /** Output folder for this file's export. */ outDir: string; options?: ExportOptions }
	| { kind: 'rig'; path: string; /** Where to write the rigged GLB/glTF. */ out?: string; options: RigTaskOptions };

/** What `axis rig` passes per file (plain data). */
export interface RigTaskOptions {
	pose?: 't' | 'a' | 'auto';
	facing?: '+z' | '-z' | '+x' | '-x' | 'auto';
	maxInfluences?: 4 | 8;
	force?: boolean;
}

export interface RigTaskResult {
	file: string;
	out?: string;
	written: string[];
	findings: Finding[];
	rig: RigResult;
}

/** What `axis fix` passes per file (plain data). */
export interface FixTaskOptions {
	/** Engine profile whose maxInfluences limits skin influences (default generic). */
	platform?: string;
	ground?: boolean;
	units?: boolean;
	upAxis?: boolean;
	weldTolerance?: number;
	removeIslands?: number;
	fillHoles?: boolean;
	tangents?: boolean;
	/** Report what would be fixed; write nothing. */
	dryRun?: boolean;
}

export interface FixResult {
	file: string;
	/** Output path (unset on a dry run). */
	out?: string;
	/** Files written (a .gltf writes its .bin too). */
	written: string[];
	findings: Finding[];
	/** Findings that are fixes (info). */
	fixed: number;
	/** Findings that fix should have repaired and could not (errors). */
	unfixed: number;
	dryRun: boolean;
}

export interface ValidateResult {
	file: string;
	platform: string;
	findings: Finding[];
	errors: number;
	warnings: number;
	infos: number;
}

export type TaskOutput =
	| { kind: 'inspect'; result: InspectResult }
	| { kind: 'validate'; result: ValidateResult }
	| { kind: 'fix'; result: FixResult }
	| { kind: 'export'; result: { file: string; outDir: string; manifest: ExportManifest } }
	| { kind: 'rig'; result: RigTaskResult };

export type TaskResult =
	| ({ ok: true; path: string; ms: number } & TaskOutput)
	| { ok: false; path: string; ms: number; error: { code: string; message: string } };

/**
 * Runs one task to completion and never throws: a broken file becomes an
 * `ok: false` result so that a batch keeps going. Imports are static: tsx's
 * loader does not map dynamic `.js` imports to `.ts` inside piscina workers.
 */
export async function runTask(task: Task): Promise<TaskResult> {
	const start = performance.now();
	const ms = () => Math.round(performance.now() - start);
	try {
		const loaded = await readAsset(task.path);
		if (task.kind === 'inspect') {
			return { ok: true, path: task.path, ms: ms(), kind: 'inspect', result: inspectAsset(loaded) };
		}
		if (task.kind === 'fix') return { ok: true, path: task.path, ms: ms(), kind: 'fix', result: await runFix(task, loaded) };
		if (task.kind === 'rig') return { ok: true, path: task.path, ms: ms(), kind: 'rig', result: await runRig(task, loaded) };
		if (task.kind === 'export') {
			const manifest = await exportForPlatform(loaded.document, task.platform, task.outDir, task.options);
			return { ok: true, path: task.path, ms: ms(), kind: 'export', result: { file: task.path, outDir: task.outDir, manifest } };
		}
		const platform = await loadPlatform(task.platform ?? 'generic');
		const report = await validateAsset(loaded, { platform, khronos: task.khronos ?? true });
		return {
			ok: true,
			path: task.path,
			ms: ms(),
			kind: 'validate',
			result: { file: task.path, platform: platform.name, findings: report.findings, errors: report.errors, warnings: report.warnings, infos: report.count('info') },
		};
	} catch (err) {
		const e = err instanceof AxisError ? err : toAxisError(err, 'INTERNAL');
		return { ok: false, path: task.path, ms: ms(), error: { code: e.code, message: e.message } };
	}
}

/** `axis fix` on one loaded file: repair, then write unless it is a dry run. */
async function runFix(task: Extract<Task, { kind: 'fix' }>, loaded: Awaited<ReturnType<typeof readAsset>>): Promise<FixResult> {
	const o = task.options;
	const document = loaded.document;
	const hasMesh = document
		.getRoot()
		.listMeshes()
		.some((m) => m.listPrimitives().some((p) => p.getAttribute('POSITION')));
	if (!hasMesh) throw new AxisError('NO_MESH', `${task.path}: no mesh with vertex positions to repair`);
	const platform = await loadPlatform(o.platform ?? 'generic');
	const report = await repairDocument(document, {
		source: loaded.source,
		maxInfluences: platform.maxInfluences,
		ground: o.ground ?? false,
		units: o.units ?? true,
		upAxis: o.upAxis ?? true,
		facing: o.upAxis ?? true,
		weldTolerance: o.weldTolerance ?? 0,
		removeIslands: o.removeIslands ?? 0,
		fillHoles: o.fillHoles ?? false,
		tangents: o.tangents ?? false,
	});
	let written: string[] = [];
	if (!o.dryRun && task.out) {
		// GLB holds one buffer; repaired geometry is written uncompressed (Draco would re-quantize it).
		if (task.out.toLowerCase().endsWith('.glb')) await document.transform(unpartition());
		written = await writeAsset(document, task.out, { compression: 'none' });
	}
	return {
		file: task.path,
		out: o.dryRun ? undefined : task.out,
		written,
		findings: report.findings,
		fixed: report.count('info'),
		unfixed: report.errors,
		dryRun: o.dryRun ?? false,
	};
}

/** `axis rig` on one loaded file: rig (or map an existing skeleton), then write. A refusal is RIG_FAILED with its suggestion in the message. */
async function runRig(task: Extract<Task, { kind: 'rig' }>, loaded: Awaited<ReturnType<typeof readAsset>>): Promise<RigTaskResult> {
	const report = new Report();
	let rig: RigResult;
	try {
		rig = await rigDocument(loaded.document, { ...task.options, report });
	} catch (err) {
		if (err instanceof AxisError && err.code === 'RIG_FAILED' && typeof err.details?.suggestion === 'string') {
			throw new AxisError('RIG_FAILED', `${err.message} (suggestion: ${err.details.suggestion})`, err.details);
		}
		throw err;
	}
	let written: string[] = [];
	if (task.out) {
		if (task.out.toLowerCase().endsWith('.glb')) await loaded.document.transform(unpartition());
		written = await writeAsset(loaded.document, task.out, { compression: 'none' });
	}
	return { file: task.path, out: task.out, written, findings: report.findings, rig };
}
