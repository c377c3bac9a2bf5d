/**
 * Body landmarks from the solid voxel model, in the AXIS rest frame (metres,
 * +Y up, facing +Z, left on +X, feet on y = 0):
 *
 * - legs and crotch: horizontal slices tracked upward from the shins — two
 *   solid leg cross-sections (not a skirt's shell) that become one at the crotch;
 * - ankles and toes: where a leg's slice stops reaching forward, the foot's
 *   front-most point;
 * - hands, feet, head: the extremities of the geodesic distance from the
 *   chest (through the solid, so they are found in any arm pose; hands
 *   hanging below the crotch beside the legs too);
 * - arm centre lines: level sets of the geodesic distance from each hand tip
 *   are cross-sections of the arm; their centroids trace the arm, their
 *   spread finds the wrist (narrowest) and the armpit (where a level set
 *   reaches the torso and its spread jumps);
 * - neck: the narrowest slice of the column under the head.
 */
import { AxisError } from '../../errors.js';
import { type GeodesicReach, labelRuns, type Vec3, VoxelGrid } from './voxels.js';

export interface Band {
	/** Geodesic distance from the tip at the band's middle. */
	d: number;
	count: number;
	centroid: Vec3;
	/** RMS distance of the band's voxels from its centroid. */
	spread: number;
}

export interface LimbTrace {
	/** Extremity (voxel centre) where the trace starts. */
	tip: Vec3;
	bands: Band[];
	/** Index of the band where the limb meets the trunk. */
	rootBand: number;
}

export interface LegSlice {
	y: number;
	centroid: Vec3;
	/** Extent along z (front/back) and x. */
	zMin: number;
	zMax: number;
	xMin: number;
	xMax: number;
	count: number;
}

export interface Landmarks {
	height: number;
	grid: VoxelGrid;
	/** Compact ids of the main body's voxels (1 = body). */
	body: Uint8Array;
	crotchY: number;
	/** Midline x of the body (between the legs). */
	midX: number;
	/** Per side (0 left, 1 right): leg slices from the ground up to the crotch. */
	legs: [LegSlice[], LegSlice[]];
	/** Geodesic traces from the hand tips (0 left, 1 right). */
	arms: [LimbTrace, LimbTrace];
	headTop: Vec3;
	/** Width (x extent) of the central column per slice above the armpits, for the neck. */
	column: { y: number; width: number; centroid: Vec3 }[];
	/** Torso slice centroid at a height (x, z of the central component). */
	torsoCenter(y: number): Vec3;
	/** The chest seed voxel (compact id). */
	seed: number;
}

interface Slice2D {
	labels: Int32Array;
	comps: { count: number; sx: number; sz: number; xMin: number; xMax: number; zMin: number; zMax: number }[];
}

function fail(reason: string, suggestion?: string): never {
	throw new AxisError('RIG_FAILED', reason, suggestion ? { suggestion } : undefined);
}

/** 2D (8-connected) components of the body voxels in one horizontal layer. */
const sliceCache = new WeakMap<Uint8Array, Map<number, Slice2D>>();

function slice(grid: VoxelGrid, body: Uint8Array, j: number): Slice2D {
	let cache = sliceCache.get(body);
	if (!cache) sliceCache.set(body, (cache = new Map()));
	const hit = cache.get(j);
	if (hit) return hit;
	const out = sliceRaw(grid, body, j);
	cache.set(j, out);
	return out;
}

function sliceRaw(grid: VoxelGrid, body: Uint8Array, j: number): Slice2D {
	const { nx, ny, nz, ids } = grid;
	// Runs of body voxels along x, row by row (z); a row touches the one before it (8-connected).
	const x0: number[] = [], x1: number[] = [], runZ: number[] = [];
	const rowStart = new Int32Array(nz + 1);
	for (let z = 0; z < nz; z++) {
		rowStart[z] = x0.length;
		const row = nx * (j + ny * z);
		let inRun = false;
		for (let x = 0; x < nx; x++) {
			const id = ids[row + x];
			const inBody = id >= 0 && body[id] === 1;
			if (inBody && inRun) x1[x1.length - 1] = x;
			else if (inBody) x0.push(x), x1.push(x), runZ.push(z);
			inRun = inBody;
		}
	}
	rowStart[nz] = x0.length;
	const { label, count } = labelRuns(x0, x1, rowStart, [1]);
	const labels = new Int32Array(nx * nz).fill(-1);
	const comps: Slice2D['comps'] = Array.from({ length: count }, () => ({ count: 0, sx: 0, sz: 0, xMin: Infinity, xMax: -Infinity, zMin: Infinity, zMax: -Infinity }));
	for (let i = 0; i < x0.length; i++) {
		const c = comps[label[i]];
		const len = x1[i] - x0[i] + 1, z = runZ[i];
		c.count += len;
		c.sx += ((x0[i] + x1[i]) * len) / 2;
		c.sz += z * len;
		if (x0[i] < c.xMin) c.xMin = x0[i];
		if (x1[i] > c.xMax) c.xMax = x1[i];
		if (z < c.zMin) c.zMin = z;
		if (z > c.zMax) c.zMax = z;
		labels.fill(label[i], x0[i] + nx * z, x1[i] + nx * z + 1);
	}
	return { labels, comps };
}

/** Total area of the triangles. */
function surfaceArea(p: Float32Array, t: Uint32Array): number {
	let sum = 0;
	for (let i = 0; i < t.length; i += 3) {
		const a = t[i] * 3, b = t[i + 1] * 3, c = t[i + 2] * 3;
		const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
		const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
		const area = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
		if (area === area) sum += area; // NaN corners (out-of-range indices) add nothing
	}
	return sum;
}

/** Bounding box of the positions. */
function bounds(positions: Float32Array): { min: Vec3; max: Vec3 } {
	const min: Vec3 = [Infinity, Infinity, Infinity];
	const max: Vec3 = [-Infinity, -Infinity, -Infinity];
	for (let i = 0; i < positions.length; i += 3) {
		for (let k = 0; k < 3; k++) {
			min[k] = Math.min(min[k], positions[i + k]);
			max[k] = Math.max(max[k], positions[i + k]);
		}
	}
	return { min, max };
}

/** The x range of the feet (lowest 10 % of the height) and the z range of the thighs (30–50 %). */
function feetAndThighs(positions: Float32Array, minY: number, height: number): { fxMin: number; fxMax: number; tzMin: number; tzMax: number } {
	let fxMin = Infinity, fxMax = -Infinity, tzMin = Infinity, tzMax = -Infinity;
	for (let i = 0; i < positions.length; i += 3) {
		const y = (positions[i + 1] - minY) / height;
		if (y < 0.1) {
			fxMin = Math.min(fxMin, positions[i]);
			fxMax = Math.max(fxMax, positions[i]);
		} else if (y > 0.3 && y < 0.5) {
			tzMin = Math.min(tzMin, positions[i + 2]);
			tzMax = Math.max(tzMax, positions[i + 2]);
		}
	}
	return { fxMin, fxMax, tzMin, tzMax };
}

/** The triangles (vertex indices, three each) that reach the plane x = `x`. */
function straddlingX(positions: Float32Array, triangles: Uint32Array, x: number): number[] {
	const out: number[] = [];
	for (let t = 0; t < triangles.length; t += 3) {
		const ax = positions[triangles[t] * 3], bx = positions[triangles[t + 1] * 3], cx = positions[triangles[t + 2] * 3];
		if ((x < ax && x < bx && x < cx) || (x > ax && x > bx && x > cx)) continue;
		out.push(triangles[t], triangles[t + 1], triangles[t + 2]);
	}
	return out;
}

/**
 * Body voxels below the crotch layer that lie beside the legs: outside both
 * legs' x extent in their layer (less a voxel), where a hand hangs when the
 * arms are well below an A-pose. Layers the legs' slices do not cover give none.
 */
function besideLegs(grid: VoxelGrid, body: Uint8Array, legs: [LegSlice[], LegSlice[]], crotchLayer: number): Uint8Array {
	const h = grid.size;
	const lo = new Float64Array(crotchLayer).fill(Infinity);
	const hi = new Float64Array(crotchLayer).fill(-Infinity);
	for (const leg of legs) {
		for (const s of leg) {
			const j = Math.floor((s.y - grid.origin[1]) / h);
			if (j < 0 || j >= crotchLayer) continue;
			lo[j] = Math.min(lo[j], s.xMin - h);
			hi[j] = Math.max(hi[j], s.xMax + h);
		}
	}
	const out = new Uint8Array(grid.count);
	const p: Vec3 = [0, 0, 0];
	for (let id = 0; id < grid.count; id++) {
		if (!body[id]) continue;
		const j = grid.layerOf(id);
		if (j >= crotchLayer || !(hi[j] > lo[j])) continue;
		grid.point(id, p);
		if (p[0] < lo[j] || p[0] > hi[j]) out[id] = 1;
	}
	return out;
}

/**
 * From the geodesic from the chest: per side (0 left, +x; 1 right) the
 * voxel farthest from the chest above `minTipY` or beside the legs (ties: the lowest id), and
 * the height of the highest voxel within `nearMid` of the midline.
 */
function extremities(grid: VoxelGrid, fromChest: GeodesicReach, midX: number, minTipY: number, nearMid: number, beside?: Uint8Array): { tips: (number | undefined)[]; headTopY: number } {
	const tips: (number | undefined)[] = [undefined, undefined];
	const best = [0, 0];
	let headTopY = -Infinity;
	const p: Vec3 = [0, 0, 0];
	for (let i = 0; i < fromChest.count; i++) {
		const id = fromChest.ids[i], d = fromChest.dist[i];
		grid.point(id, p);
		if (p[1] > minTipY || beside?.[id]) {
			const side = p[0] >= midX ? 0 : 1;
			if (d > best[side] || (d === best[side] && id < tips[side]!)) {
				best[side] = d;
				tips[side] = id;
			}
		}
		if (Math.abs(p[0] - midX) < nearMid && p[1] > headTopY) headTopY = p[1];
	}
	return { tips, headTopY };
}

/** Centroid of the `mask` voxels at or above height `y` within `nearMid` of the midline. */
function centreAbove(grid: VoxelGrid, mask: Uint8Array, y: number, midX: number, nearMid: number): Vec3 {
	let sx = 0, sz = 0, n = 0;
	const p: Vec3 = [0, 0, 0];
	for (let id = 0; id < grid.count; id++) {
		if (!mask[id] || grid.origin[1] + (grid.layerOf(id) + 0.5) * grid.size < y) continue;
		grid.point(id, p);
		if (Math.abs(p[0] - midX) < nearMid) {
			sx += p[0];
			sz += p[2];
			n++;
		}
	}
	return [sx / n, y, sz / n];
}

/** Which component of `next` overlaps most with component `label` of `prev` (scanning its bounding box); −1 none. */
function follow(grid: VoxelGrid, prev: Slice2D, label: number, next: Slice2D): number {
	const votes = new Map<number, number>();
	const c = prev.comps[label];
	for (let z = c.zMin; z <= c.zMax; z++) {
		for (let k = c.xMin + grid.nx * z; k <= c.xMax + grid.nx * z; k++) {
			if (prev.labels[k] !== label) continue;
			const l = next.labels[k];
			if (l >= 0) votes.set(l, (votes.get(l) ?? 0) + 1);
		}
	}
	let best = -1, bestV = 0;
	for (const [l, v] of votes) if (v > bestV) [best, bestV] = [l, v];
	return best;
}

/**
 * The solid voxels geodesics may use (1): all but a one-voxel wall on the
 * midline (x = `midX`) below the crotch, which keeps touching legs apart.
 */
export function besideLegWall(grid: VoxelGrid, midX: number, crotchY: number): Uint8Array {
	const allowed = new Uint8Array(grid.count).fill(1);
	const x = Math.floor((midX - grid.origin[0]) / grid.size);
	const below = Math.min(grid.ny, Math.floor((crotchY - grid.origin[1]) / grid.size));
	if (x < 0 || x >= grid.nx) return allowed;
	for (let z = 0; z < grid.nz; z++)
		for (let y = 0; y < below; y++) {
			const id = grid.ids[grid.index(x, y, z)];
			if (id >= 0) allowed[id] = 0;
		}
	return allowed;
}

/** `mask` from layer `j` up (zero below). */
function fromLayer(grid: VoxelGrid, mask: Uint8Array, j: number): Uint8Array {
	const out = new Uint8Array(grid.count);
	for (let id = 0; id < grid.count; id++) if (mask[id] && grid.layerOf(id) >= j) out[id] = 1;
	return out;
}

/** Above this surface area (× height²) the mesh is no body: it would take minutes to voxelise. */
const MAX_SURFACE = 25;
/** A leg's cross-section fills at least this share of its bounding box (a disc: 0.79). */
const LEG_FILL = 0.35;
/** A hand's tip lies at least this far from the midline (fraction of the height). */
const MIN_ARM_REACH = 0.14;

export interface LandmarkOptions {
	/** Voxel size as a fraction of the height (default 1/200). */
	resolution?: number;
}

export function findLandmarks(positions: Float32Array, triangles: Uint32Array, options: LandmarkOptions = {}): Landmarks {
	const { min, max } = bounds(positions);
	const minY = min[1], maxY = max[1];
	const height = maxY - minY;
	if (!(height > 0)) fail('the mesh is flat: no height to rig');
	// Voxelising costs the surface's area in voxels: a triangle soup of huge triangles would take
	// minutes before failing the checks below. Bodies, clothes and hair: 0.5-2.5 × height².
	const area = surfaceArea(positions, triangles) / (height * height);
	if (area > MAX_SURFACE) fail(`the surface is ${area.toFixed(0)} × the height squared (a humanoid's, clothed, is 0.5 to 2.5): not a body's surface`, 'axis rig needs a humanoid mesh; a triangle soup or a whole scene cannot be rigged');
	const h = height * (options.resolution ?? 1 / 200);

	// --- Midline and crotch. The midline is the centre of the feet; the
	// crotch is where a vertical ray up the midline, between the thighs,
	// first meets the surface (exact on the mesh, so touching thighs or knees
	// a few millimetres apart still count as two legs).
	const { fxMin, fxMax, tzMin, tzMax } = feetAndThighs(positions, minY, height);
	const midX = (fxMin + fxMax) / 2;
	const hits: number[] = [];
	// The rays all lie in the plane x = midX: test only the triangles that straddle it.
	const straddling = straddlingX(positions, triangles, midX);
	for (let k = 1; k < 12; k++) {
		const z = tzMin + ((tzMax - tzMin) * k) / 12;
		const y = rayUp(positions, straddling, midX, z, minY + 0.3 * height, 0.5);
		if (Number.isFinite(y)) hits.push(y);
		if (process.env.RIG_DEBUG) console.error("ray", z.toFixed(3), y.toFixed(3));
	}
	if (hits.length < 3) fail('no crotch: nothing joins the legs', 'axis rig needs a standing humanoid with two legs; non-humanoid meshes cannot be rigged to AXIS-65');
	hits.sort((a, b) => a - b);
	if (process.env.RIG_DEBUG) console.error("crotch hits", hits.map((x) => x.toFixed(3)).join(" "));
	const crotchY = hits[Math.floor(hits.length / 4)];
	const crotchFrac = (crotchY - minY) / height;
	if (crotchFrac < 0.3 || crotchFrac > 0.65) fail(`the legs join at ${(crotchFrac * 100).toFixed(0)}% of the height: not humanoid proportions`, 'axis rig needs a standing humanoid (legs about half its height)');
	// The solid voxel model (built only once the mesh has passed the cheap checks).
	const grid = VoxelGrid.around(min, max, h);
	grid.rasterize(positions, triangles);
	grid.solidify();
	const { labels, sizes } = grid.components();
	let main = 0;
	for (let i = 1; i < sizes.length; i++) if (sizes[i] > sizes[main]) main = i;
	// The main body, less a one-voxel wall on the midline below the crotch that keeps the legs apart.
	const wall = besideLegWall(grid, midX, crotchY);
	const body = new Uint8Array(grid.count);
	for (let id = 0; id < grid.count; id++) if (labels[id] === main && wall[id]) body[id] = 1;
	const layerY = (j: number) => grid.origin[1] + (j + 0.5) * h;
	const layerOf = (y: number) => Math.min(grid.ny - 1, Math.max(0, Math.floor((y - grid.origin[1]) / h)));
	const toX = (cx: number) => grid.origin[0] + (cx + 0.5) * h;
	const toZ = (cz: number) => grid.origin[2] + (cz + 0.5) * h;

	// `upper`: the body from the crotch up, where the geodesic from the chest
	// looks for the hands and the head (paths to them never go down a leg).
	const crotchLayer = layerOf(crotchY);
	const upper = fromLayer(grid, body, crotchLayer);

	// --- Legs: two cross-sections tracked from the shins down to the soles and up to the crotch.
	const j0 = layerOf(minY + 0.15 * height);
	const s0 = slice(grid, body, j0);
	// A leg's section is a solid blob that fills much of its box; a skirt's shell round both legs
	// (halved by the wall on the midline) is a thin arc, however many voxels it has. Per side, the
	// largest solid section, else (nothing solid: clothes hug the legs) the largest of any shape.
	const fill = (c: Slice2D['comps'][number]) => c.count / ((c.xMax - c.xMin + 1) * (c.zMax - c.zMin + 1));
	const legOn = (left: boolean) => {
		const side = s0.comps.map((c, i) => ({ c, i })).filter((e) => toX(e.c.sx / e.c.count) > midX === left).sort((a, b) => b.c.count - a.c.count);
		return side.find((e) => fill(e.c) > LEG_FILL) ?? side[0];
	};
	const leftOf = legOn(true);
	const rightOf = legOn(false);
	if (!leftOf || !rightOf || Math.min(leftOf.c.count, rightOf.c.count) < 0.25 * Math.max(leftOf.c.count, rightOf.c.count)) {
		fail('no two legs: the lower body is not two similar columns', 'axis rig needs a standing humanoid with separated legs (T-pose or A-pose); non-humanoid meshes cannot be rigged to AXIS-65');
	}
	const legComp = [leftOf, rightOf];
	const legs: [LegSlice[], LegSlice[]] = [[], []];
	const toSlice = (j: number, c: Slice2D['comps'][number]): LegSlice => ({
		y: layerY(j),
		centroid: [toX(c.sx / c.count), layerY(j), toZ(c.sz / c.count)],
		zMin: toZ(c.zMin) - h / 2,
		zMax: toZ(c.zMax) + h / 2,
		xMin: toX(c.xMin) - h / 2,
		xMax: toX(c.xMax) + h / 2,
		count: c.count,
	});
	// One leg's component followed layer by layer from the shin (j0, exclusive) toward `end` (exclusive).
	const track = (label: number, step: 1 | -1, end: number): LegSlice[] => {
		const out: LegSlice[] = [];
		let prev = s0;
		for (let j = j0 + step; step > 0 ? j < end : j > end; j += step) {
			const next = slice(grid, body, j);
			const l = follow(grid, prev, label, next);
			if (l < 0) break;
			out.push(toSlice(j, next.comps[l]));
			prev = next;
			label = l;
		}
		return out;
	};
	for (let side = 0; side < 2; side++) {
		const label = legComp[side].i;
		const down = [toSlice(j0, s0.comps[label]), ...track(label, -1, -1)];
		legs[side] = [...down.reverse(), ...track(label, 1, crotchLayer)];
	}

	// --- Central column (torso, neck, head): the component nearest the midline per layer.
	const column: Landmarks['column'] = [];
	const centerCache = new Map<number, Vec3>();
	const centralComp = (j: number): Slice2D['comps'][number] | undefined => {
		const s = slice(grid, body, j);
		let best: Slice2D['comps'][number] | undefined;
		let bestD = Infinity;
		for (const c of s.comps) {
			if (c.count < 3) continue;
			const cx = toX(c.sx / c.count);
			const inside = toX(c.xMin) - h <= midX && toX(c.xMax) + h >= midX;
			const d = inside ? 0 : Math.abs(cx - midX);
			if (d < bestD || (d === bestD && best && c.count > best.count)) [best, bestD] = [c, d];
		}
		return best;
	};
	const torsoCenter = (y: number): Vec3 => {
		const j = layerOf(y);
		const hit = centerCache.get(j);
		if (hit) return hit;
		const c = centralComp(j);
		const out: Vec3 = c ? [toX(c.sx / c.count), layerY(j), toZ(c.sz / c.count)] : [midX, y, 0];
		centerCache.set(j, out);
		return out;
	};

	// --- Geodesics from the chest.
	const chest = torsoCenter(crotchY + 0.3 * (maxY - crotchY));
	const seed = grid.nearestSolid(chest, 20);
	if (seed < 0 || !upper[seed]) fail('no solid torso found');
	const { tips, headTopY } = extremities(grid, grid.geodesicReach([seed], { allowed: upper }), midX, crotchY, 0.08 * height);
	// A tip on the crotch layer means an arm cut there; a tip not out to the side, an arm pressed
	// to the torso down to there. Either way the hand hangs lower (arms well below an A-pose), and
	// that side looks again, beside the legs too. (Only then: a long skirt's hem lies beside the
	// legs as well, and may be farther from the chest than a raised hand.)
	const cut = tips.map((t) => t === undefined || grid.layerOf(t) <= crotchLayer + 1 || Math.abs(grid.point(t)[0] - midX) < MIN_ARM_REACH * height);
	if (cut[0] || cut[1]) {
		const beside = besideLegs(grid, body, legs, crotchLayer);
		const reach = new Uint8Array(grid.count);
		for (let id = 0; id < grid.count; id++) reach[id] = upper[id] | beside[id];
		const lower = extremities(grid, grid.geodesicReach([seed], { allowed: reach }), midX, crotchY, 0.08 * height, beside);
		for (const side of [0, 1]) if (cut[side]) tips[side] = lower.tips[side];
	}
	const arms = [0, 1].map((side) => {
		const tip = tips[side];
		if (tip === undefined) fail('no arms found');
		const tipPoint = grid.point(tip);
		const lateral = Math.abs(tipPoint[0] - midX) / height;
		if (lateral < MIN_ARM_REACH) fail(`no arm reaches out on the ${side ? 'right' : 'left'}: the farthest point is ${(lateral * 100).toFixed(0)}% of the height from the midline`, 'pose the character in a T-pose or A-pose with the hands away from the body');
		return traceLimb(grid, body, tip, height);
	}) as [LimbTrace, LimbTrace];

	// Head top: the highest body voxels near the midline.
	const top = centreAbove(grid, body, headTopY - 1.5 * h, midX, 0.08 * height);
	const headTop: Vec3 = [top[0], maxY, top[2]];
	for (let j = layerOf(crotchY); j <= layerOf(maxY); j++) {
		const c = centralComp(j);
		if (!c) continue;
		column.push({ y: layerY(j), width: (c.xMax - c.xMin + 1) * h, centroid: [toX(c.sx / c.count), layerY(j), toZ(c.sz / c.count)] });
	}
	return { height, grid, body, crotchY, midX, legs, arms, headTop, column, torsoCenter, seed };
}

/**
 * Level sets of the geodesic distance from a limb's tip, as bands one and a
 * half voxels wide: centroid and spread of each, up to where the spread
 * jumps (the limb meets the trunk).
 *
 * The bands run up to 0.6 × the height from the tip, but most of what lies
 * that far is torso past the shoulder (80 % of the voxels on MakeHuman,
 * whose arm meets the trunk at 0.38), so shorter reaches are tried first
 * (0.45, then 0.53: Mixamo's arms meet the trunk at 0.45 to 0.5); a reach
 * is kept when the root is found at least a band inside it, which gives the
 * same bands up to the root as the full reach.
 */
export function traceLimb(grid: VoxelGrid, body: Uint8Array, tip: number, height: number): LimbTrace {
	for (const reach of [0.45, 0.53]) {
		const { trace, found, width } = limbBands(grid, body, tip, height, reach * height);
		if (found && trace.bands[trace.rootBand].d + 1.5 * width <= reach * height) return trace;
	}
	return limbBands(grid, body, tip, height, 0.6 * height).trace;
}

/** The bands of {@link traceLimb} within `maxD` of the tip; `found`: the root is a spread jump, not the last band. */
function limbBands(grid: VoxelGrid, body: Uint8Array, tip: number, height: number, maxD: number): { trace: LimbTrace; found: boolean; width: number } {
	const reach = grid.geodesicReach([tip], { allowed: body, maxDistance: maxD });
	const bw = grid.size * 1.5;
	const nb = Math.ceil(maxD / bw) + 1;
	const count = new Float64Array(nb);
	const sum = new Float64Array(nb * 3);
	const sq = new Float64Array(nb);
	const p: Vec3 = [0, 0, 0];
	for (let i = 0; i < reach.count; i++) {
		const b = Math.min(nb - 1, Math.floor(reach.dist[i] / bw));
		grid.point(reach.ids[i], p);
		count[b]++;
		sum[b * 3] += p[0];
		sum[b * 3 + 1] += p[1];
		sum[b * 3 + 2] += p[2];
		sq[b] += p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
	}
	const bands: Band[] = [];
	for (let b = 0; b < nb; b++) {
		if (!count[b]) continue;
		const c: Vec3 = [sum[b * 3] / count[b], sum[b * 3 + 1] / count[b], sum[b * 3 + 2] / count[b]];
		const spread = Math.sqrt(Math.max(0, sq[b] / count[b] - (c[0] * c[0] + c[1] * c[1] + c[2] * c[2])));
		bands.push({ d: (b + 0.5) * bw, count: count[b], centroid: c, spread });
	}
	// The root: first band past 0.2·height whose spread exceeds twice the
	// median spread of the bands between 0.1 and 0.2·height (the forearm).
	const fore = bands.filter((b) => b.d > 0.1 * height && b.d < 0.2 * height).map((b) => b.spread).sort((a, b) => a - b);
	const ref = fore.length ? fore[Math.floor(fore.length / 2)] : grid.size * 3;
	let rootBand = bands.length - 1;
	let found = false;
	for (let i = 0; i < bands.length; i++) {
		if (bands[i].d > 0.2 * height && bands[i].spread > 2.2 * ref) {
			rootBand = i;
			found = true;
			break;
		}
	}
	return { trace: { tip: grid.point(tip), bands, rootBand }, found, width: bw };
}

/** Height of the first triangle above `fromY` on the vertical line (x, z), or Infinity. */
export function rayUp(positions: ArrayLike<number>, triangles: ArrayLike<number>, x: number, z: number, fromY: number, minNy = 0): number {
	let best = Infinity;
	for (let t = 0; t < triangles.length; t += 3) {
		const a = triangles[t] * 3, b = triangles[t + 1] * 3, c = triangles[t + 2] * 3;
		const ax = positions[a], az = positions[a + 2], bx = positions[b], bz = positions[b + 2], cx = positions[c], cz = positions[c + 2];
		if ((x < ax && x < bx && x < cx) || (x > ax && x > bx && x > cx) || (z < az && z < bz && z < cz) || (z > az && z > bz && z > cz)) continue;
		const det = (bz - cz) * (ax - cx) + (cx - bx) * (az - cz);
		if (Math.abs(det) < 1e-14) continue;
		const l1 = ((bz - cz) * (x - cx) + (cx - bx) * (z - cz)) / det;
		const l2 = ((cz - az) * (x - cx) + (ax - cx) * (z - cz)) / det;
		const l3 = 1 - l1 - l2;
		if (l1 < 0 || l2 < 0 || l3 < 0) continue;
		const y = l1 * positions[a + 1] + l2 * positions[b + 1] + l3 * positions[c + 1];
		if (!(y > fromY && y < best)) continue;
		if (minNy > 0) {
			// Only surfaces that face up or down (the crotch), not the sides of touching thighs.
			const ux = bx - ax, uy = positions[b + 1] - positions[a + 1], uz = bz - az;
			const vx = cx - ax, vy = positions[c + 1] - positions[a + 1], vz = cz - az;
			const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
			if (Math.abs(ny) < minNy * Math.hypot(nx, ny, nz)) continue;
		}
		best = y;
	}
	return best;
}
