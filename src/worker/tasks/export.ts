import { type ExportManifest, type ExportOptions, exportForPlatform } from '../../exporters/index.js';
import type { LoadedAsset } from '../../io/read.js';

export interface ExportTask {
	kind: 'export';
	path: string;
	platform: string;
	/** Output folder for this file's export. */
	outDir: string;
	options?: ExportOptions;
}

export interface ExportTaskResult {
	file: string;
	outDir: string;
	manifest: ExportManifest;
}

/** `axis export` on one loaded file. Refusals throw EXPORT_REFUSED. */
export async function runExport(task: ExportTask, loaded: LoadedAsset): Promise<ExportTaskResult> {
	const manifest = await exportForPlatform(loaded.document, task.platform, task.outDir, { ...task.options, keep: [task.path] });
	return { file: task.path, outDir: task.outDir, manifest };
}
