/**
 * Roblox R15 success path: a small rigged humanoid made here (box segments
 * subdivided along their bones, skinned onto a Mixamo-named skeleton with
 * weights from the two nearest bone segments, one clip) fits Roblox's limits.
 * The export merges the rig into the 16 R15 parts with one `<Part>_Geo` mesh
 * per body part, keeps every triangle in place, and is read by the Khronos
 * validator (0 errors), assimp and Blender 3.4.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, type Node } from '@gltf-transform/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportManifest, exportForPlatform } from '../src/exporters/index.js';
import { readAsset } from '../src/io/read.js';
import { R15_PARTS } from '../src/skeleton/maps/index.js';
import { runKhronosValidator } from '../src/validate/khronos.js';
import { assimpInfo, hasAssimp } from './helpers/assimp.js';
import { BLENDER_IMPORT_HELPERS, hasBlender, runBlenderJSON } from './helpers/blender.js';
import { boundingBox, nearestDistances, poseMeshes } from './helpers/pose.js';

type V3 = [number, number, number];

/** Mixamo-named T-pose skeleton (metres, Y-up, facing +Z): name, parent, world position. */
const BONES: [string, string | null, V3][] = [
	['Hips', null, [0, 0.95, 0]],
	['Spine', 'Hips', [0, 1.05, 0]],
	['Spine1', 'Spine', [0, 1.18, 0]],
	['Spine2', 'Spine1', [0, 1.3, 0]],
	['Neck', 'Spine2', [0, 1.48, 0]],
	['Head', 'Neck', [0, 1.56, 0]],
	['HeadTop_End', 'Head', [0, 1.8, 0]],
	...(['Left', 'Right'] as const).flatMap((side): [string, string | null, V3][] => {
		const x = side === 'Left' ? 1 : -1;
		return [
			[`${side}Shoulder`, 'Spine2', [0.06 * x, 1.4, 0]],
			[`${side}Arm`, `${side}Shoulder`, [0.2 * x, 1.4, 0]],
			[`${side}ForeArm`, `${side}Arm`, [0.47 * x, 1.4, 0]],
			[`${side}Hand`, `${side}ForeArm`, [0.74 * x, 1.4, 0]],
			[`${side}HandMiddle1`, `${side}Hand`, [0.84 * x, 1.4, 0]],
			[`${side}UpLeg`, 'Hips', [0.1 * x, 0.9, 0]],
			[`${side}Leg`, `${side}UpLeg`, [0.1 * x, 0.5, 0]],
			[`${side}Foot`, `${side}Leg`, [0.1 * x, 0.09, 0]],
			[`${side}ToeBase`, `${side}Foot`, [0.1 * x, 0.02, 0.12]],
			[`${side}Toe_End`, `${side}ToeBase`, [0.1 * x, 0.02, 0.2]],
		];
	}),
];

/** Body segments: a box from `from` to `to` along one axis, cut into `n` rings. */
const SEGMENTS: { axis: 0 | 1 | 2; from: V3; to: V3; size: [number, number]; n: number }[] = [
	{ axis: 1, from: [0, 0.84, 0], to: [0, 1.48, 0], size: [0.36, 0.22], n: 10 }, // torso (size: the two other axes, in order)
	{ axis: 1, from: [0, 1.48, 0], to: [0, 1.8, 0], size: [0.22, 0.24], n: 5 }, // neck + head
	...[1, -1].flatMap((x) => [
		{ axis: 0 as const, from: [0.18 * x, 1.4, 0] as V3, to: [0.9 * x, 1.4, 0] as V3, size: [0.1, 0.1] as [number, number], n: 16 }, // arm + hand
		{ axis: 1 as const, from: [0.1 * x, 0.07, 0] as V3, to: [0.1 * x, 0.9, 0] as V3, size: [0.14, 0.14] as [number, number], n: 14 }, // leg
		{ axis: 2 as const, from: [0.1 * x, 0.035, -0.06] as V3, to: [0.1 * x, 0.035, 0.22] as V3, size: [0.12, 0.07] as [number, number], n: 5 }, // foot
	]),
];

const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Flat-shaded subdivided boxes: every face its own vertices, outward CCW winding. */
function segmentGeometry() {
	const positions: number[] = [];
	const normals: number[] = [];
	const indices: number[] = [];
	const quad = (corners: V3[], normal: V3) => {
		const base = positions.length / 3;
		for (const c of corners) positions.push(...c), normals.push(...normal);
		const flip = dot(cross(sub(corners[1], corners[0]), sub(corners[2], corners[0])), normal) < 0;
		indices.push(...(flip ? [base, base + 2, base + 1, base, base + 3, base + 2] : [base, base + 1, base + 2, base, base + 2, base + 3]));
	};
	for (const s of SEGMENTS) {
		const [u, v] = [0, 1, 2].filter((k) => k !== s.axis);
		const at = (t: number, su: number, sv: number): V3 => {
			const p: V3 = [0, 0, 0];
			for (let k = 0; k < 3; k++) p[k] = s.from[k] + (s.to[k] - s.from[k]) * t;
			p[u] += (su * s.size[0]) / 2;
			p[v] += (sv * s.size[1]) / 2;
			return p;
		};
		const unit = (k: number, sign: number): V3 => [0, 1, 2].map((i) => (i === k ? sign : 0)) as V3;
		const sides: [number, number, number, number, V3][] = [
			[1, -1, 1, 1, unit(u, 1)],
			[-1, -1, -1, 1, unit(u, -1)],
			[-1, 1, 1, 1, unit(v, 1)],
			[-1, -1, 1, -1, unit(v, -1)],
		];
		for (let i = 0; i < s.n; i++) {
			const t0 = i / s.n;
			const t1 = (i + 1) / s.n;
			for (const [su0, sv0, su1, sv1, n] of sides) quad([at(t0, su0, sv0), at(t0, su1, sv1), at(t1, su1, sv1), at(t1, su0, sv0)], n);
		}
		const dir = Math.sign(s.to[s.axis] - s.from[s.axis]);
		quad([at(0, -1, -1), at(0, 1, -1), at(0, 1, 1), at(0, -1, 1)], unit(s.axis, -dir));
		quad([at(1, -1, -1), at(1, 1, -1), at(1, 1, 1), at(1, -1, 1)], unit(s.axis, dir));
	}
	return { positions, normals, indices };
}

function distanceToSegment(p: V3, a: V3, b: V3): number {
	const ab = sub(b, a);
	const t = Math.max(0, Math.min(1, dot(sub(p, a), ab) / dot(ab, ab)));
	return Math.hypot(p[0] - a[0] - ab[0] * t, p[1] - a[1] - ab[1] * t, p[2] - a[2] - ab[2] * t);
}

/** The rigged fixture: one skinned mesh (two-nearest-bone weights) and a 1 s clip bending the left elbow. */
function riggedHumanoid(): Document {
	const doc = new Document();
	const buffer = doc.createBuffer();
	const scene = doc.createScene('Scene');
	doc.getRoot().setDefaultScene(scene);
	const world = new Map(BONES.map(([name, , p]) => [name, p]));
	const nodes = new Map<string, Node>();
	for (const [name, parent, p] of BONES) {
		const pp = parent ? world.get(parent)! : [0, 0, 0];
		const node = doc.createNode(`mixamorig:${name}`).setTranslation([p[0] - pp[0], p[1] - pp[1], p[2] - pp[2]]);
		if (parent) nodes.get(parent)!.addChild(node);
		else scene.addChild(node);
		nodes.set(name, node);
	}
	// Weight carriers: every bone with a child, as the segment to each child.
	const carriers: { joint: number; a: V3; b: V3 }[] = [];
	BONES.forEach(([name], j) => {
		for (const [child, parent, p] of BONES) if (parent === name && child) carriers.push({ joint: j, a: world.get(name)!, b: p });
	});
	const { positions, normals, indices } = segmentGeometry();
	const count = positions.length / 3;
	const joints = new Uint16Array(count * 4);
	const weights = new Float32Array(count * 4);
	for (let i = 0; i < count; i++) {
		const p: V3 = [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]];
		const best = new Map<number, number>();
		for (const c of carriers) {
			const d = distanceToSegment(p, c.a, c.b);
			best.set(c.joint, Math.min(best.get(c.joint) ?? Infinity, d));
		}
		const two = [...best].sort((x, y) => x[1] - y[1]).slice(0, 2);
		const w = two.map(([, d]) => 1 / (d + 1e-3) ** 4);
		const sum = w[0] + w[1];
		joints.set([two[0][0], two[1][0], 0, 0], i * 4);
		weights.set([w[0] / sum, w[1] / sum, 0, 0], i * 4);
	}
	const acc = (type: 'SCALAR' | 'VEC3' | 'VEC4' | 'MAT4', array: Float32Array | Uint16Array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
	const prim = doc
		.createPrimitive()
		.setAttribute('POSITION', acc('VEC3', new Float32Array(positions)))
		.setAttribute('NORMAL', acc('VEC3', new Float32Array(normals)))
		.setAttribute('JOINTS_0', acc('VEC4', joints))
		.setAttribute('WEIGHTS_0', acc('VEC4', weights))
		.setIndices(acc('SCALAR', new Uint16Array(indices)))
		.setMaterial(doc.createMaterial('Body').setBaseColorFactor([0.6, 0.7, 0.9, 1]));
	const skin = doc.createSkin('Armature').setSkeleton(nodes.get('Hips')!);
	const ibm = new Float32Array(BONES.length * 16);
	BONES.forEach(([name, , p], j) => {
		skin.addJoint(nodes.get(name)!);
		ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1], j * 16);
	});
	skin.setInverseBindMatrices(acc('MAT4', ibm));
	scene.addChild(doc.createNode('Body').setMesh(doc.createMesh('Body').addPrimitive(prim)).setSkin(skin));
	const s = Math.SQRT1_2;
	const sampler = doc.createAnimationSampler().setInput(acc('SCALAR', new Float32Array([0, 1]))).setOutput(acc('VEC4', new Float32Array([0, 0, 0, 1, 0, -s, 0, s]))).setInterpolation('LINEAR');
	doc.createAnimation('wave').addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(nodes.get('LeftForeArm')!).setTargetPath('rotation').setSampler(sampler));
	return doc;
}

const GEO_PARTS = R15_PARTS.filter((p) => p !== 'HumanoidRootPart');
let dir = '';
let source: Document;
let manifest: ExportManifest;
const fileOf = (format: string) => join(dir, manifest.files.find((f) => f.format === format)!.path);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'axis-export-roblox-'));
	source = riggedHumanoid();
	manifest = await exportForPlatform(source, 'roblox', dir, { name: 'blockman' });
});

afterAll(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Roblox R15 export of a small rigged humanoid', () => {
	it('the fixture is a recognised Mixamo humanoid well inside the limits', () => {
		const tris = source.getRoot().listMeshes()[0].listPrimitives()[0].getIndices()!.getCount() / 3;
		expect(tris).toBeGreaterThan(500);
		expect(tris).toBeLessThan(2000);
		expect(manifest.skeleton.recognised).toBe('mixamo');
		expect(manifest.skeleton.humanoid).toBe(true);
		expect(manifest.counts.triangles).toBe(tris);
	});

	it('manifest: R15 skeleton, 15 part meshes, FBX in cm, limits and warnings', () => {
		expect(manifest.platform).toBe('roblox');
		expect(manifest.skeleton.written).toBe('r15');
		expect(manifest.skeleton.rootBone).toBe('HumanoidRootPart');
		expect(manifest.skeleton.bones).toBe(16);
		expect(manifest.counts.meshes).toBe(15);
		expect(manifest.counts.morphTargets).toBe(0);
		expect(manifest.counts.animations).toBe(0);
		expect(manifest.limits).toMatchObject({ maxInfluences: 4, maxBonesPerSkin: 50, maxTextureSize: 1024 });
		expect(manifest.counts.maxInfluences).toBeLessThanOrEqual(manifest.limits.maxInfluences);
		expect(manifest.counts.bones).toBeLessThanOrEqual(manifest.limits.maxBonesPerSkin);
		expect(manifest.conventions.fbx).toEqual({ units: 'cm', upAxis: '+Y', version: 7400 });
		expect(manifest.files.map((f) => f.format).sort()).toEqual(['fbx', 'glb', 'json']);
		expect(manifest.warnings.join(' ')).toMatch(/1 animation clip\(s\) not exported/);
		const map = JSON.parse(readFileSync(fileOf('json'), 'utf8'));
		expect(Object.keys(map.bones).sort()).toEqual([...R15_PARTS].sort());
	});

	it('GLB: one <Part>_Geo mesh per body part under the per-part limits, every triangle at its rest place', async () => {
		const { document } = await readAsset(fileOf('glb'));
		const root = document.getRoot();
		expect(root.listSkins()).toHaveLength(1);
		expect(root.listSkins()[0].listJoints().map((j) => j.getName())).toEqual([...R15_PARTS]);
		expect(root.listMeshes().map((m) => m.getName()).sort()).toEqual(GEO_PARTS.map((p) => `${p}_Geo`).sort());
		let triangles = 0;
		for (const mesh of root.listMeshes()) {
			let v = 0;
			let t = 0;
			for (const p of mesh.listPrimitives()) {
				v += p.getAttribute('POSITION')!.getCount();
				t += p.getIndices()!.getCount() / 3;
			}
			expect(v, mesh.getName()).toBeLessThanOrEqual(10_000);
			expect(t, mesh.getName()).toBeLessThanOrEqual(10_000);
			expect(t, mesh.getName()).toBeGreaterThan(0);
			triangles += t;
		}
		expect(triangles).toBe(manifest.counts.triangles);
		// Skinned at rest, the parts sit where the source's skinned mesh is (within 0.1 mm).
		const ours = poseMeshes(document, undefined, 0).flatMap((m) => [...m.positions]);
		const src = poseMeshes(source, undefined, 0).flatMap((m) => [...m.positions]);
		const queries: number[][] = [];
		for (let i = 0; i < ours.length; i += 3) queries.push([ours[i], ours[i + 1], ours[i + 2]]);
		expect(Math.max(...nearestDistances(src, queries, 0.01))).toBeLessThan(1e-4);
		const box = boundingBox(ours);
		expect(box.max[1] - box.min[1]).toBeCloseTo(1.8, 2);
	});

	it('Khronos validator: 0 errors for the GLB', async () => {
		const findings = await runKhronosValidator(new Uint8Array(readFileSync(fileOf('glb'))), { format: 'glb' });
		expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
	});

	it.runIf(hasAssimp())('assimp reads the FBX and the GLB: 15 meshes, every triangle', () => {
		for (const f of [fileOf('fbx'), fileOf('glb')]) {
			const info = assimpInfo(f);
			expect(info.ok, `${f}\n${info.output}`).toBe(true);
			expect(info.faces, f).toBe(manifest.counts.triangles);
			expect(info.meshes, f).toBe(15);
		}
	});

	it.runIf(hasBlender())('Blender 3.4 imports the FBX and the GLB: 16 bones, 15 part meshes, 1.8 m tall at rest', () => {
		const files = [fileOf('fbx'), fileOf('glb')];
		const result = runBlenderJSON<Record<string, { bones: string[]; meshes: string[]; groups: number; min: number[]; max: number[] }>>(`${BLENDER_IMPORT_HELPERS}
res = {}
for f in ${JSON.stringify(files)}:
    scene, arms = import_at_rest(f)
    groups, meshes = set(), []
    for o in scene.objects:
        if o.type == 'MESH':
            meshes.append(o.name)
            groups |= weighted_groups(o)
    lo, hi = world_bounds(scene)
    res[f] = {'bones': sorted(b.name for a in arms for b in a.data.bones), 'meshes': meshes, 'groups': len(groups), 'min': lo, 'max': hi}
emit(res)
`, { timeoutMs: 120_000 })!;
		for (const f of files) {
			const r = result[f];
			expect(r.bones.map((b) => b.replace(/^.*:/, '')).sort(), f).toEqual([...R15_PARTS].sort());
			expect(r.meshes.sort(), f).toEqual(GEO_PARTS.map((p) => `${p}_Geo`).sort());
			// Every body part's bone carries weight (HumanoidRootPart carries none).
			expect(r.groups, f).toBe(15);
			// Blender is Z-up: height along z, feet on the ground.
			expect(r.max[2] - r.min[2], f).toBeCloseTo(1.8, 2);
			expect(Math.abs(r.min[2]), f).toBeLessThan(0.01);
		}
	}, 130_000);
});
