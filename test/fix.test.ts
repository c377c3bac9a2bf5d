/**
 * `repair()` (the stage behind `axis fix`): preservation of skins, morph
 * targets, UVs, colours, materials and animations (posed vertices compared
 * with the CPU pose evaluator), validation-clean output, idempotence.
 */
import type { Document, Node, Primitive } from '@gltf-transform/core';
import { cloneDocument, unpartition } from '@gltf-transform/functions';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { type LoadedAsset, readAsset, readAssetBytes } from '../src/io/read.js';
import { writeGLB } from '../src/io/write.js';
import { animationDuration, type Pose, samplePose, skinnedPositions } from '../src/motion/pose.js';
import { applyCorrection, planOrientation, repairDocument, type RepairOptions } from '../src/pipeline/repair/index.js';
import { quatRotate } from '../src/pipeline/repair/orientation.js';
import type { Report } from '../src/report.js';
import { validateDocument } from '../src/validate/index.js';
import { assetPath, assetsDir } from './helpers/assets.js';
import * as broken from './helpers/broken.js';

async function fixed(loaded: LoadedAsset, options: RepairOptions = {}): Promise<{ document: Document; report: Report }> {
	const document = cloneDocument(loaded.document);
	const report = await repairDocument(document, { source: loaded.source, maxInfluences: 4, ...options });
	return { document, report };
}

async function load(rel: string): Promise<LoadedAsset | undefined> {
	const path = assetPath(rel);
	if (!path) return undefined;
	try {
		return await readAsset(path);
	} catch (err) {
		if ((err as { code?: string }).code === 'FBX_UNSUPPORTED') {
			console.warn(`[axis tests] ${rel}: FBX reader cannot read it yet (${(err as Error).message}): SKIPPED`);
			return undefined;
		}
		throw err;
	}
}

/** The auto-fixable findings validation still reports. */
async function autoFixableLeft(document: Document, loaded?: LoadedAsset): Promise<string[]> {
	const report = await validateDocument(document, { source: loaded?.source });
	return report.findings.filter((f) => f.suggestion?.auto_fixable).map((f) => `${f.code}: ${f.message}`);
}

/** Posed world positions of every (node, primitive), keyed by node and primitive name/index. */
function posed(document: Document, pose: Pose): Map<string, { prim: Primitive; positions: Float32Array }> {
	const out = new Map<string, { prim: Primitive; positions: Float32Array }>();
	document
		.getRoot()
		.listNodes()
		.forEach((node: Node, n) => {
			node.getMesh()?.listPrimitives().forEach((prim, p) => out.set(`${node.getName() || n}#${p}`, { prim, positions: skinnedPositions(node, prim, pose) }));
		});
	return out;
}

/** Bits of a vertex's rest position: the key that finds a fixed vertex's original. */
function restKeys(prim: Primitive): string[] {
	const p = prim.getAttribute('POSITION')!.getArray() as Float32Array;
	const bits = new Uint32Array(Float32Array.from(p, (x) => x + 0).buffer);
	const keys: string[] = [];
	for (let v = 0; v < p.length / 3; v++) keys.push(`${bits[v * 3]},${bits[v * 3 + 1]},${bits[v * 3 + 2]}`);
	return keys;
}

/**
 * Worst distance between each fixed vertex's posed position and the posed
 * position of an original vertex with the same rest position, after moving
 * the original by the correction the fix applied at the root.
 */
function worstPoseError(original: Document, repaired: Document, correction: ReturnType<typeof planOrientation>['correction'], times: { animation: number; t: number }[], weightsOverride?: (node: Node) => number[] | undefined): number {
	let worst = 0;
	for (const { animation, t } of times) {
		const poseA = samplePose(original, original.getRoot().listAnimations()[animation] ?? null, t);
		const poseB = samplePose(repaired, repaired.getRoot().listAnimations()[animation] ?? null, t);
		if (weightsOverride) {
			for (const [node, p] of poseA.local) p.weights = weightsOverride(node);
			for (const [node, p] of poseB.local) p.weights = weightsOverride(node);
		}
		const a = posed(original, poseA);
		const b = posed(repaired, poseB);
		for (const [key, B] of b) {
			const A = a.get(key);
			expect(A, `primitive ${key} missing from the original`).toBeDefined();
			const byKey = new Map<string, number[]>();
			restKeys(A!.prim).forEach((k, v) => {
				let list = byKey.get(k);
				if (!list) byKey.set(k, (list = []));
				list.push(v);
			});
			const keys = restKeys(B.prim);
			for (let v = 0; v < keys.length; v++) {
				const candidates = byKey.get(keys[v]);
				expect(candidates, `vertex ${v} of ${key} has no original`).toBeDefined();
				let best = Infinity;
				for (const u of candidates!) {
					const r = quatRotate(correction.rotation, [A!.positions[u * 3], A!.positions[u * 3 + 1], A!.positions[u * 3 + 2]]);
					const d = Math.max(...[0, 1, 2].map((k) => Math.abs(correction.scale * r[k] + correction.translation[k] - B.positions[v * 3 + k])));
					best = Math.min(best, d);
				}
				worst = Math.max(worst, best);
			}
		}
	}
	return worst;
}

function semantics(document: Document): string[] {
	return document
		.getRoot()
		.listMeshes()
		.flatMap((m, i) => m.listPrimitives().map((p, j) => `${i}/${j}:${p.listSemantics().filter((s) => s !== 'NORMAL').sort().join(',')}|targets ${p.listTargets().length}:${p.listTargets().map((t) => t.listSemantics().sort().join(',')).join(';')}`));
}

const PRESERVED = [
	'khronos/simple_skin/simple_skin.gltf',
	'khronos/SimpleSkinning_threejs.gltf',
	'khronos/AnimatedMorphCube/AnimatedMorphCube.gltf',
	'khronos/AnimatedMorphSphere/AnimatedMorphSphere.gltf',
	'khronos/SimpleMorph/SimpleMorph.gltf',
	'khronos/MorphPrimitivesTest/MorphPrimitivesTest.gltf',
	'mixamo/Xbot.glb',
	'fbx/Samba_Dancing.fbx',
];

describe('fix preserves what it does not own', () => {
	for (const rel of PRESERVED) {
		it(`${rel}: skins, morphs, UV/colour sets, materials, animations and the animated pose survive`, async () => {
			const loaded = await load(rel);
			if (!loaded) return;
			const original = loaded.document;
			const { document: repaired, report } = await fixed(loaded);
			expect(report.errors, JSON.stringify(report.findings.filter((f) => f.severity === 'error'))).toBe(0);
			const r0 = original.getRoot();
			const r1 = repaired.getRoot();
			expect(r1.listSkins().map((s) => s.listJoints().map((j) => j.getName()))).toEqual(r0.listSkins().map((s) => s.listJoints().map((j) => j.getName())));
			expect(r1.listMaterials().length).toBe(r0.listMaterials().length);
			expect(r1.listAnimations().map((a) => [a.getName(), a.listChannels().length])).toEqual(r0.listAnimations().map((a) => [a.getName(), a.listChannels().length]));
			expect(semantics(repaired)).toEqual(semantics(original));
			// The correction the orientation step applied (decided on the geometry it saw).
			const geometryOnly = cloneDocument(original);
			await repairDocument(geometryOnly, { source: loaded.source, maxInfluences: 4, units: false, upAxis: false, facing: false });
			const { correction } = planOrientation(geometryOnly, { source: loaded.source });
			// Animated pose at several frames of up to two clips (rest pose when there are none).
			const times: { animation: number; t: number }[] = [];
			r0.listAnimations()
				.slice(0, 2)
				.forEach((a, i) => {
					const d = animationDuration(a);
					for (const f of [0, 0.31, 0.77]) times.push({ animation: i, t: f * d });
				});
			if (times.length === 0) times.push({ animation: -1, t: 0 });
			expect(worstPoseError(original, repaired, correction, times)).toBeLessThan(1e-5 * Math.max(1, correction.scale));
			// Each morph target alone gives the same shape.
			const targets = Math.max(0, ...r0.listMeshes().flatMap((m) => m.listPrimitives().map((p) => p.listTargets().length)));
			for (let i = 0; i < Math.min(targets, 4); i++) {
				const oneHot = (node: Node) => {
					const n = node.getMesh()?.listPrimitives()[0]?.listTargets().length ?? 0;
					return n ? Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)) : undefined;
				};
				expect(worstPoseError(original, repaired, correction, [{ animation: -1, t: 0 }], oneHot)).toBeLessThan(1e-5 * Math.max(1, correction.scale));
			}
		});
	}
});

/** Canonical GLB content: JSON with sorted keys (generator ignored) plus the binary chunk. */
function canonical(glb: Uint8Array): string {
	const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
	const jsonLength = view.getUint32(12, true);
	const json = JSON.parse(Buffer.from(glb.subarray(20, 20 + jsonLength)).toString('utf8'));
	delete json.asset.generator;
	const sort = (x: unknown): unknown => (Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x);
	return JSON.stringify(sort(json)) + Buffer.from(glb.subarray(20 + jsonLength)).toString('base64');
}

async function fixToGLB(document: Document, loaded?: LoadedAsset): Promise<{ glb: Uint8Array; report: Report }> {
	const report = await repairDocument(document, { source: loaded?.source, maxInfluences: 4 });
	await document.transform(unpartition());
	return { glb: await writeGLB(document, { compression: 'none' }), report };
}

async function expectIdempotent(document: Document, loaded?: LoadedAsset): Promise<void> {
	const first = await fixToGLB(document, loaded);
	const again = await readAssetBytes(first.glb, { name: 'fixed.glb' });
	const second = await fixToGLB(again.document, again);
	expect(second.report.findings.map((f) => f.message)).toEqual([]);
	expect(canonical(second.glb)).toBe(canonical(first.glb));
}

const BROKEN: Record<string, () => Document> = {
	degenerateTriangle: broken.withDegenerateTriangle,
	zeroAreaTriangle: broken.withZeroAreaTriangle,
	nanPosition: broken.withNaNPosition,
	flippedFace: broken.withFlippedFace,
	duplicatedVertices: broken.withDuplicatedVertices,
	duplicateFace: broken.withDuplicateFace,
	unreferencedVertex: broken.withUnreferencedVertex,
	noNormals: broken.withoutNormals,
	zeroNormals: broken.withZeroNormals,
	centimetres: broken.centimetreBox,
	zUp: broken.zUpBox,
	tooManyInfluences: () => broken.skinnedBox({ influences: 8 }),
	unnormalisedWeights: () => broken.skinnedBox({ weightSum: 0.5 }),
	emptyWeights: () => broken.skinnedBox({ weightSum: 0 }),
	insideOut: () => {
		const spec = broken.boxSpec({ name: 'cube' });
		const i = spec.indices!;
		for (let t = 0; t < i.length; t += 3) [i[t + 1], i[t + 2]] = [i[t + 2], i[t + 1]];
		return broken.documentFromSpec(spec);
	},
	nanNormalAndUV: () => {
		const spec = broken.boxSpec({ name: 'cube' });
		spec.normals![5] = Number.NaN;
		spec.uvs![3] = Number.POSITIVE_INFINITY;
		return broken.documentFromSpec(spec);
	},
	nonUnitNormals: () => {
		const spec = broken.boxSpec({ name: 'cube' });
		for (let k = 0; k < spec.normals!.length; k++) spec.normals![k] *= 3;
		return broken.documentFromSpec(spec);
	},
	everything: () => {
		const spec = broken.boxSpec({ name: 'body', size: [60, 180, 30] });
		const i = spec.indices!;
		[i[1], i[2]] = [i[2], i[1]];
		i.push(0, 0, 1, ...i.slice(3, 6));
		spec.positions.push(1e3, 1e3, 1e3);
		spec.normals!.push(0, 0, 0);
		spec.uvs!.push(0, 0);
		// Z-up: swap Y and Z of every position and normal (a mirror, so re-wind too).
		for (const arr of [spec.positions, spec.normals!]) for (let k = 0; k < arr.length; k += 3) [arr[k + 1], arr[k + 2]] = [arr[k + 2], arr[k + 1]];
		for (let t = 0; t < i.length; t += 3) [i[t + 1], i[t + 2]] = [i[t + 2], i[t + 1]];
		return broken.documentFromSpec(spec);
	},
};

describe('fix repairs every auto-fixable finding', () => {
	for (const [name, build] of Object.entries(BROKEN)) {
		it(`broken mesh "${name}": validate finds nothing auto-fixable after fix, and fixing again changes nothing`, async () => {
			const before = await autoFixableLeft(build());
			// No validation rule looks for inside-out closed parts; the others must start broken.
			if (name !== 'insideOut') expect(before.length, `the "${name}" builder should be broken`).toBeGreaterThan(0);
			const document = build();
			const report = await repairDocument(document, { maxInfluences: 4 });
			expect(report.errors).toBe(0);
			expect(report.findings.every((f) => f.code.startsWith('FIXED_') && /before .*after/.test(f.message))).toBe(true);
			expect(await autoFixableLeft(document)).toEqual([]);
			await expectIdempotent(build());
		});
	}

	it('the inside-out box is turned outward and its normals follow', async () => {
		const document = BROKEN.insideOut();
		const report = await repairDocument(document);
		expect(report.has('FIXED_INSIDE_OUT_PARTS')).toBe(true);
		const prim = broken.primitiveOf(document);
		const idx = prim.getIndices()!.getArray()!;
		const p = prim.getAttribute('POSITION')!.getArray()!;
		// Triangle 0 of the +X face: face normal along +X again.
		const [a, b, c] = [idx[0] * 3, idx[1] * 3, idx[2] * 3];
		const nx = (p[b + 1] - p[a + 1]) * (p[c + 2] - p[a + 2]) - (p[b + 2] - p[a + 2]) * (p[c + 1] - p[a + 1]);
		expect(nx).toBeGreaterThan(0);
		expect(prim.getAttribute('NORMAL')!.getArray()![0]).toBe(1);
	});

	it('a centimetre, Z-up character ends up 1.8 m tall, +Y up, and on the ground with ground: true', async () => {
		const document = BROKEN.everything();
		await repairDocument(document, { ground: true });
		const { Analysis } = await import('../src/validate/analysis.js');
		const bounds = new Analysis(document).worldBounds()!;
		expect(bounds.max[1] - bounds.min[1]).toBeCloseTo(1.8, 5);
		expect(bounds.min[1]).toBeCloseTo(0, 6);
	});

	it('tolerance weld merges near-duplicates but keeps UV seams apart', async () => {
		const spec = broken.boxSpec({ name: 'cube' });
		const v = spec.positions.length / 3;
		spec.positions.push(spec.positions[0] + 1e-7, spec.positions[1], spec.positions[2]);
		spec.normals!.push(1, 0, 0);
		spec.uvs!.push(spec.uvs![0], spec.uvs![1]);
		spec.indices![3] = v;
		const exact = broken.documentFromSpec(spec);
		await repairDocument(exact, { weldTolerance: 0 });
		expect(broken.primitiveOf(exact).getAttribute('POSITION')!.getCount()).toBe(25);
		const loose = broken.documentFromSpec(spec);
		const report = await repairDocument(loose, { weldTolerance: 1e-5 });
		expect(report.has('FIXED_DUPLICATE_VERTICES')).toBe(true);
		// 24 split corners stay: the 8 positions each carry three normals/UVs.
		expect(broken.primitiveOf(loose).getAttribute('POSITION')!.getCount()).toBe(24);
	});

	it('opt-in steps: islands and holes', async () => {
		const hole = broken.withHole();
		const report = await repairDocument(hole, { fillHoles: true });
		expect(report.has('FIXED_HOLES')).toBe(true);
		const { Analysis } = await import('../src/validate/analysis.js');
		expect(new Analysis(hole).topology()[0].boundaryEdgeCount).toBe(0);
		const spec = broken.boxSpec({ name: 'cube' });
		const speck = broken.boxSpec({ size: [0.001, 0.001, 0.001] });
		const base = spec.positions.length / 3;
		spec.positions.push(...speck.positions.map((x, k) => x + (k % 3 === 0 ? 3 : 0)));
		spec.normals!.push(...speck.normals!);
		spec.uvs!.push(...speck.uvs!);
		spec.indices!.push(...speck.indices!.map((i) => i + base));
		const withSpeck = broken.documentFromSpec(spec);
		const r2 = await repairDocument(withSpeck, { removeIslands: 0.01 });
		expect(r2.has('FIXED_SMALL_ISLANDS')).toBe(true);
		expect(broken.primitiveOf(withSpeck).getAttribute('POSITION')!.getCount()).toBe(24);
	});

	it('a primitive with nothing drawable left is reported as unrepairable, with the reason', async () => {
		const spec = broken.boxSpec({ name: 'cube' });
		spec.positions = spec.positions.map(() => Number.NaN);
		const document = broken.documentFromSpec(spec);
		const report = await repairDocument(document);
		const error = report.findings.find((f) => f.severity === 'error');
		expect(error?.code).toBe('UNREPAIRABLE_PRIMITIVE');
		expect(error?.message).toMatch(/non-finite|degenerate/);
	});

	it('every shared asset that loads: no auto-fixable finding left after fix, and fix is idempotent', async () => {
		const dir = assetsDir();
		if (!dir) return;
		const files = (await fg('**/*.{glb,gltf,fbx,FBX,obj}', { cwd: dir })).sort();
		const problems: string[] = [];
		let checked = 0;
		for (const rel of files) {
			let loaded: LoadedAsset;
			try {
				loaded = await readAsset(`${dir}/${rel}`);
			} catch {
				continue; // unreadable inputs are the CLI tests' business
			}
			const { document } = await fixed(loaded);
			const left = await autoFixableLeft(document, loaded);
			if (left.length) problems.push(`${rel}: ${left.join('; ')}`);
			// Idempotence on the written file.
			await document.transform(unpartition());
			const glb = await writeGLB(document, { compression: 'none' });
			const again = await readAssetBytes(glb, { name: 'fixed.glb' });
			const second = await fixToGLB(again.document, again);
			if (second.report.findings.length) problems.push(`${rel}: second fix changed ${second.report.findings.map((f) => f.code).join(',')}`);
			else if (canonical(second.glb) !== canonical(glb)) problems.push(`${rel}: second fix wrote a different file`);
			checked++;
		}
		expect(problems).toEqual([]);
		expect(checked).toBeGreaterThan(10);
	});
});
