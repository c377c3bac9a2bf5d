/**
 * `axis rig`: skeleton, weights, finger isolation, validity, refusals,
 * mapping of existing rigs, and joint accuracy on Xbot (looser than the
 * bench's aim, so it fails only when the rigger breaks).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, type Node } from '@gltf-transform/core';
import { cloneDocument } from '@gltf-transform/functions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deformationError, rigErrors } from '../bench/rig-eval.js';
import { addPoseClip } from '../bench/rig-poses.js';
import { type GenerateOptions, generateAvatar } from '../src/generate/index.js';
import { readAsset } from '../src/io/read.js';
import { writeAsset, writeGLB } from '../src/io/write.js';
import { samplePose, skinnedPositions } from '../src/motion/pose.js';
import { rigDocument, type RigResult } from '../src/pipeline/rig/index.js';
import { VoxelGrid } from '../src/pipeline/rig/voxels.js';
import { weldedGraph } from '../src/pipeline/rig/weights.js';
import { AXIS65 } from '../src/skeleton/axis65.js';
import { runKhronosValidator, validateDocument } from '../src/validate/index.js';
import { assetPath, repoRoot } from './helpers/assets.js';
import { axis } from './helpers/cli.js';
import { stripSkin } from './helpers/strip-skin.js';
import { lowerArms } from './helpers/lower-arms.js';
import { addBox, addHeldProp, addSkirt, boxTriangles } from './helpers/accessories.js';

type Box = { min: [number, number, number]; max: [number, number, number] };
const box = (cx: number, cy: number, cz: number, sx: number, sy: number, sz: number): Box => ({ min: [cx - sx / 2, cy - sy / 2, cz - sz / 2], max: [cx + sx / 2, cy + sy / 2, cz + sz / 2] });

/** One mesh (or one per box) of closed axis-aligned boxes; parts overlap where they join. */
export function boxesDocument(boxes: Box[], options: { separateMeshes?: boolean; name?: string } = {}): Document {
	const doc = new Document();
	const buffer = doc.createBuffer();
	const scene = doc.createScene('scene');
	doc.getRoot().setDefaultScene(scene);
	const material = doc.createMaterial('material');
	const groups = options.separateMeshes ? boxes.map((b) => [b]) : [boxes];
	groups.forEach((group, g) => {
		const positions: number[] = [];
		const indices: number[] = [];
		for (const { min, max } of group) {
			const base = positions.length / 3;
			for (let i = 0; i < 8; i++) positions.push(i & 1 ? max[0] : min[0], i & 2 ? max[1] : min[1], i & 4 ? max[2] : min[2]);
			indices.push(...boxTriangles(base));
		}
		const prim = doc
			.createPrimitive()
			.setMaterial(material)
			.setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(positions)).setBuffer(buffer))
			.setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint32Array(indices)).setBuffer(buffer));
		const name = `${options.name ?? 'part'}${groups.length > 1 ? g : ''}`;
		scene.addChild(doc.createNode(name).setMesh(doc.createMesh(name).addPrimitive(prim)));
	});
	return doc;
}

/** A 1.8 m blocky humanoid, T-pose, facing +Z, five fingers per hand 8 mm apart (thumb toward +Z). */
export function blockyHumanoid(options: { separateMeshes?: boolean } = {}): Document {
	const boxes: Box[] = [box(0, 1.15, 0, 0.4, 0.62, 0.22), box(0, 1.5, 0, 0.1, 0.12, 0.1), box(0, 1.675, 0, 0.22, 0.25, 0.24)];
	for (const s of [1, -1]) {
		boxes.push(box(s * 0.1, 0.47, 0, 0.14, 0.86, 0.14), box(s * 0.1, 0.035, 0.06, 0.1, 0.07, 0.26));
		boxes.push(box(s * 0.47, 1.38, 0, 0.58, 0.1, 0.1), box(s * 0.8, 1.38, 0, 0.1, 0.035, 0.1));
		for (const z of [-0.036, -0.012, 0.012, 0.036]) boxes.push(box(s * 0.89, 1.38, z, 0.1, 0.02, 0.016));
		boxes.push(box(s * 0.8, 1.38, 0.075, 0.03, 0.02, 0.06));
	}
	return boxesDocument(boxes, { ...options, name: 'body' });
}

export function chair(): Document {
	const boxes: Box[] = [box(0, 0.45, 0, 0.5, 0.05, 0.5), box(0, 0.72, -0.225, 0.5, 0.5, 0.05)];
	for (const x of [-0.22, 0.22]) for (const z of [-0.22, 0.22]) boxes.push(box(x, 0.215, z, 0.04, 0.43, 0.04));
	return boxesDocument(boxes, { name: 'chair' });
}

const cube = () => boxesDocument([box(0, 0.5, 0, 1, 1, 1)], { name: 'cube' });

function skinnedNodes(doc: Document): Node[] {
	return doc.getRoot().listNodes().filter((n) => n.getMesh() && n.getSkin());
}

/** Structural checks every rigged output must pass. */
function checkSkin(doc: Document, maxInfluences: number): void {
	const skins = doc.getRoot().listSkins();
	expect(skins).toHaveLength(1);
	const joints = skins[0].listJoints();
	expect(joints.map((j) => j.getName())).toEqual(AXIS65.map((b) => b.name));
	for (const b of AXIS65) {
		const node = joints.find((j) => j.getName() === b.name)!;
		expect(node.getParentNode()?.getName() ?? null).toBe(b.parent);
	}
	const meshNodes = doc.getRoot().listNodes().filter((n) => n.getMesh());
	expect(skinnedNodes(doc)).toHaveLength(meshNodes.length);
	for (const node of meshNodes) {
		for (const prim of node.getMesh()!.listPrimitives()) {
			const n = prim.getAttribute('POSITION')!.getCount();
			const sums = new Float64Array(n);
			const counts = new Int32Array(n);
			for (let s = 0; prim.getAttribute(`WEIGHTS_${s}`); s++) {
				const w = prim.getAttribute(`WEIGHTS_${s}`)!.getArray()!;
				const j = prim.getAttribute(`JOINTS_${s}`)!.getArray()!;
				for (let v = 0; v < n; v++) for (let k = 0; k < 4; k++) {
					if (w[v * 4 + k] > 0) {
						counts[v]++;
						expect(j[v * 4 + k]).toBeLessThan(65);
					}
					sums[v] += w[v * 4 + k];
				}
			}
			for (let v = 0; v < n; v++) {
				expect(counts[v]).toBeGreaterThan(0);
				expect(counts[v]).toBeLessThanOrEqual(maxInfluences);
				expect(Math.abs(sums[v] - 1)).toBeLessThan(1e-5);
			}
		}
	}
}

/** Bends one joint by 60° about its local Z in a copy of the rest pose and calls `visit` for every skinned vertex with how far it moved and its JOINTS_0/WEIGHTS_0. */
function bendJoint(doc: Document, joint: string, visit: (moved: number, J: ArrayLike<number>, W: ArrayLike<number>, v: number) => void): Node {
	const node = doc.getRoot().listNodes().find((n) => n.getName() === joint && !n.getMesh())!;
	const rest = samplePose(doc, null, 0);
	const bent = samplePose(doc, null, 0);
	const a = Math.PI / 6;
	bent.local.get(node)!.rotation = [0, 0, Math.sin(a), Math.cos(a)];
	for (const mesh of skinnedNodes(doc)) {
		for (const prim of mesh.getMesh()!.listPrimitives()) {
			const p0 = skinnedPositions(mesh, prim, rest);
			const p1 = skinnedPositions(mesh, prim, bent);
			const J = prim.getAttribute('JOINTS_0')!.getArray()!;
			const W = prim.getAttribute('WEIGHTS_0')!.getArray()!;
			for (let v = 0; v < p0.length / 3; v++) visit(Math.hypot(p1[v * 3] - p0[v * 3], p1[v * 3 + 1] - p0[v * 3 + 1], p1[v * 3 + 2] - p0[v * 3 + 2]), J, W, v);
		}
	}
	return node;
}

/** The vertices that moved (> 0.5 mm) when one joint bends, and how many of them have no weight on that joint's subtree. */
function bendAndMoved(doc: Document, joint: string): { moved: number; foreign: number } {
	const moves: { J: ArrayLike<number>; W: ArrayLike<number>; v: number }[] = [];
	const node = bendJoint(doc, joint, (d, J, W, v) => {
		if (d >= 5e-4) moves.push({ J, W, v });
	});
	const subtree = new Set<string>();
	node.traverse((n) => void subtree.add(n.getName()));
	const own = new Set<number>();
	doc.getRoot().listSkins()[0].listJoints().forEach((j, i) => subtree.has(j.getName()) && own.add(i));
	let foreign = 0;
	for (const { J, W, v } of moves) {
		let ownW = 0;
		for (let k = 0; k < 4; k++) if (own.has(J[v * 4 + k])) ownW += W[v * 4 + k];
		if (ownW === 0) foreign++;
	}
	return { moved: moves.length, foreign };
}

/** Vertices whose dominant bone is in another finger but which still moved. */
function crossTalk(doc: Document, joint: string, otherFinger: string): number {
	const joints = doc.getRoot().listSkins()[0].listJoints();
	let count = 0;
	bendJoint(doc, joint, (d, J, W, v) => {
		let best = 0;
		for (let k = 1; k < 4; k++) if (W[v * 4 + k] > W[v * 4 + best]) best = k;
		if (joints[J[v * 4 + best]].getName().includes(otherFinger) && d > 5e-4) count++;
	});
	return count;
}

describe('axis rig: a blocky humanoid (generated)', () => {
	let doc: Document;
	let result: RigResult;
	beforeAll(async () => {
		doc = blockyHumanoid();
		result = await rigDocument(doc, {});
	}, 60_000);

	it('places all 65 joints with the AXIS hierarchy, weights every vertex, sums to 1, ≤ 4 influences', () => {
		expect(result.mode).toBe('rigged');
		expect(result.pose).toBe('t');
		expect(result.facing).toBe('+z');
		expect(result.fingers).toEqual({ left: 5, right: 5 });
		checkSkin(doc, 4);
	});

	it('bending one finger moves only that finger', () => {
		const { moved, foreign } = bendAndMoved(doc, 'LeftHandIndex2');
		expect(moved).toBeGreaterThan(0);
		expect(foreign).toBe(0);
		expect(crossTalk(doc, 'LeftHandIndex2', 'LeftHandMiddle')).toBe(0);
		expect(crossTalk(doc, 'LeftHandIndex2', 'LeftHandThumb')).toBe(0);
	});

	it('passes gltf-validator and validateDocument with 0 errors', async () => {
		const bytes = await writeGLB(doc);
		const khronos = await runKhronosValidator(bytes, { format: 'glb' });
		expect(khronos.filter((f) => f.severity === 'error')).toEqual([]);
		const report = await validateDocument(doc);
		expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
	});

	it('rigs several meshes (one per part) to one skeleton, 8 influences when asked', async () => {
		const multi = blockyHumanoid({ separateMeshes: true });
		const r = await rigDocument(multi, { maxInfluences: 8 });
		expect(r.meshes).toBeGreaterThan(20);
		checkSkin(multi, 8);
	}, 60_000);
});

describe('axis rig: refusals', () => {
	it.each([
		['a cube', cube],
		['a chair', chair],
	])('refuses %s with RIG_FAILED and a suggestion', async (_name, make) => {
		const doc = make();
		await expect(rigDocument(doc, {})).rejects.toMatchObject({ code: 'RIG_FAILED', details: { suggestion: expect.any(String) } });
		expect(doc.getRoot().listSkins()).toHaveLength(0);
	});

	it('refuses a triangle soup before voxelising it (50k triangles across a box; 20k took 11 s to fail later)', async () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
		const doc = new Document();
		const positions = new Float32Array(50_000 * 9).map((_, i) => (i % 3 === 1 ? 2 : 1) * rand());
		const primitive = doc.createPrimitive().setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(positions));
		doc.createScene().addChild(doc.createNode('soup').setMesh(doc.createMesh('soup').addPrimitive(primitive)));
		await expect(rigDocument(doc, {})).rejects.toMatchObject({ code: 'RIG_FAILED', message: expect.stringMatching(/surface is \d+ × the height squared/) });
	});

	it('refuses the Fox (quadruped)', async () => {
		const path = assetPath('rigged_other/Fox_blender_reexport.glb');
		if (!path) return;
		const doc = (await readAsset(path)).document;
		await expect(rigDocument(doc, {})).rejects.toMatchObject({ code: 'RIG_FAILED' });
	});

	it('the CLI exits 1 and writes nothing for a non-humanoid', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'axis-rig-'));
		try {
			await writeAsset(chair(), join(dir, 'chair.glb'));
			// The built CLI (npm test builds first).
			if (!existsSync(join(repoRoot, 'dist/commands/rig.js'))) return console.warn('[axis tests] dist/ not built: rig CLI test SKIPPED');
			const r = axis(['rig', join(dir, 'chair.glb'), '-o', join(dir, 'out.glb'), '--quiet']);
			expect(r.code, r.stderr + r.stdout).toBe(1);
			expect(r.stdout + r.stderr).toMatch(/RIG_FAILED/);
			expect(existsSync(join(dir, 'out.glb'))).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);
});

describe('axis rig: MakeHuman base.obj, helper geometry and all', () => {
	const path = assetPath('unrigged/makehuman/base.obj');
	it('rigs the whole file (body with its tights, skirt and joint-cube helpers over the legs)', async () => {
		if (!path) return;
		// The helpers make the legs' sections hollow-looking: a filter for solid sections must not lose them.
		const result = await rigDocument((await readAsset(path)).document);
		expect(result.mode).toBe('rigged');
		expect(result.pose).toBe('a');
		expect(result.fingers).toEqual({ left: 5, right: 5 });
	}, 90_000);
});

describe('axis rig: Xbot (Mixamo)', () => {
	const path = assetPath('mixamo/Xbot.glb');
	let original: Document;
	let stripped: ReturnType<typeof stripSkin>;
	let rigged: Document;
	let result: RigResult;
	beforeAll(async () => {
		if (!path) return;
		original = (await readAsset(path)).document;
		stripped = stripSkin(original);
		rigged = cloneDocument(stripped.document);
		result = await rigDocument(rigged, {});
	}, 90_000);

	it('an already-Mixamo-rigged input is mapped to AXIS names, not re-rigged', async () => {
		if (!path) return;
		const doc = cloneDocument(original);
		const skinsBefore = doc.getRoot().listSkins().length;
		const r = await rigDocument(doc, {});
		expect(r.mode).toBe('mapped');
		expect(r.recognised).toBe('mixamo');
		expect(doc.getRoot().listSkins()).toHaveLength(skinsBefore);
		const names = new Set(doc.getRoot().listNodes().map((n) => n.getName()));
		for (const b of AXIS65) expect(names.has(b.name)).toBe(true);
	});

	it('stripped and re-rigged: 65 joints, valid weights, joints close to the artist\'s', () => {
		if (!path) return;
		checkSkin(rigged, 4);
		const e = rigErrors(result, stripped.joints);
		expect(e.body).toBeLessThan(3);
		expect(e.fingers).toBeLessThan(2);
	});

	it('places shoulders from the torso side and wrists past the palm heel (arm joints within 1% of height)', () => {
		if (!path) return;
		const e = rigErrors(result, stripped.joints);
		for (const joint of ['LeftArm', 'RightArm', 'LeftForeArm', 'RightForeArm', 'LeftHand', 'RightHand']) {
			// Before: shoulder a fixed fraction out (LeftArm 1.4%), wrist a fixed hand length from the tip (LeftHand 1.37%).
			expect(e.perJoint[joint], joint).toBeLessThan(1);
		}
	});

	it('bending one finger moves only that finger', () => {
		if (!path) return;
		const { moved, foreign } = bendAndMoved(rigged, 'LeftHandMiddle2');
		expect(moved).toBeGreaterThan(0);
		expect(foreign).toBe(0);
		expect(crossTalk(rigged, 'LeftHandMiddle2', 'LeftHandRing')).toBe(0);
		expect(crossTalk(rigged, 'LeftHandMiddle2', 'LeftHandIndex')).toBe(0);
	});
});

describe('axis rig: Soldier (clothed, Mixamo)', () => {
	const path = assetPath('mixamo/Soldier.glb');

	it('stripped and re-rigged, deforms like the artist\'s rig through its clips (mean < 1 % of height)', async () => {
		if (!path) return;
		const original = (await readAsset(path)).document;
		const rigged = cloneDocument(stripSkin(original).document);
		const result = await rigDocument(rigged, {});
		const d = deformationError(original, rigged, result.matrix, result.height!, { fps: 30, step: 10 });
		expect(d.frames).toBeGreaterThan(10);
		// 1.08 % before the hips moved in front of the buttocks and the thigh's influence began below the hip joint.
		expect(d.mean).toBeLessThan(1);
	}, 120_000);
});

describe('axis rig: generated avatars (stylised proportions, A-pose)', () => {
	/** Strip a generated avatar's own rig, re-rig it, and compare with the generator's joints. */
	async function rerig(options: GenerateOptions) {
		const stripped = stripSkin((await generateAvatar({ ...options, morphTargets: false, validate: false })).document);
		const rigged = cloneDocument(stripped.document);
		const result = await rigDocument(rigged);
		return { result, errors: rigErrors(result, stripped.joints) };
	}

	it('a dwarf\'s trunk and hips follow its short legs (heights between crotch and shoulders, not fractions of the height)', async () => {
		const { errors } = await rerig({ preset: 'dwarf' });
		// Fixed fractions of the height put the dwarf's trunk joints 4.6 % off in height alone (Hips 6 %); now about 1 %.
		expect(errors.groups.trunk.mean).toBeLessThan(2.5);
		expect(errors.perJoint.Hips).toBeLessThan(2.5);
		expect(errors.groups.legs.mean).toBeLessThan(4.5);
	}, 60_000);

	it('broad shoulders: the shoulder joint is not buried in the rib cage (dwarf, within 3.5 % of the generator\'s)', async () => {
		const { result, errors } = await rerig({ preset: 'dwarf' });
		expect(result.pose).toBe('t');
		// From the Mixamo-fitted proportion alone, 6.4 % inside the generator's joint, within the torso's side.
		expect(errors.perJoint.LeftArm).toBeLessThan(3.5);
		expect(errors.perJoint.RightArm).toBeLessThan(3.5);
		expect(errors.groups.arms.mean).toBeLessThan(3.2);
	}, 60_000);

	it('a warrior re-rigged: body joints within 2 %, fingers within 1 % of the generator\'s', async () => {
		const { errors } = await rerig({ preset: 'warrior' });
		expect(errors.body).toBeLessThan(2);
		// The generator's knuckles at the web, not inside the palm, put them 1.34 % apart.
		expect(errors.fingers).toBeLessThan(1);
	}, 60_000);

	it('an A-pose elf\'s fingers within 1 % of the generator\'s (fingertips low in the pose are reached)', async () => {
		const { result, errors } = await rerig({ preset: 'elf', pose: 'a' });
		expect(result.pose).toBe('a');
		expect(result.fingers).toEqual({ left: 5, right: 5 });
		// Extremities were sought only 5 % of the height above the crotch: the arm's tip was the thumb's,
		// the hand taken within its reach lost the fingertips, and the ring and pinky swapped (1.16 %).
		expect(errors.fingers).toBeLessThan(1);
	}, 60_000);

	it('a re-rigged A-pose elf deforms like the generator\'s rig through the test poses (mean < 1.2 %)', async () => {
		const generated = (await generateAvatar({ preset: 'elf', pose: 'a', morphTargets: false, validate: false })).document;
		addPoseClip(generated);
		const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
		// The harness itself: the generator's rig against itself is exact.
		expect(deformationError(generated, generated, identity, 1.8).mean).toBeLessThan(1e-4);
		const stripped = stripSkin(generated);
		const rigged = cloneDocument(stripped.document);
		const result = await rigDocument(rigged);
		const d = deformationError(generated, rigged, result.matrix, result.height!);
		expect(d.frames).toBe(10);
		expect(d.mean).toBeLessThan(1.2);
	}, 60_000);

	it('arms well below an A-pose (70°, 80°, straight down): hands hanging beside the thighs are found', async () => {
		// At 90° the upper arm's line is vertical and gave no lateral point: a shoulder far off ("arms are 2420 % of the height").
		for (const deg of [70, 80, 90]) {
			const { document, joints: truth } = lowerArms((await generateAvatar({ preset: 'warrior', morphTargets: false, validate: false })).document, deg);
			const result = await rigDocument(cloneDocument(document));
			const errors = rigErrors(result, truth);
			// Hands below the crotch were out of the arms' search: refused at 70° ("arms are 19 % of the height").
			expect(errors.body, `${deg}°`).toBeLessThan(2);
			expect(errors.perJoint.LeftHand, `${deg}°`).toBeLessThan(3);
			expect(errors.perJoint.RightHand, `${deg}°`).toBeLessThan(3);
		}
	}, 60_000);

	it('a long skirt round the legs (its own mesh, an open shell from the waist to the shins) leaves the legs where they are', async () => {
		const stripped = stripSkin((await generateAvatar({ preset: 'mage', morphTargets: false, validate: false })).document);
		addSkirt(stripped.document, stripped.height);
		const result = await rigDocument(cloneDocument(stripped.document));
		const errors = rigErrors(result, stripped.joints);
		// The skirt's shell, halved by the wall between the legs, was taken for the legs: feet 11 % out, body 5.6 %.
		expect(errors.groups.legs.mean).toBeLessThan(2.5);
		expect(errors.groups.feet.mean).toBeLessThan(2.5);
		expect(errors.body).toBeLessThan(2);
	}, 60_000);

	it('a backpack on the back (its own mesh) leaves the spine where it is', async () => {
		const stripped = stripSkin((await generateAvatar({ preset: 'warrior', morphTargets: false, validate: false })).document);
		const H = stripped.height;
		addBox(stripped.document, 'Backpack', [0, 0.66 * H, -0.13 * H], [0.2 * H, 0.24 * H, 0.1 * H]);
		const result = await rigDocument(cloneDocument(stripped.document));
		const errors = rigErrors(result, stripped.joints);
		// From slice centroids, which the pack pulls back: Hips 5.0 %, Spine 5.3 %, trunk 2.3 %.
		expect(errors.perJoint.Hips).toBeLessThan(1.5);
		expect(errors.perJoint.Spine).toBeLessThan(1.5);
		expect(errors.groups.trunk.mean).toBeLessThan(1.5);
	}, 60_000);

	it('a prop held in one hand: a sword is refused, naming the prop; a dagger is rigged round', async () => {
		const held = async (dir: [number, number, number], length: number) => {
			const stripped = stripSkin((await generateAvatar({ preset: 'warrior', morphTargets: false, validate: false })).document);
			addHeldProp(stripped.document, stripped.joints.get('LeftHandMiddle1')!, dir, length * stripped.height, 0.012 * stripped.height);
			return { stripped, rig: rigDocument(cloneDocument(stripped.document)) };
		};
		for (const dir of [[1, 0, 0], [0, 0, 1]] as [number, number, number][]) {
			// A sword's reach became the arm's: the shoulder slid out along it, and a rig 12 % off came out (or 'arms are 4374 % of the height').
			const { rig } = await held(dir, 0.4);
			await expect(rig).rejects.toMatchObject({ code: 'RIG_FAILED', message: expect.stringContaining('a prop held in one hand') });
		}
		const { stripped, rig } = await held([0, 0, 1], 0.15);
		const result = await rig;
		const errors = rigErrors(result, stripped.joints);
		expect(errors.body).toBeLessThan(2);
		// The blade through the fist pulls that wrist about 3 % and its fingers' chains; the rest holds.
		expect(errors.perJoint.LeftHand).toBeLessThan(4);
		expect(errors.perJoint.RightHand).toBeLessThan(2.5);
	}, 60_000);

	it('A-pose shoulders take their height from the shoulders\' top (within 1.5 % of the generator\'s)', async () => {
		const { result, errors } = await rerig({ preset: 'dwarf', pose: 'a' });
		expect(result.pose).toBe('a');
		// From the sloping arm line alone: 8.7 % (6.5 % too high).
		expect(errors.perJoint.LeftArm).toBeLessThan(1.5);
		expect(errors.perJoint.RightArm).toBeLessThan(1.5);
	}, 60_000);
});

describe('axis rig: voxel geodesics', () => {
	/** A solid box of voxels (the border padding stays outside). */
	function boxGrid(n: number): VoxelGrid {
		const grid = new VoxelGrid({ origin: [0, 0, 0], size: 0.01, dims: [n, n, n] });
		for (let z = 2; z < n - 2; z++) for (let y = 2; y < n - 2; y++) for (let x = 2; x < n - 2; x++) grid.state[grid.index(x, y, z)] = 2;
		grid.solidify();
		return grid;
	}

	it('the bucket-queue Dijkstra matches an exact 26-neighbour Dijkstra within 0.5 %', () => {
		const grid = boxGrid(14);
		const seed = grid.ids[grid.index(3, 4, 5)];
		const fast = grid.geodesic([seed]);
		// Reference: plain O(n²) Dijkstra with exact step lengths.
		const n = grid.count;
		const ref = new Float64Array(n).fill(Infinity);
		const done = new Uint8Array(n);
		ref[seed] = 0;
		for (let it = 0; it < n; it++) {
			let u = -1;
			for (let i = 0; i < n; i++) if (!done[i] && (u < 0 || ref[i] < ref[u])) u = i;
			done[u] = 1;
			for (let o = 0; o < 26; o++) {
				const v = grid.ids[grid.cells[u] + grid.offsets[o]];
				if (v >= 0 && ref[u] + grid.steps[o] * grid.size < ref[v]) ref[v] = ref[u] + grid.steps[o] * grid.size;
			}
		}
		for (let i = 0; i < n; i++) expect(Math.abs(fast[i] - ref[i])).toBeLessThanOrEqual(0.005 * ref[i] + 1e-6);
	});

	it('a bounded geodesic returns only what it reaches, nearest first, and honours per-voxel limits', () => {
		const grid = boxGrid(16);
		const seed = grid.ids[grid.index(4, 4, 4)];
		const r = grid.geodesicReach([seed], { maxDistance: 0.035 });
		expect(r.count).toBeGreaterThan(1);
		expect(r.count).toBeLessThan(grid.count);
		for (let i = 1; i < r.count; i++) expect(r.dist[i]).toBeGreaterThanOrEqual(r.dist[i - 1]);
		expect(Math.max(...r.dist)).toBeLessThanOrEqual(0.035);
		// Repeated calls reuse the work space and give the same answer.
		const again = grid.geodesicReach([seed], { maxDistance: 0.035 });
		expect([...again.ids]).toEqual([...r.ids]);
		// A zero limit everywhere keeps only the seed.
		expect(grid.geodesicReach([seed], { limit: new Int32Array(grid.count) }).count).toBe(1);
		// Seeds with start distances enter the sweep at their start.
		const far = grid.ids[grid.index(12, 12, 12)];
		const two = grid.geodesic([seed, far], { start: [0, 0.5] });
		expect(two[far]).toBeCloseTo(grid.geodesic([seed])[far], 5);
	});

	it('a coarser grid keeps thin parts connected', () => {
		const grid = new VoxelGrid({ origin: [0, 0, 0], size: 0.01, dims: [20, 8, 8] });
		for (let x = 2; x < 18; x++) grid.state[grid.index(x, 4, 4)] = 2; // a one-voxel rod
		grid.solidify();
		const coarse = grid.downsample(2);
		expect(coarse.size).toBeCloseTo(0.02);
		expect(coarse.components().sizes).toHaveLength(1);
	});

	it('the welded mesh graph joins coincident vertices', () => {
		// Two triangles sharing an edge through duplicated (split) vertices.
		const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]);
		const g = weldedGraph(positions, new Uint32Array([0, 1, 2, 3, 5, 4]), 1e-6);
		const nb = (v: number) => [...g.list.subarray(g.start[g.rep[v]], g.start[g.rep[v] + 1])].sort();
		expect(g.rep[3]).toBe(1);
		expect(g.rep[4]).toBe(2);
		expect(nb(1)).toEqual([0, 2, 5]);
		expect(nb(5)).toEqual([1, 2]);
	});
});
