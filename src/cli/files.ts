import { stat } from 'node:fs/promises';
import fg from 'fast-glob';
import { AxisError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from '../io/format.js';

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Expands command-line inputs: plain paths are kept as given (a missing one
 * is still returned, so it is reported as unreadable, not silently dropped),
 * globs are expanded, folders are walked for supported extensions.
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
	const out: string[] = [];
	const seen = new Set<string>();
	const push = (p: string) => {
		if (!seen.has(p)) {
			seen.add(p);
			out.push(p);
		}
	};
	for (const input of inputs) {
		if (GLOB_CHARS.test(input)) {
			const matches = await fg(input, { onlyFiles: true, dot: false, caseSensitiveMatch: false });
			if (matches.length === 0) throw new AxisError('FILE_NOT_FOUND', `no file matches ${input}`);
			matches.sort().forEach(push);
			continue;
		}
		const s = await stat(input).catch(() => undefined);
		if (s?.isDirectory()) {
			const pattern = `**/*{${SUPPORTED_EXTENSIONS.join(',')}}`;
			const matches = await fg(pattern, { cwd: input, onlyFiles: true, caseSensitiveMatch: false, absolute: false });
			matches.sort().forEach((m) => push(`${input.replace(/\/$/, '')}/${m}`));
			continue;
		}
		push(input);
	}
	if (out.length === 0) throw new AxisError('BAD_USAGE', 'no input files');
	return out;
}
