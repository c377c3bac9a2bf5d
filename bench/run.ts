// npm run bench — prints every section and writes bench/RESULTS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSection, machine } from './lib.js';
import { loadValidate } from './load-validate.js';
import { fixBench } from './fix.js';
import { rigBench } from './rig.js';
import { generateBench } from './generate.js';
import { processBench } from './process.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const assets = process.env.AXIS_TEST_ASSETS ?? resolve(repo, '../shared/assets');
if (!existsSync(assets)) {
	console.error(`bench: shared assets not found at ${assets} (set AXIS_TEST_ASSETS)`);
	process.exit(2);
}
const only = process.argv.slice(2);
const sections: BenchSection[] = [loadValidate(assets, repo), fixBench(repo), rigBench(assets), generateBench(), processBench(assets)];
const header = [`# Benchmarks`, '', 'Command: `npm run bench` (after `npm run build`); `npm run bench -- NAME` re-runs only the sections whose title contains NAME and keeps the others.', ''];
const resultsPath = join(repo, 'bench/RESULTS.md');
// Sections from an earlier run, by title, so a partial run keeps the rest.
const blocks = new Map<string, string>();
if (existsSync(resultsPath)) {
	for (const part of readFileSync(resultsPath, 'utf8').split(/^## /m).slice(1)) blocks.set(part.slice(0, part.indexOf('\n')).trim(), `## ${part.trimEnd()}\n`);
}
for (const section of sections) {
	if (only.length && !only.some((o) => section.title.toLowerCase().includes(o.toLowerCase()))) continue;
	process.stderr.write(`bench: ${section.title}…\n`);
	const body = await section.run();
	const block = `## ${section.title}\n\nMachine: ${machine()}  \nDate: ${new Date().toISOString()}\n\n${body}\n`;
	process.stdout.write(`${block}\n`);
	blocks.set(section.title, block);
}
const ordered = [...sections.map((s) => s.title).filter((t) => blocks.has(t)), ...[...blocks.keys()].filter((t) => !sections.some((s) => s.title === t))];
writeFileSync(resultsPath, `${header.join('\n')}\n${ordered.map((t) => blocks.get(t)).join('\n')}`);
process.stderr.write('bench: wrote bench/RESULTS.md\n');
