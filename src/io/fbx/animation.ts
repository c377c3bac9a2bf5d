import type { Mesh, Node } from '@gltf-transform/core';
import type { FBXObject } from './graph.js';
import { decompose, type Quat, type Vec3 } from './math.js';
import { accessor, type SceneContext, toGltfSpace } from './scene.js';
import { localMatrix } from './transform.js';
import { childArray, FBX_TICKS_PER_SECOND, type FBXNumArray, p70Number, readProps70 } from './tree.js';

export interface MorphChannelTarget {
	mesh: Mesh;
	/** Morph target index of this channel in the mesh. */
	index: number;
	/** Number of morph targets of the mesh. */
	count: number;
}

/** An FBX AnimationCurve: key times in ticks, values, per-key interpolation. */
export interface Curve {
	times: FBXNumArray;
	values: FBXNumArray;
	/** true where the segment starting at key i is constant (stepped). */
	constant?: Uint8Array;
}

function readCurve(obj: FBXObject): Curve | undefined {
	const times = childArray(obj.node, 'KeyTime');
	const values = childArray(obj.node, 'KeyValueFloat');
	const n = Math.min(times.length, values.length);
	if (n === 0) return undefined;
	const flags = childArray(obj.node, 'KeyAttrFlags');
	const refs = childArray(obj.node, 'KeyAttrRefCount');
	let constant: Uint8Array | undefined;
	if (flags.length && refs.length) {
		constant = new Uint8Array(n);
		let k = 0;
		for (let f = 0; f < Math.min(flags.length, refs.length) && k < n; f++) {
			const isConst = (flags[f] & 0x2) !== 0 ? 1 : 0;
			for (let r = 0; r < refs[f] && k < n; r++) constant[k++] = isConst;
		}
	}
	return { times: times.subarray(0, n) as FBXNumArray, values: values.subarray(0, n) as FBXNumArray, constant };
}

/** Evaluates a curve at a time (ticks): linear between keys, held outside. */
export function evalCurve(c: Curve, t: number): number {
	const { times, values } = c;
	const n = times.length;
	if (t <= times[0]) return values[0];
	if (t >= times[n - 1]) return values[n - 1];
	let lo = 0;
	let hi = n - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (times[mid] <= t) lo = mid;
		else hi = mid;
	}
	if (c.constant?.[lo]) return values[lo];
	const span = times[hi] - times[lo];
	const f = span > 0 ? (t - times[lo]) / span : 0;
	return values[lo] + (values[hi] - values[lo]) * f;
}

interface Channel3 {
	curves: (Curve | undefined)[];
	defaults: Vec3;
}

const PROPS = ['Lcl Translation', 'Lcl Rotation', 'Lcl Scaling'] as const;

function unionTimes(curves: Iterable<Curve | undefined>): number[] {
	const set = new Set<number>();
	for (const c of curves) if (c) for (let i = 0; i < c.times.length; i++) set.add(c.times[i]);
	const sorted = [...set].sort((a, b) => a - b);
	// Curves of one node often disagree by a tick or two (1539538600 vs 1539538601); merge keys closer than
	// 10 µs, and keep only times that stay strictly increasing once written as float32 seconds.
	const out: number[] = [];
	let last = Number.NEGATIVE_INFINITY;
	for (const t of sorted) {
		const seconds = Math.fround(t / FBX_TICKS_PER_SECOND);
		if (out.length && (t - out[out.length - 1] < FBX_TICKS_PER_SECOND * 1e-5 || seconds <= last)) continue;
		out.push(t);
		last = seconds;
	}
	return out;
}

/** One glTF Animation per FBX AnimationStack. */
export function buildAnimations(ctx: SceneContext, morphTargets: Map<string, MorphChannelTarget>): void {
	const { graph, doc, models, conv } = ctx;
	for (const stack of graph.ofKind('AnimationStack')) {
		const layers = graph.childObjects(stack.id, 'AnimationLayer');
		// model id → property → channel
		const nodeChannels = new Map<string, Map<string, Channel3>>();
		const morphChannels = new Map<string, Curve>();
		let layersWithCurves = 0;
		for (const layer of layers) {
			let used = false;
			for (const cn of graph.childObjects(layer.id, 'AnimationCurveNode')) {
				const curves = new Map<string, Curve>();
				for (const c of graph.childrenOf(cn.id)) {
					const co = graph.objects.get(c.child);
					if (!co || co.kind !== 'AnimationCurve') continue;
					const curve = readCurve(co);
					if (curve) curves.set(c.prop ?? '', curve);
				}
				if (curves.size === 0) continue;
				const cnProps = readProps70(cn.node);
				for (const target of graph.parentsOf(cn.id)) {
					const prop = target.prop ?? '';
					const tobj = graph.objects.get(target.parent);
					if (!tobj) continue;
					if (tobj.kind === 'Model' && (PROPS as readonly string[]).includes(prop) && models.has(tobj.id)) {
						let m = nodeChannels.get(tobj.id);
						if (!m) nodeChannels.set(tobj.id, (m = new Map()));
						if (m.has(prop)) continue; // first layer wins
						const x = models.get(tobj.id)!.xform;
						const rest = prop === 'Lcl Translation' ? x.translation : prop === 'Lcl Rotation' ? x.rotation : x.scaling;
						const defaults: Vec3 = [p70Number(cnProps, 'd|X', rest[0]), p70Number(cnProps, 'd|Y', rest[1]), p70Number(cnProps, 'd|Z', rest[2])];
						m.set(prop, { curves: [curves.get('d|X'), curves.get('d|Y'), curves.get('d|Z')], defaults });
						used = true;
					} else if (tobj.kind === 'Deformer' && tobj.subclass === 'BlendShapeChannel' && morphTargets.has(tobj.id)) {
						const curve = curves.get('d|DeformPercent') ?? [...curves.values()][0];
						if (curve && !morphChannels.has(tobj.id)) {
							morphChannels.set(tobj.id, curve);
							used = true;
						}
					}
				}
			}
			if (used) layersWithCurves++;
		}
		if (nodeChannels.size === 0 && morphChannels.size === 0) continue;
		if (layersWithCurves > 1) ctx.warnings.push(`animation ${stack.name}: ${layersWithCurves} layers; layers are not blended, the first layer animating a property wins`);
		const anim = doc.createAnimation(stack.name || 'animation');
		for (const [modelId, chans] of nodeChannels) {
			const info = models.get(modelId)!;
			const all = [...chans.values()].flatMap((c) => c.curves);
			const ticks = unionTimes(all);
			if (ticks.length === 0) continue;
			const n = ticks.length;
			const input = new Float32Array(n);
			const T = new Float32Array(n * 3);
			const R = new Float32Array(n * 4);
			const S = new Float32Array(n * 3);
			const value = (prop: string, rest: Vec3, tick: number): Vec3 => {
				const ch = chans.get(prop);
				if (!ch) return rest;
				return [0, 1, 2].map((i) => {
					const c = ch.curves[i];
					return c ? evalCurve(c, tick) : ch.defaults[i];
				}) as Vec3;
			};
			let prev: Quat | undefined;
			for (let i = 0; i < n; i++) {
				const tick = ticks[i];
				input[i] = tick / FBX_TICKS_PER_SECOND;
				const x = info.xform;
				const m = localMatrix(x, value('Lcl Translation', x.translation, tick), value('Lcl Rotation', x.rotation, tick), value('Lcl Scaling', x.scaling, tick));
				const { t, r, s } = decompose(toGltfSpace(conv, m));
				if (prev && prev[0] * r[0] + prev[1] * r[1] + prev[2] * r[2] + prev[3] * r[3] < 0) {
					r[0] = -r[0];
					r[1] = -r[1];
					r[2] = -r[2];
					r[3] = -r[3];
				}
				prev = r;
				T.set(t, i * 3);
				R.set(r, i * 4);
				S.set(s, i * 3);
			}
			const inAcc = accessor(ctx, input, 'SCALAR');
			const add = (path: 'translation' | 'rotation' | 'scale', out: Float32Array, type: 'VEC3' | 'VEC4'): void => {
				const sampler = doc.createAnimationSampler().setInput(inAcc).setOutput(accessor(ctx, out, type)).setInterpolation('LINEAR');
				anim.addSampler(sampler);
				anim.addChannel(doc.createAnimationChannel().setTargetNode(info.node as Node).setTargetPath(path).setSampler(sampler));
			};
			add('translation', T, 'VEC3');
			add('rotation', R, 'VEC4');
			if (!isConstant(S, info.node.getScale())) add('scale', S, 'VEC3');
		}
		// Morph weights: one sampler per mesh, per node using that mesh.
		const byMesh = new Map<Mesh, { target: MorphChannelTarget; curve: Curve }[]>();
		for (const [chId, curve] of morphChannels) {
			const target = morphTargets.get(chId)!;
			const list = byMesh.get(target.mesh) ?? [];
			list.push({ target, curve });
			byMesh.set(target.mesh, list);
		}
		for (const [mesh, list] of byMesh) {
			const ticks = unionTimes(list.map((l) => l.curve));
			const count = list[0].target.count;
			const defaults = mesh.getWeights();
			const input = new Float32Array(ticks.length);
			const out = new Float32Array(ticks.length * count);
			ticks.forEach((tick, i) => {
				input[i] = tick / FBX_TICKS_PER_SECOND;
				for (let k = 0; k < count; k++) out[i * count + k] = defaults[k] ?? 0;
				for (const { target, curve } of list) out[i * count + target.index] = Math.min(1, Math.max(0, evalCurve(curve, tick) / 100));
			});
			const sampler = doc.createAnimationSampler().setInput(accessor(ctx, input, 'SCALAR')).setOutput(accessor(ctx, out, 'SCALAR')).setInterpolation('LINEAR');
			anim.addSampler(sampler);
			for (const node of mesh.listParents()) {
				if (node.propertyType !== 'Node') continue;
				anim.addChannel(doc.createAnimationChannel().setTargetNode(node as Node).setTargetPath('weights').setSampler(sampler));
			}
		}
	}
}

function isConstant(values: Float32Array, rest: ArrayLike<number>): boolean {
	for (let i = 0; i < values.length; i++) if (Math.abs(values[i] - rest[i % 3]) > 1e-6) return false;
	return true;
}
