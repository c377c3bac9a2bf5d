import type { InspectResult } from '../inspect/index.js';
import { formatBytes, table } from './table.js';

const f3 = (n: number) => n.toFixed(3);

/** Human-readable inspect output for one file. */
export function formatInspect(r: InspectResult): string {
	const out: string[] = [];
	const src = r.source;
	out.push(`${r.file ?? 'input'}  (${src.format.toUpperCase()}${src.version ? ` ${src.version}` : ''}, ${formatBytes(r.fileSize)}${src.generator ? `, ${src.generator}` : ''})`);
	const t = r.totals;
	out.push(`  ${t.meshes} meshes, ${t.primitives} primitives, ${t.vertices} vertices, ${t.triangles} triangles, ${t.nodes} nodes`);
	if (r.bounds) {
		const s = r.bounds.size;
		out.push(`  bounds: ${f3(s[0])} × ${f3(s[1])} × ${f3(s[2])} m  min [${r.bounds.min.map(f3).join(', ')}]  max [${r.bounds.max.map(f3).join(', ')}]`);
	}
	if (r.guess) {
		const declared = src.declaredUnitScale !== undefined ? `declared ${src.declaredUnitScale} m/unit, up ${src.declaredUpAxis ?? '?'}; ` : '';
		out.push(`  units: ${declared}guessed ${r.guess.units}, up ${r.guess.up} (confidence ${r.guess.confidence.toFixed(1)})`);
	}
	if (r.meshes.length) {
		out.push('', '  MESHES');
		out.push(indent(table(['name', 'prims', 'vertices', 'triangles', 'skinned', 'morphs'], r.meshes.map((m) => [m.name, m.primitives.length, m.vertices, m.triangles, m.skinned ? 'yes' : '', m.morphTargets.length || '']))));
	}
	if (r.materials.length) out.push('', `  MATERIALS (${r.materials.length}): ${r.materials.join(', ')}`);
	if (r.textures.length) {
		out.push('', '  TEXTURES');
		out.push(indent(table(['name', 'type', 'size', 'bytes'], r.textures.map((x) => [x.name, x.mimeType, x.width ? `${x.width}×${x.height}` : '?', formatBytes(x.bytes)]))));
	}
	for (const s of r.skins) {
		out.push('', `  SKIN ${s.name}: ${s.joints} joints${s.root ? `, root ${s.root}` : ''}`);
		out.push(wrap(s.jointNames.join(', '), 4));
	}
	const morphs = r.meshes.filter((m) => m.morphTargets.length);
	for (const m of morphs) out.push('', `  MORPH TARGETS ${m.name} (${m.morphTargets.length})`, wrap(m.morphTargets.join(', '), 4));
	if (r.animations.length) {
		out.push('', '  ANIMATIONS');
		out.push(indent(table(['name', 'duration', 'channels', 'nodes', 'morph'], r.animations.map((a) => [a.name, `${a.duration.toFixed(2)} s`, a.channels, a.targets.nodes, a.targets.morphWeights || '']))));
	}
	if (src.warnings.length) out.push('', '  READER WARNINGS', ...src.warnings.map((w) => `    - ${w}`));
	return out.join('\n');
}

function indent(text: string, n = 4): string {
	return text.split('\n').map((l) => ' '.repeat(n) + l.trimEnd()).join('\n');
}

function wrap(text: string, n: number, width = 100): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + word.length + 1 > width) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines.map((l) => ' '.repeat(n) + l).join('\n');
}
