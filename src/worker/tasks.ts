import { AxisError, toAxisError } from '../errors.js';
import { type InspectResult, inspectAsset } from '../inspect/index.js';
import { readAsset } from '../io/read.js';
import type { ProcessResult } from '../pipeline/process.js';
import type { ProgressFn } from '../report.js';
import type { ExportTask, ExportTaskResult, runExport } from './tasks/export.js';
import type { FixResult, FixTask, runFix } from './tasks/fix.js';
import type { ProcessTask, runProcess } from './tasks/process.js';
import type { RigTask, RigTaskResult, runRig } from './tasks/rig.js';
import type { runValidate, ValidateResult, ValidateTask } from './tasks/validate.js';

export type { ExportTask, ExportTaskResult } from './tasks/export.js';
export type { FixResult, FixTask, FixTaskOptions } from './tasks/fix.js';
export type { ProcessTask } from './tasks/process.js';
export type { RigTask, RigTaskOptions, RigTaskResult } from './tasks/rig.js';
export type { ValidateResult, ValidateTask } from './tasks/validate.js';

/** A unit of batch work. Plain data: it crosses the worker boundary. */
export type Task = { kind: 'inspect'; path: string } | ValidateTask | FixTask | RigTask | ExportTask | ProcessTask;

export type TaskOutput =
	| { kind: 'inspect'; result: InspectResult }
	| { kind: 'validate'; result: ValidateResult }
	| { kind: 'fix'; result: FixResult }
	| { kind: 'rig'; result: RigTaskResult }
	| { kind: 'export'; result: ExportTaskResult }
	| { kind: 'process'; result: ProcessResult };

export type TaskResult =
	| ({ ok: true; path: string; ms: number } & TaskOutput)
	| { ok: false; path: string; ms: number; error: { code: string; message: string; details?: Record<string, unknown> } };

/** The code behind each kind of task. */
export interface Runners {
	validate: typeof runValidate;
	fix: typeof runFix;
	rig: typeof runRig;
	export: typeof runExport;
	process: typeof runProcess;
}

/**
 * Each kind's runner loaded when a task of that kind first runs, so a
 * one-file command loads only its own stage's code (all of them cost about
 * 90 ms more at start-up). Piscina workers pass static runners instead
 * (worker.ts): tsx's loader does not map dynamic `.js` imports to `.ts` there.
 */
const lazyRunners = {
	validate: async () => (await import('./tasks/validate.js')).runValidate,
	fix: async () => (await import('./tasks/fix.js')).runFix,
	rig: async () => (await import('./tasks/rig.js')).runRig,
	export: async () => (await import('./tasks/export.js')).runExport,
	process: async () => (await import('./tasks/process.js')).runProcess,
};

async function run(task: Task, onProgress: ProgressFn | undefined, runners: Runners | undefined): Promise<TaskOutput> {
	const loaded = await readAsset(task.path);
	switch (task.kind) {
		case 'inspect':
			return { kind: 'inspect', result: inspectAsset(loaded) };
		case 'validate':
			return { kind: 'validate', result: await (runners?.validate ?? (await lazyRunners.validate()))(task, loaded) };
		case 'fix':
			return { kind: 'fix', result: await (runners?.fix ?? (await lazyRunners.fix()))(task, loaded) };
		case 'rig':
			return { kind: 'rig', result: await (runners?.rig ?? (await lazyRunners.rig()))(task, loaded) };
		case 'export':
			return { kind: 'export', result: await (runners?.export ?? (await lazyRunners.export()))(task, loaded) };
		case 'process':
			return { kind: 'process', result: await (runners?.process ?? (await lazyRunners.process()))(task, loaded, onProgress) };
	}
}

/**
 * Runs one task to completion and never throws: a broken file becomes an
 * `ok: false` result so that a batch keeps going. `runners`: the stages'
 * code, given up front (workers) or loaded on first use.
 */
export async function runTask(task: Task, onProgress?: ProgressFn, runners?: Runners): Promise<TaskResult> {
	const start = performance.now();
	const ms = () => Math.round(performance.now() - start);
	try {
		const output = await run(task, onProgress, runners);
		return { ok: true, path: task.path, ms: ms(), ...output } as TaskResult;
	} catch (err) {
		const e = err instanceof AxisError ? err : toAxisError(err, 'INTERNAL');
		return { ok: false, path: task.path, ms: ms(), error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
	}
}
