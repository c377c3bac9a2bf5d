/**
 * Shared export conventions: finding the humanoid skeleton, baking an
 * "Armature" node into the skeleton root (engines want the root bone at the
 * top, metre-scaled), an extra engine root bone, bone renaming, influence
 * limits, engine name prefixes and the checks every profile shares.
 */
import type { Accessor, Document, Node, Skin } from '@gltf-transform/core';
import { compose, decompose, identity, invert, type Mat4, maxDiff, multiply } from '../io/fbx/math.js';
import type { PlatformProfile } from '../platforms.js';
import { type Recognition, recognise } from '../skeleton/maps/index.js';
import { skinBindMatrix } from '../io/fbx-write/scene-writer.js';

export interface HumanoidInfo {
	skins: Skin[];
	/** Every joint of every skin. */
	joints: Node[];
	recognition: Recognition;
	/** AXIS-65 name → joint node. */
	byAxis: Map<string, Node>;
	/** The topmost joint (parent of the others). */
	root: Node | undefined;
}

export function localMatrix(n: Node): Mat4 {
	return compose(n.getTranslation(), n.getRotation(), n.getScale());
}

export function worldMatrix(n: Node): Mat4 {
	let m = localMatrix(n);
	for (let p = n.getParentNode(); p; p = p.getParentNode()) m = multiply(localMatrix(p), m);
	return m;
}

/** Skins, joints and the naming their bones follow. */
export function analyseSkeleton(doc: Document): HumanoidInfo {
	const skins = doc.getRoot().listSkins().filter((s) => s.listJoints().length > 0 && s.listParents().some((p) => p.propertyType === 'Node'));
	const jointSet = new Set<Node>();
	for (const s of skins) for (const j of s.listJoints()) jointSet.add(j);
	const joints = [...jointSet];
	const recognition = recognise(joints.map((j) => j.getName()));
	const byName = new Map(joints.map((j) => [j.getName(), j]));
	const byAxis = new Map<string, Node>();
	for (const [src, axis] of Object.entries(recognition.mapping)) {
		const n = byName.get(src);
		if (n) byAxis.set(axis, n);
	}
	// Topmost joint: the one none of whose ancestors is a joint.
	const root = joints.find((j) => {
		for (let p = j.getParentNode(); p; p = p.getParentNode()) if (jointSet.has(p)) return false;
		return true;
	});
	return { skins, joints, recognition, byAxis, root };
}

/** Replaces an accessor's data on a copy (animation outputs may be shared). */
function setArray(doc: Document, acc: Accessor, array: Float32Array): Accessor {
	const copy = doc.createAccessor(acc.getName()).setType(acc.getType()).setArray(array).setBuffer(acc.getBuffer() ?? doc.getRoot().listBuffers()[0]);
	return copy;
}

function elements(acc: Accessor): Float32Array {
	const n = acc.getCount();
	const w = acc.getElementSize();
	const out = new Float32Array(n * w);
	const el: number[] = [];
	for (let i = 0; i < n; i++) {
		acc.getElement(i, el);
		for (let k = 0; k < w; k++) out[i * w + k] = el[k];
	}
	return out;
}

function quatMul(a: ArrayLike<number>, b: ArrayLike<number>): [number, number, number, number] {
	const [ax, ay, az, aw] = [a[0], a[1], a[2], a[3]];
	const [bx, by, bz, bw] = [b[0], b[1], b[2], b[3]];
	return [aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz];
}

/**
 * Moves the skeleton root to the top of the scene, baking its ancestors'
 * transform (a Mixamo "Armature" node: rotation and 0.01 scale) into the root
 * joint's rest and animation, then takes a uniform scale off the root joint by
 * scaling the translations below it (so bones are in metres with scale 1).
 * Skinned mesh nodes move to the scene root (glTF ignores their transform).
 * Returns a warning when it cannot (non-uniform scale); the document is then unchanged.
 */
export function flattenSkeleton(doc: Document, info: HumanoidInfo): string | undefined {
	const root = info.root;
	if (!root) return undefined;
	const parent = root.getParentNode();
	const P = parent ? worldMatrix(parent) : identity();
	const dp = decompose(P);
	const uniform = (s: number[]) => Math.abs(Math.abs(s[0]) - Math.abs(s[1])) < 1e-6 * Math.abs(s[0]) && Math.abs(Math.abs(s[0]) - Math.abs(s[2])) < 1e-6 * Math.abs(s[0]) && s[0] > 0;
	if (!uniform(dp.s) || maxDiff(compose(dp.t, dp.r, dp.s), P) > 1e-6 * Math.max(1, ...P.map(Math.abs))) {
		return 'the skeleton root sits under a non-uniformly scaled or sheared node; it was left in place';
	}
	const animations = doc.getRoot().listAnimations();
	const channelsOf = (n: Node, path: string) => animations.flatMap((a) => a.listChannels().filter((c) => c.getTargetNode() === n && c.getTargetPath() === path));
	// 1. Bake P into the root joint: rest and animation.
	if (parent) {
		const L = multiply(P, localMatrix(root));
		const d = decompose(L);
		root.setTranslation(d.t).setRotation(d.r).setScale(d.s);
		for (const ch of channelsOf(root, 'translation')) {
			const s = ch.getSampler()!;
			const out = elements(s.getOutput()!);
			for (let i = 0; i < out.length; i += 3) {
				const x = out[i], y = out[i + 1], z = out[i + 2];
				out[i] = P[0] * x + P[4] * y + P[8] * z + P[12];
				out[i + 1] = P[1] * x + P[5] * y + P[9] * z + P[13];
				out[i + 2] = P[2] * x + P[6] * y + P[10] * z + P[14];
			}
			s.setOutput(setArray(doc, s.getOutput()!, out));
		}
		for (const ch of channelsOf(root, 'rotation')) {
			const s = ch.getSampler()!;
			const out = elements(s.getOutput()!);
			for (let i = 0; i < out.length; i += 4) out.set(quatMul(dp.r, out.subarray(i, i + 4)), i);
			s.setOutput(setArray(doc, s.getOutput()!, out));
		}
		for (const ch of channelsOf(root, 'scale')) {
			const s = ch.getSampler()!;
			const out = elements(s.getOutput()!).map((v) => v * dp.s[0]);
			s.setOutput(setArray(doc, s.getOutput()!, out));
		}
		parent.removeChild(root);
		const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0];
		scene.addChild(root);
	}
	// 2. Take a uniform rest scale s off the root joint. A scalar scale commutes with rotations and
	//    scales, so root·S = root'·(S pushed down): translations below ×s, root scale keys ÷s (Mixamo
	//    clips key the Hips scale, ≈1 before step 1), rigid attachments ×s, inverse bind matrices S·IBM.
	//    Bones in the rest pose then carry no scale (Blender's glTF importer cannot keep a scaled joint's
	//    rest: it drops the scale from the edit bones and shows the mesh s⁻¹ times too large at rest).
	const rs = root.getScale();
	if (uniform([...rs]) && Math.abs(rs[0] - 1) > 1e-6) {
		const s = rs[0];
		const S = compose([0, 0, 0], [0, 0, 0, 1], [s, s, s]);
		root.setScale([1, 1, 1]);
		for (const ch of channelsOf(root, 'scale')) {
			const smp = ch.getSampler()!;
			smp.setOutput(setArray(doc, smp.getOutput()!, elements(smp.getOutput()!).map((v) => v / s)));
		}
		const jointSet = new Set(info.joints);
		const subtree = new Set<Node>();
		const walk = (n: Node) => {
			for (const c of n.listChildren()) {
				subtree.add(c);
				const t = c.getTranslation();
				c.setTranslation([t[0] * s, t[1] * s, t[2] * s]);
				for (const ch of channelsOf(c, 'translation')) {
					const smp = ch.getSampler()!;
					smp.setOutput(setArray(doc, smp.getOutput()!, elements(smp.getOutput()!).map((v) => v * s)));
				}
				if (jointSet.has(c)) walk(c);
				else {
					// A rigid attachment keeps its world size.
					const sc = c.getScale();
					c.setScale([sc[0] * s, sc[1] * s, sc[2] * s]);
					for (const ch of channelsOf(c, 'scale')) {
						const smp = ch.getSampler()!;
						smp.setOutput(setArray(doc, smp.getOutput()!, elements(smp.getOutput()!).map((v) => v * s)));
					}
				}
			}
		};
		walk(root);
		subtree.add(root);
		for (const skin of info.skins) {
			const ibm = skin.getInverseBindMatrices();
			if (!ibm) continue;
			const arr = elements(ibm);
			skin.listJoints().forEach((j, i) => {
				if (!subtree.has(j)) return;
				arr.set(multiply(S, arr.subarray(i * 16, i * 16 + 16)), i * 16);
			});
			skin.setInverseBindMatrices(setArray(doc, ibm, arr));
		}
	}
	// 3. Skinned meshes to the scene root, their vertices baked to the rest placement
	//    (importers that show the mesh node's own transform then see it in place); drop emptied ancestors.
	bakeSkinnedMeshes(doc);
	const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0];
	for (const n of doc.getRoot().listNodes()) {
		if (!n.getSkin() || !n.getMesh()) continue;
		const p = n.getParentNode();
		if (p) {
			p.removeChild(n);
			scene.addChild(n);
		}
		n.setTranslation([0, 0, 0]).setRotation([0, 0, 0, 1]).setScale([1, 1, 1]);
	}
	if (parent) {
		const animated = new Set(animations.flatMap((a) => a.listChannels().map((c) => c.getTargetNode())));
		let p: Node | null = parent;
		while (p && p.listChildren().length === 0 && !p.getMesh() && !animated.has(p) && !info.joints.includes(p)) {
			const up: Node | null = p.getParentNode();
			p.dispose();
			p = up;
		}
	}
	return undefined;
}

/** Adds an engine root bone (Unreal's `root`) at the origin above the skeleton root. */
export function addRootBone(doc: Document, info: HumanoidInfo, name: string): Node | undefined {
	const top = info.root;
	if (!top || top.getName() === name) return undefined;
	const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0];
	const bone = doc.createNode(name);
	const parent = top.getParentNode();
	if (parent) {
		parent.removeChild(top);
		parent.addChild(bone);
	} else {
		for (const s of doc.getRoot().listScenes()) if (s.listChildren().includes(top)) s.removeChild(top);
		scene.addChild(bone);
	}
	bone.addChild(top);
	const W = parent ? worldMatrix(parent) : identity();
	for (const skin of info.skins) {
		const ibm = skin.getInverseBindMatrices();
		const n = skin.listJoints().length;
		const arr = new Float32Array((n + 1) * 16);
		if (ibm) arr.set(elements(ibm));
		else for (let i = 0; i < n; i++) arr.set(identity(), i * 16);
		arr.set(invert(W), n * 16);
		skin.addJoint(bone);
		skin.setInverseBindMatrices(doc.createAccessor(`${name}_ibm`).setType('MAT4').setArray(arr).setBuffer(doc.getRoot().listBuffers()[0]));
		skin.setSkeleton(bone);
	}
	info.joints.push(bone);
	info.root = bone;
	return bone;
}

/** Renames nodes (joints) by a map old → new, keeping names unique. */
export function renameNodes(nodes: Iterable<Node>, rename: Map<string, string>): void {
	const taken = new Set<string>();
	for (const n of nodes) {
		let name = rename.get(n.getName()) ?? n.getName();
		const base = name;
		for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
		taken.add(name);
		n.setName(name);
	}
}

/**
 * Keeps the `max` largest influences per vertex (renormalised) and drops
 * JOINTS_1/WEIGHTS_1 when max ≤ 4. Returns how many vertices lost influences.
 */
export function limitInfluences(doc: Document, max: number): number {
	let clipped = 0;
	const buffer = doc.getRoot().listBuffers()[0];
	for (const mesh of doc.getRoot().listMeshes()) {
		for (const prim of mesh.listPrimitives()) {
			const sets: [Accessor, Accessor][] = [];
			for (let k = 0; ; k++) {
				const j = prim.getAttribute(`JOINTS_${k}`);
				const w = prim.getAttribute(`WEIGHTS_${k}`);
				if (!j || !w) break;
				sets.push([j, w]);
			}
			if (sets.length === 0) continue;
			const n = sets[0][0].getCount();
			const keepSets = Math.max(1, Math.ceil(Math.min(max, sets.length * 4) / 4));
			const J = new Uint16Array(n * keepSets * 4);
			const Wt = new Float32Array(n * keepSets * 4);
			const jt: number[] = [];
			const wt: number[] = [];
			let changed = false;
			for (let v = 0; v < n; v++) {
				const pairs: [number, number][] = [];
				for (const [ja, wa] of sets) {
					ja.getElement(v, jt);
					wa.getElement(v, wt);
					for (let k = 0; k < 4; k++) if (wt[k] > 0) pairs.push([jt[k], wt[k]]);
				}
				pairs.sort((a, b) => b[1] - a[1]);
				if (pairs.length > max) {
					clipped++;
					changed = true;
				}
				const kept = pairs.slice(0, max);
				const sum = kept.reduce((a, p) => a + p[1], 0) || 1;
				kept.forEach(([j, w], i) => {
					const set = i >> 2;
					J[(set * n + v) * 4 + (i & 3)] = j;
					Wt[(set * n + v) * 4 + (i & 3)] = w / sum;
				});
			}
			if (!changed && keepSets === sets.length) continue;
			for (let k = 0; k < sets.length; k++) {
				prim.setAttribute(`JOINTS_${k}`, null);
				prim.setAttribute(`WEIGHTS_${k}`, null);
			}
			for (let k = 0; k < keepSets; k++) {
				prim.setAttribute(`JOINTS_${k}`, doc.createAccessor().setType('VEC4').setArray(J.slice(k * n * 4, (k + 1) * n * 4)).setBuffer(buffer));
				prim.setAttribute(`WEIGHTS_${k}`, doc.createAccessor().setType('VEC4').setArray(Wt.slice(k * n * 4, (k + 1) * n * 4)).setBuffer(buffer));
			}
		}
	}
	return clipped;
}

/** Engine name prefixes (Unreal: SK_/SM_/M_/T_/A_). */
export function applyNamingPrefixes(doc: Document, profile: PlatformProfile, skinned: boolean): void {
	const naming = profile.naming ?? {};
	const prefix = (p: string | undefined, name: string, fallback: string) => {
		const base = name || fallback;
		return p && !base.startsWith(p) ? `${p}${base}` : base;
	};
	const root = doc.getRoot();
	const meshPrefix = skinned ? naming.skeletalMesh : naming.staticMesh;
	for (const m of root.listMeshes()) m.setName(prefix(meshPrefix, m.getName(), 'Mesh'));
	for (const m of root.listMaterials()) m.setName(prefix(naming.material, m.getName(), 'Material'));
	for (const t of root.listTextures()) t.setName(prefix(naming.texture, t.getName(), 'Texture'));
	for (const a of root.listAnimations()) a.setName(prefix(naming.animation, a.getName(), 'Anim'));
}

/** `name` + the profile's LOD suffix and level (`Hero_LOD0`); the LOD stage uses it. */
export function lodName(profile: PlatformProfile, base: string, level: number): string {
	const suffix = profile.naming?.lodSuffix ?? '_LOD';
	return `${base}${suffix}${level}`;
}

/** A file-system-safe base name. */
export function safeFileName(name: string): string {
	return name.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '') || 'asset';
}

export interface Counts {
	meshes: number;
	primitives: number;
	vertices: number;
	triangles: number;
	bones: number;
	maxInfluences: number;
	morphTargets: number;
	materials: number;
	textures: number;
	animations: number;
}

export function countDocument(doc: Document): Counts {
	const root = doc.getRoot();
	let vertices = 0;
	let triangles = 0;
	let primitives = 0;
	let morphTargets = 0;
	let maxInfluences = 0;
	const w: number[] = [];
	for (const node of root.listNodes()) {
		const mesh = node.getMesh();
		if (!mesh) continue;
		for (const p of mesh.listPrimitives()) {
			primitives++;
			vertices += p.getAttribute('POSITION')?.getCount() ?? 0;
			triangles += p.getMode() === 4 ? Math.floor((p.getIndices()?.getCount() ?? p.getAttribute('POSITION')?.getCount() ?? 0) / 3) : 0;
			morphTargets = Math.max(morphTargets, p.listTargets().length);
			for (let k = 0; ; k++) {
				const W = p.getAttribute(`WEIGHTS_${k}`);
				if (!W) break;
				const step = Math.max(1, Math.floor(W.getCount() / 4000));
				for (let v = 0; v < W.getCount(); v += step) {
					let c = 0;
					for (let s = 0; s <= k; s++) {
						p.getAttribute(`WEIGHTS_${s}`)!.getElement(v, w);
						c += w.filter((x) => x > 0).length;
					}
					maxInfluences = Math.max(maxInfluences, c);
				}
			}
		}
	}
	const bones = new Set(root.listSkins().flatMap((s) => s.listJoints())).size;
	return {
		meshes: root.listMeshes().length,
		primitives,
		vertices,
		triangles,
		bones,
		maxInfluences,
		morphTargets,
		materials: root.listMaterials().length,
		textures: root.listTextures().length,
		animations: root.listAnimations().length,
	};
}

/**
 * For each skin, G = world(joint) · IBM(joint) of its most-weighted joint: bakes G
 * into the vertices of the meshes it deforms (positions, normals, morph deltas) and
 * sets IBM ← IBM · G⁻¹, so the bind space is the world at rest. Skinning is unchanged.
 */
export function bakeSkinnedMeshes(doc: Document): void {
	const worldOf = new Map<Node, Mat4>();
	for (const n of doc.getRoot().listNodes()) worldOf.set(n, worldMatrix(n));
	const done = new Set<Accessor>();
	const normalsDone = new Set<Accessor>();
	for (const skin of doc.getRoot().listSkins()) {
		const users = skin.listParents().filter((p): p is Node => p.propertyType === 'Node' && !!(p as Node).getMesh());
		if (!users.length) continue;
		const G = skinBindMatrix(users[0], worldOf);
		if (maxDiff(G, identity()) < 1e-9) continue;
		const Ginv = invert(G);
		const lin = Float64Array.from(G);
		lin[12] = lin[13] = lin[14] = 0;
		const nrm = invert(lin);
		// normal matrix = inverse-transpose of the linear part
		const N = identity();
		for (let c = 0; c < 3; c++) for (let r = 0; r < 3; r++) N[c * 4 + r] = nrm[r * 4 + c];
		const apply = (acc: Accessor, m: Mat4, point: boolean, normalise: boolean) => {
			const arr = elements(acc);
			for (let i = 0; i < arr.length; i += 3) {
				const x = arr[i], y = arr[i + 1], z = arr[i + 2];
				let X = m[0] * x + m[4] * y + m[8] * z + (point ? m[12] : 0);
				let Y = m[1] * x + m[5] * y + m[9] * z + (point ? m[13] : 0);
				let Z = m[2] * x + m[6] * y + m[10] * z + (point ? m[14] : 0);
				if (normalise) {
					const l = Math.hypot(X, Y, Z) || 1;
					X /= l;
					Y /= l;
					Z /= l;
				}
				arr[i] = X;
				arr[i + 1] = Y;
				arr[i + 2] = Z;
			}
			acc.setArray(arr).setNormalized(false);
		};
		for (const n of users) {
			for (const prim of n.getMesh()!.listPrimitives()) {
				const pos = prim.getAttribute('POSITION');
				if (pos && !done.has(pos)) {
					apply(pos, G, true, false);
					done.add(pos);
				}
				const nor = prim.getAttribute('NORMAL');
				if (nor && !normalsDone.has(nor)) {
					apply(nor, N, false, true);
					normalsDone.add(nor);
				}
				for (const t of prim.listTargets()) {
					const d = t.getAttribute('POSITION');
					if (d && !done.has(d)) {
						apply(d, lin, false, false);
						done.add(d);
					}
				}
			}
		}
		const ibm = skin.getInverseBindMatrices();
		if (ibm) {
			const arr = elements(ibm);
			for (let i = 0; i < arr.length; i += 16) arr.set(multiply(arr.subarray(i, i + 16), Ginv), i);
			skin.setInverseBindMatrices(setArray(doc, ibm, arr));
		}
	}
}
