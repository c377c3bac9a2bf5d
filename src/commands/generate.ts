import { Flags } from '@oclif/core';
import { AxisCommand, EXIT } from '../cli/base.js';

export default class Generate extends AxisCommand {
	static override summary = 'Generate a rigged humanoid avatar (AXIS-65 skeleton, skin weights, body morphs) from a preset and/or a prompt.';
	static override description = `Deterministic and offline: the same preset, prompt, parameters and seed give the same bytes.
Presets live in presets/avatars (warrior, mage, rogue, ranger, knight, elf, dwarf, orc, child, elder).
The prompt understands words and numbers such as "tall", "1.9 m", "190 cm", "slim", "heavy", "muscular", "female", "elf", "old", "child", "40 years"; unknown words are reported, never fatal.
Exit codes: 0 written, 1 the result fails the platform's checks (nothing written), 2 bad usage.`;
	static override examples = [
		'<%= config.bin %> generate --preset warrior -o warrior.glb',
		'<%= config.bin %> generate --preset elf --prompt "tall female 1.9 m" --platform unity --seed 3 -o elf.glb --preview elf.png',
		'<%= config.bin %> generate --prompt "short stocky dwarf with long hair" --pose a -o dwarf.glb --json',
	];
	static override flags = {
		preset: Flags.string({ description: 'Avatar preset (presets/avatars).' }),
		prompt: Flags.string({ description: 'Text description; adjusts the preset.' }),
		platform: Flags.string({ char: 'p', description: 'Engine profile the result is checked against.', default: 'generic' }),
		seed: Flags.integer({ description: 'Small natural variation (0 = none).', default: 0, min: 0 }),
		output: Flags.string({ char: 'o', description: 'Output .glb (or .gltf) file.', required: true }),
		pose: Flags.string({ description: 'Rest pose: t (T-pose) or a (A-pose).', options: ['t', 'a'] }),
		detail: Flags.string({ description: 'full (~30k triangles) or low (~7.5k); default by platform.', options: ['full', 'low'] }),
		'no-morphs': Flags.boolean({ description: 'Leave out the body-shape morph targets.', default: false }),
		preview: Flags.string({ description: 'Also write a front/side PNG preview here.' }),
		param: Flags.string({ description: 'Explicit parameter, name=value (repeatable), e.g. --param height=1.8, --param hair=long, --param skinColor=0.8,0.6,0.5. Unknown names and mistyped values are errors; numbers out of range are clamped, with a warning.', multiple: true }),
	};

	async run(): Promise<void> {
		const { flags } = await this.parse(Generate);
		const { AxisError } = await import('../errors.js');
		const { loadPlatform } = await import('../platforms.js');
		loadPlatform(flags.platform); // unknown names fail before any work
		const params: Record<string, number | number[] | string> = {};
		for (const p of flags.param ?? []) {
			const m = /^([a-zA-Z]+)=(.+)$/.exec(p);
			if (!m) throw new AxisError('BAD_USAGE', `--param ${p}: expected name=value`);
			const list = m[2].split(',');
			// A number, a colour as r,g,b (0-1 each), or a word (pose, hair).
			params[m[1]] = list.length === 3 && list.every((c) => c.trim() !== '' && Number.isFinite(Number(c))) ? list.map(Number) : Number.isFinite(Number(m[2])) ? Number(m[2]) : m[2];
		}
		const { generateAvatarGLB, checkGenerateOptions, renderViews, encodePNG } = await import('../generate/index.js');
		const options = {
			preset: flags.preset,
			prompt: flags.prompt,
			platform: flags.platform,
			seed: flags.seed,
			pose: flags.pose as 't' | 'a' | undefined,
			detail: flags.detail as 'full' | 'low' | undefined,
			morphTargets: flags['no-morphs'] ? false : undefined,
			params: Object.keys(params).length ? params : undefined,
		};
		const warnings = checkGenerateOptions(options).map((note) => `--param ${note}`);
		for (const w of warnings) process.stderr.write(`axis: warning: ${w}\n`);
		const result = await generateAvatarGLB(options);
		const { summary } = result;
		const written: string[] = [];
		if (summary.exported) {
			if (flags.output.toLowerCase().endsWith('.glb')) {
				const { writeFile, mkdir } = await import('node:fs/promises');
				const { dirname } = await import('node:path');
				await mkdir(dirname(flags.output), { recursive: true });
				await writeFile(flags.output, result.glb);
				written.push(flags.output);
			} else {
				const { writeAsset } = await import('../io/write.js');
				written.push(...(await writeAsset(result.document, flags.output)));
			}
		}
		if (flags.preview) {
			const { writeFile, mkdir } = await import('node:fs/promises');
			const { dirname } = await import('node:path');
			const { documentMeshes } = await import('../generate/preview.js');
			await mkdir(dirname(flags.preview), { recursive: true });
			await writeFile(flags.preview, encodePNG(renderViews(documentMeshes(result.document), { size: 640, views: ['front', 'side'] })));
			written.push(flags.preview);
		}
		if (flags.json) {
			this.printJSON({ ...summary, warnings, files: written });
		} else {
			const p = summary.parameters;
			const lines = [
				`${summary.exported ? 'wrote' : 'NOT written'} ${flags.output}: ${summary.preset ?? 'avatar'} for ${summary.platform}, ${summary.vertex_count} vertices, ${summary.face_count} triangles, ${summary.glb_size} bytes`,
				`  body: ${p.height.toFixed(2)} m, ${p.pose === 'a' ? 'A' : 'T'}-pose, age ${Math.round(p.age)}, femininity ${p.femininity.toFixed(2)}, weight ${p.weight.toFixed(2)}, muscle ${p.muscle.toFixed(2)}`,
				`  measured: height ${summary.measurements.height.toFixed(3)} m, shoulders ${summary.measurements.shoulderWidth.toFixed(3)} m, arm ${summary.measurements.armLength.toFixed(3)} m, inseam ${summary.measurements.legLength.toFixed(3)} m`,
				`  morph targets: ${summary.morph_target_names.join(', ') || 'none'}`,
				`  stage: ${summary.stage_reached}`,
			];
			if (summary.unknown_words.length) lines.push(`  unknown words: ${summary.unknown_words.join(', ')}`);
			for (const e of summary.errors) lines.push(`  error: ${e}`);
			if (flags.preview) lines.push(`  preview: ${flags.preview}`);
			process.stdout.write(`${lines.join('\n')}\n`);
		}
		if (!summary.exported) this.exit(EXIT.FINDINGS);
	}
}
