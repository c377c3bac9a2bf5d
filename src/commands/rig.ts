import { Args, Flags } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Rig extends AxisCommand {
	static override summary = 'Auto-rig humanoid meshes to the 65-bone AXIS skeleton with skin weights (or map an existing Mixamo/Unreal/Unity/VRM/Godot skeleton).';
	static override description = `Input: a static humanoid in any units and up axis, T-pose, A-pose or arms hanging lower (to about 80° below the horizontal, hands clear of the thighs), one mesh or several (body, eyes, clothes share one skeleton). The output is normalised to metres, +Y up, facing +Z, feet on y = 0.
A rig that already uses a recognised skeleton naming is renamed to AXIS-65, not re-rigged (unless --force).
Exit codes: 0 rigged, 1 refused (not a humanoid: RIG_FAILED, nothing written), 2 bad usage or an unreadable file.`;
	static override examples = [
		'<%= config.bin %> rig character.obj -o character.glb',
		'<%= config.bin %> rig scan.glb -o rigged.glb --pose a --facing -z --max-influences 8',
		'<%= config.bin %> rig "characters/*.fbx" -o rigged/ --json',
	];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to rig.', required: true }) };
	static override flags = {
		output: Flags.string({ char: 'o', description: 'Output file (one input) or folder (several inputs); .glb or .gltf.', required: true }),
		pose: Flags.string({ description: 'Rest pose of the input.', options: ['t', 'a', 'auto'], default: 'auto' }),
		facing: Flags.string({ description: 'Which way the character faces in the file.', options: ['+z', '-z', '+x', '-x', 'auto'], default: 'auto' }),
		'max-influences': Flags.string({ description: 'Bone influences per vertex.', options: ['4', '8'], default: '4' }),
		force: Flags.boolean({ description: 'Re-rig even when the input already has a recognised humanoid skeleton.', default: false }),
		verbose: Flags.boolean({ char: 'v', description: 'List every finding.', default: false }),
		jobs: jobsFlag,
	};

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Rig);
		const { AxisError } = await import('../errors.js');
		const { stat } = await import('node:fs/promises');
		const { basename, extname, join, resolve } = await import('node:path');
		const { expandInputs } = await import('../cli/files.js');
		const files = await expandInputs(argv as string[]);
		const output = flags.output;
		const outIsFolder = files.length > 1 || /[/\\]$/.test(output) || (await stat(output).catch(() => undefined))?.isDirectory() === true;
		if (!outIsFolder && !/\.(glb|gltf)$/i.test(output)) throw new AxisError('BAD_USAGE', `-o ${output}: the output must end in .glb or .gltf (or be a folder)`);
		const outFor = (path: string): string => {
			const out = outIsFolder ? join(output, `${basename(path, extname(path))}.glb`) : output;
			if (resolve(out) === resolve(path)) throw new AxisError('BAD_USAGE', `${out} is the input file: rig never overwrites its input`);
			return out;
		};
		const outputs = new Map(files.map((f) => [f, outFor(f)]));
		const options = {
			pose: flags.pose as 't' | 'a' | 'auto',
			facing: flags.facing as '+z' | '-z' | '+x' | '-x' | 'auto',
			maxInfluences: Number(flags['max-influences']) as 4 | 8,
			force: flags.force,
		};
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(files, (path) => ({ kind: 'rig', path, out: outputs.get(path), options }), { jobs: flags.jobs, quiet: flags.quiet, label: 'rig' });
		const done = results.flatMap((r) => (r.ok && r.kind === 'rig' ? [r.result] : []));
		const failed = results.filter((r) => !r.ok);
		const refused = failed.filter((r) => !r.ok && r.error.code === 'RIG_FAILED');
		if (flags.json) {
			this.printJSON({
				files: results.map((r) => (r.ok && r.kind === 'rig' ? { ok: true, ...r.result } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
				summary: { files: results.length, rigged: done.filter((d) => d.rig.mode === 'rigged').length, mapped: done.filter((d) => d.rig.mode === 'mapped').length, refused: refused.length, unreadable: failed.length - refused.length },
			});
		} else {
			const blocks = results.map((r) => {
				if (!r.ok || r.kind !== 'rig') return failureLine(r);
				const { rig, out } = r.result;
				const lines: string[] = [];
				if (rig.mode === 'mapped') {
					lines.push(`${r.path} → ${out}  mapped ${rig.recognised} skeleton to AXIS-65 (${Object.keys(rig.mapping ?? {}).length} bones renamed${rig.missing?.length ? `, ${rig.missing.length} AXIS bones missing` : ''}; --force to re-rig)`);
				} else {
					lines.push(`${r.path} → ${out}  rigged: 65 joints, ${rig.vertices} vertices on ${rig.meshes} mesh(es), ≤${rig.maxInfluences} influences, ${rig.pose === 't' ? 'T' : 'A'}-pose, facing ${rig.facing}, fingers ${rig.fingers!.left}/${rig.fingers!.right} separated, ${rig.ms.total} ms`);
				}
				for (const f of r.result.findings) if (flags.verbose || f.severity !== 'info') lines.push(`  ${f.severity} ${f.code}: ${f.message}`);
				return lines.join('\n');
			});
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}
		for (const r of failed) if (flags.json) process.stderr.write(`axis: ${failureLine(r)}\n`);
		if (failed.length > refused.length) this.exit(EXIT.USAGE);
		if (refused.length) this.exit(EXIT.FINDINGS);
	}
}
