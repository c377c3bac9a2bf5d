import { type Accessor, type Buffer, Document, type Mesh, type Node, type Primitive } from '@gltf-transform/core';
import { AxisError } from '../../errors.js';
import type { SourceInfo } from '../types.js';
import { buildAnimations, type MorphChannelTarget } from './animation.js';
import { type FBXObject, Graph } from './graph.js';
import { MaterialBuilder } from './material.js';
import { type Mat4, chain, decompose, identity, invert, multiply, normalMatrix } from './math.js';
import { type BuiltPrimitive, buildMesh, readShapeDeltas } from './mesh.js';
import { type ClusterInfo, isBoneModel, readBindPoses, readSkin, skeletonRoots } from './skin.js';
import { type Conversion, conversionFromSettings, geometricMatrix, localMatrix, type ModelTransform, readModelTransform } from './transform.js';
import { child, childString, type FBXTree, findTop, p70Number, p70String, readProps70 } from './tree.js';

export interface SceneContext {
	doc: Document;
	graph: Graph;
	conv: Conversion;
	buffer: Buffer;
	models: Map<string, ModelInfo>;
	warnings: string[];
}

export interface ModelInfo {
	obj: FBXObject;
	xform: ModelTransform;
	parent?: string;
	node: Node;
	/** Rest local and global matrices, FBX space. */
	local: Mat4;
	world: Mat4;
}

/** Conjugates an FBX-space matrix into glTF space: C · M · C⁻¹. */
export function toGltfSpace(conv: Conversion, m: Mat4): Mat4 {
	if (conv.identityRotation) {
		// C = s·I: conjugation only scales the translation.
		const out = Float64Array.from(m);
		out[12] *= conv.unitScale;
		out[13] *= conv.unitScale;
		out[14] *= conv.unitScale;
		return out;
	}
	return chain(conv.matrix, m, conv.inverse);
}

export function setNodeMatrix(node: Node, m: Mat4): void {
	const { t, r, s } = decompose(m);
	node.setTranslation(t).setRotation(r).setScale(s);
}

/** Builds a glTF Document (metres, +Y up) from an FBX node tree. */
export function buildDocument(tree: FBXTree, baseDir: string | undefined): { document: Document; source: SourceInfo } {
	const warnings: string[] = [];
	const doc = new Document();
	const buffer = doc.createBuffer();
	if (!findTop(tree, 'Objects')) throw new AxisError('FBX_INVALID', 'the FBX file has no Objects section (truncated or not a scene)');
	const graph = new Graph(tree);
	const settings = readProps70(findTop(tree, 'GlobalSettings'));
	const conv = conversionFromSettings(settings);
	warnings.push(...conv.warnings);

	// --- Model hierarchy -------------------------------------------------------
	const modelObjs = graph.ofKind('Model');
	const parentOf = new Map<string, string | undefined>();
	const childrenOfModel = new Map<string, string[]>();
	const roots: string[] = [];
	for (const m of modelObjs) {
		const p = graph.parentsOf(m.id).find((c) => c.type === 'OO' && graph.objects.get(c.parent)?.kind === 'Model');
		parentOf.set(m.id, p?.parent);
		if (p) {
			const list = childrenOfModel.get(p.parent) ?? [];
			list.push(m.id);
			childrenOfModel.set(p.parent, list);
		} else roots.push(m.id);
	}
	const models = new Map<string, ModelInfo>();
	const scene = doc.createScene('Scene');
	doc.getRoot().setDefaultScene(scene);
	const visit = (id: string, parentWorld: Mat4, parentNode: Node | undefined): void => {
		if (models.has(id)) return;
		const obj = graph.objects.get(id);
		if (!obj) return;
		const xform = readModelTransform(readProps70(obj.node));
		const local = localMatrix(xform);
		const world = multiply(parentWorld, local);
		const node = doc.createNode(obj.name);
		setNodeMatrix(node, toGltfSpace(conv, local));
		if (parentNode) parentNode.addChild(node);
		else scene.addChild(node);
		models.set(id, { obj, xform, parent: parentOf.get(id), node, local, world });
		for (const c of childrenOfModel.get(id) ?? []) visit(c, world, node);
	};
	for (const r of roots) visit(r, identity(), undefined);
	const orphaned = modelObjs.length - models.size;
	if (orphaned > 0) warnings.push(`${orphaned} model(s) in a parent cycle were skipped`);

	const ctx: SceneContext = { doc, graph, conv, buffer, models, warnings };
	const materials = new MaterialBuilder(doc, graph, baseDir, warnings);
	const bindPoses = readBindPoses(graph, tree);

	// --- Meshes ---------------------------------------------------------------
	interface SkinnedMesh {
		node: Node;
		mesh: Mesh;
		built: BuiltPrimitive[];
		prims: Primitive[];
		clusters: ClusterInfo[];
		cpCount: number;
		modelId: string;
	}
	const skinned: SkinnedMesh[] = [];
	const morphTargets = new Map<string, MorphChannelTarget>();
	for (const info of models.values()) {
		const geoms = graph.childObjects(info.obj.id, 'Geometry').filter((g) => g.subclass === 'Mesh' || child(g.node, 'Vertices'));
		geoms.forEach((geom, gi) => {
			const skin = readSkin(graph, geom.id);
			const geo = geometricMatrix(info.xform);
			let bindMesh: Mat4 | undefined;
			if (skin) {
				// The file's Cluster Transform is TransformLink⁻¹ · MeshGlobal (not the mesh global itself, despite the FBX SDK's
				// GetTransformMatrix naming), so the mesh's global matrix at bind time is TransformLink · Transform.
				const c = skin.clusters.find((cl) => cl.transform && cl.transformLink);
				bindMesh = c ? multiply(c.transformLink!, c.transform!) : (bindPoses.get(info.obj.id) ?? info.world);
			}
			const positionMatrix = chain(conv.matrix, bindMesh ?? identity(), geo);
			const name = info.obj.name;
			const built = buildMesh(geom.node, { positionMatrix, normalMatrix: normalMatrix(positionMatrix), name });
			warnings.push(...built.warnings);
			if (built.primitives.length === 0) return;
			const mesh = doc.createMesh(geom.name || name);
			const matObjs = graph.childObjects(info.obj.id, 'Material');
			const prims: Primitive[] = [];
			for (const bp of built.primitives) {
				const prim = doc.createPrimitive();
				prim.setAttribute('POSITION', accessor(ctx, bp.positions, 'VEC3'));
				if (bp.normals) prim.setAttribute('NORMAL', accessor(ctx, bp.normals, 'VEC3'));
				bp.uvs.forEach((uv, i) => prim.setAttribute(`TEXCOORD_${i}`, accessor(ctx, uv, 'VEC2')));
				if (bp.colors) prim.setAttribute('COLOR_0', accessor(ctx, bp.colors, 'VEC4'));
				prim.setIndices(accessor(ctx, bp.indices, 'SCALAR'));
				const matObj = bp.materialIndex >= 0 ? matObjs[bp.materialIndex] ?? matObjs[0] : matObjs[0];
				if (matObj) prim.setMaterial(materials.get(matObj.id));
				mesh.addPrimitive(prim);
				prims.push(prim);
			}
			// Blend shapes → morph targets
			const linear = Float64Array.from(positionMatrix);
			linear[12] = linear[13] = linear[14] = 0;
			const targetNames: string[] = [];
			const weights: number[] = [];
			for (const bs of graph.childObjects(geom.id, 'Deformer', 'BlendShape')) {
				for (const ch of graph.childObjects(bs.id, 'Deformer', 'BlendShapeChannel')) {
					const shapes = graph.childObjects(ch.id, 'Geometry', 'Shape');
					if (shapes.length === 0) continue;
					// In-between shapes: use the full (last) one.
					const shape = shapes[shapes.length - 1];
					const deltas = readShapeDeltas(shape.node, built.controlPointCount);
					const index = targetNames.length;
					prims.forEach((prim, pi) => {
						const bp = built.primitives[pi];
						const out = new Float32Array(bp.controlPoints.length * 3);
						for (let v = 0; v < bp.controlPoints.length; v++) {
							const cp = bp.controlPoints[v];
							const dx = deltas[cp * 3], dy = deltas[cp * 3 + 1], dz = deltas[cp * 3 + 2];
							out[v * 3] = linear[0] * dx + linear[4] * dy + linear[8] * dz;
							out[v * 3 + 1] = linear[1] * dx + linear[5] * dy + linear[9] * dz;
							out[v * 3 + 2] = linear[2] * dx + linear[6] * dy + linear[10] * dz;
						}
						const target = doc.createPrimitiveTarget(ch.name);
						target.setAttribute('POSITION', accessor(ctx, out, 'VEC3'));
						prim.addTarget(target);
					});
					targetNames.push(ch.name);
					const chProps = readProps70(ch.node);
					weights.push(Math.min(1, Math.max(0, p70Number(chProps, 'DeformPercent', 0) / 100)));
					morphTargets.set(ch.id, { mesh, index, count: 0 });
				}
			}
			if (targetNames.length) {
				mesh.setWeights(weights);
				mesh.setExtras({ ...(mesh.getExtras() as object), targetNames });
				for (const t of morphTargets.values()) if (t.mesh === mesh) t.count = targetNames.length;
			}
			let target = info.node;
			if (gi > 0) {
				target = doc.createNode(`${name}_${gi}`);
				info.node.addChild(target);
			}
			target.setMesh(mesh);
			if (skin) skinned.push({ node: target, mesh, built: built.primitives, prims, clusters: skin.clusters, cpCount: built.controlPointCount, modelId: info.obj.id });
		});
	}

	// --- Skins ----------------------------------------------------------------
	const skinsByRoots = new Map<string, { joints: string[]; index: Map<string, number>; skin: ReturnType<Document['createSkin']> }>();
	for (const sm of skinned) {
		const boneIds = sm.clusters.map((c) => c.boneId).filter((id) => models.has(id));
		if (boneIds.length === 0) continue;
		const rootIds = skeletonRoots(graph, parentOf, boneIds).sort();
		const key = rootIds.join(',');
		let entry = skinsByRoots.get(key);
		if (!entry) {
			const joints: string[] = [];
			const clustered = new Set<string>();
			for (const s of skinned) for (const c of s.clusters) clustered.add(c.boneId);
			const dfs = (id: string): void => {
				const o = graph.objects.get(id);
				const hasGeom = graph.childObjects(id, 'Geometry').length > 0;
				if (clustered.has(id) || (isBoneModel(o) && !hasGeom)) joints.push(id);
				for (const c of childrenOfModel.get(id) ?? []) dfs(c);
			};
			for (const r of rootIds) dfs(r);
			const index = new Map(joints.map((j, i) => [j, i] as [string, number]));
			const skin = doc.createSkin(models.get(rootIds[0])?.obj.name ?? 'skin');
			const ibm = new Float32Array(joints.length * 16);
			joints.forEach((j, i) => {
				let link: Mat4 | undefined;
				for (const s of skinned) {
					const c = s.clusters.find((cl) => cl.boneId === j && cl.transformLink);
					if (c) {
						link = c.transformLink;
						break;
					}
				}
				const m = link ?? bindPoses.get(j) ?? models.get(j)?.world ?? identity();
				ibm.set(toGltfSpace(conv, invert(m)), i * 16);
				const node = models.get(j)?.node;
				if (node) skin.addJoint(node);
			});
			skin.setInverseBindMatrices(accessor(ctx, ibm, 'MAT4'));
			if (rootIds.length === 1) {
				const rn = models.get(rootIds[0])?.node;
				if (rn) skin.setSkeleton(rn);
			}
			entry = { joints, index, skin };
			skinsByRoots.set(key, entry);
		}
		sm.node.setSkin(entry.skin);
		writeWeights(ctx, sm, entry.index, parentOf);
	}

	// --- Animation ------------------------------------------------------------
	buildAnimations(ctx, morphTargets);

	const header = findTop(tree, 'FBXHeaderExtension');
	const creator = childString(header, 'Creator') || childString({ name: '', props: [], children: tree.nodes }, 'Creator');
	const appName = p70String(readProps70(child(child(header, 'SceneInfo'), 'Properties70') ? child(header, 'SceneInfo') : undefined), 'Original|ApplicationName');
	const generator = creator || appName || undefined;
	const usf = p70Number(settings, 'UnitScaleFactor', Number.NaN);
	const source: SourceInfo = {
		format: 'fbx',
		version: String(tree.version),
		generator,
		encoding: tree.encoding,
		declaredUnitScale: Number.isFinite(usf) && usf > 0 ? usf / 100 : undefined,
		declaredUpAxis: settings.has('UpAxis') ? conv.upAxis : undefined,
		convertedToGltfConventions: true,
		warnings,
	};
	doc.getRoot().getAsset().generator = 'axis-pipeline FBX reader';
	return { document: doc, source };

	function writeWeights(c: SceneContext, sm: SkinnedMesh, jointIndex: Map<string, number>, parents: Map<string, string | undefined>): void {
		// control point → [joint, weight, joint, weight, …]
		const infl: number[][] = new Array(sm.cpCount);
		for (const cl of sm.clusters) {
			const j = jointIndex.get(cl.boneId);
			if (j === undefined) continue;
			const n = Math.min(cl.indexes.length, cl.weights.length);
			for (let i = 0; i < n; i++) {
				const cp = cl.indexes[i];
				const w = cl.weights[i];
				if (!(cp >= 0 && cp < sm.cpCount) || !(w > 0)) continue;
				(infl[cp] ??= []).push(j, w);
			}
		}
		// Fallback joint for unweighted vertices: the mesh's parent bone, else the first joint.
		let fallback = 0;
		const p = parents.get(sm.modelId);
		if (p && jointIndex.has(p)) fallback = jointIndex.get(p) as number;
		let unweighted = 0;
		let over8 = 0;
		sm.prims.forEach((prim, pi) => {
			const bp = sm.built[pi];
			const nv = bp.controlPoints.length;
			let needSecond = false;
			for (let v = 0; v < nv; v++) if ((infl[bp.controlPoints[v]]?.length ?? 0) > 8) needSecond = true;
			const j0 = new Uint16Array(nv * 4);
			const w0 = new Float32Array(nv * 4);
			const j1 = needSecond ? new Uint16Array(nv * 4) : undefined;
			const w1 = needSecond ? new Float32Array(nv * 4) : undefined;
			for (let v = 0; v < nv; v++) {
				const list = infl[bp.controlPoints[v]];
				if (!list || list.length === 0) {
					j0[v * 4] = fallback;
					w0[v * 4] = 1;
					unweighted++;
					continue;
				}
				const pairs: [number, number][] = [];
				for (let i = 0; i < list.length; i += 2) {
					const existing = pairs.find((q) => q[0] === list[i]);
					if (existing) existing[1] += list[i + 1];
					else pairs.push([list[i], list[i + 1]]);
				}
				pairs.sort((a, b) => b[1] - a[1]);
				if (pairs.length > 8) over8++;
				const kept = pairs.slice(0, 8);
				const sum = kept.reduce((s, q) => s + q[1], 0);
				kept.forEach(([j, w], i) => {
					if (i < 4) {
						j0[v * 4 + i] = j;
						w0[v * 4 + i] = w / sum;
					} else if (j1 && w1) {
						j1[v * 4 + i - 4] = j;
						w1[v * 4 + i - 4] = w / sum;
					}
				});
			}
			prim.setAttribute('JOINTS_0', accessor(c, j0, 'VEC4'));
			prim.setAttribute('WEIGHTS_0', accessor(c, w0, 'VEC4'));
			if (j1 && w1) {
				prim.setAttribute('JOINTS_1', accessor(c, j1, 'VEC4'));
				prim.setAttribute('WEIGHTS_1', accessor(c, w1, 'VEC4'));
			}
		});
		if (unweighted) c.warnings.push(`mesh ${sm.node.getName()}: ${unweighted} vertices without skin weights were bound to joint ${fallback}`);
		if (over8) c.warnings.push(`mesh ${sm.node.getName()}: ${over8} vertices had more than 8 influences; kept the 8 largest`);
	}
}

export function accessor(ctx: SceneContext, array: Float32Array | Uint32Array | Uint16Array, type: 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4' | 'MAT4'): Accessor {
	return ctx.doc.createAccessor().setType(type).setArray(array).setBuffer(ctx.buffer);
}
