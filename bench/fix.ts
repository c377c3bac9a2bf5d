import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type BenchSection, markdownTable, ms, ratio } from './lib.js';

interface Run {
	ms: number;
	/** User + system CPU time of the measured part (wall time is noisy on a shared machine). */
	cpuMs: number;
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

function mid(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall and CPU time (each its own median), largest peak RSS. */
function median(runs: Run[]): Run {
	const sorted = [...runs].sort((a, b) => a.ms - b.ms);
	return { ...sorted[Math.floor(sorted.length / 2)], cpuMs: mid(runs.map((r) => r.cpuMs)), peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
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
			// Alternate the two so load from others on the machine falls on both alike.
			const oursRuns: Run[] = [];
			const peerRuns: Run[] = [];
			for (let i = 0; i < runs; i++) {
				oursRuns.push(measure(repo, 'axis', triangles));
				peerRuns.push(measure(repo, 'gltf', triangles));
			}
			const ours = median(oursRuns);
			const peer = median(peerRuns);
			const rows = [
				['gltf-transform weld + dedup + prune', ms(peer.ms), ms(peer.cpuMs), (peer.peakRssMB - peer.rssBeforeMB).toFixed(0), peer.peakRssMB.toFixed(0), peer.trianglesAfter, peer.verticesAfter, '1.00×', '1.00×', '1.00×'],
				['axis repair() (all default steps)', ms(ours.ms), ms(ours.cpuMs), (ours.peakRssMB - ours.rssBeforeMB).toFixed(0), ours.peakRssMB.toFixed(0), ours.trianglesAfter, ours.verticesAfter, ratio(ours.ms, peer.ms), ratio(ours.cpuMs, peer.cpuMs), ratio(ours.peakRssMB, peer.peakRssMB)],
			];
			return [
				markdownTable(['pipeline', `ms (median of ${runs})`, `CPU ms (median of ${runs})`, 'extra peak RSS MB', 'peak RSS MB', 'triangles after', 'vertices after', 'time ratio', 'CPU ratio', 'peak RSS ratio'], rows),
				'',
				`Input: ${triangles.toLocaleString('en')}-triangle UV sphere (normals, UVs) with 1% duplicated vertices, 0.5% degenerate and 0.5% duplicate triangles. Each run is a fresh \`node --import tsx bench/fix-worker.ts\` process (axis and gltf-transform alternate); CPU ms is user + system time of the measured part (\`process.cpuUsage\`), steadier than wall time on a shared machine; "extra peak RSS" is the peak minus the RSS after building the mesh. gltf-transform only welds bit-identical vertices (and dedups/prunes); repair() also removes degenerate, zero-area and duplicate triangles, compacts, checks winding and outward orientation, normals and units (called with \`character: false\`, as the mesh is a sphere: units and up axis then come only from what the file declares).`,
			].join('\n');
		},
	};
}
