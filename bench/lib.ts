import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** The middle value (the upper middle for an even count). */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time (ms) of `runs` calls after one warm-up. */
export async function timeMedian(fn: () => Promise<unknown> | unknown, runs = 5): Promise<number> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

/** Median wall time (ms) of a whole process, start-up included. */
export function timeProcess(cmd: string, args: string[], runs = 3): { ms: number; code: number } {
	const times: number[] = [];
	let code = 0;
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		times.push(performance.now() - t);
		code = r.status ?? -1;
	}
	times.sort((a, b) => a - b);
	return { ms: times[Math.floor(times.length / 2)], code };
}

export function markdownTable(head: string[], rows: (string | number)[][]): string {
	const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
	return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machine(): string {
	const cpu = cpus();
	return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '–');
export const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export interface BenchSection {
	title: string;
	/** Markdown body: tables and a line on how to read them. */
	run(): Promise<string>;
}
