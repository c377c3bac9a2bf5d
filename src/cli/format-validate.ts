import type { ValidateResult } from '../worker/tasks.js';

const MARK = { error: 'error', warning: 'warn ', info: 'info ' } as const;

/** Human-readable findings for one file, errors first. */
export function formatValidate(r: ValidateResult, options: { verbose?: boolean } = {}): string {
	const order = { error: 0, warning: 1, info: 2 } as const;
	const shown = r.findings.filter((f) => options.verbose || f.severity !== 'info').sort((a, b) => order[a.severity] - order[b.severity]);
	const lines = [`${r.file}  [${r.platform}]  ${r.errors} errors, ${r.warnings} warnings, ${r.infos} infos`];
	for (const f of shown) {
		const where = f.where?.pointer ?? f.where?.mesh ?? f.where?.node ?? '';
		lines.push(`  ${MARK[f.severity]} ${f.code}${where ? ` ${where}` : ''}: ${f.message}`);
		if (f.suggestion) lines.push(`        → ${f.suggestion.title}${f.suggestion.auto_fixable ? ' (axis fix can do this)' : ''}`);
	}
	const hidden = r.findings.length - shown.length;
	if (hidden > 0) lines.push(`  (${hidden} infos hidden; --verbose shows them)`);
	return lines.join('\n');
}
