import type { LoadedAsset } from '../../io/read.js';
import { loadPlatform } from '../../platforms.js';
import type { Finding } from '../../report.js';
import { validateAsset } from '../../validate/index.js';

export interface ValidateTask {
	kind: 'validate';
	path: string;
	platform?: string;
	khronos?: boolean;
}

export interface ValidateResult {
	file: string;
	platform: string;
	findings: Finding[];
	errors: number;
	warnings: number;
	infos: number;
}

/** `axis validate` on one loaded file: the Khronos pass and our rules for a platform. */
export async function runValidate(task: ValidateTask, loaded: LoadedAsset): Promise<ValidateResult> {
	const platform = loadPlatform(task.platform ?? 'generic');
	const report = await validateAsset(loaded, { platform, khronos: task.khronos ?? true });
	return { file: task.path, platform: platform.name, findings: report.findings, errors: report.errors, warnings: report.warnings, infos: report.count('info') };
}
