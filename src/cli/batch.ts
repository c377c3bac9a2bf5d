import type { Task, TaskResult } from '../worker/tasks.js';
import { expandInputs } from './files.js';
import { createProgress } from './progress.js';

/** Expands inputs, runs one task per file in the pool, with progress. */
export async function runFiles(
	inputs: string[],
	makeTask: (path: string) => Task,
	options: { jobs?: number; quiet?: boolean; label: string; /** Show stage progress of a single long task on stderr. */ stages?: boolean },
): Promise<TaskResult[]> {
	const files = await expandInputs(inputs);
	const { runBatch } = await import('../worker/pool.js');
	const progress = await createProgress(files.length, options);
	try {
		const onStage = options.stages && !options.quiet && files.length === 1 ? stageLine() : undefined;
		return await runBatch(files.map(makeTask), { jobs: options.jobs, onResult: (r, d, n) => progress.update(r, d, n), onStage });
	} finally {
		progress.stop();
	}
}

export function failureLine(r: TaskResult): string {
	return r.ok ? '' : `${r.path}: error ${r.error.code}: ${r.error.message}`;
}

/** Stage progress of one file on stderr: an updating line on a terminal, a line per stage otherwise. */
function stageLine(): (path: string, stage: string, fraction: number) => void {
	const tty = process.stderr.isTTY;
	return (path, stage, fraction) => {
		if (tty) process.stderr.write(`\r\x1b[K${path}: ${stage} ${Math.round(fraction * 100)}%${fraction >= 1 && stage === 'export' ? '\n' : ''}`);
		else if (fraction === 0) process.stderr.write(`${path}: ${stage}…\n`);
	};
}
