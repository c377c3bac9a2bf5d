import type { FBXObject, Graph } from './graph.js';
import type { Mat4 } from './math.js';
import { childArray, type FBXTree, idKey } from './tree.js';

export interface ClusterInfo {
	boneId: string;
	indexes: ArrayLike<number>;
	weights: ArrayLike<number>;
	/** As stored in the file: TransformLink⁻¹ · (mesh global matrix at bind time). */
	transform?: Mat4;
	/** Bone global matrix at bind time (FBX space). */
	transformLink?: Mat4;
}

export interface SkinInfo {
	skinId: string;
	clusters: ClusterInfo[];
}

function matrixOf(arr: ArrayLike<number>): Mat4 | undefined {
	if (arr.length !== 16) return undefined;
	for (let i = 0; i < 16; i++) if (!Number.isFinite(arr[i])) return undefined;
	const m = Float64Array.from(arr);
	// An all-zero matrix means "not set".
	return m.some((v) => v !== 0) ? m : undefined;
}

/** The Skin deformer of a geometry with its clusters (bone, control point weights, bind matrices). */
export function readSkin(graph: Graph, geometryId: string): SkinInfo | undefined {
	const skin = graph.childObjects(geometryId, 'Deformer', 'Skin')[0];
	if (!skin) return undefined;
	const clusters: ClusterInfo[] = [];
	for (const cl of graph.childObjects(skin.id, 'Deformer', 'Cluster')) {
		const bone = graph.childObjects(cl.id, 'Model')[0];
		if (!bone) continue;
		clusters.push({
			boneId: bone.id,
			indexes: childArray(cl.node, 'Indexes'),
			weights: childArray(cl.node, 'Weights'),
			transform: matrixOf(childArray(cl.node, 'Transform')),
			transformLink: matrixOf(childArray(cl.node, 'TransformLink')),
		});
	}
	return clusters.length ? { skinId: skin.id, clusters } : undefined;
}

/** Node id → global matrix from BindPose poses. */
export function readBindPoses(graph: Graph, _tree: FBXTree): Map<string, Mat4> {
	const out = new Map<string, Mat4>();
	for (const pose of graph.ofKind('Pose')) {
		if (pose.subclass !== 'BindPose' && pose.subclass !== '') continue;
		for (const pn of pose.node.children) {
			if (pn.name !== 'PoseNode') continue;
			const nodeId = idKey(pn.children.find((c) => c.name === 'Node')?.props[0]);
			const m = matrixOf(childArray(pn, 'Matrix'));
			if (nodeId && m && !out.has(nodeId)) out.set(nodeId, m);
		}
	}
	return out;
}

const BONE_TYPES = new Set(['LimbNode', 'Limb', 'Root', 'Null']);
const SKELETON_TYPES = new Set(['LimbNode', 'Limb', 'Root']);

export function isBoneModel(o: FBXObject | undefined): boolean {
	return !!o && o.kind === 'Model' && BONE_TYPES.has(o.subclass);
}

/**
 * Skeleton roots for a set of bones: climb while the parent is a skeleton node
 * (LimbNode/Limb/Root); a Null or Mesh parent ends the skeleton.
 */
export function skeletonRoots(graph: Graph, parentOf: Map<string, string | undefined>, boneIds: Iterable<string>): string[] {
	const roots = new Set<string>();
	for (const b of boneIds) {
		let cur = b;
		const seen = new Set<string>([cur]);
		for (;;) {
			const p = parentOf.get(cur);
			if (!p || seen.has(p)) break;
			const po = graph.objects.get(p);
			if (!po || !SKELETON_TYPES.has(po.subclass)) break;
			seen.add(p);
			cur = p;
		}
		roots.add(cur);
	}
	// Drop roots that are descendants of other roots.
	const list = [...roots];
	return list.filter((r) => {
		let cur = parentOf.get(r);
		const seen = new Set<string>();
		while (cur && !seen.has(cur)) {
			if (roots.has(cur)) return false;
			seen.add(cur);
			cur = parentOf.get(cur);
		}
		return true;
	});
}

