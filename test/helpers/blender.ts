import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MARKER = '@@AXIS_JSON@@';
let available: boolean | undefined;

/** Whether `blender` is on PATH (prints a visible skip message once when it is not). */
export function hasBlender(): boolean {
	if (available === undefined) {
		const r = spawnSync('blender', ['--version'], { encoding: 'utf8', timeout: 60_000 });
		available = r.status === 0;
		if (!available) console.warn('[axis tests] blender not found on PATH: Blender comparison tests are SKIPPED');
	}
	return available;
}

/**
 * Runs a Python script in `blender -b --factory-startup` and returns the JSON
 * value the script prints with `emit(value)` (a helper defined for it).
 * Returns undefined when Blender is not installed.
 */
export function runBlenderJSON<T = unknown>(script: string, options: { timeoutMs?: number } = {}): T | undefined {
	if (!hasBlender()) return undefined;
	const dir = mkdtempSync(path.join(tmpdir(), 'axis-blender-'));
	const file = path.join(dir, 'script.py');
	const prelude = `import json, sys\ndef emit(value):\n    sys.stdout.write('\\n${MARKER}' + json.dumps(value) + '\\n')\n    sys.stdout.flush()\n`;
	writeFileSync(file, `${prelude}\n${script}\n`);
	try {
		const r = spawnSync('blender', ['-b', '--factory-startup', '--python-exit-code', '1', '--python', file], {
			encoding: 'utf8',
			timeout: options.timeoutMs ?? 180_000,
			maxBuffer: 512 * 1024 * 1024,
		});
		const out = r.stdout ?? '';
		const line = out.split('\n').find((l) => l.startsWith(MARKER));
		if (!line) {
			throw new Error(`blender script printed no result (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}\n${out.slice(-3000)}`);
		}
		return JSON.parse(line.slice(MARKER.length)) as T;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
