/**
 * Finger joints. Each hand is voxelised again at a fine resolution (1/640 of
 * the height, about 3 mm), and the geodesic distance from the wrist is
 * computed through it. Fingers are the persistent branches of that distance
 * (processing voxels from far to near with a union-find, a finger is born at
 * its tip and dies where it joins the palm at the web): the five most
 * persistent branches are the digits. The thumb is the branch that lies most
 * toward the front (palms face down or inward in T and A poses) and leaves
 * the palm nearest the wrist; the others are ordered from the thumb side.
 * Along each finger the level sets' centroids give its centre line; the
 * knuckle (joint 1) lies inside the palm, behind the web.
 *
 * Mitten hands (fewer than five branches) get a fan of chains placed inside
 * the hand's volume: the four fingers spread across the palm's width, the
 * thumb (when it is not found as its own branch) toward the front.
 */
import { FINGER_FRACTIONS, FINGERS, type Side } from '../../skeleton/axis65.js';
import type { JointMap } from './joints.js';
import { type Vec3, VoxelGrid } from './voxels.js';

export interface HandResult {
	/** Digits found as separate branches (0 for a mitten). */
	separated: number;
	thumbFound: boolean;
	/** The hand's fine voxel model and its vertex set, reused for weights. */
	grid: VoxelGrid;
	/** Soup vertex indices of the hand region. */
	vertices: Uint32Array;
}

interface Branch {
	tip: number;
	birth: number;
	death: number;
	voxels: number[];
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vec3, b: Vec3, s = 1): Vec3 => [a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): Vec3 => {
	const l = Math.hypot(a[0], a[1], a[2]) || 1;
	return [a[0] / l, a[1] / l, a[2] / l];
};
const lerp = (a: Vec3, b: Vec3, t: number): Vec3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** Fractions of joints 2 and 3 along joint 1 → 4 (Mixamo's hands). */
const PHALANX = FINGER_FRACTIONS.phalanges;
/** How far past the limb's extremity the hand's vertices are taken (fraction of the height). */
const HAND_MARGIN = 0.03;

export function placeHand(positions: Float32Array, triangles: Uint32Array, height: number, wrist: Vec3, tip: Vec3, side: 0 | 1, joints: JointMap): HandResult {
	const name: Side = side === 0 ? 'Left' : 'Right';
	const axis = norm(sub(tip, wrist));
	const length = Math.hypot(...sub(tip, wrist));
	const reach = length + HAND_MARGIN * height;
	// Vertices of the hand: beyond the wrist plane (less a margin) and within reach.
	const inHand = new Uint8Array(positions.length / 3);
	const list: number[] = [];
	const min: Vec3 = [Infinity, Infinity, Infinity];
	const max: Vec3 = [-Infinity, -Infinity, -Infinity];
	for (let v = 0; v < inHand.length; v++) {
		const rx = positions[v * 3] - wrist[0], ry = positions[v * 3 + 1] - wrist[1], rz = positions[v * 3 + 2] - wrist[2];
		const along = rx * axis[0] + ry * axis[1] + rz * axis[2];
		if (along < -0.04 * height || Math.hypot(rx, ry, rz) > reach) continue;
		inHand[v] = 1;
		list.push(v);
		for (let k = 0; k < 3; k++) {
			min[k] = Math.min(min[k], positions[v * 3 + k]);
			max[k] = Math.max(max[k], positions[v * 3 + k]);
		}
	}
	const h = height / 640;
	const grid = VoxelGrid.around(min, max, h);
	grid.rasterize(positions, triangles, inHand);
	grid.solidify();
	const vertices = new Uint32Array(list);
	// Seeds: solid voxels on the wrist plane.
	const seeds: number[] = [];
	const p: Vec3 = [0, 0, 0];
	// Signed distance of each voxel beyond the wrist plane (the same sum as dot(sub(p, wrist), axis)).
	const along = new Float64Array(grid.count);
	for (let id = 0; id < grid.count; id++) {
		grid.point(id, p);
		along[id] = (p[0] - wrist[0]) * axis[0] + (p[1] - wrist[1]) * axis[1] + (p[2] - wrist[2]) * axis[2];
		if (Math.abs(along[id]) < h) seeds.push(id);
	}
	if (!seeds.length) {
		const s = grid.nearestSolid(wrist, 40);
		if (s >= 0) seeds.push(s);
	}
	const fromWrist = grid.geodesicReach(seeds);
	const D = new Float32Array(grid.count).fill(Infinity);
	for (let i = 0; i < fromWrist.count; i++) D[fromWrist.ids[i]] = fromWrist.dist[i];
	// Persistence of the branches of D (superlevel sets, union-find), over
	// the voxels beyond the wrist from far to near, ties by id (the reach
	// lists them nearest first).
	const order = new Int32Array(fromWrist.count);
	let nOrder = 0;
	for (let i = fromWrist.count - 1; i >= 0; ) {
		let j = i;
		while (j > 0 && fromWrist.dist[j - 1] === fromWrist.dist[i]) j--;
		const tie = nOrder;
		for (let k = j; k <= i; k++) if (along[fromWrist.ids[k]] > 0) order[nOrder++] = fromWrist.ids[k];
		order.subarray(tie, nOrder).sort();
		i = j - 1;
	}
	const parent = new Int32Array(grid.count).fill(-1);
	const top = new Int32Array(grid.count).fill(-1); // root → voxel with max D
	// A digit's branch must persist 0.8 % of the height (about 1.4 cm on a
	// 1.8 m character): webs between fingers held close are that shallow.
	const minPersistence = 0.008 * height;
	const members = new Map<number, number[]>(); // root → its voxels (absent: the root alone)
	const find = (x: number): number => {
		while (parent[x] !== x) {
			parent[x] = parent[parent[x]];
			x = parent[x];
		}
		return x;
	};
	const dead: Branch[] = [];
	const inSet = new Uint8Array(grid.count);
	const { ids, cells, offsets } = grid;
	for (let i = 0; i < nOrder; i++) {
		const id = order[i];
		inSet[id] = 1;
		parent[id] = id;
		top[id] = id;
		let a = id; // the root of id's branch
		for (let o = 0; o < 26; o++) {
			const nb = ids[cells[id] + offsets[o]];
			if (nb < 0 || !inSet[nb]) continue;
			const b = find(nb);
			if (a === b) continue;
			// The younger branch (lower birth) dies here; only persistent ones are kept.
			const old = D[top[a]] >= D[top[b]] ? a : b;
			const young = old === a ? b : a;
			const youngMembers = members.get(young) ?? [young];
			if (D[top[young]] - D[id] > minPersistence) dead.push({ tip: top[young], birth: D[top[young]], death: D[id], voxels: youngMembers });
			parent[young] = old;
			let oldMembers = members.get(old);
			if (!oldMembers) members.set(old, (oldMembers = [old]));
			for (const m of youngMembers) oldMembers.push(m);
			members.delete(young);
			a = old;
		}
	}
	let eldest: Branch | undefined;
	for (let i = 0; i < nOrder; i++) {
		const r = order[i];
		if (parent[r] !== r) continue;
		const b = { tip: top[r], birth: D[top[r]], death: 0, voxels: members.get(r) ?? [r] };
		if (!eldest || b.birth > eldest.birth) eldest = b;
	}
	const branches = dead.sort((a, b) => b.birth - b.death - (a.birth - a.death)).slice(0, 4);
	// The eldest branch's own finger: its voxels beyond the deepest web of the others.
	if (eldest && branches.length) {
		const web = Math.max(...branches.map((b) => b.death));
		eldest.death = web;
		eldest.voxels = eldest.voxels.filter((id) => D[id] > web);
	}
	const digits = eldest && branches.length ? [eldest, ...branches] : [];
	// Finger centre lines: centroids of D bands inside each branch, tip first.
	const lines = digits.map((b) => {
		const bw = 1.5 * h;
		const bands = new Map<number, { n: number; s: Vec3 }>();
		for (const id of b.voxels) {
			if (D[id] < b.death) continue;
			const k = Math.floor(D[id] / bw);
			const e = bands.get(k) ?? { n: 0, s: [0, 0, 0] as Vec3 };
			grid.point(id, p);
			e.n++;
			e.s = add(e.s, p);
			bands.set(k, e);
		}
		const pts = [...bands.entries()].sort((x, y) => y[0] - x[0]).map(([, e]) => [e.s[0] / e.n, e.s[1] / e.n, e.s[2] / e.n] as Vec3);
		return { branch: b, pts, tipPoint: grid.point(b.tip), web: pts[pts.length - 1] ?? grid.point(b.tip) };
	});
	// Palm frame: across = front (+z) made perpendicular to the hand axis.
	let across = norm(sub([0, 0, 1], [axis[0] * axis[2], axis[1] * axis[2], axis[2] * axis[2]]));
	if (!Number.isFinite(across[0])) across = [0, 0, 1];
	let thumbFound = false;
	let separated = 0;
	if (lines.length === 5) {
		separated = 5;
		// Thumb: most toward the front, leaving the palm earliest.
		const maxD = Math.max(...lines.map((l) => l.branch.birth));
		const score = (l: (typeof lines)[number]) => dot(sub(l.web, wrist), across) / length + (1 - l.branch.death / maxD) * 0.5;
		const thumbIndex = lines.reduce((best, l, i) => (score(l) > score(lines[best]) ? i : best), 0);
		const thumb = lines[thumbIndex];
		// The four fingers in order across the palm, each by its whole centre line (webs of fingers held
		// together are a voxel or two apart and swap with noise).
		const acrossOf = (l: (typeof lines)[number]) => l.pts.reduce((s, q) => s + dot(sub(q, wrist), across), 0) / Math.max(1, l.pts.length);
		const rest = lines.filter((_, i) => i !== thumbIndex).sort((a, b) => acrossOf(b) - acrossOf(a));
		thumbFound = true;
		placeThumb(joints, name, wrist, thumb.pts, thumb.tipPoint);
		rest.forEach((l, i) => placeFinger(joints, `${name}Hand${FINGERS[i + 1]}`, wrist, l.pts, l.tipPoint, axis));
	} else {
		// Mitten: a fan of chains across the palm. The palm's width is measured
		// where only the four fingers are (beyond 65 % of the wrist–tip length,
		// past the thumb, which would pull the fan toward its side); the
		// knuckles lie about halfway from the wrist to the tips.
		let wMin = Infinity, wMax = -Infinity, tMin = Infinity, tMax = -Infinity;
		for (let id = 0; id < grid.count; id++) {
			grid.point(id, p);
			const r = sub(p, wrist);
			if (dot(r, axis) < 0.65 * length) continue;
			const w = dot(r, across);
			wMin = Math.min(wMin, w);
			wMax = Math.max(wMax, w);
			const thick = r[1] - axis[1] * dot(r, axis);
			tMin = Math.min(tMin, thick);
			tMax = Math.max(tMax, thick);
		}
		const width = Math.max(1e-4, wMax - wMin);
		const centerW = (wMax + wMin) / 2;
		const spread = [0.3, 0.1, -0.1, -0.3];
		for (let i = 0; i < 4; i++) {
			const offset = centerW + spread[i] * width;
			const base = add(add(wrist, axis, 0.52 * length), across, offset);
			const end = add(add(wrist, axis, length * (i === 0 || i === 3 ? 0.9 : 0.97)), across, offset);
			const chain = [base, lerp(base, end, PHALANX[0]), lerp(base, end, PHALANX[1]), end];
			chain.forEach((j, k) => joints.set(`${name}Hand${FINGERS[i + 1]}${k + 1}`, snapInside(grid, j)));
		}
		if (lines.length >= 2) {
			// A thumb of its own beside a mitten: the most frontal branch.
			const thumb = lines.reduce((best, l) => (dot(sub(l.web, wrist), across) > dot(sub(best.web, wrist), across) ? l : best));
			placeThumb(joints, name, wrist, thumb.pts, thumb.tipPoint);
			thumbFound = true;
			separated = lines.length;
		} else {
			const t1 = add(add(wrist, axis, 0.12 * length), across, centerW + 0.3 * width);
			const t4 = add(add(wrist, axis, 0.55 * length), across, centerW + 0.55 * width);
			const chain = [t1, lerp(t1, t4, 0.4), lerp(t1, t4, 0.72), t4];
			chain.forEach((j, k) => joints.set(`${name}HandThumb${k + 1}`, snapInside(grid, j)));
		}
	}
	return { separated, thumbFound, grid, vertices };
}

/** A finger chain from its centre line (tip first): the knuckle lies inside the palm, behind the web (FINGER_FRACTIONS). */
function placeFinger(joints: JointMap, prefix: string, wrist: Vec3, pts: Vec3[], tip: Vec3, axis: Vec3): void {
	const web = pts[pts.length - 1];
	const visible = Math.max(1e-4, dot(sub(tip, web), axis));
	const dir = norm(sub(pts[0], web));
	let base = add(web, dir, -FINGER_FRACTIONS.knuckleBehindWeb * visible);
	// Not behind the wrist.
	if (dot(sub(base, wrist), axis) < 0.3 * dot(sub(web, wrist), axis)) base = lerp(wrist, web, 0.5);
	const end = pts[0];
	const chain = [base, lerp(base, end, PHALANX[0]), lerp(base, end, PHALANX[1]), end];
	chain.forEach((j, k) => joints.set(`${prefix}${k + 1}`, j));
}

/** Thumb chain: joint 1 (the base, near the wrist) a third of the way from the wrist to the web. */
function placeThumb(joints: JointMap, name: Side, wrist: Vec3, pts: Vec3[], tip: Vec3): void {
	const web = pts[pts.length - 1];
	const end = pts[0];
	const base = lerp(wrist, web, 0.35);
	const chain = [base, lerp(base, end, 0.4), lerp(base, end, 0.72), end];
	void tip;
	chain.forEach((j, k) => joints.set(`${name}HandThumb${k + 1}`, j));
}

function snapInside(grid: VoxelGrid, p: Vec3): Vec3 {
	const id = grid.nearestSolid(p, 12);
	if (id < 0) return p;
	const c = grid.point(id);
	return Math.hypot(...sub(c, p)) < grid.size ? p : c;
}
