// One measurement in its own process, so peak RSS is this run's own:
//   node --import tsx bench/fix-worker.ts <axis|gltf-transform> [triangles]
// Prints JSON: { mode, triangles, ms, cpuMs (user + system CPU of the measured part), rssBeforeMB, peakRssMB, trianglesAfter, verticesAfter }.
import { Document } from '@gltf-transform/core';
import { dedup, prune, weld } from '@gltf-transform/functions';
import { repairDocument } from '../src/pipeline/repair/index.js';
import { silentLogger } from '../src/log.js';

/**
 * A UV sphere of about `triangles` triangles (normals, UVs, a seam and two
 * poles), with 1% of its vertices duplicated, 0.5% degenerate triangles and
 * 0.5% duplicate triangles injected. Deterministic.
 */
export function brokenSphere(triangles: number): Document {
	const cols = Math.round(Math.sqrt(triangles / 2));
	const rows = Math.round(triangles / 2 / cols);
	const n = (rows + 1) * (cols + 1);
	const dupCount = Math.floor(n * 0.01);
	const positions = new Float32Array((n + dupCount) * 3);
	const normals = new Float32Array((n + dupCount) * 3);
	const uvs = new Float32Array((n + dupCount) * 2);
	for (let r = 0; r <= rows; r++) {
		const theta = (r / rows) * Math.PI;
		for (let c = 0; c <= cols; c++) {
			const phi = (c / cols) * 2 * Math.PI;
			const v = r * (cols + 1) + c;
			const x = Math.sin(theta) * Math.cos(phi);
			const y = Math.cos(theta);
			const z = Math.sin(theta) * Math.sin(phi);
			positions.set([x, y, z], v * 3);
			normals.set([x, y, z], v * 3);
			uvs.set([c / cols, r / rows], v * 2);
		}
	}
	const base: number[] = [];
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < cols; c++) {
			const a = r * (cols + 1) + c;
			const b = a + cols + 1;
			base.push(a, a + 1, b, a + 1, b + 1, b);
		}
	}
	const extra = Math.floor(base.length / 3 / 200);
	const indices = new Uint32Array(base.length + extra * 6);
	indices.set(base);
	let seed = 12345;
	const rand = (k: number) => {
		seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
		return seed % k;
	};
	for (let d = 0; d < dupCount; d++) {
		const src = rand(n);
		const copy = n + d;
		positions.copyWithin(copy * 3, src * 3, src * 3 + 3);
		normals.copyWithin(copy * 3, src * 3, src * 3 + 3);
		uvs.copyWithin(copy * 2, src * 2, src * 2 + 2);
		// Point one corner that uses src (searched from a random start) at the copy.
		let i = rand(base.length);
		for (let tries = 0; tries < 64 && indices[i] !== src; tries++) i = (i + 1) % base.length;
		if (indices[i] === src) indices[i] = copy;
	}
	let o = base.length;
	for (let e = 0; e < extra; e++) {
		const t = rand(base.length / 3) * 3;
		indices[o++] = base[t];
		indices[o++] = base[t];
		indices[o++] = base[t + 1];
		indices[o++] = base[t];
		indices[o++] = base[t + 1];
		indices[o++] = base[t + 2];
	}
	const doc = new Document().setLogger(silentLogger);
	const buffer = doc.createBuffer();
	const prim = doc
		.createPrimitive()
		.setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer))
		.setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normals).setBuffer(buffer))
		.setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(uvs).setBuffer(buffer))
		.setIndices(doc.createAccessor().setType('SCALAR').setArray(indices).setBuffer(buffer))
		.setMaterial(doc.createMaterial('m'));
	const mesh = doc.createMesh('sphere').addPrimitive(prim);
	doc.getRoot().setDefaultScene(doc.createScene().addChild(doc.createNode('sphere').setMesh(mesh)));
	return doc;
}

const isMain = process.argv[1]?.endsWith('fix-worker.ts');
if (isMain) {
	const mode = process.argv[2] ?? 'axis';
	const triangles = Number(process.argv[3] ?? 1_000_000);
	const doc = brokenSphere(triangles);
	const rssBefore = process.resourceUsage().maxRSS;
	const start = performance.now();
	const cpuStart = process.cpuUsage();
	if (mode === 'axis') await repairDocument(doc, { character: false });
	else await doc.transform(weld(), dedup(), prune());
	const ms = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);
	const prim = doc.getRoot().listMeshes()[0].listPrimitives()[0];
	process.stdout.write(
		`${JSON.stringify({
			mode,
			triangles,
			ms,
			cpuMs: (cpu.user + cpu.system) / 1000,
			rssBeforeMB: rssBefore / 1024,
			peakRssMB: process.resourceUsage().maxRSS / 1024,
			trianglesAfter: prim.getIndices()!.getCount() / 3,
			verticesAfter: prim.getAttribute('POSITION')!.getCount(),
		})}\n`,
	);
}
