import { type FBXNode, type FBXTree, findTop, idKey, objectName, propString } from './tree.js';

export interface FBXObject {
	id: string;
	/** Node name: Model, Geometry, Material, Deformer, AnimationCurve, … */
	kind: string;
	/** Object name without the `Class::` prefix. */
	name: string;
	/** Sub-class: Mesh, LimbNode, Null, Skin, Cluster, BlendShape, Shape, … */
	subclass: string;
	node: FBXNode;
}

export interface Connection {
	type: string; // OO or OP
	child: string;
	parent: string;
	prop?: string;
}

/** The Objects/Connections graph of an FBX file. */
export class Graph {
	readonly objects = new Map<string, FBXObject>();
	private readonly up = new Map<string, Connection[]>();
	private readonly down = new Map<string, Connection[]>();

	constructor(tree: FBXTree) {
		const objects = findTop(tree, 'Objects');
		for (const node of objects?.children ?? []) {
			const id = idKey(node.props[0]);
			if (!id) continue;
			const full = propString(node.props[1]);
			this.objects.set(id, { id, kind: node.name, name: objectName(full), subclass: propString(node.props[2]), node });
		}
		const conns = findTop(tree, 'Connections');
		for (const c of conns?.children ?? []) {
			if (c.name !== 'C' && c.name !== 'Connect') continue;
			const type = propString(c.props[0]);
			const childId = idKey(c.props[1]);
			const parentId = idKey(c.props[2]);
			if (!childId || !parentId) continue;
			const conn: Connection = { type, child: childId, parent: parentId, prop: c.props.length > 3 ? propString(c.props[3]) : undefined };
			push(this.up, childId, conn);
			push(this.down, parentId, conn);
		}
	}

	/** Connections where `id` is the child (its parents / owners), in file order. */
	parentsOf(id: string): Connection[] {
		return this.up.get(id) ?? [];
	}

	/** Connections where `id` is the parent, in file order. */
	childrenOf(id: string): Connection[] {
		return this.down.get(id) ?? [];
	}

	/** Objects of a kind connected below `id`. */
	childObjects(id: string, kind?: string, subclass?: string): FBXObject[] {
		const out: FBXObject[] = [];
		for (const c of this.childrenOf(id)) {
			const o = this.objects.get(c.child);
			if (o && (!kind || o.kind === kind) && (!subclass || o.subclass === subclass)) out.push(o);
		}
		return out;
	}

	/** Objects of a kind that `id` is connected to (its parents). */
	parentObjects(id: string, kind?: string, subclass?: string): FBXObject[] {
		const out: FBXObject[] = [];
		for (const c of this.parentsOf(id)) {
			const o = this.objects.get(c.parent);
			if (o && (!kind || o.kind === kind) && (!subclass || o.subclass === subclass)) out.push(o);
		}
		return out;
	}

	ofKind(kind: string): FBXObject[] {
		return [...this.objects.values()].filter((o) => o.kind === kind);
	}
}

function push(map: Map<string, Connection[]>, key: string, c: Connection): void {
	const list = map.get(key);
	if (list) list.push(c);
	else map.set(key, [c]);
}
