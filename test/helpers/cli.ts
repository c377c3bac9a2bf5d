import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './assets.js';

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI (`bin/run.js`, needs `npm run build`) and captures everything. */
export function axis(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
	const r = spawnSync(process.execPath, [join(repoRoot, 'bin/run.js'), ...args], {
		cwd: options.cwd ?? repoRoot,
		encoding: 'utf8',
		timeout: options.timeoutMs ?? 120_000,
		env: { ...process.env, NO_COLOR: '1' },
	});
	if (r.error) throw r.error;
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
