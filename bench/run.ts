// npm run bench — prints every section and writes bench/RESULTS.md.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSection, machine } from './lib.js';
import { loadValidate } from './load-validate.js';
import { fixBench } from './fix.js';
import { rigBench } from './rig.js';
import { generateBench } from './generate.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const assets = process.env.AXIS_TEST_ASSETS ?? resolve(repo, '../shared/assets');
if (!existsSync(assets)) {
	console.error(`bench: shared assets not found at ${assets} (set AXIS_TEST_ASSETS)`);
	process.exit(2);
}
const only = process.argv.slice(2);
const sections: BenchSection[] = [loadValidate(assets, repo), fixBench(repo), rigBench(assets), generateBench()];
const out: string[] = [`# Benchmarks`, '', `Machine: ${machine()}  `, `Date: ${new Date().toISOString()}  `, 'Command: `npm run bench` (after `npm run build`)', ''];
for (const section of sections) {
	if (only.length && !only.some((o) => section.title.toLowerCase().includes(o.toLowerCase()))) continue;
	process.stderr.write(`bench: ${section.title}…\n`);
	const body = await section.run();
	const block = `## ${section.title}\n\n${body}\n`;
	process.stdout.write(`${block}\n`);
	out.push(block);
}
writeFileSync(join(repo, 'bench/RESULTS.md'), `${out.join('\n')}\n`);
process.stderr.write('bench: wrote bench/RESULTS.md\n');
