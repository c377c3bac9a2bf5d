import type { Task, TaskResult } from '../worker/tasks.js';
import { expandInputs } from './files.js';
import { createProgress } from './progress.js';

/** Expands inputs, runs one task per file in the pool, with progress. */
export async function runFiles(
	inputs: string[],
	makeTask: (path: string) => Task,
	options: { jobs?: number; quiet?: boolean; label: string },
): Promise<TaskResult[]> {
	const files = await expandInputs(inputs);
	const { runBatch } = await import('../worker/pool.js');
	const progress = await createProgress(files.length, options);
	try {
		return await runBatch(files.map(makeTask), { jobs: options.jobs, onResult: (r, d, n) => progress.update(r, d, n) });
	} finally {
		progress.stop();
	}
}

export function failureLine(r: TaskResult): string {
	return r.ok ? '' : `${r.path}: error ${r.error.code}: ${r.error.message}`;
}
