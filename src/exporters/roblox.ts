/**
 * Roblox R15: the strictest target. The humanoid skeleton is merged into the
 * 16 R15 parts (HumanoidRootPart → LowerTorso → UpperTorso → Head, arms,
 * legs; fingers merge into the hands, toes into the feet, the spine and
 * shoulders into the upper torso), skin weights are summed per part, and the
 * mesh is split into one `<Part>_Geo` mesh per body part (each triangle goes
 * to the part that carries most of its weight). Parts are checked against the
 * per-part limits (10k vertices, 10k triangles); morph targets are dropped and
 * clips are not written (Roblox avatar import takes none). Anything that
 * cannot comply is refused.
 */
import type { Accessor, Document, Material, Node, Primitive } from '@gltf-transform/core';
import { invert, type Mat4, multiply, normalMatrix } from '../io/fbx/math.js';
import { R15, R15_PARENT, R15_PARTS, R15_PIVOT, type R15Part } from '../skeleton/maps/index.js';
import { worldMatrix } from './conventions.js';
import type { PlatformContext, PlatformPlan } from './index.js';

interface PartGeometry {
	material: Material | null;
	positions: number[];
	normals: number[];
	uvs: number[][];
	colors: number[];
	joints: number[];
	weights: number[];
	indices: number[];
}

export function prepareRoblox(ctx: PlatformContext): PlatformPlan {
	const { doc, info, profile } = ctx;
	const plan: PlatformPlan = { refusals: [], warnings: [], writtenSkeleton: 'r15', skinned: true, rootBone: 'HumanoidRootPart' };
	const rec = info.recognition;
	if (!info.joints.length) {
		plan.refusals.push('the asset has no skeleton; Roblox R15 needs a humanoid rig (rig it to AXIS-65 first)');
		return plan;
	}
	if (!rec.humanoid) {
		plan.refusals.push(
			rec.skeleton
				? `the ${rec.displayName} skeleton lacks ${rec.missingCore.join(', ')}; R15 needs hips, spine, head, arms and legs`
				: `the skeleton is not a recognised humanoid (no known naming among ${info.joints.length} bones); rig it to AXIS-65 first`,
		);
		return plan;
	}
	const root = doc.getRoot();
	const buffer = root.listBuffers()[0] ?? doc.createBuffer();
	const partIndex = new Map<R15Part, number>(R15_PARTS.map((p, i) => [p, i]));

	// Part of every joint (unrecognised joints take their nearest recognised ancestor's part).
	const partOfJoint = new Map<Node, number>();
	const jointSet = new Set(info.joints);
	const axisOf = new Map<Node, string>();
	for (const [axis, node] of info.byAxis) axisOf.set(node, axis);
	const resolvePart = (j: Node): number => {
		for (let n: Node | null = j; n; n = n.getParentNode()) {
			const axis = axisOf.get(n);
			if (axis) return partIndex.get(R15.fromAxis[axis] as R15Part)!;
		}
		return partIndex.get('LowerTorso')!;
	};
	for (const j of info.joints) partOfJoint.set(j, resolvePart(j));

	// Part pivots (rest, world): translation only, axis-aligned like R15's Motor6D attachments.
	const pivot = new Map<R15Part, [number, number, number]>();
	const pos = (n: Node): [number, number, number] => {
		const w = worldMatrix(n);
		return [w[12], w[13], w[14]];
	};
	for (const part of R15_PARTS) {
		if (part === 'HumanoidRootPart') continue;
		const node = info.byAxis.get(R15_PIVOT[part]) ?? [...info.byAxis].find(([axis]) => R15.fromAxis[axis] === part)?.[1] ?? info.byAxis.get('Hips')!;
		pivot.set(part, pos(node));
	}
	pivot.set('HumanoidRootPart', pivot.get('LowerTorso')!);

	// Geometry per part.
	const parts = new Map<string, PartGeometry>(); // key: part|materialIndex
	const materials: (Material | null)[] = [];
	let uvSets = 0;
	let hasColors = false;
	let morphs = 0;
	for (const n of root.listNodes()) {
		const mesh = n.getMesh();
		if (!mesh) continue;
		const skin = n.getSkin();
		let jointMats: Mat4[] = [];
		let jointParts: number[] = [];
		let rigidPart = partIndex.get('LowerTorso')!;
		const nodeWorld = worldMatrix(n);
		if (skin) {
			const ibm = skin.getInverseBindMatrices();
			jointMats = skin.listJoints().map((j, i) => multiply(worldMatrix(j), ibm ? Float64Array.from(ibm.getElement(i, [])) : invert(worldMatrix(j))));
			jointParts = skin.listJoints().map((j) => partOfJoint.get(j) ?? resolvePart(j));
		} else {
			for (let p = n.getParentNode(); p; p = p.getParentNode()) {
				if (jointSet.has(p)) {
					rigidPart = partOfJoint.get(p)!;
					break;
				}
			}
		}
		for (const prim of mesh.listPrimitives()) {
			if (prim.getMode() !== 4 || !prim.getAttribute('POSITION')) continue;
			morphs = Math.max(morphs, prim.listTargets().length);
			let mi = materials.indexOf(prim.getMaterial());
			if (mi < 0) mi = materials.push(prim.getMaterial()) - 1;
			const count = prim.getAttribute('POSITION')!.getCount();
			const sets = weightSets(prim);
			const P = new Float64Array(count * 3);
			const N = new Float64Array(count * 3);
			const partW = new Float64Array(count * R15_PARTS.length);
			const el: number[] = [];
			const nel: number[] = [];
			const posAcc = prim.getAttribute('POSITION')!;
			const nrmAcc = prim.getAttribute('NORMAL');
			uvSets = Math.max(uvSets, countSets(prim));
			if (prim.getAttribute('COLOR_0')) hasColors = true;
			const rigidNormal = normalMatrix(nodeWorld);
			for (let v = 0; v < count; v++) {
				posAcc.getElement(v, el);
				if (nrmAcc) nrmAcc.getElement(v, nel);
				else nel.splice(0, 3, 0, 1, 0);
				let M: Mat4;
				let Nm: Mat4;
				if (skin && sets.length) {
					M = new Float64Array(16);
					let total = 0;
					for (const [J, W] of sets) {
						const jv = J.getElement(v, []);
						const wv = W.getElement(v, []);
						for (let k = 0; k < 4; k++) {
							const w = wv[k];
							if (!(w > 0) || !jointMats[jv[k]]) continue;
							const m = jointMats[jv[k]];
							for (let q = 0; q < 16; q++) M[q] += m[q] * w;
							partW[v * R15_PARTS.length + jointParts[jv[k]]] += w;
							total += w;
						}
					}
					if (total > 0) for (let q = 0; q < 16; q++) M[q] /= total;
					else {
						M = nodeWorld;
						partW[v * R15_PARTS.length + rigidPart] = 1;
					}
					Nm = normalMatrix(M);
				} else {
					M = nodeWorld;
					Nm = rigidNormal;
					partW[v * R15_PARTS.length + rigidPart] = 1;
				}
				P[v * 3] = M[0] * el[0] + M[4] * el[1] + M[8] * el[2] + M[12];
				P[v * 3 + 1] = M[1] * el[0] + M[5] * el[1] + M[9] * el[2] + M[13];
				P[v * 3 + 2] = M[2] * el[0] + M[6] * el[1] + M[10] * el[2] + M[14];
				const nx = Nm[0] * nel[0] + Nm[4] * nel[1] + Nm[8] * nel[2];
				const ny = Nm[1] * nel[0] + Nm[5] * nel[1] + Nm[9] * nel[2];
				const nz = Nm[2] * nel[0] + Nm[6] * nel[1] + Nm[10] * nel[2];
				const l = Math.hypot(nx, ny, nz) || 1;
				N[v * 3] = nx / l;
				N[v * 3 + 1] = ny / l;
				N[v * 3 + 2] = nz / l;
			}
			// Triangles → parts
			const idx = prim.getIndices();
			const triCount = Math.floor((idx ? idx.getCount() : count) / 3);
			const remap = new Map<string, Map<number, number>>();
			for (let t = 0; t < triCount; t++) {
				const tri = [0, 1, 2].map((k) => (idx ? idx.getScalar(t * 3 + k) : t * 3 + k));
				let best = 0;
				let bestW = -1;
				for (let p = 1; p < R15_PARTS.length; p++) {
					const w = partW[tri[0] * R15_PARTS.length + p] + partW[tri[1] * R15_PARTS.length + p] + partW[tri[2] * R15_PARTS.length + p];
					if (w > bestW) {
						bestW = w;
						best = p;
					}
				}
				const key = `${best}|${mi}`;
				let g = parts.get(key);
				if (!g) parts.set(key, (g = { material: prim.getMaterial(), positions: [], normals: [], uvs: [], colors: [], joints: [], weights: [], indices: [] }));
				let map = remap.get(key);
				if (!map) remap.set(key, (map = new Map()));
				for (const v of tri) {
					let out = map.get(v);
					if (out === undefined) {
						out = g.positions.length / 3;
						map.set(v, out);
						g.positions.push(P[v * 3], P[v * 3 + 1], P[v * 3 + 2]);
						g.normals.push(N[v * 3], N[v * 3 + 1], N[v * 3 + 2]);
						for (let u = 0; u < Math.max(uvSets, 1); u++) {
							(g.uvs[u] ??= []).push(...uvOf(prim, u, v));
						}
						const c = prim.getAttribute('COLOR_0');
						if (c) {
							const cv = c.getElement(v, []);
							g.colors.push(cv[0], cv[1], cv[2], cv.length > 3 ? cv[3] : 1);
						} else g.colors.push(1, 1, 1, 1);
						// Top 4 parts, renormalised
						const pw: [number, number][] = [];
						for (let p = 0; p < R15_PARTS.length; p++) {
							const w = partW[v * R15_PARTS.length + p];
							if (w > 0) pw.push([p, w]);
						}
						pw.sort((a, b) => b[1] - a[1]);
						const kept = pw.slice(0, Math.min(4, profile.maxInfluences));
						const sum = kept.reduce((a, q) => a + q[1], 0) || 1;
						for (let k = 0; k < 4; k++) {
							g.joints.push(kept[k]?.[0] ?? 0);
							g.weights.push(kept[k] ? kept[k][1] / sum : 0);
						}
					}
					g.indices.push(out);
				}
			}
		}
	}
	if (morphs) plan.warnings.push(`${morphs} morph target(s) dropped: Roblox imports no blend shapes (faces animate through FACS bones)`);
	const clips = root.listAnimations().length;
	if (clips) plan.warnings.push(`${clips} animation clip(s) not exported: Roblox avatar import takes no clips, and R15 merges the bones they drive`);

	// Per-part limits
	const limits = profile.export?.partLimits ?? {};
	const perPart = new Map<string, { vertices: number; triangles: number }>();
	for (const [key, g] of parts) {
		const part = R15_PARTS[Number(key.split('|')[0])];
		const s = perPart.get(part) ?? { vertices: 0, triangles: 0 };
		s.vertices += g.positions.length / 3;
		s.triangles += g.indices.length / 3;
		perPart.set(part, s);
	}
	for (const [part, s] of perPart) {
		if (limits.maxVertices && s.vertices > limits.maxVertices) plan.refusals.push(`part ${part} has ${s.vertices} vertices (limit ${limits.maxVertices}); decimate it first (LODs)`);
		if (limits.maxTriangles && s.triangles > limits.maxTriangles) plan.refusals.push(`part ${part} has ${s.triangles} triangles (limit ${limits.maxTriangles}); decimate it first (LODs)`);
	}
	if (plan.refusals.length) return plan;

	// --- rebuild the scene: R15 skeleton + one mesh per part ---------------------------------------
	const scene = root.getDefaultScene() ?? root.listScenes()[0] ?? doc.createScene('Scene');
	for (const a of root.listAnimations()) a.dispose();
	for (const s of root.listSkins()) s.dispose();
	for (const n of root.listNodes()) n.dispose();
	for (const m of root.listMeshes()) m.dispose();
	const bones = new Map<R15Part, Node>();
	for (const part of R15_PARTS) {
		const parent = R15_PARENT[part];
		const p = pivot.get(part)!;
		const pp = parent ? pivot.get(parent)! : [0, 0, 0];
		const node = doc.createNode(part).setTranslation([p[0] - pp[0], p[1] - pp[1], p[2] - pp[2]]);
		if (parent) bones.get(parent)!.addChild(node);
		else scene.addChild(node);
		bones.set(part, node);
	}
	const skin = doc.createSkin('R15').setSkeleton(bones.get('HumanoidRootPart')!);
	const ibm = new Float32Array(R15_PARTS.length * 16);
	R15_PARTS.forEach((part, i) => {
		skin.addJoint(bones.get(part)!);
		const p = pivot.get(part)!;
		ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1], i * 16);
	});
	skin.setInverseBindMatrices(acc(doc, buffer, ibm, 'MAT4'));
	for (const part of R15_PARTS) {
		const pi = partIndex.get(part)!;
		const groups = [...parts.entries()].filter(([k]) => Number(k.split('|')[0]) === pi).map(([, g]) => g);
		if (groups.length === 0) continue;
		const mesh = doc.createMesh(`${part}_Geo`);
		for (const g of groups) {
			const prim = doc.createPrimitive();
			prim.setAttribute('POSITION', acc(doc, buffer, Float32Array.from(g.positions), 'VEC3'));
			prim.setAttribute('NORMAL', acc(doc, buffer, Float32Array.from(g.normals), 'VEC3'));
			for (let u = 0; u < uvSets; u++) prim.setAttribute(`TEXCOORD_${u}`, acc(doc, buffer, Float32Array.from(g.uvs[u]), 'VEC2'));
			if (hasColors) prim.setAttribute('COLOR_0', acc(doc, buffer, Float32Array.from(g.colors), 'VEC4'));
			prim.setAttribute('JOINTS_0', acc(doc, buffer, Uint16Array.from(g.joints), 'VEC4'));
			prim.setAttribute('WEIGHTS_0', acc(doc, buffer, Float32Array.from(g.weights), 'VEC4'));
			const vcount = g.positions.length / 3;
			prim.setIndices(acc(doc, buffer, vcount > 65535 ? Uint32Array.from(g.indices) : Uint16Array.from(g.indices), 'SCALAR'));
			if (g.material) prim.setMaterial(g.material);
			mesh.addPrimitive(prim);
		}
		scene.addChild(doc.createNode(`${part}_Geo`).setMesh(mesh).setSkin(skin));
	}
	info.joints = [...bones.values()];
	info.skins = [skin];
	plan.humanoidMap = Object.fromEntries(R15_PARTS.map((p) => [p, p]));
	plan.fbxRole = 'Roblox R15 avatar FBX 7.4 (16 parts, one mesh per body part)';
	plan.glbRole = 'Roblox R15 avatar glTF binary';
	return plan;
}

function acc(doc: Document, buffer: ReturnType<Document['createBuffer']>, array: Float32Array | Uint16Array | Uint32Array, type: 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4' | 'MAT4'): Accessor {
	return doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
}

function weightSets(prim: Primitive): [Accessor, Accessor][] {
	const out: [Accessor, Accessor][] = [];
	for (let k = 0; ; k++) {
		const j = prim.getAttribute(`JOINTS_${k}`);
		const w = prim.getAttribute(`WEIGHTS_${k}`);
		if (!j || !w) return out;
		out.push([j, w]);
	}
}

function countSets(prim: Primitive): number {
	let k = 0;
	while (prim.getAttribute(`TEXCOORD_${k}`)) k++;
	return k;
}

function uvOf(prim: Primitive, set: number, v: number): number[] {
	const a = prim.getAttribute(`TEXCOORD_${set}`);
	if (!a) return [0, 0];
	const e = a.getElement(v, []);
	return [e[0], e[1]];
}
