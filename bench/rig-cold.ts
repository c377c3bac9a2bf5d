// One rig in a fresh process (what a one-shot `axis rig` pays: V8 has optimised nothing yet):
//   node --import tsx bench/rig-cold.ts ASSETS_DIR
// Prints JSON { wall, cpu } (ms) of the first rigDocument on MakeHuman's body, module loading excluded.
import { join } from 'node:path';
import { rigDocument } from '../src/pipeline/rig/index.js';
import { makeHumanBody } from './rig.js';

const doc = makeHumanBody(join(process.argv[2], 'unrigged/makehuman')).document;
const c = process.cpuUsage();
const t = performance.now();
await rigDocument(doc);
const wall = performance.now() - t;
const used = process.cpuUsage(c);
console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));
