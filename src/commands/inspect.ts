import { Args } from '@oclif/core';
import { AxisCommand, EXIT, jobsFlag } from '../cli/base.js';

export default class Inspect extends AxisCommand {
	static override summary = 'Summarise assets: meshes, vertices, materials, textures, skins, morph targets, animations, bounds, units.';
	static override description = 'Reads glTF/GLB, FBX and OBJ files (many at once, globs and folders too) and prints what is in them. Exit 0 when every file was read, 2 when any could not be.';
	static override examples = ['<%= config.bin %> inspect character.glb', '<%= config.bin %> inspect "assets/**/*.fbx" --json'];
	static override strict = false;
	static override args = { files: Args.string({ description: 'Files, folders or globs to inspect.', required: true }) };
	static override flags = { jobs: jobsFlag };

	async run(): Promise<void> {
		const { argv, flags } = await this.parse(Inspect);
		const { runFiles, failureLine } = await import('../cli/batch.js');
		const results = await runFiles(argv as string[], (path) => ({ kind: 'inspect', path }), { jobs: flags.jobs, quiet: flags.quiet, label: 'inspect' });
		const failed = results.filter((r) => !r.ok);
		if (flags.json) {
			this.printJSON({
				files: results.map((r) => (r.ok && r.kind === 'inspect' ? { file: r.path, ok: true, ...r.result } : { file: r.path, ok: false, error: !r.ok ? r.error : undefined })),
			});
		} else {
			const { formatInspect } = await import('../cli/format-inspect.js');
			const blocks = results.map((r) => (r.ok && r.kind === 'inspect' ? formatInspect(r.result) : failureLine(r)));
			process.stdout.write(`${blocks.join('\n\n')}\n`);
			for (const r of failed) process.stderr.write(`axis: ${failureLine(r)}\n`);
		}
		if (failed.length) this.exit(EXIT.USAGE);
	}
}
