// Avatar generation speed per preset (full detail, one core).
import { generateAvatar, generateAvatarGLB, listAvatarPresets } from '../src/generate/index.js';
import { type BenchSection, markdownTable, ms, timeMedian } from './lib.js';

export function generateBench(): BenchSection {
	return {
		title: 'Avatar generation (axis generate)',
		async run() {
			const rows: (string | number)[][] = [];
			for (const preset of listAvatarPresets()) {
				let tris = 0;
				const body = await timeMedian(async () => {
					const r = await generateAvatar({ preset, validate: false, morphTargets: false });
					tris = r.summary.meshes[0].triangles;
				}, 3);
				const withMorphs = await timeMedian(() => generateAvatar({ preset, validate: false }), 3);
				const glb = await timeMedian(() => generateAvatarGLB({ preset }), 3);
				rows.push([preset, tris, ms(body), ms(withMorphs), ms(glb)]);
			}
			return [
				markdownTable(['preset', 'body triangles', 'mesh + rig + skin (ms)', '+ 5 body morphs (ms)', '+ validate + GLB + Khronos (ms)'], rows),
				'',
				'Median of 3 after a warm-up. "mesh + rig + skin": parameters → cage → calibration → subdivision → weights → glTF Document. The last column is the whole `generateAvatarGLB` (validateDocument, GLB encoding and gltf-validator included).',
			].join('\n');
		},
	};
}
