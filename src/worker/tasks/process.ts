import type { LoadedAsset } from '../../io/read.js';
import { processAsset, type ProcessResult } from '../../pipeline/process.js';
import type { ProgressFn } from '../../report.js';

export interface ProcessTask {
	kind: 'process';
	path: string;
	platform: string;
	/** Output folder for this file's platform files. */
	outDir: string;
	options?: { name?: string; forceRig?: boolean; ground?: boolean };
}

/** `axis process` on one loaded file: the whole pipeline; stage failures are in the result's `errors`. */
export function runProcess(task: ProcessTask, loaded: LoadedAsset, onProgress?: ProgressFn): Promise<ProcessResult> {
	return processAsset(loaded, { platform: task.platform, outDir: task.outDir, ...task.options, onProgress });
}
