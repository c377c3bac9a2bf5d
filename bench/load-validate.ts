import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect as gtInspect } from '@gltf-transform/functions';
import { validateBytes } from 'gltf-validator';
import { getIO } from '../src/io/gltf.js';
import { readAsset } from '../src/io/read.js';
import { inspectAsset } from '../src/inspect/index.js';
import { loadPlatform } from '../src/platforms.js';
import { validateAsset } from '../src/validate/index.js';
import { type BenchSection, markdownTable, ms, ratio, timeMedian, timeProcess } from './lib.js';

const GLTF_ASSETS = [
	'mixamo/Xbot.glb',
	'mixamo/Soldier.glb',
	'rigged_other/RobotExpressive/RobotExpressive.glb',
	'rigged_other/Fox_blender_reexport.glb',
	'edgecases/BrainStem_draco.glb',
	'edgecases/facecap.glb',
	'khronos/AnimatedMorphSphere/AnimatedMorphSphere.gltf',
];
const OTHER_ASSETS = ['fbx/Samba_Dancing.fbx', 'fbx/assimp_spider.fbx', 'fbx/assimp_embedded_ascii_box.FBX', 'unrigged/makehuman/base.obj'];

/** Load + validate per asset, against gltf-transform (GLB/glTF) and three's FBXLoader (FBX) in the same run. */
export function loadValidate(assets: string, repo: string): BenchSection {
	return {
		title: 'Load + validate (issue 2)',
		async run() {
			const io = await getIO();
			const platform = await loadPlatform('generic');
			const rows: (string | number)[][] = [];
			for (const rel of GLTF_ASSETS) {
				const path = join(assets, rel);
				const bytes = new Uint8Array(readFileSync(path));
				const isGLB = rel.endsWith('.glb');
				const peerLoad = await timeMedian(async () => gtInspect(await io.read(path)));
				const oursLoad = await timeMedian(async () => inspectAsset(await readAsset(path)));
				const peerValidate = await timeMedian(async () => {
					await io.read(path);
					await validateBytes(bytes, { format: isGLB ? 'glb' : 'gltf', externalResourceFunction: (uri) => Promise.resolve(new Uint8Array(readFileSync(join(path, '..', uri)))) });
				});
				const oursValidate = await timeMedian(async () => validateAsset(await readAsset(path), { platform }));
				rows.push([rel, ms(peerLoad), ms(oursLoad), ratio(oursLoad, peerLoad), ms(peerValidate), ms(oursValidate), ratio(oursValidate, peerValidate)]);
			}
			const fbxRows: (string | number)[][] = [];
			const { FBXLoader } = await import('three/examples/jsm/loaders/FBXLoader.js');
			for (const rel of OTHER_ASSETS) {
				const path = join(assets, rel);
				const oursLoad = await timeMedian(async () => readAsset(path), 3);
				const oursValidate = await timeMedian(async () => validateAsset(await readAsset(path), { platform }), 3);
				let peer = NaN;
				if (rel.toLowerCase().endsWith('.fbx')) {
					const buf = readFileSync(path);
					const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
					const quiet = console.warn;
					console.warn = () => {};
					try {
						peer = await timeMedian(() => new FBXLoader().parse(ab, ''), 3);
					} catch {
						peer = NaN;
					} finally {
						console.warn = quiet;
					}
				}
				fbxRows.push([rel, ms(peer), ms(oursLoad), ratio(oursLoad, peer), ms(oursValidate)]);
			}
			const cli = join(repo, 'bin/run.js');
			const gt = join(repo, 'node_modules/.bin/gltf-transform');
			const xbot = join(assets, 'mixamo/Xbot.glb');
			const cliRows = [
				['inspect Xbot.glb', timeProcess(gt, ['inspect', xbot]).ms, timeProcess('node', [cli, 'inspect', xbot, '--json']).ms],
				['validate Xbot.glb', timeProcess(gt, ['validate', xbot]).ms, timeProcess('node', [cli, 'validate', xbot, '--json']).ms],
			].map(([name, peer, ours]) => [name as string, ms(peer as number), ms(ours as number), ratio(ours as number, peer as number)]);
			return [
				'In-process, median of 5 runs after a warm-up. Peer for glTF/GLB: gltf-transform `NodeIO.read` + `inspect()` (load) and `NodeIO.read` + the Khronos validator, i.e. what `gltf-transform validate` does (validate). axis validate runs the same Khronos pass plus its own rules. Ratio = axis / peer (lower is better; aim ≤ 1.5×).',
				'',
				markdownTable(['asset', 'peer load ms', 'axis load ms', 'ratio', 'peer validate ms', 'axis validate ms', 'ratio'], rows),
				'',
				'FBX and OBJ: peer is three.js `FBXLoader.parse` (in Node, no textures). Median of 3.',
				'',
				markdownTable(['asset', 'three FBXLoader ms', 'axis load ms', 'ratio', 'axis load+validate ms'], fbxRows),
				'',
				'Whole CLI process (start-up included), median of 3: `gltf-transform` CLI vs `axis`.',
				'',
				markdownTable(['command', 'gltf-transform ms', 'axis ms', 'ratio'], cliRows),
			].join('\n');
		},
	};
}
