/**
 * The shared report every stage writes into. A stage never prints: it adds
 * findings here and reports progress through {@link ProgressFn}.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Suggestion {
	title: string;
	description: string;
	/** 0..1: how sure we are that the suggestion is right. */
	confidence: number;
	/** True when `axis fix` repairs this finding by itself. */
	auto_fixable: boolean;
}

/** Where a finding is: a JSON pointer into the glTF, or a named element. */
export interface Where {
	/** JSON pointer into the glTF document, e.g. `/meshes/0/primitives/1`. */
	pointer?: string;
	mesh?: string;
	primitive?: number;
	node?: string;
	skin?: string;
	material?: string;
	texture?: string;
	/** Element indices (vertices, triangles, edges …) — capped, see `count`. */
	indices?: number[];
	/** How many elements the finding covers. */
	count?: number;
}

export interface Finding {
	/** Stable, machine-readable code, e.g. `DEGENERATE_TRIANGLES`. */
	code: string;
	severity: Severity;
	message: string;
	where?: Where;
	suggestion?: Suggestion;
	/** Which checker produced it: `gltf-validator` or `axis`. */
	source?: 'gltf-validator' | 'axis';
}

export type ProgressFn = (stage: string, fraction: number) => void;

export class Report {
	readonly findings: Finding[] = [];

	add(finding: Finding): this {
		this.findings.push({ source: 'axis', ...finding });
		return this;
	}

	count(severity: Severity): number {
		return this.findings.filter((f) => f.severity === severity).length;
	}

	get errors(): number {
		return this.count('error');
	}

	get warnings(): number {
		return this.count('warning');
	}

	has(code: string): boolean {
		return this.findings.some((f) => f.code === code);
	}

	toJSON(): { findings: Finding[]; errors: number; warnings: number; infos: number } {
		return { findings: this.findings, errors: this.errors, warnings: this.warnings, infos: this.count('info') };
	}
}

/** Caps index lists carried in findings so reports stay small. */
export function sampleIndices(indices: ArrayLike<number>, max = 20): number[] {
	const out: number[] = [];
	for (let i = 0; i < indices.length && i < max; i++) out.push(indices[i]);
	return out;
}
