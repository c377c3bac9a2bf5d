import { Args, Flags } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Validate extends AxisCommand {
	static override summary = 'Check assets against the glTF spec (Khronos validator) and game-readiness rules for an engine.';
	static override description = `Every finding has a stable code, a severity, a location and, where we know one, a suggestion.
Exit codes: 0 clean, 1 findings at error level (or more warnings than --max-warnings), 2 bad usage or an unreadable file.`;
	static override examples = [
		'<%= config.bin %> validate character.glb',
		'<%= config.bin %> validate "characters/*.fbx" --platform roblox --json',
		'<%= config.bin %> validate build/*.glb --format sarif > axis.sarif',
	];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to validate.', required: true }) };
	static override flags = {
		platform: Flags.string({ char: 'p', description: 'Engine profile: unity, unreal, godot, roblox (presets/platforms).', default: 'generic' }),
		format: Flags.string({ description: 'Output format (--json is short for --format json).', options: ['text', 'json', 'sarif'], default: 'text' }),
		'max-warnings': Flags.integer({ description: 'Fail (exit 1) when a file has more warnings than this.', min: 0 }),
		'skip-khronos': Flags.boolean({ description: 'Skip the Khronos glTF validator pass.', default: false }),
		verbose: Flags.boolean({ char: 'v', description: 'Show info-level findings too.', default: false }),
		jobs: jobsFlag,
	};

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Validate);
		const { loadPlatform } = await import('../platforms.js');
		const platform = await loadPlatform(flags.platform); // bad names fail here, before any work
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(
			argv as string[],
			(path) => ({ kind: 'validate', path, platform: platform.name, khronos: !flags['skip-khronos'] }),
			{ jobs: flags.jobs, quiet: flags.quiet, label: 'validate' },
		);
		const reports = results.flatMap((r) => (r.ok && r.kind === 'validate' ? [r.result] : []));
		const failed = results.filter((r) => !r.ok);
		const tooManyWarnings = (w: number) => flags['max-warnings'] !== undefined && w > flags['max-warnings'];
		const format = flags.json ? 'json' : flags.format;
		if (format === 'json') {
			this.printJSON({
				platform: platform.name,
				files: results.map((r) => (r.ok && r.kind === 'validate' ? { ok: true, ...r.result } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
				summary: {
					files: results.length,
					unreadable: failed.length,
					errors: reports.reduce((a, r) => a + r.errors, 0),
					warnings: reports.reduce((a, r) => a + r.warnings, 0),
				},
			});
		} else if (format === 'sarif') {
			const { toSarif } = await import('../validate/sarif.js');
			this.printJSON(toSarif(results.map((r) => (r.ok && r.kind === 'validate' ? { path: r.path, findings: r.result.findings } : { path: r.path, findings: [{ code: (r as { error: { code: string } }).error.code, severity: 'error' as const, message: (r as { error: { message: string } }).error.message }] })), this.config.version));
		} else {
			const { formatValidate } = await import('../cli/format-validate.js');
			const blocks = results.map((r) => (r.ok && r.kind === 'validate' ? formatValidate(r.result, { verbose: flags.verbose }) : failureLine(r)));
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}
		for (const r of failed) if (format !== 'text') process.stderr.write(`axis: ${failureLine(r)}\n`);
		if (failed.length) this.exit(EXIT.USAGE);
		if (reports.some((r) => r.errors > 0 || tooManyWarnings(r.warnings))) this.exit(EXIT.FINDINGS);
	}
}
