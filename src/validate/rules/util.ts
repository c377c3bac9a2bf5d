import type { Finding, Severity, Suggestion, Where } from '../../report.js';
import { type PrimitiveInfo, type Tally } from '../analysis.js';
import type { RuleContext } from '../types.js';

/** Severity for breaking one of the platform's limits. */
export function limitSeverity(context: RuleContext): Severity {
	return context.platform.limitSeverity ?? 'error';
}

export function primitiveWhere(info: PrimitiveInfo, extra: Where = {}): Where {
	return { mesh: info.meshName, primitive: info.primitiveIndex, pointer: info.pointer, ...extra };
}

export function tallyWhere(info: PrimitiveInfo, tally: Tally): Where {
	return primitiveWhere(info, { indices: tally.sample, count: tally.count });
}

export function finding(code: string, severity: Severity, message: string, where: Where | undefined, suggestion: Suggestion): Finding {
	const out: Finding = { code, severity, message, source: 'axis', suggestion };
	if (where) out.where = where;
	return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

export function isPowerOfTwo(n: number): boolean {
	return n > 0 && (n & (n - 1)) === 0;
}

/** Rounds for messages: 3 significant digits. */
export function fmt(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	return Number(n.toPrecision(3)).toString();
}
