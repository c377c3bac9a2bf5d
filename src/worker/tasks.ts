import { AxisError, toAxisError } from '../errors.js';
import { type InspectResult, inspectAsset } from '../inspect/index.js';
import { readAsset } from '../io/read.js';
import { loadPlatform } from '../platforms.js';
import type { Finding } from '../report.js';
import { validateAsset } from '../validate/index.js';

/** A unit of batch work. Plain data: it crosses the worker boundary. */
export type Task =
	| { kind: 'inspect'; path: string }
	| { kind: 'validate'; path: string; platform?: string; khronos?: boolean };

export interface ValidateResult {
	file: string;
	platform: string;
	findings: Finding[];
	errors: number;
	warnings: number;
	infos: number;
}

export type TaskOutput = { kind: 'inspect'; result: InspectResult } | { kind: 'validate'; result: ValidateResult };

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
