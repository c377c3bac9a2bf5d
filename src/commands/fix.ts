import { Args, Flags } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Fix extends AxisCommand {
	static override summary = 'Repair degenerate geometry, normals, winding, skin weights, units and up axis — without losing skins, morph targets, UVs, colours, materials or animations.';
	static override description = `Every fix is reported with counts before and after. The input is never overwritten unless --in-place; with several inputs, -o is a folder.
Exit codes: 0 fixed (or nothing to fix), 1 something that should be repairable could not be repaired (the report says why), 2 bad usage or an unreadable / non-mesh file.`;
	static override examples = [
		'<%= config.bin %> fix character.fbx -o character.glb',
		'<%= config.bin %> fix "scans/*.glb" -o fixed/ --remove-islands 0.01 --fill-holes',
		'<%= config.bin %> fix character.glb --dry-run --json',
	];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to repair.', required: true }) };
	static override flags = {
		output: Flags.string({ char: 'o', description: 'Output file (one input) or folder (several inputs); .glb or .gltf.' }),
		'in-place': Flags.boolean({ description: 'Overwrite each glTF/GLB input with its repaired version.', default: false }),
		platform: Flags.string({ char: 'p', description: 'Engine profile for the bone-influence limit: unity, unreal, godot, roblox.', default: 'generic' }),
		ground: Flags.boolean({ description: 'Move the asset so its lowest point is at y = 0.', default: false }),
		units: Flags.boolean({ description: 'Scale to metres (--no-units to keep the scale).', default: true, allowNo: true }),
		'up-axis': Flags.boolean({ description: 'Rotate to +Y up and +Z facing (--no-up-axis to keep the orientation).', default: true, allowNo: true }),
		'weld-tolerance': Flags.string({ description: 'Weld vertices within this tolerance (fraction of the mesh size for positions, absolute for normals/UVs/weights); 0 = bit-exact.', default: '0' }),
		'remove-islands': Flags.string({ description: 'Remove floating pieces smaller than this fraction of the mesh size (e.g. 0.01).' }),
		'fill-holes': Flags.boolean({ description: 'Close small holes (boundary loops up to 64 edges).', default: false }),
		tangents: Flags.boolean({ description: 'Generate MikkTSpace tangents where missing.', default: false }),
		'dry-run': Flags.boolean({ description: 'Report what would be fixed; write nothing.', default: false }),
		verbose: Flags.boolean({ char: 'v', description: 'List every fix, not only a summary per file.', default: false }),
		jobs: jobsFlag,
	};

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Fix);
		const { AxisError } = await import('../errors.js');
		const { loadPlatform } = await import('../platforms.js');
		const platform = await loadPlatform(flags.platform);
		const number = (name: string, value: string | undefined, min: number, max: number): number | undefined => {
			if (value === undefined) return undefined;
			const n = Number(value);
			if (!Number.isFinite(n) || n < min || n > max) throw new AxisError('BAD_USAGE', `--${name} must be a number from ${min} to ${max}, got ${value}`);
			return n;
		};
		const weldTolerance = number('weld-tolerance', flags['weld-tolerance'], 0, 0.1);
		const removeIslands = number('remove-islands', flags['remove-islands'], 0, 1);
		const dryRun = flags['dry-run'];
		if (!dryRun && !flags.output && !flags['in-place']) throw new AxisError('BAD_USAGE', 'say where to write: -o OUT, or --in-place to overwrite the input (or --dry-run to only report)');
		if (flags.output && flags['in-place']) throw new AxisError('BAD_USAGE', '-o and --in-place cannot be used together');

		const { stat } = await import('node:fs/promises');
		const { basename, extname, join, resolve } = await import('node:path');
		const { expandInputs } = await import('../cli/files.js');
		const files = await expandInputs(argv as string[]);
		const outIsFolder = files.length > 1 || (flags.output !== undefined && (/[/\\]$/.test(flags.output) || (await stat(flags.output).catch(() => undefined))?.isDirectory() === true));
		const outFor = (path: string): string | undefined => {
			if (dryRun) return undefined;
			const ext = extname(path).toLowerCase();
			if (flags['in-place']) {
				if (ext !== '.glb' && ext !== '.gltf') throw new AxisError('BAD_USAGE', `--in-place can only rewrite .glb/.gltf files; ${path} is ${ext || 'not glTF'}: use -o`);
				return path;
			}
			const out = outIsFolder ? join(flags.output!, `${basename(path, extname(path))}${ext === '.gltf' ? '.gltf' : '.glb'}`) : flags.output!;
			if (resolve(out) === resolve(path)) throw new AxisError('BAD_USAGE', `${out} is the input file: fix never overwrites its input unless --in-place`);
			return out;
		};
		const outputs = new Map(files.map((f) => [f, outFor(f)]));
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(
			files,
			(path) => ({
				kind: 'fix',
				path,
				out: outputs.get(path),
				options: { platform: platform.name, ground: flags.ground, units: flags.units, upAxis: flags['up-axis'], weldTolerance, removeIslands, fillHoles: flags['fill-holes'], tangents: flags.tangents, dryRun },
			}),
			{ jobs: flags.jobs, quiet: flags.quiet, label: 'fix' },
		);
		const fixed = results.flatMap((r) => (r.ok && r.kind === 'fix' ? [r.result] : []));
		const failed = results.filter((r) => !r.ok);
		if (flags.json) {
			this.printJSON({
				platform: platform.name,
				dryRun,
				files: results.map((r) => (r.ok && r.kind === 'fix' ? { ok: true, ...r.result } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
				summary: { files: results.length, unreadable: failed.length, fixes: fixed.reduce((a, r) => a + r.fixed, 0), unfixed: fixed.reduce((a, r) => a + r.unfixed, 0) },
			});
		} else {
			const blocks = results.map((r) => {
				if (!r.ok || r.kind !== 'fix') return failureLine(r);
				const f = r.result;
				const target = f.dryRun ? '(dry run: nothing written)' : `→ ${f.out}`;
				const lines = [`${f.file} ${target}  ${f.fixed} ${f.fixed === 1 ? 'fix' : 'fixes'}${f.unfixed ? `, ${f.unfixed} could not be fixed` : ''}`];
				const byCode = new Map<string, number>();
				for (const x of f.findings) if (x.severity === 'info') byCode.set(x.code, (byCode.get(x.code) ?? 0) + (x.where?.count ?? 1));
				for (const x of f.findings) if (x.severity !== 'info') lines.push(`  error ${x.code}: ${x.message}`);
				if (flags.verbose) {
					for (const x of f.findings) if (x.severity === 'info') lines.push(`  fixed ${x.code}: ${x.message}`);
				} else if (byCode.size) {
					lines.push(`  ${[...byCode].map(([code, n]) => `${code} ×${n}`).join(', ')}`);
				}
				if (f.fixed === 0 && f.unfixed === 0) lines.push('  nothing to fix');
				return lines.join('\n');
			});
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}
		for (const r of failed) if (flags.json) process.stderr.write(`axis: ${failureLine(r)}\n`);
		if (failed.length) this.exit(EXIT.USAGE);
		if (fixed.some((r) => r.unfixed > 0)) this.exit(EXIT.FINDINGS);
	}
}
