import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTask, type Task, type TaskResult } from './tasks.js';

export interface BatchOptions {
	/** Worker threads; defaults to the number of cores. 1 runs inline, without a pool. */
	jobs?: number;
	/** Called after each task, in completion order. */
	onResult?: (result: TaskResult, done: number, total: number) => void;
	/** Stage progress of long tasks (`process`); reported when tasks run inline (one file or `jobs: 1`). */
	onStage?: (path: string, stage: string, fraction: number) => void;
	/** A task running longer than this is stopped and reported as TIMEOUT (pool mode). */
	timeoutMs?: number;
}

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;

/** Where the worker entry is: `.ts` under tsx/vitest, `.js` after a build. */
function workerEntry(): { filename: string; execArgv: string[] } {
	const self = fileURLToPath(import.meta.url);
	const ts = self.endsWith('.ts');
	return {
		filename: fileURLToPath(new URL(ts ? './worker.ts' : './worker.js', import.meta.url)),
		execArgv: ts ? ['--import', 'tsx'] : [],
	};
}

export function defaultJobs(): number {
	return Math.max(1, availableParallelism());
}

/**
 * Runs tasks in a piscina pool sized to the cores (or `jobs`), returning
 * results in input order. A single task, or `jobs: 1`, runs in this thread:
 * starting workers costs more than it saves there.
 */
export async function runBatch(tasks: Task[], options: BatchOptions = {}): Promise<TaskResult[]> {
	const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), tasks.length));
	const results: TaskResult[] = new Array(tasks.length);
	let done = 0;
	const finish = (i: number, r: TaskResult) => {
		results[i] = r;
		options.onResult?.(r, ++done, tasks.length);
	};
	if (jobs <= 1) {
		for (let i = 0; i < tasks.length; i++) {
			const path = tasks[i].path;
			const onStage = options.onStage;
			finish(i, await runTask(tasks[i], onStage && ((stage, fraction) => onStage(path, stage, fraction))));
		}
		return results;
	}
	const { Piscina } = await import('piscina');
	const { filename, execArgv } = workerEntry();
	const pool = new Piscina({ filename, execArgv, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
	try {
		await Promise.all(
			tasks.map(async (task, i) => {
				let r: TaskResult;
				try {
					const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS);
					r = (await pool.run(task, { signal })) as TaskResult;
				} catch (err) {
					const aborted = (err as Error).name === 'AbortError';
					r = aborted
						? { ok: false, path: task.path, ms: 0, error: { code: 'TIMEOUT', message: `gave up after ${options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS} ms` } }
						: { ok: false, path: task.path, ms: 0, error: { code: 'INTERNAL', message: `worker failed: ${(err as Error).message}` } };
				}
				finish(i, r);
			}),
		);
	} finally {
		await pool.destroy();
	}
	return results;
}
