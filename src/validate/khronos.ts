/**
 * The Khronos glTF-Validator pass: spec conformance of the bytes as they are.
 * Its issue codes pass through unchanged (source `gltf-validator`), so they
 * can be looked up in the validator's ISSUES.md.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AxisError } from '../errors.js';
import type { Finding, Severity } from '../report.js';

export interface KhronosOptions {
	/** Input format; absent: the validator detects it (and rejects unrecognisable bytes → `GLTF_INVALID`). */
	format?: 'glb' | 'gltf';
	/** Folder external resources (.bin, images) resolve against; without it they are reported missing. */
	baseDir?: string;
	/** File name, for messages and the validator's `uri`. */
	name?: string;
	/** Most issues to collect (default 1000; 0 = no limit). A truncated list ends with a `VALIDATOR_TRUNCATED` info. */
	maxIssues?: number;
	/** Validator codes to mute. */
	ignoredIssues?: string[];
}

const SEVERITIES: Record<number, Severity> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'info' };

/**
 * Runs gltf-validator on `bytes` and maps its messages to findings
 * (0 error, 1 warning, 2 info, 3 hint → info; `where.pointer` is its JSON
 * pointer). A missing external resource becomes the validator's own
 * `IO_ERROR` finding, never a throw. With a `format`, broken input becomes
 * findings (`GLB_UNEXPECTED_END_OF_HEADER`, `INVALID_JSON` …); without one,
 * bytes the validator cannot recognise at all (it rejects with a plain
 * string) throw `AxisError('GLTF_INVALID')`.
 *
 * The validator skips Draco- and meshopt-compressed geometry: validate before
 * compressing.
 */
export async function runKhronosValidator(bytes: Uint8Array, opts: KhronosOptions): Promise<Finding[]> {
	const validator = await import('gltf-validator');
	const name = opts.name ?? (opts.format === 'gltf' ? 'model.gltf' : 'model.glb');
	const baseDir = opts.baseDir;
	let report;
	try {
		report = await validator.validateBytes(bytes, {
			uri: name,
			format: opts.format,
			maxIssues: opts.maxIssues ?? 1000,
			ignoredIssues: opts.ignoredIssues,
			writeTimestamp: false,
			externalResourceFunction: async (uri: string) => {
				if (!baseDir) throw `external resource "${uri}" cannot be resolved without a base folder`;
				let path: string;
				try {
					path = resolve(baseDir, decodeURIComponent(uri));
				} catch {
					throw `external resource "${uri}" is not a valid URI`;
				}
				try {
					return new Uint8Array(await readFile(path));
				} catch {
					// The validator turns a rejection into an IO_ERROR issue at the resource's pointer.
					throw `missing external resource "${uri}"`;
				}
			},
		});
	} catch (err) {
		if (err instanceof AxisError) throw err;
		const text = err instanceof Error ? err.message : String(err);
		throw new AxisError('GLTF_INVALID', `${name}: ${text}`);
	}
	const findings: Finding[] = report.issues.messages.map((m) => {
		const f: Finding = { code: m.code, severity: SEVERITIES[m.severity] ?? 'info', message: m.message, source: 'gltf-validator' };
		if (m.pointer !== undefined && m.pointer !== '') f.where = { pointer: m.pointer };
		return f;
	});
	if (report.issues.truncated) {
		findings.push({
			code: 'VALIDATOR_TRUNCATED',
			severity: 'info',
			message: `gltf-validator stopped after ${report.issues.messages.length} issues (${report.issues.numErrors} errors counted); the list is incomplete`,
			source: 'axis',
		});
	}
	return findings;
}
