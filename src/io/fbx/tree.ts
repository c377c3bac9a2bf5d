/**
 * The node tree shared by the binary and ASCII FBX tokenizers.
 *
 * Scalars: numbers (int64 values outside the safe-integer range stay bigint),
 * strings, booleans; raw bytes ('R') are Uint8Array; arrays are typed arrays
 * (binary 'd'/'l' → Float64Array, 'f' → Float32Array, 'i' → Int32Array,
 * 'b'/'c' → Uint8Array; ASCII `a:` arrays → Float64Array).
 */
export type FBXNumArray = Float64Array | Float32Array | Int32Array | Uint8Array;
export type FBXProp = number | bigint | string | boolean | Uint8Array | FBXNumArray;

export interface FBXNode {
	name: string;
	props: FBXProp[];
	children: FBXNode[];
}

export interface FBXTree {
	version: number;
	encoding: 'binary' | 'ascii';
	nodes: FBXNode[];
}

/** FBX time units per second. */
export const FBX_TICKS_PER_SECOND = 46186158000;

export function child(node: FBXNode | undefined, name: string): FBXNode | undefined {
	if (!node) return undefined;
	for (const c of node.children) if (c.name === name) return c;
	return undefined;
}

export function childrenNamed(node: FBXNode | undefined, name: string): FBXNode[] {
	return node ? node.children.filter((c) => c.name === name) : [];
}

export function findTop(tree: FBXTree, name: string): FBXNode | undefined {
	for (const n of tree.nodes) if (n.name === name) return n;
	return undefined;
}

export function isNumArray(p: FBXProp | undefined): p is FBXNumArray {
	return ArrayBuffer.isView(p) && !(p instanceof DataView);
}

/** The first property of a child node as a numeric array (empty when absent). */
export function childArray(node: FBXNode | undefined, name: string): FBXNumArray {
	const c = child(node, name);
	const p = c?.props[0];
	if (isNumArray(p)) return p;
	if (typeof p === 'number') return Float64Array.of(p);
	return new Float64Array(0);
}

export function propNumber(p: FBXProp | undefined, fallback = 0): number {
	if (typeof p === 'number') return p;
	if (typeof p === 'bigint') return Number(p);
	if (typeof p === 'boolean') return p ? 1 : 0;
	if (typeof p === 'string') {
		const n = Number(p);
		return Number.isFinite(n) ? n : fallback;
	}
	return fallback;
}

export function propString(p: FBXProp | undefined, fallback = ''): string {
	if (typeof p === 'string') return p;
	if (typeof p === 'number' || typeof p === 'bigint' || typeof p === 'boolean') return String(p);
	return fallback;
}

/** The first property of a child node as a string. */
export function childString(node: FBXNode | undefined, name: string, fallback = ''): string {
	return propString(child(node, name)?.props[0], fallback);
}

export function childNumber(node: FBXNode | undefined, name: string, fallback = 0): number {
	return propNumber(child(node, name)?.props[0], fallback);
}

/** A Properties70 entry: `P: "name", "type", "label", "flags", value...`. */
export interface FBXProperty70 {
	type: string;
	values: FBXProp[];
}

export type Props70 = Map<string, FBXProperty70>;

export function readProps70(node: FBXNode | undefined): Props70 {
	const out: Props70 = new Map();
	const p70 = child(node, 'Properties70') ?? child(node, 'Properties60');
	if (!p70) return out;
	for (const p of p70.children) {
		if (p.name !== 'P' && p.name !== 'Property') continue;
		const name = propString(p.props[0]);
		if (!name) continue;
		const valueStart = p.name === 'P' ? 4 : 3;
		out.set(name, { type: propString(p.props[1]), values: p.props.slice(valueStart) });
	}
	return out;
}

export function p70Number(props: Props70, name: string, fallback: number): number {
	const p = props.get(name);
	if (!p || p.values.length === 0) return fallback;
	const v = propNumber(p.values[0], Number.NaN);
	return Number.isFinite(v) ? v : fallback;
}

export function p70Vec3(props: Props70, name: string, fallback: [number, number, number]): [number, number, number] {
	const p = props.get(name);
	if (!p || p.values.length < 3) return fallback;
	const v: [number, number, number] = [propNumber(p.values[0], Number.NaN), propNumber(p.values[1], Number.NaN), propNumber(p.values[2], Number.NaN)];
	return v.every(Number.isFinite) ? v : fallback;
}

export function p70String(props: Props70, name: string, fallback = ''): string {
	const p = props.get(name);
	return p && p.values.length > 0 ? propString(p.values[0], fallback) : fallback;
}

/** Object names look like `Model::Hips` (ASCII) or `Hips\0\x01Model` (binary, flipped by the tokenizer). */
export function objectName(full: string): string {
	const i = full.indexOf('::');
	return i >= 0 ? full.slice(i + 2) : full;
}

/** A stable map key for an object id (int64 ids may be bigint). */
export function idKey(p: FBXProp | undefined): string {
	if (typeof p === 'number' || typeof p === 'bigint') return String(p);
	if (typeof p === 'string') return p;
	return '';
}
