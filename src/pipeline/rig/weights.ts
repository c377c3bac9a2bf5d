/**
 * Skin weights by geodesic voxel binding (after Dionne & de Lasa 2013):
 *
 * 1. each deforming bone is a segment from its joint to its child joint;
 *    its voxels seed a Dijkstra through the solid voxel model, so the
 *    distance from a vertex to a bone is measured *through the body* — from
 *    a finger to its neighbour's bones it goes round through the palm, from
 *    one leg to the other through the pelvis (a one-voxel wall on the
 *    midline below the crotch keeps touching legs apart);
 * 2. the hands use their own fine voxel model (about 2 mm) for the hand,
 *    forearm and finger bones, so touching fingers stay apart;
 * 3. weight = (1 / distance)⁴, the strongest candidates kept, then smoothed
 *    on the welded mesh graph (a few Jacobi steps), pruned below 2 %,
 *    limited to `maxInfluences` and normalised to sum 1;
 * 4. vertices no geodesic reaches (accessories floating free of the body)
 *    copy the weights of the nearest weighted vertex.
 *
 * Works on any number of meshes at once: every part shares the voxel model.
 */
import { AXIS65, axisBone } from '../../skeleton/axis65.js';
import type { HandResult } from './hands.js';
import type { JointMap } from './joints.js';
import type { Vec3, VoxelGrid } from './voxels.js';

export interface WeightOptions {
	maxInfluences?: number;
	/** Jacobi smoothing steps on the mesh graph (default 4). */
	smoothing?: number;
	/** Falloff exponent (default 4). */
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
	const power = options.power ?? 4;
	const nv = positions.length / 3;
	const cand = new Int16Array(nv * CANDIDATES).fill(-1);
	const candW = new Float32Array(nv * CANDIDATES);
	const boneIndex = new Map(AXIS65.map((b, i) => [b.name, i]));
	const insert = (v: number, bone: number, w: number) => {
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
	};
	const eps = grid.size;
	// Hand vertices: which hand (if any) each vertex belongs to.
	const handOf = new Int8Array(nv).fill(-1);
	input.hands.forEach((hand, side) => {
		for (const v of hand.vertices) handOf[v] = side;
	});
	// Vertex → body voxel (never a wall voxel: step toward the vertex's own side).
	const vox = new Int32Array(nv);
	for (let v = 0; v < nv; v++) {
		const p = [positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]];
		let id = grid.ids[grid.cellIndexOf(p)];
		if (id >= 0 && !allowed[id]) {
			const side = p[0] >= input.midX ? grid.size : -grid.size;
			id = grid.ids[grid.cellIndexOf([p[0] + side, p[1], p[2]])];
		}
		if (id < 0 || !allowed[id]) id = grid.nearestSolid(p, 4);
		vox[v] = id >= 0 && allowed[id] ? id : -1;
	}
	const segments = boneSegments(J);
	const entries = [...segments.entries()];
	let done = 0;
	const isHandBone = (name: string) => /Hand/.test(name) || name.endsWith('ForeArm');
	for (const [name, segs] of entries) {
		const bone = boneIndex.get(name)!;
		const finger = /Hand(Thumb|Index|Middle|Ring|Pinky)/.test(name);
		if (!finger) {
			const seeds = segmentSeeds(grid, allowed, segs);
			const reach = Math.max(0.14 * H, 1.6 * segmentLength(segs));
			const dist = grid.geodesic(seeds, { allowed, maxDistance: reach });
			for (let v = 0; v < nv; v++) {
				if (vox[v] < 0 || (handOf[v] >= 0 && isHandBone(name))) continue;
				const d = dist[vox[v]];
				if (Number.isFinite(d)) insert(v, bone, Math.pow(H / Math.max(d, eps), power));
			}
		}
		// Hand bones also through the fine hand model, for the hand's vertices.
		if (isHandBone(name)) {
			const side = name.startsWith('Left') ? 0 : 1;
			const hand = input.hands[side];
			const hg = hand.grid;
			const seeds = segmentSeeds(hg, undefined, segs);
			const dist = hg.geodesic(seeds, { maxDistance: Math.max(0.05 * H, 2 * segmentLength(segs)) });
			const heps = hg.size * 1.5;
			for (const v of hand.vertices) {
				const p = [positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]];
				let id = hg.ids[hg.cellIndexOf(p)];
				if (id < 0) id = hg.nearestSolid(p, 3);
				if (id < 0) continue;
				const d = dist[id];
				if (Number.isFinite(d)) insert(v, bone, Math.pow(H / Math.max(d, heps), power));
			}
		}
		options.onProgress?.(++done / entries.length);
	}
	// Normalise candidates.
	const normalise = (w: Float32Array) => {
		for (let v = 0; v < nv; v++) {
			let s = 0;
			for (let k = 0; k < CANDIDATES; k++) s += w[v * CANDIDATES + k];
			if (s > 0) for (let k = 0; k < CANDIDATES; k++) w[v * CANDIDATES + k] /= s;
		}
	};
	// Fingers never share vertices: a hand vertex keeps only the bones of the finger chain nearest to it (plus hand/arm bones).
	const fingerOf = (name: string) => /Hand(Thumb|Index|Middle|Ring|Pinky)/.exec(name)?.[1];
	const boneFinger = AXIS65.map((b) => fingerOf(b.name));
	const chains: { side: number; finger: string; pts: Vec3[] }[] = [];
	for (const side of ['Left', 'Right']) for (const f of ['Thumb', 'Index', 'Middle', 'Ring', 'Pinky']) chains.push({ side: side === 'Left' ? 0 : 1, finger: f, pts: [1, 2, 3, 4].map((i) => J.get(`${side}Hand${f}${i}`)!) });
	const segDist = (p: number[], a: Vec3, b: Vec3) => {
		const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
		const l2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2] || 1;
		const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1] + (p[2] - a[2]) * ab[2]) / l2));
		return Math.hypot(p[0] - a[0] - t * ab[0], p[1] - a[1] - t * ab[1], p[2] - a[2] - t * ab[2]);
	};
	for (let v = 0; v < nv; v++) {
		if (handOf[v] < 0) continue;
		const p = [positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]];
		let best = '', bestD = Infinity;
		for (const c of chains) {
			if (c.side !== handOf[v]) continue;
			for (let i = 0; i < 3; i++) {
				const d = segDist(p, c.pts[i], c.pts[i + 1]);
				if (d < bestD) [best, bestD] = [c.finger, d];
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
	normalise(candW);
	// Vertices nothing reached: copy the nearest weighted vertex.
	fillUnreached(positions, cand, candW, H);
	// Smooth on the welded mesh graph: each vertex averages its candidates' weights over its neighbours.
	const graph = weldedGraph(positions, input.triangles, H * 1e-5);
	for (let it = 0; it < (options.smoothing ?? 4); it++) {
		const next = new Float32Array(candW.length);
		for (let v = 0; v < nv; v++) {
			const o = v * CANDIDATES;
			const nbs = graph.neighbours(v);
			for (let k = 0; k < CANDIDATES; k++) {
				const b = cand[o + k];
				if (b < 0) continue;
				let s = candW[o + k];
				let n = 1;
				for (const u of nbs) {
					n++;
					const ou = u * CANDIDATES;
					for (let q = 0; q < CANDIDATES; q++) {
						if (cand[ou + q] === b) {
							s += candW[ou + q];
							break;
						}
					}
				}
				next[o + k] = s / n;
			}
		}
		candW.set(next);
		normalise(candW);
	}
	// Keep the strongest `maxInf`, prune tiny ones, normalise.
	const joints = new Uint16Array(nv * maxInf);
	const weights = new Float32Array(nv * maxInf);
	const order: number[] = [];
	for (let v = 0; v < nv; v++) {
		const o = v * CANDIDATES;
		order.length = 0;
		for (let k = 0; k < CANDIDATES; k++) if (cand[o + k] >= 0 && candW[o + k] > 0) order.push(k);
		order.sort((a, b) => candW[o + b] - candW[o + a]);
		const kept = order.slice(0, maxInf).filter((k, i) => i === 0 || candW[o + k] >= 0.02);
		let s = 0;
		for (const k of kept) s += candW[o + k];
		kept.forEach((k, i) => {
			joints[v * maxInf + i] = cand[o + k];
			weights[v * maxInf + i] = candW[o + k] / s;
		});
		if (!kept.length) {
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
	void axisBone;
	return { influences: maxInf, joints, weights };
}

/** Vertex adjacency over the triangles, with coincident vertices (seams, split normals) welded. */
export function weldedGraph(positions: Float32Array, triangles: Uint32Array, tolerance: number): { neighbours(v: number): number[] } {
	const nv = positions.length / 3;
	const rep = new Int32Array(nv);
	const keyOf = new Map<string, number>();
	const q = 1 / Math.max(tolerance, 1e-9);
	for (let v = 0; v < nv; v++) {
		const key = `${Math.round(positions[v * 3] * q)},${Math.round(positions[v * 3 + 1] * q)},${Math.round(positions[v * 3 + 2] * q)}`;
		const r = keyOf.get(key);
		if (r === undefined) {
			keyOf.set(key, v);
			rep[v] = v;
		} else rep[v] = r;
	}
	const adj = new Map<number, Set<number>>();
	const link = (a: number, b: number) => {
		if (a === b) return;
		(adj.get(a) ?? adj.set(a, new Set()).get(a)!).add(b);
	};
	for (let t = 0; t < triangles.length; t += 3) {
		const a = rep[triangles[t]], b = rep[triangles[t + 1]], c = rep[triangles[t + 2]];
		link(a, b);
		link(b, a);
		link(b, c);
		link(c, b);
		link(a, c);
		link(c, a);
	}
	const lists = new Map<number, number[]>();
	return {
		neighbours(v: number): number[] {
			const r = rep[v];
			let l = lists.get(r);
			if (!l) {
				l = [...(adj.get(r) ?? [])];
				lists.set(r, l);
			}
			return l;
		},
	};
}

function fillUnreached(positions: Float32Array, cand: Int16Array, candW: Float32Array, H: number): void {
	const nv = positions.length / 3;
	const reached = (v: number) => cand[v * CANDIDATES] >= 0 || candW[v * CANDIDATES] > 0 || [...Array(CANDIDATES).keys()].some((k) => candW[v * CANDIDATES + k] > 0);
	const missing: number[] = [];
	const cell = 0.02 * H;
	const hash = new Map<string, number[]>();
	const key = (x: number, y: number, z: number) => `${Math.floor(x / cell)},${Math.floor(y / cell)},${Math.floor(z / cell)}`;
	for (let v = 0; v < nv; v++) {
		if (!reached(v)) {
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
