/**
 * The binary FBX 7.4 writer: byte layout (header, null records, footer), the
 * Euler conversion, and round trips through our own FBX reader — positions,
 * normals, UVs, skin weights, joint names and hierarchy, inverse bind
 * matrices, morph targets and animation samples come back as written.
 */
import { readFileSync } from 'node:fs';
import type { Document, Node } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import { parseFBX, readFBX } from '../src/io/fbx/index.js';
import { eulerDeg, maxDiff } from '../src/io/fbx/math.js';
import { eulerNear, fbxI, fbxL, node, quatToEulerXYZ, writeBinaryFBX, writeFBX } from '../src/io/fbx-write/index.js';
import { compose } from '../src/io/fbx/math.js';
import { readAsset } from '../src/io/read.js';
import { assetPath } from './helpers/assets.js';
import { nearestDistances, poseMeshes } from './helpers/pose.js';

/** Largest distance from a point of `b` to the nearest point of `a` (the reader reorders vertices). */
function cloudDistance(a: Float32Array, b: Float32Array): number {
	const q: number[][] = [];
	for (let i = 0; i < b.length; i += 3) q.push([b[i], b[i + 1], b[i + 2]]);
	return Math.max(...nearestDistances(a, q, 0.01));
}

describe('binary FBX writer', () => {
	it('writes the SDK header and footer and reads back to the same tree', () => {
		const nodes = [
			node('FBXHeaderExtension', [], [node('FBXVersion', [fbxI(7400)])]),
			node('Objects', [], [
				node('Model', [fbxL(12345), 'Model::Hips', 'LimbNode'], [node('Version', [fbxI(232)])]),
				node('Geometry', [fbxL(9), 'Geometry::G', 'Mesh'], [node('Vertices', [Float64Array.of(1, 2, 3)]), node('PolygonVertexIndex', [Int32Array.from({ length: 300 }, (_, i) => (i % 3 === 2 ? -i - 1 : i))])]),
			]),
			node('Empty', []),
		];
		const bytes = writeBinaryFBX(nodes);
		expect(new TextDecoder().decode(bytes.subarray(0, 20))).toBe('Kaydara FBX Binary  ');
		expect([bytes[20], bytes[21], bytes[22]]).toEqual([0, 0x1a, 0]);
		expect(new DataView(bytes.buffer).getUint32(23, true)).toBe(7400);
		// Footer: 16-byte magic at the very end, version 140 bytes from the end, 16-byte alignment before it.
		expect(Array.from(bytes.subarray(-16))).toEqual([0xf8, 0x5a, 0x8c, 0x6a, 0xde, 0xf5, 0xd9, 0x7e, 0xec, 0xe9, 0x0c, 0xe3, 0x75, 0x8f, 0x29, 0x0b]);
		expect(new DataView(bytes.buffer).getUint32(bytes.length - 140, true)).toBe(7400);
		expect((bytes.length - 140) % 16).toBe(0);
		const tree = parseFBX(bytes);
		expect(tree.version).toBe(7400);
		const objects = tree.nodes.find((n) => n.name === 'Objects')!;
		expect(objects.children[0].props).toEqual([12345, 'Model::Hips', 'LimbNode']);
		expect(Array.from(objects.children[1].children[0].props[0] as Float64Array)).toEqual([1, 2, 3]);
		const pvi = objects.children[1].children[1].props[0] as Int32Array;
		expect(pvi.length).toBe(300); // compressed (over 128 bytes) and inflated back
		expect(pvi[2]).toBe(-3);
		expect(tree.nodes.map((n) => n.name)).toEqual(['FBXHeaderExtension', 'Objects', 'Empty']);
	});

	it('writes 7500 files with 64-bit headers that read back', () => {
		const tree = parseFBX(writeBinaryFBX([node('Objects', [], [node('A', [1.5, 'x'])])], { version: 7500 }));
		expect(tree.version).toBe(7500);
		expect(tree.nodes[0].children[0].props).toEqual([1.5, 'x']);
	});
});

describe('Euler conversion', () => {
	it('inverts the reader’s XYZ Euler matrices, and keeps keys continuous', () => {
		for (const e of [[10, 20, 30], [-170, 80, 45], [90, 0, -90], [0, 89.9, 0], [123, -45, 170]] as [number, number, number][]) {
			const m = eulerDeg(e, 'XYZ');
			const { r } = (function () {
				const q = quatFromMatrix(m);
				return { r: q };
			})();
			const back = quatToEulerXYZ(r);
			expect(maxDiff(eulerDeg(back, 'XYZ'), m)).toBeLessThan(1e-9);
		}
		// 179° → −179° is a 2° step, not 358°
		expect(eulerNear([0, 0, -179], [0, 0, 179])).toEqual([0, 0, 181]);
	});
});

function quatFromMatrix(m: Float64Array): number[] {
	const d = compose([0, 0, 0], [0, 0, 0, 1], [1, 1, 1]);
	void d;
	const tr = m[0] + m[5] + m[10];
	if (tr > 0) {
		const s = Math.sqrt(tr + 1) * 2;
		return [(m[6] - m[9]) / s, (m[8] - m[2]) / s, (m[1] - m[4]) / s, s / 4];
	}
	if (m[0] > m[5] && m[0] > m[10]) {
		const s = Math.sqrt(1 + m[0] - m[5] - m[10]) * 2;
		return [s / 4, (m[4] + m[1]) / s, (m[8] + m[2]) / s, (m[6] - m[9]) / s];
	}
	if (m[5] > m[10]) {
		const s = Math.sqrt(1 + m[5] - m[0] - m[10]) * 2;
		return [(m[4] + m[1]) / s, s / 4, (m[9] + m[6]) / s, (m[8] - m[2]) / s];
	}
	const s = Math.sqrt(1 + m[10] - m[0] - m[5]) * 2;
	return [(m[8] + m[2]) / s, (m[9] + m[6]) / s, s / 4, (m[1] - m[4]) / s];
}

/** Sorted rounded vertex tuples of a document's meshes (order-independent comparison). */
function vertexSet(doc: Document, attrs: string[], digits = 4): string[] {
	const out: string[] = [];
	for (const mesh of doc.getRoot().listMeshes()) {
		for (const p of mesh.listPrimitives()) {
			const n = p.getAttribute('POSITION')!.getCount();
			for (let v = 0; v < n; v++) {
				out.push(attrs.map((a) => (p.getAttribute(a)?.getElement(v, []) ?? []).map((x) => x.toFixed(digits)).join(',')).join('|'));
			}
		}
	}
	return out.sort();
}

function parentName(n: Node): string | undefined {
	return n.getParentNode()?.getName();
}

async function roundTrip(doc: Document, options: Parameters<typeof writeFBX>[1] = {}) {
	const { bytes, stats } = writeFBX(doc, options);
	const back = await readFBX(bytes, {});
	return { bytes, stats, back: back.document, warnings: back.source.warnings };
}

describe('FBX write → our reader round trip', () => {
	it('a static mesh: positions, normals, UVs (m and cm, Y and Z up)', async () => {
		const doc = blockyHumanoid();
		for (const options of [{}, { units: 'cm' as const }, { units: 'cm' as const, upAxis: '+Z' as const }]) {
			const { back } = await roundTrip(doc, options);
			expect(vertexSet(back, ['POSITION', 'NORMAL', 'TEXCOORD_0'])).toEqual(vertexSet(doc, ['POSITION', 'NORMAL', 'TEXCOORD_0']));
		}
	});

	const xbot = assetPath('mixamo/Xbot.glb');
	it.runIf(xbot)('Xbot: skin weights, joints, hierarchy, bind matrices and animation samples', async () => {
		const { document } = await readAsset(xbot!);
		const { back, stats } = await roundTrip(document, { units: 'cm', upAxis: '+Z' });
		expect(stats.bones).toBe(67);
		const srcSkin = document.getRoot().listSkins()[0];
		const outSkin = back.getRoot().listSkins()[0];
		const srcJoints = new Map(srcSkin.listJoints().map((j, i) => [j.getName(), { j, i }]));
		const outJoints = new Map(outSkin.listJoints().map((j, i) => [j.getName(), { j, i }]));
		expect([...outJoints.keys()].sort()).toEqual([...srcJoints.keys()].sort());
		for (const [name, { j }] of srcJoints) {
			const o = outJoints.get(name)!;
			// Same parent bone (the Armature node above Hips is kept as a Null).
			expect(parentName(o.j)).toBe(parentName(j));
			const a = srcSkin.getInverseBindMatrices()!.getElement(srcJoints.get(name)!.i, []);
			const b = outSkin.getInverseBindMatrices()!.getElement(o.i, []);
			expect(maxDiff(a, b)).toBeLessThan(1e-4 * Math.max(1, ...a.map(Math.abs)));
		}
		// Vertices with their skin weights expressed by joint name.
		const weighted = (doc: Document) => {
			const skin = doc.getRoot().listSkins()[0];
			const names = skin.listJoints().map((j) => j.getName());
			const out: string[] = [];
			for (const mesh of doc.getRoot().listMeshes()) {
				for (const p of mesh.listPrimitives()) {
					const P = p.getAttribute('POSITION')!, N = p.getAttribute('NORMAL')!, T = p.getAttribute('TEXCOORD_0')!, J = p.getAttribute('JOINTS_0')!, W = p.getAttribute('WEIGHTS_0')!;
					for (let v = 0; v < P.getCount(); v += 7) {
						const j = J.getElement(v, []), w = W.getElement(v, []);
						const infl = j.map((x, k) => [names[x], w[k]] as [string, number]).filter(([, x]) => x > 1e-4).sort((a, b) => a[0].localeCompare(b[0]));
						out.push(`${P.getElement(v, []).map((x) => x.toFixed(4))}|${N.getElement(v, []).map((x) => x.toFixed(2))}|${T.getElement(v, []).map((x) => x.toFixed(4))}|${infl.map(([n, x]) => `${n}:${x.toFixed(3)}`)}`);
					}
				}
			}
			return out.sort();
		};
		const a = weighted(document);
		const bset = new Set(weighted(back));
		const missing = a.filter((x) => !bset.has(x));
		expect(missing.length / a.length).toBeLessThan(0.002); // rounding-boundary cases only
		// Animation: the skinned pose at a frame matches within a millimetre.
		for (const clip of ['walk', 'run']) {
			const src = poseMeshes(document, document.getRoot().listAnimations().find((x) => x.getName() === clip), 0.4);
			const out = poseMeshes(back, back.getRoot().listAnimations().find((x) => x.getName() === clip), 0.4);
			for (const s of src) {
				const o = out.find((x) => x.mesh === s.mesh || x.node === s.node)!;
				expect(o.positions.length).toBe(s.positions.length);
				expect(cloudDistance(s.positions, o.positions)).toBeLessThan(1e-3);
			}
		}
	}, 60_000);

	const morph = assetPath('khronos/AnimatedMorphCube/AnimatedMorphCube.gltf');
	it.runIf(morph)('morph targets and their weight animation', async () => {
		const { document } = await readAsset(morph!);
		const { back } = await roundTrip(document);
		const srcMesh = document.getRoot().listMeshes()[0];
		const outMesh = back.getRoot().listMeshes()[0];
		const nTargets = srcMesh.listPrimitives()[0].listTargets().length;
		expect(outMesh.listPrimitives()[0].listTargets()).toHaveLength(nTargets);
		// Each target's displaced positions match as sets.
		for (let k = 0; k < nTargets; k++) {
			const displaced = (doc: Document) => {
				const out: string[] = [];
				for (const p of doc.getRoot().listMeshes()[0].listPrimitives()) {
					const P = p.getAttribute('POSITION')!, D = p.listTargets()[k].getAttribute('POSITION')!;
					for (let v = 0; v < P.getCount(); v++) out.push(P.getElement(v, []).map((x, i) => (x + D.getElement(v, [])[i]).toFixed(4)).join(','));
				}
				return [...new Set(out)].sort();
			};
			expect(displaced(back)).toEqual(displaced(document));
		}
		const weightsAt = (doc: Document, t: number) => {
			const ch = doc.getRoot().listAnimations()[0].listChannels().find((c) => c.getTargetPath() === 'weights')!;
			const s = ch.getSampler()!;
			const input = s.getInput()!.getArray()!;
			const out = s.getOutput()!;
			let i = 0;
			while (i < input.length - 1 && input[i + 1] <= t) i++;
			return Array.from({ length: nTargets }, (_, k) => out.getElement(0, []).length === 1 ? out.getScalar(i * nTargets + k) : out.getElement(i, [])[k]);
		};
		for (const t of [0, 0.5, 1]) {
			const a = weightsAt(document, t);
			const b = weightsAt(back, t);
			for (let k = 0; k < nTargets; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(0.02);
		}
	});
});

describe('writeFBX on files', () => {
	const samba = assetPath('fbx/Samba_Dancing.fbx');
	it.runIf(samba)('Samba FBX → our FBX → reader: same skinned pose at 2 s', async () => {
		const { document } = await readFBX(new Uint8Array(readFileSync(samba!)), {});
		const { back } = await roundTrip(document);
		const a = poseMeshes(document, document.getRoot().listAnimations()[0], 2);
		const b = poseMeshes(back, back.getRoot().listAnimations()[0], 2);
		for (const s of a) {
			const o = b.find((x) => x.node === s.node)!;
			expect(cloudDistance(s.positions, o.positions)).toBeLessThan(1e-3);
		}
	}, 60_000);
});
