/**
 * Builds an FBX 7.4 node tree from a glTF Document: GlobalSettings (axis and
 * unit), the Model hierarchy (Mesh / LimbNode / Null with Lcl TRS, Euler XYZ
 * in degrees), Geometry (control points, polygons, normals, every UV set,
 * colours, per-polygon materials), Material / Texture / Video (embedded
 * images), Skin + Cluster deformers with a BindPose, BlendShape channels,
 * AnimationStack / Layer / CurveNode / Curve (glTF samplers resampled to
 * Euler keys) and the Connections between them.
 *
 * Coordinates: the Document is glTF (metres, +Y up, right-handed). With
 * `units: 'cm'` data is scaled ×100 and UnitScaleFactor is 1; with 'm' the
 * data stays in metres and UnitScaleFactor is 100. `upAxis: '+Z'` writes the
 * Z-up, −Y-forward system (Blender/Unreal style): (x, y, z) → (x, −z, y).
 *
 * Skinned meshes: vertices are written in the space of a mesh Model whose
 * global matrix G is the rest placement of the skin (joint world × inverse
 * bind matrix of the most-weighted joint), so importers that ignore skinning
 * still see the character where it stands. Cluster TransformLink = IBM⁻¹ and
 * Transform = IBM · G (both in FBX space), which gives back the glTF inverse
 * bind matrices exactly.
 */
import type { Animation, Document, Material, Mesh, Node, Primitive, Texture } from '@gltf-transform/core';
import { FBX_TICKS_PER_SECOND } from '../fbx/tree.js';
import { type Mat4, compose, decompose, identity, invert, maxDiff, multiply, normalMatrix, type Quat, type Vec3 } from '../fbx/math.js';
import { FBX_CREATION_TIME, FBX_FILE_ID, type FBXWriteNode, type FBXWriteProp, fbxD, fbxI, fbxL, node } from './binary-writer.js';
import { eulerNear, quatToEulerXYZ } from './euler.js';
import { evalSampler, type SamplerData, samplerData } from './sample.js';

export interface FBXSceneOptions {
	/** Unit of the written data: 'm' (UnitScaleFactor 100, the default) or 'cm' (data ×100, UnitScaleFactor 1). */
	units?: 'm' | 'cm';
	/** '+Y' (default) or '+Z' (Z up, −Y forward, as Blender and Unreal use). */
	upAxis?: '+Y' | '+Z';
	/** Frame rate declared in GlobalSettings and used to fill sparse keys (default 30). */
	fps?: number;
	/** Creator string. */
	creator?: string;
	/** Write animation stacks (default true). */
	animations?: boolean;
	/** Embed texture images as Video Content (default true). */
	embedTextures?: boolean;
}

export interface FBXSceneStats {
	models: number;
	bones: number;
	meshes: number;
	vertices: number;
	polygons: number;
	materials: number;
	textures: number;
	blendShapes: number;
	animations: number;
	warnings: string[];
}

type P70Value = FBXWriteProp;

function P(name: string, type: string, label: string, flags: string, ...values: P70Value[]): FBXWriteNode {
	return node('P', [name, type, label, flags, ...values]);
}

const vec = (v: ArrayLike<number>): number[] => [v[0], v[1], v[2]];

interface ModelRec {
	id: number;
	name: string;
	kind: 'LimbNode' | 'Mesh' | 'Null';
	gltf?: Node;
	parent?: ModelRec;
	/** Global rest matrix, glTF space. */
	world: Mat4;
	/** True when `world` differs from the glTF node's own world (skinned-mesh models). */
	moved: boolean;
	local: Mat4;
}

/** Builds the FBX node list for a Document. */
export function buildFBXTree(doc: Document, options: FBXSceneOptions = {}): { nodes: FBXWriteNode[]; stats: FBXSceneStats } {
	const warnings: string[] = [];
	const unit = options.units === 'cm' ? 100 : 1;
	const zUp = options.upAxis === '+Z';
	const fps = options.fps ?? 30;
	// glTF → FBX: C = unit · A
	const A = identity();
	if (zUp) {
		A.set([1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1]);
	}
	const C = multiply(compose([0, 0, 0], [0, 0, 0, 1], [unit, unit, unit]), A);
	const Cinv = invert(C);
	const toFbx = (m: ArrayLike<number>): Mat4 => multiply(multiply(C, m), Cinv);

	let nextId = 1_000_000;
	const newId = (): number => nextId++;
	const objects: FBXWriteNode[] = [];
	const connections: FBXWriteNode[] = [];
	const OO = (child: number, parent: number) => connections.push(node('C', ['OO', fbxL(child), fbxL(parent)]));
	const OP = (child: number, parent: number, prop: string) => connections.push(node('C', ['OP', fbxL(child), fbxL(parent), prop]));
	const counts = new Map<string, number>();
	const count = (type: string) => counts.set(type, (counts.get(type) ?? 0) + 1);

	const root = doc.getRoot();
	const scene = root.getDefaultScene() ?? root.listScenes()[0];
	const joints = new Set<Node>();
	for (const skin of root.listSkins()) for (const j of skin.listJoints()) joints.add(j);

	// --- rest world matrices (glTF space) ---------------------------------------------
	const localOf = (n: Node): Mat4 => compose(n.getTranslation(), n.getRotation(), n.getScale());
	const worldOf = new Map<Node, Mat4>();
	const parentOf = new Map<Node, Node | undefined>();
	const order: Node[] = [];
	const visit = (n: Node, parent: Node | undefined, pw: Mat4): void => {
		if (worldOf.has(n)) return;
		const w = multiply(pw, localOf(n));
		worldOf.set(n, w);
		parentOf.set(n, parent);
		order.push(n);
		for (const c of n.listChildren()) visit(c, n, w);
	};
	for (const n of scene ? scene.listChildren() : []) visit(n, undefined, identity());
	// Joints outside the scene graph (rare): visit as roots so they exist.
	for (const j of joints) if (!worldOf.has(j)) visit(j, undefined, identity());

	// --- models -------------------------------------------------------------------------
	const models = new Map<Node, ModelRec>();
	const meshModel = new Map<Node, ModelRec>(); // node whose mesh is written on another model
	const bindOf = new Map<Node, Mat4>(); // skinned mesh node → G
	for (const n of order) {
		const skin = n.getSkin();
		if (n.getMesh() && skin) bindOf.set(n, skinBindMatrix(n, worldOf));
	}
	const addModel = (rec: Omit<ModelRec, 'id' | 'local'>): ModelRec => {
		const pw = rec.parent ? rec.parent.world : identity();
		const full: ModelRec = { ...rec, id: newId(), local: multiply(invert(pw), rec.world) };
		return full;
	};
	const usedNames = new Set<string>();
	const uniqueName = (base: string): string => {
		let name = base || 'node';
		for (let i = 1; usedNames.has(name); i++) name = `${base}_${i}`;
		usedNames.add(name);
		return name;
	};
	const modelList: ModelRec[] = [];
	for (const n of order) {
		const parentNode = parentOf.get(n);
		const parent = parentNode ? models.get(parentNode) : undefined;
		const isJoint = joints.has(n);
		const hasMesh = !!n.getMesh();
		const G = bindOf.get(n);
		const kind: ModelRec['kind'] = isJoint ? 'LimbNode' : hasMesh ? 'Mesh' : 'Null';
		const world = G && !isJoint ? G : worldOf.get(n)!;
		const rec = addModel({ name: uniqueName(n.getName() || (isJoint ? 'bone' : hasMesh ? 'mesh' : 'node')), kind, gltf: n, parent, world, moved: !!G && !isJoint && maxDiff(G, worldOf.get(n)!) > 1e-9 });
		models.set(n, rec);
		modelList.push(rec);
		if (hasMesh && isJoint) {
			// A bone carrying a mesh: the geometry goes on a child Mesh model.
			const mrec = addModel({ name: uniqueName(`${rec.name}_mesh`), kind: 'Mesh', parent: G ? undefined : rec, world: G ?? rec.world, moved: false });
			meshModel.set(n, mrec);
			modelList.push(mrec);
		}
	}
	const bones = modelList.filter((m) => m.kind === 'LimbNode');
	const movedWithAnimatedChildren = modelList.filter((m) => m.moved && m.gltf && m.gltf.listChildren().length > 0);
	if (movedWithAnimatedChildren.length) warnings.push(`${movedWithAnimatedChildren.length} skinned mesh node(s) have children; their children were re-parented in place`);

	// Model objects
	for (const m of modelList) {
		const { t, r, s } = decompose(toFbx(m.local));
		const e = quatToEulerXYZ(r);
		const props: FBXWriteNode[] = [
			P('RotationActive', 'bool', '', '', fbxI(1)),
			P('InheritType', 'enum', '', '', fbxI(1)),
			P('ScalingMax', 'Vector3D', 'Vector', '', 0, 0, 0),
			P('DefaultAttributeIndex', 'int', 'Integer', '', fbxI(0)),
			P('Lcl Translation', 'Lcl Translation', '', 'A', ...vec(t)),
			P('Lcl Rotation', 'Lcl Rotation', '', 'A', ...vec(e)),
			P('Lcl Scaling', 'Lcl Scaling', '', 'A', ...vec(s)),
		];
		objects.push(node('Model', [fbxL(m.id), `Model::${m.name}`, m.kind], [node('Version', [fbxI(232)]), node('Properties70', [], props), node('Shading', [true]), node('Culling', ['CullingOff'])]));
		count('Model');
		OO(m.id, m.parent ? m.parent.id : 0);
		if (m.kind !== 'Mesh') {
			const attrId = newId();
			const isBone = m.kind === 'LimbNode';
			objects.push(
				node('NodeAttribute', [fbxL(attrId), `NodeAttribute::${m.name}`, isBone ? 'LimbNode' : 'Null'], [
					node('Properties70', [], isBone ? [P('Size', 'double', 'Number', '', unit * 10)] : []),
					node('TypeFlags', [isBone ? 'Skeleton' : 'Null']),
				]),
			);
			count('NodeAttribute');
			OO(attrId, m.id);
		}
	}

	// --- materials & textures -----------------------------------------------------------
	const materialIds = new Map<Material | null, number>();
	const textureIds = new Map<Texture, number>();
	const usedFiles = new Set<string>();
	const textureObject = (tex: Texture): number | undefined => {
		const cached = textureIds.get(tex);
		if (cached !== undefined) return cached;
		const image = tex.getImage();
		const mime = tex.getMimeType();
		if (!image) return undefined;
		if (mime !== 'image/png' && mime !== 'image/jpeg') warnings.push(`texture ${tex.getName() || tex.getURI()}: ${mime} images are not read by most FBX importers`);
		const ext = mime === 'image/png' ? 'png' : mime === 'image/jpeg' ? 'jpg' : mime === 'image/webp' ? 'webp' : mime === 'image/ktx2' ? 'ktx2' : 'bin';
		let base = (tex.getURI() || tex.getName() || 'texture').replace(/\\/g, '/').split('/').pop()!.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '_') || 'texture';
		let file = `${base}.${ext}`;
		for (let i = 1; usedFiles.has(file); i++) file = `${base}_${i}.${ext}`;
		usedFiles.add(file);
		base = file.replace(/\.[a-z0-9]+$/i, '');
		const texId = newId();
		const vidId = newId();
		const videoChildren: FBXWriteNode[] = [
			node('Type', ['Clip']),
			node('Properties70', [], [P('Path', 'KString', 'XRefUrl', '', file)]),
			node('UseMipMap', [fbxI(0)]),
			node('Filename', [file]),
			node('RelativeFilename', [file]),
		];
		if (options.embedTextures !== false) videoChildren.push(node('Content', [image]));
		objects.push(node('Video', [fbxL(vidId), `Video::${base}`, 'Clip'], videoChildren));
		objects.push(
			node('Texture', [fbxL(texId), `Texture::${base}`, ''], [
				node('Type', ['TextureVideoClip']),
				node('Version', [fbxI(202)]),
				node('TextureName', [`Texture::${base}`]),
				node('Properties70', [], [P('UseMaterial', 'bool', '', '', fbxI(1))]),
				node('Media', [`Video::${base}`]),
				node('FileName', [file]),
				node('RelativeFilename', [file]),
				node('ModelUVTranslation', [0, 0]),
				node('ModelUVScaling', [1, 1]),
				node('Texture_Alpha_Source', ['None']),
				node('Cropping', [fbxI(0), fbxI(0), fbxI(0), fbxI(0)]),
			]),
		);
		count('Video');
		count('Texture');
		OO(vidId, texId);
		textureIds.set(tex, texId);
		return texId;
	};
	const materialObject = (mat: Material | null): number => {
		const cached = materialIds.get(mat);
		if (cached !== undefined) return cached;
		const id = newId();
		const base = mat ? mat.getBaseColorFactor() : [0.8, 0.8, 0.8, 1];
		const em = mat ? mat.getEmissiveFactor() : [0, 0, 0];
		const rough = mat ? mat.getRoughnessFactor() : 1;
		const shininess = Math.max(0, 2 / Math.max(1e-4, rough * rough) - 2);
		const alpha = base[3];
		const name = uniqueMaterialName(mat?.getName() || 'Material');
		objects.push(
			node('Material', [fbxL(id), `Material::${name}`, ''], [
				node('Version', [fbxI(102)]),
				node('ShadingModel', ['Phong']),
				node('MultiLayer', [fbxI(0)]),
				node('Properties70', [], [
					P('AmbientColor', 'Color', '', 'A', 0, 0, 0),
					P('DiffuseColor', 'Color', '', 'A', base[0], base[1], base[2]),
					P('DiffuseFactor', 'Number', '', 'A', 1),
					P('TransparentColor', 'Color', '', 'A', 1, 1, 1),
					P('TransparencyFactor', 'Number', '', 'A', 1 - alpha),
					P('Opacity', 'Number', '', 'A', alpha),
					P('EmissiveColor', 'Color', '', 'A', em[0], em[1], em[2]),
					P('EmissiveFactor', 'Number', '', 'A', 1),
					P('SpecularColor', 'Color', '', 'A', 0.2, 0.2, 0.2),
					P('SpecularFactor', 'Number', '', 'A', 1),
					P('ShininessExponent', 'Number', '', 'A', shininess),
				]),
			]),
		);
		count('Material');
		materialIds.set(mat, id);
		if (mat) {
			const link = (tex: Texture | null, prop: string) => {
				if (!tex) return;
				const texId = textureObject(tex);
				if (texId !== undefined) OP(texId, id, prop);
			};
			link(mat.getBaseColorTexture(), 'DiffuseColor');
			link(mat.getNormalTexture(), 'NormalMap');
			link(mat.getEmissiveTexture(), 'EmissiveColor');
		}
		return id;
	};
	const usedMatNames = new Set<string>();
	function uniqueMaterialName(base: string): string {
		let n = base;
		for (let i = 1; usedMatNames.has(n); i++) n = `${base}_${i}`;
		usedMatNames.add(n);
		return n;
	}

	// --- geometry, skins, blend shapes ------------------------------------------------------
	let vertexTotal = 0;
	let polygonTotal = 0;
	let blendShapeTotal = 0;
	let meshCount = 0;
	const bindPoseNodes: FBXWriteNode[] = [];
	const posedIds = new Set<number>();
	const addPoseNode = (id: number, m: Mat4) => {
		if (posedIds.has(id)) return;
		posedIds.add(id);
		bindPoseNodes.push(node('PoseNode', [], [node('Node', [fbxL(id)]), node('Matrix', [Float64Array.from(m)])]));
	};
	/** glTF mesh → morph channel ids (in target order), per model, for weight animation. */
	const morphChannels = new Map<Node, number[]>();
	for (const n of order) {
		const mesh = n.getMesh();
		if (!mesh) continue;
		const model = meshModel.get(n) ?? models.get(n)!;
		const skin = n.getSkin();
		const G = bindOf.get(n);
		// Positions: glTF (bind) space → mesh-model local → FBX
		const P3 = multiply(C, G ? invert(G) : identity());
		const N3 = normalMatrix(P3);
		const geo = geometryFor(mesh, P3, N3, warnings);
		if (!geo) continue;
		meshCount++;
		vertexTotal += geo.cpCount;
		polygonTotal += geo.polygons;
		const geoId = newId();
		const matIds = geo.materials.map((m) => materialObject(m));
		const children: FBXWriteNode[] = [
			node('Properties70', []),
			node('GeometryVersion', [fbxI(124)]),
			node('Vertices', [geo.vertices]),
			node('PolygonVertexIndex', [geo.pvi]),
		];
		const layer0: FBXWriteNode[] = [node('Version', [fbxI(100)])];
		const layerEl = (type: string, index: number) => node('LayerElement', [], [node('Type', [type]), node('TypedIndex', [fbxI(index)])]);
		if (geo.normals) {
			children.push(
				node('LayerElementNormal', [fbxI(0)], [
					node('Version', [fbxI(101)]),
					node('Name', ['']),
					node('MappingInformationType', ['ByPolygonVertex']),
					node('ReferenceInformationType', ['Direct']),
					node('Normals', [geo.normals]),
				]),
			);
			layer0.push(layerEl('LayerElementNormal', 0));
		}
		if (geo.colors) {
			children.push(
				node('LayerElementColor', [fbxI(0)], [
					node('Version', [fbxI(101)]),
					node('Name', ['Color']),
					node('MappingInformationType', ['ByPolygonVertex']),
					node('ReferenceInformationType', ['IndexToDirect']),
					node('Colors', [geo.colors]),
					node('ColorIndex', [geo.cornerIndex]),
				]),
			);
			layer0.push(layerEl('LayerElementColor', 0));
		}
		geo.uvs.forEach((uv, k) => {
			children.push(
				node('LayerElementUV', [fbxI(k)], [
					node('Version', [fbxI(101)]),
					node('Name', [k === 0 ? 'UVMap' : `UVMap${k}`]),
					node('MappingInformationType', ['ByPolygonVertex']),
					node('ReferenceInformationType', ['IndexToDirect']),
					node('UV', [uv]),
					node('UVIndex', [geo.cornerIndex]),
				]),
			);
		});
		if (geo.materials.length) {
			const single = geo.materials.length === 1;
			children.push(
				node('LayerElementMaterial', [fbxI(0)], [
					node('Version', [fbxI(101)]),
					node('Name', ['']),
					node('MappingInformationType', [single ? 'AllSame' : 'ByPolygon']),
					node('ReferenceInformationType', ['IndexToDirect']),
					node('Materials', [single ? Int32Array.of(0) : geo.polygonMaterial]),
				]),
			);
			layer0.push(layerEl('LayerElementMaterial', 0));
		}
		if (geo.uvs.length) layer0.push(layerEl('LayerElementUV', 0));
		children.push(node('Layer', [fbxI(0)], layer0));
		for (let k = 1; k < geo.uvs.length; k++) children.push(node('Layer', [fbxI(k)], [node('Version', [fbxI(100)]), layerEl('LayerElementUV', k)]));
		objects.push(node('Geometry', [fbxL(geoId), `Geometry::${model.name}`, 'Mesh'], children));
		count('Geometry');
		OO(geoId, model.id);
		for (const mid of matIds) OO(mid, model.id);

		// Blend shapes
		if (geo.targets.length) {
			const bsId = newId();
			objects.push(node('Deformer', [fbxL(bsId), `Deformer::${model.name}`, 'BlendShape'], [node('Version', [fbxI(100)])]));
			count('Deformer');
			OO(bsId, geoId);
			const weights = mesh.getWeights();
			const ids: number[] = [];
			geo.targets.forEach((t, k) => {
				const chId = newId();
				const shId = newId();
				const pct = (weights[k] ?? 0) * 100;
				objects.push(
					node('Deformer', [fbxL(chId), `SubDeformer::${t.name}`, 'BlendShapeChannel'], [
						node('Version', [fbxI(100)]),
						node('DeformPercent', [pct]),
						node('FullWeights', [Float64Array.of(100)]),
						node('Properties70', [], [P('DeformPercent', 'Number', '', 'A', pct)]),
					]),
				);
				objects.push(
					node('Geometry', [fbxL(shId), `Geometry::${t.name}`, 'Shape'], [
						node('Version', [fbxI(100)]),
						node('Indexes', [t.indexes]),
						node('Vertices', [t.deltas]),
					]),
				);
				count('Deformer');
				count('Geometry');
				OO(shId, chId);
				OO(chId, bsId);
				ids.push(chId);
				blendShapeTotal++;
			});
			morphChannels.set(n, ids);
		}

		// Skin
		if (skin && G) {
			const skinId = newId();
			objects.push(node('Deformer', [fbxL(skinId), `Deformer::${model.name}`, 'Skin'], [node('Version', [fbxI(101)]), node('Link_DeformAcuracy', [50])]));
			count('Deformer');
			OO(skinId, geoId);
			const skinJoints = skin.listJoints();
			const ibmAcc = skin.getInverseBindMatrices();
			const perJoint = collectWeights(mesh, skinJoints.length);
			const Gf = toFbx(G);
			addPoseNode(model.id, Gf);
			skinJoints.forEach((j, ji) => {
				const bone = models.get(j);
				if (!bone) return;
				const ibm = ibmAcc ? Float64Array.from(ibmAcc.getElement(ji, [])) : invert(worldOf.get(j)!);
				const link = toFbx(invert(ibm));
				const transform = toFbx(multiply(ibm, G));
				const w = perJoint[ji];
				const clId = newId();
				objects.push(
					node('Deformer', [fbxL(clId), `SubDeformer::${bone.name}`, 'Cluster'], [
						node('Version', [fbxI(100)]),
						node('UserData', ['', '']),
						node('Indexes', [Int32Array.from(w.indexes)]),
						node('Weights', [Float64Array.from(w.weights)]),
						node('Transform', [transform]),
						node('TransformLink', [link]),
					]),
				);
				count('Deformer');
				OO(clId, skinId);
				OO(bone.id, clId);
				addPoseNode(bone.id, link);
			});
		}
	}
	if (bindPoseNodes.length) {
		const poseId = newId();
		objects.push(node('Pose', [fbxL(poseId), 'Pose::BIND_POSES', 'BindPose'], [node('Type', ['BindPose']), node('Version', [fbxI(100)]), node('NbPoseNodes', [fbxI(bindPoseNodes.length)]), ...bindPoseNodes]));
		count('Pose');
	}

	// --- animation --------------------------------------------------------------------------
	let animCount = 0;
	let firstStack = '';
	let maxStop = 0;
	const takes: FBXWriteNode[] = [];
	if (options.animations !== false) {
		for (const anim of root.listAnimations()) {
			const written = writeAnimation(anim);
			if (written) {
				animCount++;
				if (!firstStack) firstStack = written.name;
				maxStop = Math.max(maxStop, written.stop);
				takes.push(node('Take', [written.name], [node('FileName', [`${written.name.replace(/[^\w.-]+/g, '_')}.tak`]), node('LocalTime', [fbxL(0), fbxL(written.stop)]), node('ReferenceTime', [fbxL(0), fbxL(written.stop)])]));
			}
		}
	}

	function writeAnimation(anim: Animation): { name: string; stop: number } | undefined {
		// node → path → sampler
		const byNode = new Map<Node, Map<string, SamplerData>>();
		for (const ch of anim.listChannels()) {
			const target = ch.getTargetNode();
			const sampler = ch.getSampler();
			const path = ch.getTargetPath();
			if (!target || !sampler || !path) continue;
			const data = samplerData(sampler);
			if (!data) continue;
			let m = byNode.get(target);
			if (!m) byNode.set(target, (m = new Map()));
			m.set(path, data);
		}
		if (byNode.size === 0) return undefined;
		const stackId = newId();
		const layerId = newId();
		let start = Infinity;
		let stop = 0;
		const curveNodes: FBXWriteNode[] = [];
		const curve = (times: bigint[], values: number[], def: number): number => {
			const id = newId();
			curveNodes.push(
				node('AnimationCurve', [fbxL(id), 'AnimCurve::', ''], [
					node('Default', [def]),
					node('KeyVer', [fbxI(4008)]),
					node('KeyTime', [BigInt64Array.from(times)]),
					node('KeyValueFloat', [Float32Array.from(values)]),
					node('KeyAttrFlags', [Int32Array.of(0x00000104)]),
					node('KeyAttrDataFloat', [Float32Array.of(0, 0, 0, 0)]),
					node('KeyAttrRefCount', [Int32Array.of(times.length)]),
				]),
			);
			count('AnimationCurve');
			return id;
		};
		const curveNode = (name: string, props: [string, number][], target: number, targetProp: string, curves: [string, bigint[], number[]][]) => {
			const id = newId();
			curveNodes.push(node('AnimationCurveNode', [fbxL(id), `AnimCurveNode::${name}`, ''], [node('Properties70', [], props.map(([k, v]) => P(k, 'Number', '', 'A', v)))]));
			count('AnimationCurveNode');
			OO(id, layerId);
			OP(id, target, targetProp);
			for (const [prop, times, values] of curves) OP(curve(times, values, values[0] ?? 0), id, prop);
		};
		for (const [n, paths] of byNode) {
			const times = sampleTimes([...paths.values()].map((s) => s.input), fps);
			if (times.length === 0) continue;
			start = Math.min(start, times[0]);
			stop = Math.max(stop, times[times.length - 1]);
			const ticks = times.map((t) => BigInt(Math.round(t * FBX_TICKS_PER_SECOND)));
			const model = models.get(n);
			const trs = paths.has('translation') || paths.has('rotation') || paths.has('scale');
			if (model && trs) {
				if (model.moved) warnings.push(`animation ${anim.getName()}: ${model.name} is a skinned mesh node; its animation was dropped`);
				else {
					const T: number[][] = [[], [], []];
					const R: number[][] = [[], [], []];
					const S: number[][] = [[], [], []];
					let prev: Vec3 | undefined;
					for (const t of times) {
						const tr = paths.has('translation') ? evalSampler(paths.get('translation')!, t, false) : [...n.getTranslation()];
						const rot = paths.has('rotation') ? evalSampler(paths.get('rotation')!, t, true) : [...n.getRotation()];
						const sc = paths.has('scale') ? evalSampler(paths.get('scale')!, t, false) : [...n.getScale()];
						let local = compose(tr, rot, sc);
						if (model.parent && model.gltf && parentOf.get(model.gltf) && models.get(parentOf.get(model.gltf)!)?.moved) {
							// Parent model was moved: express relative to its new placement.
							const pn = parentOf.get(model.gltf)!;
							local = multiply(multiply(invert(models.get(pn)!.world), worldOf.get(pn)!), local);
						}
						const d = decompose(toFbx(local));
						let e = quatToEulerXYZ(d.r as Quat);
						if (prev) e = eulerNear(e, prev);
						prev = e;
						for (let k = 0; k < 3; k++) {
							T[k].push(d.t[k]);
							R[k].push(e[k]);
							S[k].push(d.s[k]);
						}
					}
					const xyz = ['d|X', 'd|Y', 'd|Z'];
					const add = (name: string, prop: string, data: number[][]) =>
						curveNode(name, xyz.map((k, i) => [k, data[i][0]] as [string, number]), model.id, prop, xyz.map((k, i) => [k, ticks, data[i]] as [string, bigint[], number[]]));
					add('T', 'Lcl Translation', T);
					add('R', 'Lcl Rotation', R);
					if (paths.has('scale')) add('S', 'Lcl Scaling', S);
				}
			}
			const weightsSampler = paths.get('weights');
			const channels = morphChannels.get(n);
			if (weightsSampler && channels) {
				const values: number[][] = channels.map(() => []);
				for (const t of times) {
					const w = evalSampler(weightsSampler, t, false);
					channels.forEach((_, k) => values[k].push((w[k] ?? 0) * 100));
				}
				channels.forEach((chId, k) => curveNode('DeformPercent', [['d|DeformPercent', values[k][0]]], chId, 'DeformPercent', [['d|DeformPercent', ticks, values[k]]]));
			}
		}
		if (curveNodes.length === 0) return undefined;
		const name = anim.getName() || `Take${animCount + 1}`;
		const startTicks = Math.round((Number.isFinite(start) ? start : 0) * FBX_TICKS_PER_SECOND);
		const stopTicks = Math.round(stop * FBX_TICKS_PER_SECOND);
		objects.push(
			node('AnimationStack', [fbxL(stackId), `AnimStack::${name}`, ''], [
				node('Properties70', [], [
					P('LocalStart', 'KTime', 'Time', '', fbxL(startTicks)),
					P('LocalStop', 'KTime', 'Time', '', fbxL(stopTicks)),
					P('ReferenceStart', 'KTime', 'Time', '', fbxL(startTicks)),
					P('ReferenceStop', 'KTime', 'Time', '', fbxL(stopTicks)),
				]),
			]),
		);
		objects.push(node('AnimationLayer', [fbxL(layerId), 'AnimLayer::BaseLayer', ''], []));
		count('AnimationStack');
		count('AnimationLayer');
		OO(layerId, stackId);
		objects.push(...curveNodes);
		return { name, stop: stopTicks };
	}

	// --- document sections ------------------------------------------------------------------
	const timeMode = fps === 30 ? 6 : fps === 24 ? 11 : fps === 60 ? 3 : fps === 25 ? 10 : 14;
	const usf = options.units === 'cm' ? 1 : 100;
	const creator = options.creator ?? 'axis-pipeline FBX writer';
	const globalProps: FBXWriteNode[] = [
		P('UpAxis', 'int', 'Integer', '', fbxI(zUp ? 2 : 1)),
		P('UpAxisSign', 'int', 'Integer', '', fbxI(1)),
		P('FrontAxis', 'int', 'Integer', '', fbxI(zUp ? 1 : 2)),
		P('FrontAxisSign', 'int', 'Integer', '', fbxI(zUp ? -1 : 1)),
		P('CoordAxis', 'int', 'Integer', '', fbxI(0)),
		P('CoordAxisSign', 'int', 'Integer', '', fbxI(1)),
		P('OriginalUpAxis', 'int', 'Integer', '', fbxI(zUp ? 2 : 1)),
		P('OriginalUpAxisSign', 'int', 'Integer', '', fbxI(1)),
		P('UnitScaleFactor', 'double', 'Number', '', usf),
		P('OriginalUnitScaleFactor', 'double', 'Number', '', usf),
		P('AmbientColor', 'ColorRGB', 'Color', '', 0, 0, 0),
		P('DefaultCamera', 'KString', '', '', 'Producer Perspective'),
		P('TimeMode', 'enum', '', '', fbxI(timeMode)),
		P('TimeProtocol', 'enum', '', '', fbxI(2)),
		P('SnapOnFrameMode', 'enum', '', '', fbxI(0)),
		P('TimeSpanStart', 'KTime', 'Time', '', fbxL(0)),
		P('TimeSpanStop', 'KTime', 'Time', '', fbxL(maxStop || FBX_TICKS_PER_SECOND)),
		P('CustomFrameRate', 'double', 'Number', '', fps),
		P('CurrentTimeMarker', 'int', 'Integer', '', fbxI(-1)),
	];
	const header = node('FBXHeaderExtension', [], [
		node('FBXHeaderVersion', [fbxI(1003)]),
		node('FBXVersion', [fbxI(7400)]),
		node('EncryptionType', [fbxI(0)]),
		node('CreationTimeStamp', [], [
			node('Version', [fbxI(1000)]),
			node('Year', [fbxI(1970)]),
			node('Month', [fbxI(1)]),
			node('Day', [fbxI(1)]),
			node('Hour', [fbxI(10)]),
			node('Minute', [fbxI(0)]),
			node('Second', [fbxI(0)]),
			node('Millisecond', [fbxI(0)]),
		]),
		node('Creator', [creator]),
		node('SceneInfo', ['GlobalInfo::SceneInfo', 'UserData'], [
			node('Type', ['UserData']),
			node('Version', [fbxI(100)]),
			node('MetaData', [], [node('Version', [fbxI(100)]), node('Title', ['']), node('Subject', ['']), node('Author', ['']), node('Keywords', ['']), node('Revision', ['']), node('Comment', [''])]),
			node('Properties70', [], [P('Original|ApplicationVendor', 'KString', '', '', 'axis'), P('Original|ApplicationName', 'KString', '', '', 'axis-pipeline'), P('Original|ApplicationVersion', 'KString', '', '', '0.1')]),
		]),
	]);
	const docId = newId();
	const definitions = node('Definitions', [], [
		node('Version', [fbxI(100)]),
		node('Count', [fbxI([...counts.values()].reduce((a, b) => a + b, 1))]),
		node('ObjectType', ['GlobalSettings'], [node('Count', [fbxI(1)])]),
		...[...counts].map(([type, n]) => node('ObjectType', [type], [node('Count', [fbxI(n)])])),
	]);
	const nodes: FBXWriteNode[] = [
		header,
		node('FileId', [FBX_FILE_ID]),
		node('CreationTime', [FBX_CREATION_TIME]),
		node('Creator', [creator]),
		node('GlobalSettings', [], [node('Version', [fbxI(1000)]), node('Properties70', [], globalProps)]),
		node('Documents', [], [
			node('Count', [fbxI(1)]),
			node('Document', [fbxL(docId), 'Scene', 'Scene'], [
				node('Properties70', [], [P('SourceObject', 'object', '', ''), P('ActiveAnimStackName', 'KString', '', '', firstStack)]),
				node('RootNode', [fbxL(0)]),
			]),
		]),
		node('References', []),
		definitions,
		node('Objects', [], objects),
		node('Connections', [], connections),
		node('Takes', [], [node('Current', [firstStack]), ...takes]),
	];
	return {
		nodes,
		stats: {
			models: modelList.length,
			bones: bones.length,
			meshes: meshCount,
			vertices: vertexTotal,
			polygons: polygonTotal,
			materials: materialIds.size,
			textures: textureIds.size,
			blendShapes: blendShapeTotal,
			animations: animCount,
			warnings,
		},
	};

	// ---- helpers that need the closure ---------------------------------------------------------
	function geometryFor(mesh: Mesh, Pm: Mat4, Nm: Mat4, warn: string[]) {
		const prims = mesh.listPrimitives().filter((p) => {
			if (p.getMode() !== 4) {
				warn.push(`mesh ${mesh.getName()}: a primitive in mode ${p.getMode()} (not triangles) was skipped`);
				return false;
			}
			return !!p.getAttribute('POSITION');
		});
		if (prims.length === 0) return undefined;
		const cpCount = prims.reduce((a, p) => a + p.getAttribute('POSITION')!.getCount(), 0);
		const uvSets = Math.max(0, ...prims.map((p) => countSets(p, 'TEXCOORD_')));
		const hasNormals = prims.every((p) => !!p.getAttribute('NORMAL'));
		const hasColors = prims.some((p) => !!p.getAttribute('COLOR_0'));
		const materials: (Material | null)[] = [];
		const matIndex = (m: Material | null) => {
			let i = materials.indexOf(m);
			if (i < 0) i = materials.push(m) - 1;
			return i;
		};
		const vertices = new Float64Array(cpCount * 3);
		const uvs = Array.from({ length: uvSets }, () => new Float64Array(cpCount * 2));
		const colors = hasColors ? new Float64Array(cpCount * 4).fill(1) : undefined;
		const pvi: number[] = [];
		const cornerIndex: number[] = [];
		const normals: number[] = [];
		const polyMat: number[] = [];
		const el: number[] = [];
		const tmp = [0, 0, 0];
		let base = 0;
		// Morph targets: k → deltas per control point
		const targetCount = Math.max(0, ...prims.map((p) => p.listTargets().length));
		const targetDeltas = Array.from({ length: targetCount }, () => new Float64Array(cpCount * 3));
		const cornerNormal = (p: Primitive, v: number, out: number[]) => {
			p.getAttribute('NORMAL')!.getElement(v, el);
			const x = Nm[0] * el[0] + Nm[4] * el[1] + Nm[8] * el[2];
			const y = Nm[1] * el[0] + Nm[5] * el[1] + Nm[9] * el[2];
			const z = Nm[2] * el[0] + Nm[6] * el[1] + Nm[10] * el[2];
			const l = Math.hypot(x, y, z) || 1;
			out.push(x / l, y / l, z / l);
		};
		for (const p of prims) {
			const pos = p.getAttribute('POSITION')!;
			const n = pos.getCount();
			for (let v = 0; v < n; v++) {
				pos.getElement(v, el);
				transform(Pm, el, tmp);
				vertices.set(tmp, (base + v) * 3);
			}
			for (let k = 0; k < uvSets; k++) {
				const uv = p.getAttribute(`TEXCOORD_${k}`);
				if (!uv) continue;
				for (let v = 0; v < n; v++) {
					uv.getElement(v, el);
					uvs[k][(base + v) * 2] = el[0];
					uvs[k][(base + v) * 2 + 1] = 1 - el[1];
				}
			}
			const col = p.getAttribute('COLOR_0');
			if (col && colors) {
				for (let v = 0; v < n; v++) {
					col.getElement(v, el);
					colors[(base + v) * 4] = el[0];
					colors[(base + v) * 4 + 1] = el[1];
					colors[(base + v) * 4 + 2] = el[2];
					colors[(base + v) * 4 + 3] = el.length > 3 ? el[3] : 1;
				}
			}
			p.listTargets().forEach((t, k) => {
				const d = t.getAttribute('POSITION');
				if (!d) return;
				for (let v = 0; v < n; v++) {
					d.getElement(v, el);
					// Deltas transform with the linear part only.
					targetDeltas[k][(base + v) * 3] = Pm[0] * el[0] + Pm[4] * el[1] + Pm[8] * el[2];
					targetDeltas[k][(base + v) * 3 + 1] = Pm[1] * el[0] + Pm[5] * el[1] + Pm[9] * el[2];
					targetDeltas[k][(base + v) * 3 + 2] = Pm[2] * el[0] + Pm[6] * el[1] + Pm[10] * el[2];
				}
			});
			const mi = matIndex(p.getMaterial());
			const idx = p.getIndices();
			const triCount = idx ? Math.floor(idx.getCount() / 3) : Math.floor(n / 3);
			for (let t = 0; t < triCount; t++) {
				const a = idx ? idx.getScalar(t * 3) : t * 3;
				const b = idx ? idx.getScalar(t * 3 + 1) : t * 3 + 1;
				const c = idx ? idx.getScalar(t * 3 + 2) : t * 3 + 2;
				if (a === b || b === c || a === c) continue;
				pvi.push(base + a, base + b, -(base + c) - 1);
				cornerIndex.push(base + a, base + b, base + c);
				if (hasNormals) {
					cornerNormal(p, a, normals);
					cornerNormal(p, b, normals);
					cornerNormal(p, c, normals);
				}
				polyMat.push(mi);
			}
			base += n;
		}
		const names = ((mesh.getExtras() as { targetNames?: unknown }).targetNames ?? []) as unknown[];
		const targets = targetDeltas.map((d, k) => {
			const idxs: number[] = [];
			const vals: number[] = [];
			for (let v = 0; v < cpCount; v++) {
				const x = d[v * 3], y = d[v * 3 + 1], z = d[v * 3 + 2];
				if (x !== 0 || y !== 0 || z !== 0) {
					idxs.push(v);
					vals.push(x, y, z);
				}
			}
			const tName = typeof names[k] === 'string' ? (names[k] as string) : prims.map((p) => p.listTargets()[k]?.getName()).find((s) => !!s) || `target_${k}`;
			return { name: tName, indexes: Int32Array.from(idxs), deltas: Float64Array.from(vals) };
		});
		return {
			cpCount,
			polygons: polyMat.length,
			vertices,
			pvi: Int32Array.from(pvi),
			cornerIndex: Int32Array.from(cornerIndex),
			normals: hasNormals ? Float64Array.from(normals) : undefined,
			uvs,
			colors,
			materials: materials.every((m) => m === null) ? [] : materials,
			polygonMaterial: Int32Array.from(polyMat),
			targets,
		};
	}
}

function transform(m: ArrayLike<number>, v: ArrayLike<number>, out: number[]): void {
	out[0] = m[0] * v[0] + m[4] * v[1] + m[8] * v[2] + m[12];
	out[1] = m[1] * v[0] + m[5] * v[1] + m[9] * v[2] + m[13];
	out[2] = m[2] * v[0] + m[6] * v[1] + m[10] * v[2] + m[14];
}

function countSets(p: Primitive, prefix: string): number {
	let k = 0;
	while (p.getAttribute(`${prefix}${k}`)) k++;
	return k;
}

/** Per joint index: the control points it weights and the weights (primitives concatenated as in the geometry). */
function collectWeights(mesh: Mesh, jointCount: number): { indexes: number[]; weights: number[] }[] {
	const out = Array.from({ length: jointCount }, () => ({ indexes: [] as number[], weights: [] as number[] }));
	let base = 0;
	const j: number[] = [];
	const w: number[] = [];
	for (const p of mesh.listPrimitives()) {
		if (p.getMode() !== 4 || !p.getAttribute('POSITION')) continue;
		const n = p.getAttribute('POSITION')!.getCount();
		for (let set = 0; ; set++) {
			const J = p.getAttribute(`JOINTS_${set}`);
			const W = p.getAttribute(`WEIGHTS_${set}`);
			if (!J || !W) break;
			for (let v = 0; v < n; v++) {
				J.getElement(v, j);
				W.getElement(v, w);
				for (let k = 0; k < j.length; k++) {
					if (!(w[k] > 0)) continue;
					const rec = out[j[k]];
					if (!rec) continue;
					// The same joint twice on one vertex: add up.
					if (rec.indexes.length && rec.indexes[rec.indexes.length - 1] === base + v) rec.weights[rec.weights.length - 1] += w[k];
					else {
						rec.indexes.push(base + v);
						rec.weights.push(w[k]);
					}
				}
			}
		}
		base += n;
	}
	return out;
}

/**
 * The rest placement of a skinned mesh: world(j) · IBM(j) for its most-weighted
 * joint (identity when that is not a clean TRS matrix).
 */
export function skinBindMatrix(n: Node, worldOf: Map<Node, Mat4>): Mat4 {
	const skin = n.getSkin()!;
	const mesh = n.getMesh()!;
	const jointsList = skin.listJoints();
	const ibm = skin.getInverseBindMatrices();
	const totals = new Float64Array(jointsList.length);
	const j: number[] = [];
	const w: number[] = [];
	for (const p of mesh.listPrimitives()) {
		const J = p.getAttribute('JOINTS_0');
		const W = p.getAttribute('WEIGHTS_0');
		if (!J || !W) continue;
		const step = Math.max(1, Math.floor(J.getCount() / 2000));
		for (let v = 0; v < J.getCount(); v += step) {
			J.getElement(v, j);
			W.getElement(v, w);
			for (let k = 0; k < 4; k++) if (j[k] < totals.length) totals[j[k]] += w[k];
		}
	}
	let best = 0;
	for (let i = 1; i < totals.length; i++) if (totals[i] > totals[best]) best = i;
	const joint = jointsList[best];
	if (!joint || !worldOf.has(joint)) return identity();
	const inv = ibm ? Float64Array.from(ibm.getElement(best, [])) : invert(worldOf.get(joint)!);
	const G = multiply(worldOf.get(joint)!, inv);
	const { t, r, s } = decompose(G);
	const back = compose(t, r, s);
	const scale = Math.max(1, ...G.slice(0, 15).map(Math.abs));
	return maxDiff(back, G) < 1e-5 * scale ? back : identity();
}


/**
 * Key times for one node: the union of its samplers' key times (merged when
 * closer than 0.1 ms), with gaps longer than one frame filled at `fps` so
 * that linear Euler keys follow the glTF slerp closely.
 */
export function sampleTimes(inputs: Float64Array[], fps: number): number[] {
	const all: number[] = [];
	for (const input of inputs) for (const t of input) all.push(t);
	all.sort((a, b) => a - b);
	const keys: number[] = [];
	for (const t of all) if (!keys.length || t - keys[keys.length - 1] > 1e-4) keys.push(t);
	const out: number[] = [];
	const frame = 1 / fps;
	for (let i = 0; i < keys.length; i++) {
		out.push(keys[i]);
		if (i + 1 < keys.length) {
			const gap = keys[i + 1] - keys[i];
			const steps = Math.ceil(gap / frame - 1e-6);
			for (let s = 1; s < steps; s++) out.push(keys[i] + (gap * s) / steps);
		}
	}
	return out;
}
