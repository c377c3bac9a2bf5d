/**
 * SARIF 2.1.0 output for CI code-scanning (GitHub, GitLab, Azure DevOps):
 * one run, one rule per code, one result per finding.
 */
import type { Finding, Severity } from '../report.js';
import { RULES } from './rules/index.js';

// Local import of the extra codes without a cycle through index.ts.
const EXTRA: Record<string, { title: string; description: string; severity: Severity }> = {
	TOO_MANY_WARNINGS: { title: 'Too many warnings', description: 'More warnings than the allowed maximum.', severity: 'error' },
	VALIDATOR_TRUNCATED: { title: 'Validator output truncated', description: 'gltf-validator stopped collecting issues at the limit.', severity: 'info' },
	VALIDATOR_SKIPPED_COMPRESSED: { title: 'Compressed geometry not validated', description: 'gltf-validator skips Draco/meshopt-compressed geometry.', severity: 'info' },
	READER_WARNING: { title: 'Reader warning', description: 'A non-fatal problem the reader worked around.', severity: 'info' },
	RULE_FAILED: { title: 'Rule failed', description: 'A validation rule crashed on this input.', severity: 'warning' },
};

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifReportingDescriptor {
	id: string;
	name?: string;
	shortDescription?: { text: string };
	fullDescription?: { text: string };
	helpUri?: string;
	defaultConfiguration?: { level: SarifLevel };
	properties?: Record<string, unknown>;
}

export interface SarifResult {
	ruleId: string;
	ruleIndex: number;
	level: SarifLevel;
	message: { text: string };
	locations: {
		physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index?: number } };
		logicalLocations?: { fullyQualifiedName: string; name?: string }[];
	}[];
	properties?: Record<string, unknown>;
}

export interface SarifLog {
	$schema: string;
	version: '2.1.0';
	runs: {
		tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifReportingDescriptor[] } };
		artifacts: { location: { uri: string; uriBaseId?: string } }[];
		results: SarifResult[];
		columnKind?: 'utf16CodeUnits' | 'unicodeCodePoints';
	}[];
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

const VALIDATOR_ISSUES_URI = 'https://github.com/KhronosGroup/glTF-Validator/blob/main/ISSUES.md';

/** A path as a relative URI reference: forward slashes, each segment percent-encoded. */
function toUri(path: string): string {
	const p = path.replace(/\\/g, '/');
	const isAbsolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p);
	const segments = p.split('/').map((seg, i) => (i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)));
	const joined = segments.join('/');
	return isAbsolute ? (joined.startsWith('/') ? `file://${joined}` : `file:///${joined}`) : joined;
}

function descriptorFor(code: string, finding: Finding | undefined): SarifReportingDescriptor {
	const rule = RULES.find((r) => r.code === code);
	if (rule) {
		return {
			id: code,
			name: toPascal(code),
			shortDescription: { text: rule.title },
			fullDescription: { text: rule.description },
			defaultConfiguration: { level: LEVEL[rule.severity] },
			properties: { source: 'axis', autoFixable: rule.autoFixable },
		};
	}
	const extra = EXTRA[code];
	if (extra) {
		return {
			id: code,
			name: toPascal(code),
			shortDescription: { text: extra.title },
			fullDescription: { text: extra.description },
			defaultConfiguration: { level: LEVEL[extra.severity] },
			properties: { source: 'axis' },
		};
	}
	if (finding && finding.source !== 'gltf-validator') {
		// An axis code outside the rule catalogue (e.g. an AxisError code for an unreadable file).
		return {
			id: code,
			name: toPascal(code),
			shortDescription: { text: toPascal(code).replace(/([a-z])([A-Z])/g, '$1 $2') },
			defaultConfiguration: { level: LEVEL[finding.severity] },
			properties: { source: 'axis' },
		};
	}
	// A gltf-validator issue code.
	return {
		id: code,
		name: toPascal(code),
		shortDescription: { text: `glTF-Validator: ${code}` },
		helpUri: VALIDATOR_ISSUES_URI,
		...(finding ? { defaultConfiguration: { level: LEVEL[finding.severity] } } : {}),
		properties: { source: finding?.source ?? 'gltf-validator' },
	};
}

function toPascal(code: string): string {
	return code
		.toLowerCase()
		.split(/[_\s]+/)
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join('');
}

/** One validated file: its report (a {@link Report} or its JSON form) or just the findings. */
export type SarifInput = { path: string } & ({ report: { findings: readonly Finding[] } } | { findings: readonly Finding[] });

/**
 * Builds a SARIF 2.1.0 log from validation reports. `path` should be relative
 * to the repository root (it becomes the artifact URI, base `%SRCROOT%`);
 * absolute paths become `file://` URIs. Every axis rule is listed in
 * `tool.driver.rules`, plus each validator code that occurs; JSON pointers
 * become logical locations.
 */
export function toSarif(results: readonly SarifInput[], toolVersion: string): SarifLog {
	const rules: SarifReportingDescriptor[] = [];
	const ruleIndex = new Map<string, number>();
	const addRule = (code: string, finding?: Finding) => {
		let i = ruleIndex.get(code);
		if (i === undefined) {
			i = rules.length;
			rules.push(descriptorFor(code, finding));
			ruleIndex.set(code, i);
		}
		return i;
	};
	for (const rule of RULES) addRule(rule.code);

	const artifacts: SarifLog['runs'][number]['artifacts'] = [];
	const sarifResults: SarifResult[] = [];
	for (const input of results) {
		const path = input.path;
		const findings = 'report' in input ? input.report.findings : input.findings;
		const uri = toUri(path);
		const relative = !uri.startsWith('file:');
		const artifactIndex = artifacts.length;
		artifacts.push({ location: relative ? { uri, uriBaseId: '%SRCROOT%' } : { uri } });
		for (const f of findings) {
			const index = addRule(f.code, f);
			const location: SarifResult['locations'][number] = {
				physicalLocation: { artifactLocation: relative ? { uri, uriBaseId: '%SRCROOT%', index: artifactIndex } : { uri, index: artifactIndex } },
			};
			const pointer = f.where?.pointer;
			if (pointer) location.logicalLocations = [{ fullyQualifiedName: pointer, name: pointer.split('/').pop() || pointer }];
			const properties: Record<string, unknown> = { source: f.source ?? 'axis' };
			if (f.where) properties.where = f.where;
			if (f.suggestion) properties.suggestion = f.suggestion;
			sarifResults.push({
				ruleId: f.code,
				ruleIndex: index,
				level: LEVEL[f.severity],
				message: { text: f.suggestion ? `${f.message}. ${f.suggestion.title}.` : f.message },
				locations: [location],
				properties,
			});
		}
	}
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: { driver: { name: 'axis', version: toolVersion, informationUri: 'https://github.com/axis-pipeline/axis', rules } },
				artifacts,
				results: sarifResults,
				columnKind: 'utf16CodeUnits',
			},
		],
	};
}
