/**
 * Skin weights by geodesic voxel binding (after Dionne & de Lasa 2013):
 *
 * 1. each deforming bone is a segment from its joint to its child joint;
 *    its voxels seed a Dijkstra through the solid voxel model, so the
 *    distance from a vertex to a bone is measured *through the body* — from
 *    a finger to its neighbour's bones it goes round through the palm, from
 *    one leg to the other through the pelvis (a one-voxel wall on the
 *    midline below the crotch keeps touching legs apart). The body's model
 *    here is the landmarks' grid made twice as coarse (8× fewer voxels),
 *    with distances interpolated trilinearly at the vertices; each bone's
 *    Dijkstra stops at 3× the distance to the nearest bone (beyond it the
 *    bone's weight is under 3⁻⁶ of the nearest's and would be pruned);
 * 2. the hands use their own fine voxel model (about 2 mm) for the hand,
 *    forearm and finger bones, so touching fingers stay apart;
 * 3. weight = (1 / distance)⁶, the strongest candidates kept, then smoothed
 *    on the welded mesh graph (a few Jacobi steps), pruned below 2 %,
 *    limited to `maxInfluences` and normalised to sum 1. The blend at an
 *    elbow or knee is about 6 % of the height wide; artists' rigs blend
 *    more sharply still, and power 4 (10 % wide) deformed further from
 *    them in bench/rig (Soldier 0.91 % → 0.85 %);
 * 4. vertices no geodesic reaches (accessories floating free of the body)
 *    copy the weights of the nearest weighted vertex.
 *
 * Works on any number of meshes at once: every part shares the voxel model.
 */
import { AXIS65, axisBone } from '../../skeleton/axis65.js';
import type { HandResult } from './hands.js';
import type { JointMap } from './joints.js';
import { besideLegWall } from './landmarks.js';
import type { GeodesicReach, Vec3, VoxelGrid } from './voxels.js';

export interface WeightOptions {
	maxInfluences?: number;
	/** Jacobi smoothing steps on the mesh graph (default 4). */
	smoothing?: number;
	/** The body's voxel model for weights is the landmarks' grid made this many times coarser (default 2; 1 = the same grid). */
	coarsen?: number;
	/** Falloff exponent (default 6). */
	power?: number;
	onProgress?: (fraction: number) => void;
}

export interface SkinWeights {
	/** Per vertex, `influences` bone indices into {@link AXIS65} and weights. */
	influences: number;
	joints: Uint16Array;
	weights: Float32Array;
}

const CANDIDATES = 8;
/** A bone's geodesic stops at this multiple of the distance to the nearest bone. */
const REACH_RATIO = 3;

/** Where along the thigh (hip 0 → knee 1) the thigh bones' influence starts. */
const UPLEG_START = 0.25;

/** The segments a bone deforms along (joint → child joint); none for end joints. */
export function boneSegments(J: JointMap): Map<string, [Vec3, Vec3][]> {
	const out = new Map<string, [Vec3, Vec3][]>();
	const children = new Map<string, string[]>();
	for (const b of AXIS65) if (b.parent) (children.get(b.parent) ?? children.set(b.parent, []).get(b.parent)!).push(b.name);
	for (const b of AXIS65) {
		const p = J.get(b.name)!;
		let kids = children.get(b.name) ?? [];
		if (!kids.length) continue;
		if (b.name === 'Spine2') kids = ['Neck'];
		if (b.name === 'Hips') {
			const l = J.get('LeftUpLeg')!, r = J.get('RightUpLeg')!;
			out.set(b.name, [[p, J.get('Spine')!], [p, [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2, (l[2] + r[2]) / 2]]]);
			continue;
		}
		if (b.name.endsWith('UpLeg')) {
			// The hip joint sits deep in the pelvis; the thigh's surface leaves the pelvis lower, at the
			// leg crease, and the buttocks and groin above it follow the hips: the thigh's influence
			// starts a quarter of the way down to the knee.
			const knee = J.get(kids[0])!;
			out.set(b.name, [[[p[0] + (knee[0] - p[0]) * UPLEG_START, p[1] + (knee[1] - p[1]) * UPLEG_START, p[2] + (knee[2] - p[2]) * UPLEG_START], knee]]);
			continue;
		}
		if (b.name.endsWith('Hand')) kids = kids.filter((k) => !k.includes('Thumb'));
		out.set(b.name, kids.map((k) => [p, J.get(k)!] as [Vec3, Vec3]));
	}
	return out;
}

function segmentSeeds(grid: VoxelGrid, allowed: Uint8Array | undefined, segments: [Vec3, Vec3][]): number[] {
	const seeds = new Set<number>();
	for (const [a, b] of segments) {
		const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
		const n = Math.max(1, Math.ceil(len / (grid.size * 0.5)));
		for (let i = 0; i <= n; i++) {
			const t = i / n;
			const p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
			const id = grid.ids[grid.cellIndexOf(p)];
			if (id >= 0 && (!allowed || allowed[id])) seeds.add(id);
		}
	}
	if (!seeds.size) {
		for (const [a, b] of segments) {
			const id = grid.nearestSolid([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2], 30);
			if (id >= 0) seeds.add(id);
		}
	}
	return [...seeds];
}

function segmentLength(segments: [Vec3, Vec3][]): number {
	return Math.max(...segments.map(([a, b]) => Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2])));
}

export interface WeightInput {
	positions: Float32Array;
	triangles: Uint32Array;
	joints: JointMap;
	height: number;
	grid: VoxelGrid;
	/** Solid voxels the body geodesics may use (the midline wall excluded). */
	allowed: Uint8Array;
	midX: number;
	crotchY: number;
	hands: [HandResult, HandResult];
}

export function computeWeights(input: WeightInput, options: WeightOptions = {}): SkinWeights {
	const { positions, joints: J, grid, allowed, height: H } = input;
	const maxInf = options.maxInfluences ?? 4;
	const power = options.power ?? 6;
	const nv = positions.length / 3;
	const cand = new Int16Array(nv * CANDIDATES).fill(-1);
	const candW = new Float32Array(nv * CANDIDATES);
	const boneIndex = new Map(AXIS65.map((b, i) => [b.name, i]));
	const eps = grid.size;
	// Hand vertices: which hand (if any) each vertex belongs to.
	const handOf = new Int8Array(nv).fill(-1);
	input.hands.forEach((hand, side) => {
		for (const v of hand.vertices) handOf[v] = side;
	});
	// The weights' voxel model: the landmarks' grid made `coarsen` times
	// coarser (8× fewer voxels at 2, so 8× less Dijkstra work); distances are
	// interpolated trilinearly at each vertex, so they stay smooth below the
	// voxel size. The midline wall below the crotch is rebuilt at the coarse size.
	const factor = Math.max(1, Math.round(options.coarsen ?? 2));
	const wg = factor > 1 ? grid.downsample(factor, allowed) : grid;
	const wAllowed = factor > 1 ? besideLegWall(wg, input.midX, input.crotchY) : allowed;
	const { cornerIds, cornerW } = vertexCorners(wg, wAllowed, positions, input.midX, input.crotchY);
	const handVox = input.hands.map((hand) => {
		const hg = hand.grid;
		const ids = new Int32Array(nv).fill(-1);
		for (const v of hand.vertices) {
			let id = hg.idAt(positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]);
			if (id < 0) id = hg.nearestSolid([positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]], 3);
			ids[v] = id;
		}
		return voxelVertices(hg.count, ids);
	});
	const segments = boneSegments(J);
	const entries = [...segments.entries()];
	let done = 0;
	const isHandBone = (name: string) => /Hand/.test(name) || name.endsWith('ForeArm');
	const isFinger = (name: string) => /Hand(Thumb|Index|Middle|Ring|Pinky)/.test(name);
	// Each bone's geodesic stops where the bone cannot matter: farther than
	// REACH_RATIO × the distance to the nearest bone, its weight is under
	// REACH_RATIO⁻ᵖᵒʷᵉʳ of the nearest bone's (0.14 % at 3 and power 6) and is
	// pruned later anyway. One multi-source pass gives the nearest distance.
	const bodySeeds = new Map<string, number[]>();
	for (const [name, segs] of entries) if (!isFinger(name)) bodySeeds.set(name, segmentSeeds(wg, wAllowed, segs));
	const nearest = wg.geodesicReach([...new Set([...bodySeeds.values()].flat())], { allowed: wAllowed });
	const limit = new Int32Array(wg.count);
	const slack = wg.quantise(2 * wg.size);
	for (let i = 0; i < nearest.count; i++) limit[nearest.ids[i]] = wg.quantise(REACH_RATIO * nearest.dist[i]) + slack;
	const D = new Float32Array(wg.count).fill(Infinity);
	// Vertices by their main voxel (the corner with the largest trilinear weight).
	const byMain = voxelVertices(wg.count, mainCorner(cornerIds, cornerW));
	// The same reach limit on each hand's fine model, from the seeds of the bones weighted there.
	const handSeeds = new Map<string, number[]>();
	const handLimits = input.hands.map((hand, side) => {
		const hg = hand.grid;
		const prefix = side === 0 ? 'Left' : 'Right';
		const all: number[] = [];
		for (const [name, segs] of entries) {
			if (!isHandBone(name) || !name.startsWith(prefix)) continue;
			const seeds = segmentSeeds(hg, undefined, segs);
			handSeeds.set(name, seeds);
			for (const id of seeds) all.push(id);
		}
		const near = hg.geodesicReach(all);
		const lim = new Int32Array(hg.count);
		const sl = hg.quantise(2 * hg.size);
		for (let i = 0; i < near.count; i++) lim[near.ids[i]] = hg.quantise(REACH_RATIO * near.dist[i]) + sl;
		return lim;
	});
	for (const [name, segs] of entries) {
		const bone = boneIndex.get(name)!;
		const finger = isFinger(name);
		const handBone = isHandBone(name);
		if (!finger) {
			const seeds = bodySeeds.get(name)!;
			const reach = Math.max(0.14 * H, 1.6 * segmentLength(segs));
			const r = wg.geodesicReach(seeds, { allowed: wAllowed, maxDistance: reach, limit });
			for (let i = 0; i < r.count; i++) D[r.ids[i]] = r.dist[i];
			offerInterpolated(r, D, byMain, cornerIds, cornerW, handBone ? handOf : undefined, cand, candW, bone, H, eps, power);
			for (let i = 0; i < r.count; i++) D[r.ids[i]] = Infinity;
		}
		// Hand bones also through the fine hand model, for the hand's vertices.
		if (handBone) {
			const side = name.startsWith('Left') ? 0 : 1;
			const hg = input.hands[side].grid;
			const r = hg.geodesicReach(handSeeds.get(name)!, { maxDistance: Math.max(0.05 * H, 2 * segmentLength(segs)), limit: handLimits[side] });
			const heps = hg.size * 1.5;
			const { start, list } = handVox[side];
			for (let i = 0; i < r.count; i++) {
				const id = r.ids[i];
				if (start[id] === start[id + 1]) continue;
				const w = falloff(H / Math.max(r.dist[i], heps), power);
				for (let k = start[id]; k < start[id + 1]; k++) offer(cand, candW, list[k], bone, w);
			}
		}
		options.onProgress?.(++done / entries.length);
	}
	// Fingers never share vertices: a hand vertex keeps only the bones of the finger chain nearest to it (plus hand/arm bones).
	keepNearestFinger(positions, handOf, J, cand, candW);
	normalise(candW);
	// Vertices nothing reached: copy the nearest weighted vertex.
	fillUnreached(positions, cand, candW, H);
	// Smooth on the welded mesh graph: each vertex averages its candidates' weights over its neighbours.
	const graph = weldedGraph(positions, input.triangles, H * 1e-5);
	const filled = packCandidates(cand, candW);
	smooth(cand, candW, filled, graph, options.smoothing ?? 4);
	const { joints, weights } = strongest(cand, candW, filled, maxInf);
	void axisBone;
	return { influences: maxInf, joints, weights };
}

/** x^power: a bone at distance d weighs falloff(H / d). */
function falloff(x: number, power: number): number {
	if (power === 6) {
		const x3 = x * x * x;
		return x3 * x3;
	}
	return Math.pow(x, power);
}

/** Offers `bone` at weight `w` to vertex v: it replaces the weakest of the vertex's candidates if stronger (a bone already there keeps the larger weight). */
function offer(cand: Int16Array, candW: Float32Array, v: number, bone: number, w: number): void {
	const o = v * CANDIDATES;
	let minK = 0;
	for (let k = 0; k < CANDIDATES; k++) {
		if (cand[o + k] === bone) {
			if (w > candW[o + k]) candW[o + k] = w;
			return;
		}
		if (candW[o + k] < candW[o + minK]) minK = k;
	}
	if (w > candW[o + minK]) {
		cand[o + minK] = bone;
		candW[o + minK] = w;
	}
}

/**
 * Offers `bone` to the vertices whose main voxel the geodesic `r` reached,
 * at the distance interpolated from `D` at their corners (vertices with
 * `skip[v] >= 0` left out).
 */
function offerInterpolated(r: GeodesicReach, D: Float32Array, byMain: { start: Int32Array; list: Int32Array }, cornerIds: Int32Array, cornerW: Float32Array, skip: Int8Array | undefined, cand: Int16Array, candW: Float32Array, bone: number, H: number, eps: number, power: number): void {
	for (let i = 0; i < r.count; i++) {
		const vid = r.ids[i];
		for (let e = byMain.start[vid]; e < byMain.start[vid + 1]; e++) {
			const v = byMain.list[e];
			if (skip && skip[v] >= 0) continue;
			let s = 0, ws = 0;
			for (let k = v * 8; k < v * 8 + 8; k++) {
				const id = cornerIds[k];
				if (id < 0) continue;
				const d = D[id];
				if (d === Infinity) continue;
				s += cornerW[k] * d;
				ws += cornerW[k];
			}
			if (ws > 0) offer(cand, candW, v, bone, falloff(H / Math.max(s / ws, eps), power));
		}
	}
}

/** Distance from (x, y, z) to the segment a–b. */
function segDist(x: number, y: number, z: number, a: Vec3, b: Vec3): number {
	const abx = b[0] - a[0], aby = b[1] - a[1], abz = b[2] - a[2];
	const l2 = abx * abx + aby * aby + abz * abz || 1;
	const t = Math.max(0, Math.min(1, ((x - a[0]) * abx + (y - a[1]) * aby + (z - a[2]) * abz) / l2));
	return Math.hypot(x - a[0] - t * abx, y - a[1] - t * aby, z - a[2] - t * abz);
}

/**
 * Each vertex's up to 8 surrounding voxels of `wg` and their trilinear
 * weights (8 per vertex, id −1 where unused): only allowed voxels, and
 * below the crotch only those on the vertex's own side of the midline;
 * with none, the nearest allowed voxel on its side at weight 1.
 */
function vertexCorners(wg: VoxelGrid, wAllowed: Uint8Array, positions: Float32Array, midX: number, crotchY: number): { cornerIds: Int32Array; cornerW: Float32Array } {
	const nv = positions.length / 3;
	const cornerIds = new Int32Array(nv * 8);
	const cornerW = new Float32Array(nv * 8);
	const p: Vec3 = [0, 0, 0];
	const q: Vec3 = [0, 0, 0];
	for (let v = 0; v < nv; v++) {
		p[0] = positions[v * 3];
		p[1] = positions[v * 3 + 1];
		p[2] = positions[v * 3 + 2];
		wg.corners(p, cornerIds, cornerW, v * 8);
		const below = p[1] < crotchY;
		const side = p[0] >= midX;
		let any = false;
		for (let k = v * 8; k < v * 8 + 8; k++) {
			const id = cornerIds[k];
			if (id < 0 || !wAllowed[id] || cornerW[k] <= 0) {
				cornerIds[k] = -1;
				continue;
			}
			if (below && wg.point(id, q)[0] >= midX !== side) {
				cornerIds[k] = -1;
				continue;
			}
			any = true;
		}
		if (!any) {
			let id = wg.nearestSolid([p[0] + (side ? 1 : -1) * (below ? wg.size : 0), p[1], p[2]], 4);
			if (id >= 0 && !wAllowed[id]) id = -1;
			cornerIds[v * 8] = id;
			cornerW[v * 8] = 1;
		}
	}
	return { cornerIds, cornerW };
}

/** Each vertex's corner voxel with the largest trilinear weight (−1 none). */
function mainCorner(cornerIds: Int32Array, cornerW: Float32Array): Int32Array {
	const main = new Int32Array(cornerIds.length / 8).fill(-1);
	for (let v = 0; v < main.length; v++) {
		let best = -1;
		for (let k = v * 8; k < v * 8 + 8; k++) if (cornerIds[k] >= 0 && (best < 0 || cornerW[k] > cornerW[best])) best = k;
		if (best >= 0) main[v] = cornerIds[best];
	}
	return main;
}

/**
 * The skin: per vertex the strongest `maxInf` candidates (ties in slot
 * order) at 2 % or more (the strongest always), normalised to sum exactly 1;
 * the hips where a vertex has none.
 */
function strongest(cand: Int16Array, candW: Float32Array, filled: Uint8Array, maxInf: number): { joints: Uint16Array; weights: Float32Array } {
	const nv = filled.length;
	const joints = new Uint16Array(nv * maxInf);
	const weights = new Float32Array(nv * maxInf);
	const order = new Int32Array(CANDIDATES);
	for (let v = 0; v < nv; v++) {
		const o = v * CANDIDATES;
		// Insertion sort of the positive candidates by weight, strongest first (stable).
		let n = 0;
		for (let k = 0; k < filled[v]; k++) {
			const w = candW[o + k];
			if (!(w > 0)) continue;
			let j = n++;
			for (; j > 0 && candW[o + order[j - 1]] < w; j--) order[j] = order[j - 1];
			order[j] = k;
		}
		// Sorted, so the weights at or above 2 % (and always the strongest) are a prefix.
		let kept = Math.min(n, maxInf);
		for (let i = 1; i < kept; i++) {
			if (candW[o + order[i]] < 0.02) {
				kept = i;
				break;
			}
		}
		let s = 0;
		for (let i = 0; i < kept; i++) s += candW[o + order[i]];
		for (let i = 0; i < kept; i++) {
			joints[v * maxInf + i] = cand[o + order[i]];
			weights[v * maxInf + i] = candW[o + order[i]] / s;
		}
		if (!kept) {
			joints[v * maxInf] = 0; // Hips
			weights[v * maxInf] = 1;
		}
	}
	// Exact sums: put the rounding residue on the largest weight.
	for (let v = 0; v < nv; v++) {
		let s = 0;
		for (let k = 0; k < maxInf; k++) s += weights[v * maxInf + k];
		weights[v * maxInf] += 1 - s;
	}
	return { joints, weights };
}

/** Drops each hand vertex's finger bones except those of the finger chain nearest to it (`handOf`: 0 left hand, 1 right, −1 neither). */
function keepNearestFinger(positions: Float32Array, handOf: Int8Array, J: JointMap, cand: Int16Array, candW: Float32Array): void {
	const fingerOf = (name: string) => /Hand(Thumb|Index|Middle|Ring|Pinky)/.exec(name)?.[1];
	const boneFinger = AXIS65.map((b) => fingerOf(b.name));
	const chains: { side: number; finger: string; pts: Vec3[] }[] = [];
	for (const side of ['Left', 'Right']) for (const f of ['Thumb', 'Index', 'Middle', 'Ring', 'Pinky']) chains.push({ side: side === 'Left' ? 0 : 1, finger: f, pts: [1, 2, 3, 4].map((i) => J.get(`${side}Hand${f}${i}`)!) });
	for (let v = 0; v < handOf.length; v++) {
		if (handOf[v] < 0) continue;
		const x = positions[v * 3], y = positions[v * 3 + 1], z = positions[v * 3 + 2];
		let best = '', bestD = Infinity;
		for (const c of chains) {
			if (c.side !== handOf[v]) continue;
			for (let i = 0; i < 3; i++) {
				const d = segDist(x, y, z, c.pts[i], c.pts[i + 1]);
				if (d < bestD) {
					best = c.finger;
					bestD = d;
				}
			}
		}
		for (let k = 0; k < CANDIDATES; k++) {
			const b = cand[v * CANDIDATES + k];
			if (b >= 0 && boneFinger[b] && boneFinger[b] !== best) {
				cand[v * CANDIDATES + k] = -1;
				candW[v * CANDIDATES + k] = 0;
			}
		}
	}
}

/** Normalises each vertex's candidate weights to sum 1. */
function normalise(w: Float32Array): void {
	for (let o = 0; o < w.length; o += CANDIDATES) {
		let s = 0;
		for (let k = 0; k < CANDIDATES; k++) s += w[o + k];
		if (s > 0) for (let k = 0; k < CANDIDATES; k++) w[o + k] /= s;
	}
}

/** Moves each vertex's candidates to the front of its row (in order); returns how many each has. */
function packCandidates(cand: Int16Array, candW: Float32Array): Uint8Array {
	const nv = cand.length / CANDIDATES;
	const filled = new Uint8Array(nv);
	for (let v = 0; v < nv; v++) {
		const o = v * CANDIDATES;
		let n = 0;
		for (let k = 0; k < CANDIDATES; k++) {
			if (cand[o + k] < 0) continue;
			cand[o + n] = cand[o + k];
			candW[o + n++] = candW[o + k];
		}
		filled[v] = n;
		cand.fill(-1, o + n, o + CANDIDATES);
		candW.fill(0, o + n, o + CANDIDATES);
	}
	return filled;
}

/**
 * Jacobi smoothing on the welded mesh graph: each vertex's candidate weights
 * become the average of its own and its neighbours' weights for the same
 * bones, renormalised, `iterations` times.
 */
function smooth(cand: Int16Array, candW: Float32Array, filled: Uint8Array, graph: ReturnType<typeof weldedGraph>, iterations: number): void {
	const nv = filled.length;
	// The candidates stay the same while smoothing (only their weights
	// change), so the neighbours' matching candidates are listed once:
	// candidate slot i (v · CANDIDATES + k) sums its own weight and the
	// weights at from[first[i]] … from[first[i + 1]], in neighbour order.
	const { start, list, rep } = graph;
	let total = 0, most = 0;
	for (let v = 0; v < nv; v++) {
		let n = 0;
		for (let e = start[rep[v]]; e < start[rep[v] + 1]; e++) n += filled[list[e]];
		total += n;
		most = Math.max(most, n);
	}
	const from = new Int32Array(total);
	const first = new Int32Array(nv * CANDIDATES + 1);
	const slot = new Int8Array(AXIS65.length).fill(-1); // slot of each bone among v's candidates (−1 none)
	// Per vertex: its matches in neighbour order (source, slot), then placed by slot (stable).
	const pairFrom = new Int32Array(most), pairSlot = new Uint8Array(most);
	const at = new Int32Array(CANDIDATES);
	for (let v = 0; v < nv; v++) {
		const o = v * CANDIDATES;
		for (let k = 0; k < filled[v]; k++) slot[cand[o + k]] = k;
		let m = 0;
		at.fill(0);
		for (let e = start[rep[v]]; e < start[rep[v] + 1]; e++) {
			const ou = list[e] * CANDIDATES;
			for (let q = 0; q < filled[list[e]]; q++) {
				const k = slot[cand[ou + q]];
				if (k < 0) continue;
				pairFrom[m] = ou + q;
				pairSlot[m++] = k;
				at[k]++;
			}
		}
		for (let k = 0; k < CANDIDATES; k++) {
			first[o + k + 1] = first[o + k] + at[k];
			at[k] = first[o + k];
		}
		for (let i = 0; i < m; i++) from[at[pairSlot[i]]++] = pairFrom[i];
		for (let k = 0; k < filled[v]; k++) slot[cand[o + k]] = -1;
	}
	const next = new Float32Array(candW.length);
	for (let it = 0; it < iterations; it++) {
		for (let v = 0; v < nv; v++) {
			const o = v * CANDIDATES;
			const n = 1 + start[rep[v] + 1] - start[rep[v]];
			for (let i = o; i < o + filled[v]; i++) {
				let sum = candW[i];
				for (let j = first[i]; j < first[i + 1]; j++) sum += candW[from[j]];
				next[i] = sum / n;
			}
		}
		candW.set(next);
		normalise(candW);
	}
}

/** Vertices grouped by voxel (CSR over compact ids); vertices with id −1 are left out. */
function voxelVertices(count: number, vox: Int32Array): { start: Int32Array; list: Int32Array } {
	const start = new Int32Array(count + 1);
	for (let v = 0; v < vox.length; v++) if (vox[v] >= 0) start[vox[v] + 1]++;
	for (let i = 0; i < count; i++) start[i + 1] += start[i];
	const fill = start.slice(0, count);
	const list = new Int32Array(start[count]);
	for (let v = 0; v < vox.length; v++) if (vox[v] >= 0) list[fill[vox[v]]++] = v;
	return { start, list };
}

/**
 * Vertex adjacency over the triangles, with coincident vertices (seams,
 * split normals) welded: the neighbours of vertex v are
 * `list[start[rep[v]] … start[rep[v] + 1]]` (welded representatives).
 */
export function weldedGraph(positions: Float32Array, triangles: Uint32Array, tolerance: number): { rep: Int32Array; start: Int32Array; list: Int32Array } {
	const nv = positions.length / 3;
	const rep = new Int32Array(nv);
	const q = 1 / Math.max(tolerance, 1e-9);
	const min = [Infinity, Infinity, Infinity];
	const max = [-Infinity, -Infinity, -Infinity];
	for (let v = 0; v < nv; v++)
		for (let k = 0; k < 3; k++) {
			const x = Math.round(positions[v * 3 + k] * q);
			if (x < min[k]) min[k] = x;
			if (x > max[k]) max[k] = x;
		}
	const span = [max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1];
	const numeric = span[0] * span[1] * span[2] < Number.MAX_SAFE_INTEGER;
	const keyOf = new Map<number | string, number>();
	for (let v = 0; v < nv; v++) {
		const x = Math.round(positions[v * 3] * q) - min[0], y = Math.round(positions[v * 3 + 1] * q) - min[1], z = Math.round(positions[v * 3 + 2] * q) - min[2];
		const key = numeric ? x + span[0] * (y + span[1] * z) : `${x},${y},${z}`;
		const r = keyOf.get(key);
		if (r === undefined) {
			keyOf.set(key, v);
			rep[v] = v;
		} else rep[v] = r;
	}
	// Directed edges (both ways) per representative, then sorted and deduplicated per row.
	const degree = new Int32Array(nv + 1);
	for (let t = 0; t + 2 < triangles.length; t += 3) {
		const a = rep[triangles[t]], b = rep[triangles[t + 1]], c = rep[triangles[t + 2]];
		degree[a + 1] += 2;
		degree[b + 1] += 2;
		degree[c + 1] += 2;
	}
	for (let v = 0; v < nv; v++) degree[v + 1] += degree[v];
	const raw = new Int32Array(degree[nv]);
	const fill = degree.slice(0, nv);
	const link = (a: number, b: number) => {
		raw[fill[a]++] = b;
	};
	for (let t = 0; t + 2 < triangles.length; t += 3) {
		const a = rep[triangles[t]], b = rep[triangles[t + 1]], c = rep[triangles[t + 2]];
		link(a, b);
		link(a, c);
		link(b, a);
		link(b, c);
		link(c, a);
		link(c, b);
	}
	const start = new Int32Array(nv + 1);
	const list = new Int32Array(raw.length);
	let k = 0;
	for (let v = 0; v < nv; v++) {
		start[v] = k;
		// Insertion sort of the row in place (rows are short), then the distinct neighbours.
		const a = degree[v], b = fill[v];
		for (let i = a + 1; i < b; i++) {
			const x = raw[i];
			let j = i;
			for (; j > a && raw[j - 1] > x; j--) raw[j] = raw[j - 1];
			raw[j] = x;
		}
		for (let i = a; i < b; i++) if (raw[i] !== v && (i === a || raw[i] !== raw[i - 1])) list[k++] = raw[i];
	}
	start[nv] = k;
	return { rep, start, list: list.slice(0, k) };
}

/** Whether vertex v has any candidate bone. */
function reached(cand: Int16Array, candW: Float32Array, v: number): boolean {
	if (cand[v * CANDIDATES] >= 0) return true;
	for (let k = 0; k < CANDIDATES; k++) if (candW[v * CANDIDATES + k] > 0) return true;
	return false;
}

function fillUnreached(positions: Float32Array, cand: Int16Array, candW: Float32Array, H: number): void {
	const nv = positions.length / 3;
	const missing: number[] = [];
	for (let v = 0; v < nv; v++) if (!reached(cand, candW, v)) missing.push(v);
	if (!missing.length) return;
	missing.length = 0;
	const cell = 0.02 * H;
	const hash = new Map<string, number[]>();
	const key = (x: number, y: number, z: number) => `${Math.floor(x / cell)},${Math.floor(y / cell)},${Math.floor(z / cell)}`;
	for (let v = 0; v < nv; v++) {
		if (!reached(cand, candW, v)) {
			missing.push(v);
			continue;
		}
		const k = key(positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]);
		(hash.get(k) ?? hash.set(k, []).get(k)!).push(v);
	}
	if (!missing.length || !hash.size) return;
	for (const v of missing) {
		const x = positions[v * 3], y = positions[v * 3 + 1], z = positions[v * 3 + 2];
		const cx = Math.floor(x / cell), cy = Math.floor(y / cell), cz = Math.floor(z / cell);
		let best = -1, bestD = Infinity;
		for (let r = 0; r < 60 && best < 0; r++) {
			for (let dx = -r; dx <= r; dx++)
				for (let dy = -r; dy <= r; dy++)
					for (let dz = -r; dz <= r; dz++) {
						if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) !== r) continue;
						for (const u of hash.get(`${cx + dx},${cy + dy},${cz + dz}`) ?? []) {
							const d = Math.hypot(positions[u * 3] - x, positions[u * 3 + 1] - y, positions[u * 3 + 2] - z);
							if (d < bestD) [best, bestD] = [u, d];
						}
					}
		}
		if (best < 0) continue;
		for (let k = 0; k < CANDIDATES; k++) {
			cand[v * CANDIDATES + k] = cand[best * CANDIDATES + k];
			candW[v * CANDIDATES + k] = candW[best * CANDIDATES + k];
		}
	}
}
