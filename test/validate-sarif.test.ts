import { describe, expect, it } from 'vitest';
import { Report } from '../src/report.js';
import { toSarif, validateDocument } from '../src/validate/index.js';
import { RULES } from '../src/validate/rules/index.js';
import * as B from './helpers/broken.js';

describe('SARIF 2.1.0 output', () => {
	it('has rules, results with levels, and locations', async () => {
		const broken = await validateDocument(B.withNaNPosition());
		broken.add({ code: 'ACCESSOR_INVALID_FLOAT', severity: 'error', message: 'Accessor element at index 3 is NaN.', where: { pointer: '/accessors/0' }, source: 'gltf-validator' });
		const holey = await validateDocument(B.withHole());
		const sarif = toSarif(
			[
				{ path: 'assets/broken cube.glb', report: broken },
				{ path: 'assets/hole.glb', report: holey },
				{ path: 'assets/clean.glb', report: new Report() },
			],
			'0.1.0',
		);
		expect(sarif.version).toBe('2.1.0');
		expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
		expect(sarif.runs).toHaveLength(1);
		const run = sarif.runs[0];
		expect(run.tool.driver).toMatchObject({ name: 'axis', version: '0.1.0' });

		// Every axis rule is described, plus the validator code that occurred.
		const ids = run.tool.driver.rules.map((r) => r.id);
		for (const rule of RULES) expect(ids).toContain(rule.code);
		expect(ids).toContain('ACCESSOR_INVALID_FLOAT');
		expect(new Set(ids).size).toBe(ids.length);
		for (const r of run.tool.driver.rules) {
			expect(r.shortDescription?.text).toBeTruthy();
			expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration?.level);
		}

		const results = run.results;
		expect(results.length).toBe(broken.findings.length + holey.findings.length);
		for (const r of results) {
			expect(ids[r.ruleIndex]).toBe(r.ruleId);
			expect(['error', 'warning', 'note']).toContain(r.level);
			expect(r.message.text.length).toBeGreaterThan(0);
			expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^assets\//);
		}
		const nan = results.find((r) => r.ruleId === 'NON_FINITE_VALUES')!;
		expect(nan.level).toBe('error');
		expect(nan.locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: 'assets/broken%20cube.glb', uriBaseId: '%SRCROOT%' });
		expect(nan.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: '/meshes/0/primitives/0/attributes/POSITION', name: 'POSITION' }]);
		expect(results.find((r) => r.ruleId === 'MESH_HOLES')!.level).toBe('note');
		expect(results.find((r) => r.ruleId === 'ACCESSOR_INVALID_FLOAT')!.level).toBe('error');
		expect(run.artifacts.map((a) => a.location.uri)).toEqual(['assets/broken%20cube.glb', 'assets/hole.glb', 'assets/clean.glb']);

		// Plain JSON, round-trips.
		expect(JSON.parse(JSON.stringify(sarif))).toEqual(sarif);
	});

	it('accepts plain findings (reports that crossed a worker boundary) and unknown axis codes', () => {
		const sarif = toSarif([{ path: 'bad.fbx', findings: [{ code: 'FBX_INVALID', severity: 'error', message: 'not an FBX file' }] }], '0.1.0');
		const result = sarif.runs[0].results[0];
		expect(result).toMatchObject({ ruleId: 'FBX_INVALID', level: 'error' });
		const rule = sarif.runs[0].tool.driver.rules[result.ruleIndex];
		expect(rule.id).toBe('FBX_INVALID');
		expect(rule.helpUri).toBeUndefined();
	});
});
