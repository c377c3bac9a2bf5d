import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAsset } from '../src/io/read.js';
import { processAsset, PROCESS_STAGES, type ProcessResult } from '../src/pipeline/process.js';
import { stripSkin } from '../test/helpers/strip-skin.js';
import { type BenchSection, markdownTable, ms } from './lib.js';

/** `axis process` end to end, per stage: Xbot with its skin stripped (so it is rigged) and Samba FBX (mapped). */
export function processBench(assets: string): BenchSection {
	return {
		title: 'Process end to end (issue 6)',
		async run() {
			const out = mkdtempSync(join(tmpdir(), 'axis-bench-process-'));
			const rows: (string | number)[][] = [];
			const cases: [string, string, string, boolean][] = [
				['Xbot.glb (skin stripped)', 'mixamo/Xbot.glb', 'unity', true],
				['Samba_Dancing.fbx', 'fbx/Samba_Dancing.fbx', 'unity', false],
				['Samba_Dancing.fbx', 'fbx/Samba_Dancing.fbx', 'unreal', false],
			];
			try {
				for (const [label, rel, platform, strip] of cases) {
					const start = performance.now();
					const loaded = await readAsset(join(assets, rel));
					if (strip) loaded.document = stripSkin(loaded.document).document;
					const load = performance.now() - start;
					const result: ProcessResult = await processAsset(loaded, { platform, outDir: join(out, `${platform}-${rows.length}`), name: 'bench' });
					const total = performance.now() - start;
					const stage = (s: string) => result.stages.find((x) => x.stage === s)?.ms ?? NaN;
					rows.push([label, platform, result.stage_reached, ms(load), ...PROCESS_STAGES.filter((s) => s !== 'normalize' && s !== 'skin').map((s) => ms(stage(s))), ms(total)]);
				}
			} finally {
				rmSync(out, { recursive: true, force: true });
			}
			return [
				'One run each, in process (the CLI adds about 0.2 s of start-up). `normalize` and `skin` are done inside `repair` and `rig` and are left out. ms.',
				'',
				markdownTable(['input', 'platform', 'reached', 'load', 'classify', 'repair', 'rig', 'validate', 'export', 'total'], rows),
			].join('\n');
		},
	};
}
