/**
 * Validation: the Khronos conformance pass plus our game-readiness rules,
 * checked against an engine profile. Nothing here changes the Document.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Document } from '@gltf-transform/core';
import type { LoadedAsset } from '../io/read.js';
import type { SourceInfo } from '../io/types.js';
import { writeGLB } from '../io/write.js';
import { DEFAULT_PLATFORM, loadPlatform, type PlatformProfile } from '../platforms.js';
import { type Finding, Report, type Severity } from '../report.js';
import { Analysis } from './analysis.js';
import { runKhronosValidator } from './khronos.js';
import { RULES } from './rules/index.js';
import type { Rule, RuleContext } from './types.js';

export type { Rule, RuleContext } from './types.js';
export { runKhronosValidator, type KhronosOptions } from './khronos.js';
export { toSarif, type SarifLog } from './sarif.js';
export { RULES, looksLikeCharacter, guessUnits, upAxisFromBounds } from './rules/index.js';
export { Analysis } from './analysis.js';

export interface ValidateOptions {
	/** Engine profile (or its name); default: the generic profile. */
	platform?: PlatformProfile | string;
	/** What the reader learned about the file. */
	source?: SourceInfo;
	/** Whether the asset is a character (scale and up-axis rules); default `'auto'`. */
	character?: boolean | 'auto';
	/** Run only these rule codes (default: all). */
	rules?: string[];
	/** Drop findings with these codes (ours or the validator's). */
	ignore?: string[];
	/**
	 * When the report ends with more warnings than this, an error finding
	 * `TOO_MANY_WARNINGS` is added, so `report.errors > 0` stays the single
	 * pass/fail test (CI: `--max-warnings 0`).
	 */
	maxWarnings?: number;
	/** Append to this report instead of a new one (pipeline stages share one). */
	report?: Report;
}

export interface ValidateAssetOptions extends ValidateOptions {
	/** Run gltf-validator too (default true). */
	khronos?: boolean;
	/** Original file bytes, for assets read from memory (`loaded.path` unset). */
	bytes?: Uint8Array;
	/** Most validator issues to collect (default 1000, 0 = no limit). */
	maxValidatorIssues?: number;
}

/** Descriptions of every code validation can emit besides the validator's own. */
export const EXTRA_CODES: readonly { code: string; title: string; description: string; severity: Severity }[] = [
	{ code: 'TOO_MANY_WARNINGS', title: 'Too many warnings', description: 'More warnings than the allowed maximum (maxWarnings / --max-warnings).', severity: 'error' },
	{ code: 'VALIDATOR_TRUNCATED', title: 'Validator output truncated', description: 'gltf-validator stopped collecting issues at the limit; the list is incomplete.', severity: 'info' },
	{ code: 'VALIDATOR_SKIPPED_COMPRESSED', title: 'Compressed geometry not validated', description: 'The file uses Draco or meshopt compression, whose geometry gltf-validator skips; our rules ran on the decoded geometry.', severity: 'info' },
	{ code: 'READER_WARNING', title: 'Reader warning', description: 'A non-fatal problem the reader worked around while loading the file.', severity: 'info' },
	{ code: 'RULE_FAILED', title: 'Rule failed', description: 'A validation rule crashed on this input (a bug in axis); the other rules still ran.', severity: 'warning' },
];

function resolvePlatform(platform: PlatformProfile | string | undefined): PlatformProfile {
	if (!platform) return loadPlatform(DEFAULT_PLATFORM);
	return typeof platform === 'string' ? loadPlatform(platform) : platform;
}

function selectRules(codes?: string[]): readonly Rule[] {
	if (!codes) return RULES;
	const wanted = new Set(codes.map((c) => c.toUpperCase()));
	return RULES.filter((r) => wanted.has(r.code));
}

/** Runs the game-readiness rules on a Document (no Khronos pass). */
export async function validateDocument(document: Document, options: ValidateOptions = {}): Promise<Report> {
	const report = options.report ?? new Report();
	const context: RuleContext = {
		platform: resolvePlatform(options.platform),
		source: options.source,
		character: options.character ?? 'auto',
		analysis: new Analysis(document),
		listTextureInfo: (await import('@gltf-transform/functions')).listTextureInfoByMaterial,
	};
	const ignore = new Set((options.ignore ?? []).map((c) => c.toUpperCase()));
	for (const rule of selectRules(options.rules)) {
		if (ignore.has(rule.code)) continue;
		let findings: Finding[];
		try {
			findings = rule.check(document, context);
		} catch (err) {
			findings = [
				{
					code: 'RULE_FAILED',
					severity: 'warning',
					message: `rule ${rule.code} failed: ${err instanceof Error ? err.message : String(err)}`,
				},
			];
		}
		for (const f of findings) report.add(f);
	}
	applyMaxWarnings(report, options.maxWarnings);
	return report;
}

function applyMaxWarnings(report: Report, maxWarnings: number | undefined): void {
	if (maxWarnings === undefined || report.warnings <= maxWarnings) return;
	report.add({
		code: 'TOO_MANY_WARNINGS',
		severity: 'error',
		message: `${report.warnings} warnings, more than the allowed ${maxWarnings}`,
	});
}

const COMPRESSION_EXTENSIONS = ['KHR_draco_mesh_compression', 'EXT_meshopt_compression'];

/**
 * Validates a loaded asset: gltf-validator on the original bytes (glTF/GLB)
 * or on the GLB axis would write (FBX/OBJ), then the game-readiness rules.
 * The loaded Document is not changed.
 */
export async function validateAsset(loaded: LoadedAsset, options: ValidateAssetOptions = {}): Promise<Report> {
	const report = options.report ?? new Report();
	const ignore = new Set((options.ignore ?? []).map((c) => c.toUpperCase()));
	const add = (f: Finding) => {
		if (!ignore.has(f.code)) report.findings.push(f);
	};
	for (const warning of loaded.source.warnings) add({ code: 'READER_WARNING', severity: 'info', message: warning, source: 'axis' });

	if (options.khronos !== false) {
		const format = loaded.source.format;
		const maxIssues = options.maxValidatorIssues;
		let findings: Finding[];
		if (format === 'glb' || format === 'gltf') {
			const bytes = options.bytes ?? (loaded.path ? new Uint8Array(await readFile(loaded.path)) : undefined);
			if (bytes) {
				findings = await runKhronosValidator(bytes, {
					format,
					baseDir: loaded.path ? dirname(loaded.path) : undefined,
					name: loaded.path ? basename(loaded.path) : undefined,
					maxIssues,
				});
			} else {
				findings = await validateWritten(loaded.document, maxIssues);
			}
			const used = loaded.document
				.getRoot()
				.listExtensionsUsed()
				.map((e) => e.extensionName)
				.filter((n) => COMPRESSION_EXTENSIONS.includes(n));
			if (used.length > 0) {
				findings.push({
					code: 'VALIDATOR_SKIPPED_COMPRESSED',
					severity: 'info',
					message: `geometry is compressed (${used.join(', ')}): gltf-validator skipped its accessor data; the axis rules checked the decoded geometry`,
					source: 'axis',
				});
			}
		} else {
			findings = await validateWritten(loaded.document, maxIssues);
		}
		for (const f of findings) add(f);
	}

	await validateDocument(loaded.document, { ...options, source: options.source ?? loaded.source, report, maxWarnings: undefined });
	applyMaxWarnings(report, options.maxWarnings);
	return report;
}

/** gltf-validator on the GLB we would write for this Document (a clone: the original is untouched). */
async function validateWritten(document: Document, maxIssues?: number): Promise<Finding[]> {
	const { cloneDocument } = await import('@gltf-transform/functions');
	const clone = cloneDocument(document);
	// Write geometry uncompressed so the validator checks it.
	for (const ext of clone.getRoot().listExtensionsUsed()) if (COMPRESSION_EXTENSIONS.includes(ext.extensionName)) ext.dispose();
	const glb = await writeGLB(clone);
	return runKhronosValidator(glb, { format: 'glb', name: 'converted.glb', maxIssues });
}
