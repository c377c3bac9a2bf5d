import { Args, Flags } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Process extends AxisCommand {
	static override summary = 'The whole job: load → normalize → validate → fix → rig (when not rigged) → export for an engine.';
	static override description = `Runs the AXIS pipeline stages (classify, normalize, repair, rig, skin, validate, export) on each input and writes the platform's files.
Prints the AXIS result fields (stage_reached, vertex_count, face_count, exported, morph_targets, glb_size, errors) and the time of each stage.
Exit codes: 0 every input reached export_ready, 1 a stage failed for some input (errors say why: RIG_FAILED, EXPORT_REFUSED …), 2 bad usage or an unreadable file.`;
	static override examples = [
		'<%= config.bin %> process scan.obj --platform unity -o build/unity',
		'<%= config.bin %> process "incoming/*.fbx" --platform unreal -o build/unreal --json',
	];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to process.', required: true }) };
	static override flags = {
		platform: Flags.string({ char: 'p', description: 'Engine: unity, unreal, godot, roblox.', required: true }),
		out: Flags.string({ char: 'o', description: 'Output folder.', required: true }),
		'force-rig': Flags.boolean({ description: 'Re-rig even when a recognised humanoid skeleton is there.', default: false }),
		ground: Flags.boolean({ description: 'Put the feet on y = 0.', default: false }),
		jobs: jobsFlag,
	};

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Process);
		const { loadPlatform } = await import('../platforms.js');
		const platform = loadPlatform(flags.platform);
		const { expandInputs } = await import('../cli/files.js');
		const { basename, extname, join } = await import('node:path');
		const files = await expandInputs(argv as string[]);
		const outFor = (path: string) => (files.length === 1 ? flags.out : join(flags.out, basename(path, extname(path))));
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(
			files,
			(path) => ({ kind: 'process', path, platform: platform.name, outDir: outFor(path), options: { name: basename(path, extname(path)), forceRig: flags['force-rig'], ground: flags.ground } }),
			{ jobs: flags.jobs, quiet: flags.quiet, label: 'process', stages: !flags.json },
		);
		const processed = results.flatMap((r) => (r.ok && r.kind === 'process' ? [r.result] : []));
		const unreadable = results.filter((r) => !r.ok);
		if (flags.json) {
			this.printJSON({
				platform: platform.name,
				files: results.map((r) => (r.ok && r.kind === 'process' ? { file: r.path, ok: true, ...r.result } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
			});
		} else {
			const blocks = results.map((r) => {
				if (!r.ok) return failureLine(r);
				if (r.kind !== 'process') return '';
				const p = r.result;
				const stages = p.stages.map((s) => `${s.stage} ${s.ms} ms`).join(', ');
				const lines = [`${r.path} → ${p.stage_reached}: ${p.vertex_count} vertices, ${p.face_count} triangles, ${p.morph_targets} morph targets${p.exported ? `, GLB ${p.glb_size} bytes` : ''}`, `  stages: ${stages}`];
				if (p.rig) lines.push(`  rig: ${p.rig.mode}${p.rig.recognised ? ` (${p.rig.recognised})` : ''}`);
				if (p.manifest) lines.push(`  files: ${p.manifest.files.map((f) => join(outFor(r.path), f.path)).join(', ')}`);
				for (const e of p.errors) lines.push(`  error ${p.error_code ?? ''}: ${e}`);
				return lines.join('\n');
			});
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}
		if (unreadable.length) this.exit(EXIT.USAGE);
		if (processed.some((p) => p.errors.length)) this.exit(EXIT.FINDINGS);
	}
}
