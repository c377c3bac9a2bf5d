/**
 * Engine exports judged by real importers: for Xbot.glb, Samba_Dancing.fbx
 * and a static blocky humanoid, every platform's files are read by the Khronos
 * validator (GLB: 0 errors), assimp, Blender 3.4 (one batched run: bones,
 * weighted vertex groups, shape keys, clip durations, bounding box), Godot 3
 * (the Godot GLB) and three.js's FBXLoader/GLTFLoader (skinned pose at a clip
 * time against our own pose of the source, within 1 mm). Roblox refusals and
 * coded errors for bad input are checked too.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import { AxisError } from '../src/errors.js';
import { type ExportManifest, exportForPlatform } from '../src/exporters/index.js';
import { readAsset } from '../src/io/read.js';
import { runKhronosValidator } from '../src/validate/khronos.js';
import { assetPath, repoRoot } from './helpers/assets.js';
import { assimpInfo, hasAssimp } from './helpers/assimp.js';
import { BLENDER_IMPORT_HELPERS, hasBlender, runBlenderJSON } from './helpers/blender.js';
import { godotImport, hasGodot } from './helpers/godot.js';
import { nearestDistances, poseMeshes } from './helpers/pose.js';
import { loadFBXThree, loadGLTFThree, poseAt, worldVertices } from './helpers/three-loaders.js';

const OUT = join(repoRoot, 'tmp/export/conformance');
const PLATFORMS = ['unity', 'unreal', 'godot'] as const;
const sources = [
	{ key: 'xbot', path: assetPath('mixamo/Xbot.glb'), clip: 'walk' },
	{ key: 'samba', path: assetPath('fbx/Samba_Dancing.fbx'), clip: 'mixamo.com' },
].filter((s): s is { key: string; path: string; clip: string } => !!s.path);

interface Exported {
	source: string;
	sourceKey: string;
	platform: string;
	dir: string;
	manifest: ExportManifest;
	clip?: string;
}
const exported: Exported[] = [];
const docs = new Map<string, import('@gltf-transform/core').Document>();

beforeAll(async () => {
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
	for (const s of sources) {
		const { document } = await readAsset(s.path);
		docs.set(s.path, document);
		for (const p of PLATFORMS) {
			const dir = join(OUT, `${s.key}-${p}`);
			exported.push({ source: s.path, sourceKey: s.key, platform: p, dir, manifest: await exportForPlatform(document, p, dir, { name: s.key }), clip: s.clip });
		}
	}
	const blocky = blockyHumanoid();
	for (const p of PLATFORMS) {
		const dir = join(OUT, `blocky-${p}`);
		exported.push({ source: 'blocky', sourceKey: 'blocky', platform: p, dir, manifest: await exportForPlatform(blocky, p, dir, { name: 'blocky' }) });
	}
}, 120_000);

afterAll(() => {
	if (!process.env.AXIS_KEEP_EXPORTS) rmSync(OUT, { recursive: true, force: true });
});

const filesOf = (e: Exported, format: string) => e.manifest.files.filter((f) => f.format === format).map((f) => join(e.dir, f.path));

describe('export manifests', () => {
	it('list files with hashes, counts, and the written skeleton naming', () => {
		for (const e of exported) {
			expect(e.manifest.files.length).toBeGreaterThan(0);
			for (const f of e.manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
			if (e.sourceKey === 'blocky') {
				expect(e.manifest.skeleton.recognised).toBeNull();
				expect(e.manifest.warnings.join(' ')).toMatch(/static mesh/);
				if (e.platform === 'unreal') expect(e.manifest.name).toBe('SM_blocky');
				continue;
			}
			expect(e.manifest.skeleton.recognised).toBe('mixamo');
			expect(e.manifest.counts.maxInfluences).toBeLessThanOrEqual(e.platform === 'unreal' ? 8 : 4);
			if (e.platform === 'unreal') {
				expect(e.manifest.name).toBe(`SK_${e.sourceKey}`);
				expect(e.manifest.skeleton.rootBone).toBe('root');
				expect(e.manifest.conventions.fbx).toEqual({ units: 'cm', upAxis: '+Z', version: 7400 });
			}
			if (e.platform === 'godot') expect(e.manifest.skeleton.written).toBe('godot');
			const map = e.manifest.files.find((f) => f.format === 'json');
			expect(map).toBeDefined();
			const json = JSON.parse(readFileSync(join(e.dir, map!.path), 'utf8'));
			expect(json.bones[e.platform === 'unreal' ? 'pelvis' : 'Hips']).toBeDefined();
		}
	});
});

describe('skeleton in metres', () => {
	it('every GLB joint has a unit rest scale (the source armature scale is baked into translations)', async () => {
		for (const e of exported.filter((x) => x.sourceKey !== 'blocky')) {
			for (const f of filesOf(e, 'glb')) {
				const { document } = await readAsset(f);
				for (const skin of document.getRoot().listSkins()) {
					for (const j of skin.listJoints()) {
						for (const v of j.getScale()) expect(Math.abs(v - 1), `${f} ${j.getName()}`).toBeLessThan(1e-4);
					}
				}
			}
		}
	});
});

describe('Khronos glTF validator', () => {
	it('reports 0 errors for every GLB', async () => {
		for (const e of exported) {
			for (const f of filesOf(e, 'glb')) {
				const findings = await runKhronosValidator(new Uint8Array(readFileSync(f)), { format: 'glb' });
				expect(findings.filter((x) => x.severity === 'error'), f).toEqual([]);
			}
		}
	});
});

describe.runIf(hasAssimp())('assimp', () => {
	it('reads every FBX and GLB without error', () => {
		for (const e of exported) {
			for (const f of [...filesOf(e, 'fbx'), ...filesOf(e, 'glb')]) {
				const info = assimpInfo(f);
				expect(info.ok, `${f}\n${info.output}`).toBe(true);
				expect(info.faces).toBe(e.manifest.counts.triangles);
				if (e.sourceKey !== 'blocky') expect(info.animations).toBe(e.manifest.counts.animations);
			}
		}
	});
});

interface BlenderFile {
	bones: number;
	groups: number;
	shapeKeys: number;
	actions: number;
	duration: number;
	min: number[];
	max: number[];
}

const BLENDER_SCRIPT = (files: string[]) => `${BLENDER_IMPORT_HELPERS}
res = {}
for f in ${JSON.stringify(files)}:
    scene, arms = import_at_rest(f)
    fps = scene.render.fps / scene.render.fps_base
    scene.frame_set(0)
    groups = set()
    keys = 0
    for o in scene.objects:
        if o.type != 'MESH':
            continue
        groups |= weighted_groups(o)
        if o.data.shape_keys:
            keys = max(keys, len(o.data.shape_keys.key_blocks) - 1)
    lo, hi = world_bounds(scene)
    ranges = [a.frame_range for a in bpy.data.actions]
    res[f] = {'bones': sum(len(a.data.bones) for a in arms), 'groups': len(groups), 'shapeKeys': keys, 'actions': len(ranges),
              'duration': max([(r[1] - r[0]) / fps for r in ranges] or [0]), 'min': lo, 'max': hi}
emit(res)
`;

describe.runIf(hasBlender() && sources.length > 0)('Blender 3.4 imports', () => {
	it('every FBX and GLB: bones, weighted vertex groups, shape keys, clip length and bounding box match the source', () => {
		const files = [...sources.map((s) => s.path)];
		for (const e of exported) files.push(...filesOf(e, 'fbx'), ...filesOf(e, 'glb'));
		const result = runBlenderJSON<Record<string, BlenderFile>>(BLENDER_SCRIPT(files), { timeoutMs: 300_000 })!;
		// Bounding box reference: our own rest pose of the source, in Blender's frame (x, −z, y).
		const refBox = new Map<string, { min: number[]; max: number[] }>();
		for (const s of sources) {
			const doc = docs.get(s.path)!;
			const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
			for (const m of poseMeshes(doc, undefined, 0)) {
				for (let i = 0; i < m.positions.length; i += 3) {
					const b = [m.positions[i], -m.positions[i + 2], m.positions[i + 1]];
					for (let k = 0; k < 3; k++) {
						min[k] = Math.min(min[k], b[k]);
						max[k] = Math.max(max[k], b[k]);
					}
				}
			}
			refBox.set(s.path, { min, max });
		}
		for (const e of exported) {
			if (e.sourceKey === 'blocky') continue;
			const src = result[e.source];
			for (const f of [...filesOf(e, 'fbx'), ...filesOf(e, 'glb')]) {
				const got = result[f];
				const label = `${f}`;
				expect(got.bones, label).toBe(src.bones + (e.platform === 'unreal' ? 1 : 0));
				expect(got.groups, label).toBe(src.groups);
				expect(got.shapeKeys, label).toBe(src.shapeKeys);
				expect(got.actions, label).toBe(src.actions);
				expect(Math.abs(got.duration - src.duration), label).toBeLessThan(0.05);
				// Measured in Blender's rest pose (pose_position REST), so a joint that keeps a rest scale
				// shows up here: Blender's glTF importer drops scale from edit bones and skins the mesh into
				// the unscaled bind pose (Xbot's 0.01 on the Hips once gave a mesh 100× too large at rest).
				const box = refBox.get(e.source)!;
				const height = box.max[2] - box.min[2];
				for (let k = 0; k < 3; k++) {
					expect(Math.abs(got.min[k] - box.min[k]), `${label} min[${k}]`).toBeLessThan(0.01 * height);
					expect(Math.abs(got.max[k] - box.max[k]), `${label} max[${k}]`).toBeLessThan(0.01 * height);
				}
			}
		}
	}, 320_000);
});

describe('Godot 3 server', () => {
	it.runIf(hasGodot())('imports the Godot exports headless without errors', async () => {
		const godot = exported.filter((e) => e.platform === 'godot');
		const files = godot.flatMap((e) => filesOf(e, 'glb'));
		const { scenes, errors } = await godotImport(files);
		expect(errors).toEqual([]);
		for (const e of godot) {
			const s = scenes[filesOf(e, 'glb')[0]];
			expect(s?.loaded).toBe(true);
			expect(s.meshes).toBe(e.manifest.counts.meshes);
			if (e.sourceKey !== 'blocky') {
				expect(s.bones).toBe(e.manifest.counts.bones);
				expect(s.animations).toBe(e.manifest.counts.animations);
			}
		}
	}, 200_000);
	it.skipIf(hasGodot())('SKIPPED: godot3-server is not installed', () => {});
});

function cloudDistance(a: Float32Array, b: Float32Array): number {
	const q: number[][] = [];
	for (let i = 0; i < b.length; i += 3) q.push([b[i], b[i + 1], b[i + 2]]);
	let max = 0;
	for (const d of nearestDistances(a, q, 0.01)) max = Math.max(max, d);
	return max;
}

function concat(arrays: Iterable<ArrayLike<number>>): Float32Array {
	const list = [...arrays];
	const out = new Float32Array(list.reduce((n, a) => n + a.length, 0));
	let o = 0;
	for (const a of list) {
		out.set(a, o);
		o += a.length;
	}
	return out;
}

describe("three.js FBXLoader and GLTFLoader", () => {
	it('the skinned meshes at a clip time match our pose of the source within 1 mm', async () => {
		for (const s of sources) {
			const { document } = await readAsset(s.path);
			const anim = document.getRoot().listAnimations().find((a) => a.getName() === s.clip)!;
			const t = 0.5;
			const ours = poseMeshes(document, anim, t);
			const all = concat(ours.map((m) => m.positions));
			for (const e of exported.filter((x) => x.sourceKey === s.key && x.platform !== 'godot')) {
				for (const f of [...filesOf(e, 'fbx'), ...filesOf(e, 'glb')]) {
					const bytes = new Uint8Array(readFileSync(f));
					const loaded = f.endsWith('.fbx') ? await loadFBXThree(bytes) : await loadGLTFThree(bytes);
					const clip = loaded.animations.find((c) => c.name.endsWith(s.clip));
					expect(clip, f).toBeDefined();
					poseAt(loaded, clip, t);
					let verts = concat(worldVertices(loaded.scene).values());
					if (f.endsWith('.fbx') && e.manifest.conventions.fbx?.units === 'cm') {
						// FBXLoader rotates Z-up files to Y-up but keeps the file's unit.
						verts = verts.map((v) => v * 0.01);
					}
					expect(cloudDistance(all, verts), f).toBeLessThan(1e-3);
				}
			}
		}
	}, 120_000);
});

describe('Roblox and refusals', () => {
	it.runIf(sources.length > 0)('refuses characters over the R15 per-part limits, with every reason', async () => {
		const { document } = await readAsset(sources[0].path);
		const err = await exportForPlatform(document, 'roblox', join(OUT, 'roblox-refused')).catch((e) => e);
		expect(err).toBeInstanceOf(AxisError);
		expect(err.code).toBe('EXPORT_REFUSED');
		expect((err.details.reasons as string[]).join(' ')).toMatch(/part (Left|Right)Hand has \d+ triangles \(limit 10000\)/);
	});

	it('refuses an unrigged mesh for Roblox and a non-humanoid rig for Unity', async () => {
		const e1 = await exportForPlatform(blockyHumanoid(), 'roblox', join(OUT, 'r1')).catch((e) => e);
		expect(e1.code).toBe('EXPORT_REFUSED');
		expect(e1.message).toMatch(/no skeleton/);
		const fox = assetPath('rigged_other/Fox_blender_reexport.glb');
		if (fox) {
			const { document } = await readAsset(fox);
			const e2 = await exportForPlatform(document, 'unity', join(OUT, 'r2')).catch((e) => e);
			expect(e2.code).toBe('EXPORT_REFUSED');
			expect(e2.message).toMatch(/not a recognised humanoid/);
			const ok = await exportForPlatform(document, 'unity', join(OUT, 'r3'), { humanoid: false });
			expect(ok.skeleton.humanoid).toBe(false);
		}
	});

	it('bad input gives coded errors', async () => {
		const { Document } = await import('@gltf-transform/core');
		const empty = new Document();
		empty.createScene('s');
		await expect(exportForPlatform(empty, 'unity', join(OUT, 'e'))).rejects.toMatchObject({ code: 'EXPORT_REFUSED' });
		await expect(exportForPlatform(blockyHumanoid(), 'playstation', join(OUT, 'e'))).rejects.toMatchObject({ code: 'UNKNOWN_PLATFORM' });
	});
});
