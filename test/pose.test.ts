/**
 * The CPU pose evaluator (src/motion/pose.ts) against three.js: the same GLB
 * loaded with three's GLTFLoader, played with an AnimationMixer and skinned
 * with SkinnedMesh.getVertexPosition, must give the same world positions
 * (three normalises skin weights on load, so the comparison does too).
 */
import { readFileSync } from 'node:fs';
import type { Document } from '@gltf-transform/core';
import { unpartition } from '@gltf-transform/functions';
import { describe, expect, it } from 'vitest';
import { readAssetBytes } from '../src/io/read.js';
import { writeGLB } from '../src/io/write.js';
import { animationDuration, composeTRS, multiply, sampleTrack, samplePose, skinnedPositions, slerp } from '../src/motion/pose.js';
import { assetPath } from './helpers/assets.js';

interface ThreeResult {
	/** key `${nodeIndex}/${meshIndex}/${primitiveIndex}` → world positions */
	positions: Map<string, Float32Array>;
}

async function threePose(glb: Uint8Array, clipIndex: number, t: number): Promise<ThreeResult> {
	const THREE = await import('three');
	const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
	const ab = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer;
	const gltf = await new GLTFLoader().parseAsync(ab, '');
	const scene = gltf.scene;
	if (clipIndex >= 0) {
		const mixer = new THREE.AnimationMixer(scene);
		mixer.clipAction(gltf.animations[clipIndex]).play();
		mixer.setTime(t);
	}
	scene.updateMatrixWorld(true);
	const associations = gltf.parser.associations as Map<object, { nodes?: number; meshes?: number; primitives?: number }>;
	const positions = new Map<string, Float32Array>();
	const v = new THREE.Vector3();
	scene.traverse((object) => {
		const mesh = object as InstanceType<typeof THREE.Mesh>;
		if (!(mesh as { isMesh?: boolean }).isMesh) return;
		const a = associations.get(mesh);
		if (!a || a.meshes === undefined) return;
		let o: typeof object | null = mesh;
		let node: number | undefined;
		while (o && node === undefined) {
			node = associations.get(o)?.nodes;
			o = o.parent;
		}
		const position = mesh.geometry.getAttribute('position');
		const out = new Float32Array(position.count * 3);
		for (let i = 0; i < position.count; i++) {
			mesh.getVertexPosition(i, v);
			v.applyMatrix4(mesh.matrixWorld);
			out.set([v.x, v.y, v.z], i * 3);
		}
		positions.set(`${node}/${a.meshes}/${a.primitives ?? 0}`, out);
	});
	return { positions };
}

function ourPose(document: Document, clipIndex: number, t: number): Map<string, Float32Array> {
	const root = document.getRoot();
	const animation = clipIndex >= 0 ? root.listAnimations()[clipIndex] : null;
	const pose = samplePose(document, animation, t);
	const out = new Map<string, Float32Array>();
	root.listNodes().forEach((node, n) => {
		const mesh = node.getMesh();
		if (!mesh) return;
		const m = root.listMeshes().indexOf(mesh);
		mesh.listPrimitives().forEach((prim, p) => out.set(`${n}/${m}/${p}`, skinnedPositions(node, prim, pose, { normalizeWeights: true })));
	});
	return out;
}

async function compareWithThree(rel: string, clipIndex: number, fractions: number[]): Promise<number> {
	const path = assetPath(rel);
	if (!path) return NaN;
	// Both read the same GLB bytes (glTF with external .bin converted first).
	const loaded = await readAssetBytes(new Uint8Array(readFileSync(path)), { name: rel.split('/').pop(), baseDir: path.replace(/\/[^/]*$/, '') });
	await loaded.document.transform(unpartition());
	// simple_skin's rotation keys are not unit length (|q| = 0.99985); three.js slerps them raw, we
	// normalise (a rotation is a unit quaternion). Normalise the keys first so both see the same data.
	for (const animation of loaded.document.getRoot().listAnimations()) {
		for (const channel of animation.listChannels()) {
			const out = channel.getSampler()?.getOutput()?.getArray();
			if (channel.getTargetPath() !== 'rotation' || !(out instanceof Float32Array)) continue;
			for (let i = 0; i < out.length; i += 4) {
				const l = Math.hypot(out[i], out[i + 1], out[i + 2], out[i + 3]);
				for (let k = 0; k < 4; k++) out[i + k] /= l;
			}
		}
	}
	const glb = await writeGLB(loaded.document, { compression: 'none' });
	const doc = (await readAssetBytes(glb, { name: 'x.glb' })).document;
	const animation = doc.getRoot().listAnimations()[clipIndex];
	const duration = animation ? animationDuration(animation) : 0;
	let worst = 0;
	let compared = 0;
	for (const f of fractions) {
		const t = f * duration;
		const theirs = await threePose(glb, clipIndex, t);
		const ours = ourPose(doc, clipIndex, t);
		for (const [key, a] of ours) {
			const b = theirs.positions.get(key);
			if (!b) continue;
			expect(b.length).toBe(a.length);
			for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
			compared++;
		}
	}
	expect(compared).toBeGreaterThan(0);
	return worst;
}

describe('pose evaluator', () => {
	it('samples tracks: STEP, LINEAR, slerp and CUBICSPLINE', () => {
		const input = [0, 1, 2];
		expect(sampleTrack(input, [0, 10, 20], 1, 'LINEAR', 0.25, false)[0]).toBeCloseTo(2.5);
		expect(sampleTrack(input, [0, 10, 20], 1, 'STEP', 1.9, false)[0]).toBe(10);
		expect(sampleTrack(input, [0, 10, 20], 1, 'LINEAR', 5, false)[0]).toBe(20);
		// Cubic with zero tangents eases: halfway is halfway, a quarter is below linear.
		const cubic = [0, 0, 0, 0, 10, 0, 0, 20, 0];
		expect(sampleTrack(input, cubic, 1, 'CUBICSPLINE', 0.5, false)[0]).toBeCloseTo(5);
		expect(sampleTrack(input, cubic, 1, 'CUBICSPLINE', 0.25, false)[0]).toBeLessThan(2.5);
		// 90° about Y, halfway = 45°.
		const q = slerp([0, 0, 0, 1], [0, Math.SQRT1_2, 0, Math.SQRT1_2], 0.5);
		expect(q[1]).toBeCloseTo(Math.sin(Math.PI / 8));
		expect(q[3]).toBeCloseTo(Math.cos(Math.PI / 8));
		const m = multiply(composeTRS([1, 2, 3], [0, 0, 0, 1], [2, 2, 2]), composeTRS([1, 0, 0], [0, 0, 0, 1], [1, 1, 1]));
		expect([m[12], m[13], m[14]]).toEqual([3, 2, 3]);
	});

	it('matches three.js on simple_skin (skinned, animated) at several times', async () => {
		const worst = await compareWithThree("khronos/simple_skin/simple_skin.gltf", 0, [0, 0.3, 0.55, 0.9]);
		if (Number.isNaN(worst)) return;
		expect(worst).toBeLessThan(1e-5);
	});

	it('matches three.js on Xbot (65-bone Mixamo rig) mid-clip', async () => {
		const worst = await compareWithThree('mixamo/Xbot.glb', 2, [0.37]);
		if (Number.isNaN(worst)) return;
		// three skins in float32 (bone matrices, 0.01-scaled armature): agreement to a few micrometres.
		expect(worst).toBeLessThan(1e-5);
	});

	it('matches three.js on an animated morph target', async () => {
		const worst = await compareWithThree('khronos/AnimatedMorphCube/AnimatedMorphCube.gltf', 0, [0.2, 0.6]);
		if (Number.isNaN(worst)) return;
		expect(worst).toBeLessThan(1e-5);
	});
});
