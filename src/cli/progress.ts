import type { TaskResult } from '../worker/tasks.js';

export interface BatchProgress {
	update(result: TaskResult, done: number, total: number): void;
	stop(): void;
}

/**
 * Progress on stderr: a bar on a terminal, one plain line per file otherwise
 * (CI logs). Silent for a single file or when asked.
 */
export async function createProgress(total: number, options: { quiet?: boolean; label: string }): Promise<BatchProgress> {
	if (options.quiet || total < 2) return { update() {}, stop() {} };
	if (!process.stderr.isTTY) {
		return {
			update(r, done, n) {
				const status = r.ok ? 'ok' : `${r.error.code}`;
				process.stderr.write(`[${done}/${n}] ${r.path} ${status} (${r.ms} ms)\n`);
			},
			stop() {},
		};
	}
	const { default: cliProgress } = await import('cli-progress');
	const bar = new cliProgress.SingleBar(
		{ stream: process.stderr, format: `${options.label} [{bar}] {value}/{total} {file}`, hideCursor: true, clearOnComplete: true },
		cliProgress.Presets.shades_classic,
	);
	bar.start(total, 0, { file: '' });
	return {
		update(r, done) {
			bar.update(done, { file: r.path });
		},
		stop() {
			bar.stop();
		},
	};
}
