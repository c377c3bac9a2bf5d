import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type BenchSection, markdownTable, ms, ratio } from './lib.js';

interface Run {
	ms: number;
	peakRssMB: number;
	rssBeforeMB: number;
	trianglesAfter: number;
	verticesAfter: number;
}

/** One measurement in a child process (peak RSS is its own). */
function measure(repo: string, mode: 'axis' | 'gltf', triangles: number): Run {
	const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bench/fix-worker.ts'), mode, String(triangles)], { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
	if (r.status !== 0) throw new Error(`bench fix-worker ${mode} failed: ${r.stderr}`);
	return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

function median(runs: Run[]): Run {
	const sorted = [...runs].sort((a, b) => a.ms - b.ms);
	return { ...sorted[Math.floor(sorted.length / 2)], peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
}

/**
 * `repair()` (everything `axis fix` does by default) against gltf-transform's
 * weld + dedup + prune on a 1M-triangle UV sphere with duplicates,
 * degenerate and duplicate triangles injected; each run in its own process.
 */
export function fixBench(repo: string, triangles = 1_000_000, runs = 3): BenchSection {
	return {
		title: 'Fix: repair() on a 1M-triangle mesh (issue 3)',
		async run() {
			const ours = median(Array.from({ length: runs }, () => measure(repo, 'axis', triangles)));
			const peer = median(Array.from({ length: runs }, () => measure(repo, 'gltf', triangles)));
			const rows = [
				['gltf-transform weld + dedup + prune', ms(peer.ms), (peer.peakRssMB - peer.rssBeforeMB).toFixed(0), peer.peakRssMB.toFixed(0), peer.trianglesAfter, peer.verticesAfter, '1.00×', '1.00×'],
				['axis repair() (all default steps)', ms(ours.ms), (ours.peakRssMB - ours.rssBeforeMB).toFixed(0), ours.peakRssMB.toFixed(0), ours.trianglesAfter, ours.verticesAfter, ratio(ours.ms, peer.ms), ratio(ours.peakRssMB, peer.peakRssMB)],
			];
			return [
				markdownTable(['pipeline', 'ms (median of 3)', 'extra peak RSS MB', 'peak RSS MB', 'triangles after', 'vertices after', 'time ratio', 'peak RSS ratio'], rows),
				'',
				`Input: ${triangles.toLocaleString('en')}-triangle UV sphere (normals, UVs) with 1% duplicated vertices, 0.5% degenerate and 0.5% duplicate triangles. Each run is a fresh \`node --import tsx bench/fix-worker.ts\` process; "extra peak RSS" is the peak minus the RSS after building the mesh. gltf-transform only welds bit-identical vertices (and dedups/prunes); repair() also removes degenerate, zero-area and duplicate triangles, compacts, checks winding and outward orientation, normals and units.`,
			].join('\n');
		},
	};
}
