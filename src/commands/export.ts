import { Args, Flags } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Export extends AxisCommand {
	static override summary = 'Export characters for an engine: Unity, Unreal, Godot or Roblox (GLB, binary FBX 7.4, bone map, manifest).';
	static override description = `Writes what the engine imports, following presets/platforms/<platform>.json, and a manifest.json (files, sha256, counts, warnings).
With one input the files go straight into --out; with several, into --out/<input name>/.
Exit codes: 0 exported, 1 an input cannot comply with the platform (EXPORT_REFUSED, reasons listed), 2 bad usage or an unreadable file.`;
	static override examples = [
		'<%= config.bin %> export character.glb --platform unity -o build/unity',
		'<%= config.bin %> export hero.fbx --platform unreal -o build/unreal --units cm --up-axis z',
		'<%= config.bin %> export "characters/*.glb" --platform roblox -o build/roblox --json',
	];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to export.', required: true }) };
	static override flags = {
		platform: Flags.string({ char: 'p', description: 'Engine: unity, unreal, godot, roblox.', required: true }),
		out: Flags.string({ char: 'o', description: 'Output folder.', required: true }),
		units: Flags.string({ description: 'FBX units (default from the profile: Unreal/Roblox cm, Unity m).', options: ['m', 'cm'] }),
		'up-axis': Flags.string({ description: 'FBX up axis (default from the profile: Unreal z, others y).', options: ['y', 'z'] }),
		format: Flags.string({ description: 'Formats to write (default from the profile).', options: ['glb', 'fbx'], multiple: true }),
		generic: Flags.boolean({ description: 'Export a rig that is not a recognised humanoid as a generic skeleton (Unity) instead of refusing.', default: false }),
		jobs: jobsFlag,
	};

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Export);
		const { loadPlatform } = await import('../platforms.js');
		const platform = loadPlatform(flags.platform); // bad names fail here, before any work
		const { expandInputs } = await import('../cli/files.js');
		const { basename, extname, join } = await import('node:path');
		const files = await expandInputs(argv as string[]);
		const outFor = (path: string) => (files.length === 1 ? flags.out : join(flags.out, basename(path, extname(path))));
		const options = {
			fbxUnits: flags.units as 'm' | 'cm' | undefined,
			fbxUpAxis: flags['up-axis'] ? (flags['up-axis'] === 'z' ? '+Z' : '+Y') as '+Y' | '+Z' : undefined,
			formats: flags.format as ('glb' | 'fbx')[] | undefined,
			humanoid: flags.generic ? false : undefined,
		};
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(files, (path) => ({ kind: 'export', path, platform: platform.name, outDir: outFor(path), options: { ...options, name: basename(path) } }), {
			jobs: flags.jobs,
			quiet: flags.quiet,
			label: 'export',
		});
		const refused = results.filter((r) => !r.ok && r.error.code === 'EXPORT_REFUSED');
		const failed = results.filter((r) => !r.ok && r.error.code !== 'EXPORT_REFUSED');
		if (flags.json) {
			this.printJSON({
				platform: platform.name,
				files: results.map((r) => (r.ok && r.kind === 'export' ? { file: r.path, ok: true, outDir: r.result.outDir, manifest: r.result.manifest } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
				summary: { files: results.length, exported: results.length - refused.length - failed.length, refused: refused.length, unreadable: failed.length },
			});
		} else {
			const lines = results.map((r) => {
				if (!r.ok) return failureLine(r);
				if (r.kind !== 'export') return '';
				const m = r.result.manifest;
				const head = `${r.path} → ${r.result.outDir} (${m.displayName}): ${m.files.map((f) => f.path).join(', ')}; ${m.counts.vertices} vertices, ${m.counts.triangles} triangles, ${m.counts.bones} bones`;
				return [head, ...m.warnings.map((w) => `  warning: ${w}`)].join('\n');
			});
			process.stdout.write(`${lines.join('\n')}\n`);
		}
		for (const r of [...refused, ...failed]) if (flags.json) process.stderr.write(`axis: ${failureLine(r)}\n`);
		if (failed.length) this.exit(EXIT.USAGE);
		if (refused.length) this.exit(EXIT.FINDINGS);
	}
}
