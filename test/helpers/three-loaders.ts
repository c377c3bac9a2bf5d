/**
 * three.js's FBXLoader and GLTFLoader in Node (no DOM): parse bytes, play a
 * clip to a time, and read the skinned vertices in world space. Textures are
 * not decoded (a stub image element stands in for the DOM).
 */
import { AnimationMixer, type AnimationClip, type Object3D, type SkinnedMesh, Vector3, type Mesh } from 'three';

function installDomStubs(): void {
	const g = globalThis as Record<string, unknown>;
	if (g.document) return;
	const stubElement = () => ({ addEventListener() {}, removeEventListener() {}, setAttribute() {}, style: {}, src: '' });
	g.window = globalThis;
	g.self = globalThis;
	g.document = { createElementNS: stubElement, createElement: stubElement };
}

export interface LoadedScene {
	scene: Object3D;
	animations: AnimationClip[];
}

export async function loadFBXThree(bytes: Uint8Array): Promise<LoadedScene> {
	installDomStubs();
	const { FBXLoader } = await import('three/examples/jsm/loaders/FBXLoader.js');
	const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	const group = new FBXLoader().parse(buffer, '');
	return { scene: group, animations: group.animations };
}

export async function loadGLTFThree(bytes: Uint8Array): Promise<LoadedScene> {
	installDomStubs();
	const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
	const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	const gltf = await new GLTFLoader().parseAsync(buffer, '');
	return { scene: gltf.scene, animations: gltf.animations };
}

/** Poses the scene at `time` of `clip` (rest pose without a clip). */
export function poseAt(loaded: LoadedScene, clip: AnimationClip | undefined, time: number): void {
	if (clip) {
		const mixer = new AnimationMixer(loaded.scene);
		mixer.clipAction(clip).play();
		mixer.setTime(time);
	}
	loaded.scene.updateMatrixWorld(true);
}

/** World-space vertex positions of every mesh (skinning and morphs applied), by mesh name. */
export function worldVertices(scene: Object3D): Map<string, Float32Array> {
	const out = new Map<string, Float32Array>();
	const v = new Vector3();
	scene.traverse((o) => {
		const mesh = o as Mesh;
		if (!mesh.isMesh) return;
		const skinned = o as SkinnedMesh;
		if (skinned.isSkinnedMesh) skinned.skeleton.update();
		const pos = mesh.geometry.getAttribute('position');
		const arr = new Float32Array(pos.count * 3);
		for (let i = 0; i < pos.count; i++) {
			mesh.getVertexPosition(i, v);
			v.applyMatrix4(mesh.matrixWorld);
			arr[i * 3] = v.x;
			arr[i * 3 + 1] = v.y;
			arr[i * 3 + 2] = v.z;
		}
		const prev = out.get(mesh.name);
		out.set(mesh.name, prev ? Float32Array.from([...prev, ...arr]) : arr);
	});
	return out;
}
