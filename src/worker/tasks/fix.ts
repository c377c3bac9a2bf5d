import type { LoadedAsset } from '../../io/read.js';
import { writeAsset } from '../../io/write.js';
import { requireMesh } from '../../pipeline/require-mesh.js';
import { repairDocument } from '../../pipeline/repair/index.js';
import { loadPlatform } from '../../platforms.js';
import type { Finding } from '../../report.js';

export interface FixTask {
	kind: 'fix';
	path: string;
	/** Where to write; unset with `dryRun`. */
	out?: string;
	options: FixTaskOptions;
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

/** `axis fix` on one loaded file: repair, then write unless it is a dry run. */
export async function runFix(task: FixTask, loaded: LoadedAsset): Promise<FixResult> {
	const o = task.options;
	const document = loaded.document;
	requireMesh(document, `${task.path}: no mesh with vertex positions to repair`);
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
		// Repaired geometry is written uncompressed (Draco would re-quantize it).
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
