/**
 * Cross-check of the FBX reader against Blender 3.4's own FBX importer on the
 * Mixamo Samba_Dancing.fbx: vertex counts, bone names, rest bounding box and
 * the skinned pose at frame 30. Blender is Z-up: (x, y, z) → glTF (x, z, −y).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFBX } from '../src/io/fbx/index.js';
import { assetPath } from './helpers/assets.js';
import { hasBlender, runBlenderJSON } from './helpers/blender.js';
import { boundingBox, nearestDistances, poseMeshes } from './helpers/pose.js';

interface BlenderMesh {
	count: number;
	min: number[];
	max: number[];
	sample: number[][];
}
interface BlenderResult {
	fps: number;
	bones: string[];
	frameRange: number[] | null;
	rest: Record<string, BlenderMesh>;
	frame30: Record<string, BlenderMesh>;
}

const script = (file: string): string => `
import bpy
bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.fbx(filepath=${JSON.stringify(file)}, anim_offset=0.0)
scene = bpy.context.scene
arms = [o for o in scene.objects if o.type == 'ARMATURE']
act = arms[0].animation_data.action if arms and arms[0].animation_data else None
res = {'fps': scene.render.fps / scene.render.fps_base,
       'bones': [b.name for b in arms[0].data.bones] if arms else [],
       'frameRange': list(act.frame_range) if act else None}
def conv(v):
    return [v[0], v[2], -v[1]]
def meshes(step):
    dg = bpy.context.evaluated_depsgraph_get()
    out = {}
    for o in scene.objects:
        if o.type != 'MESH':
            continue
        eo = o.evaluated_get(dg)
        me = eo.to_mesh()
        M = eo.matrix_world
        pts = [conv(M @ v.co) for v in me.vertices]
        out[o.name] = {'count': len(pts), 'min': [min(p[i] for p in pts) for i in range(3)],
                       'max': [max(p[i] for p in pts) for i in range(3)], 'sample': pts[::step]}
        eo.to_mesh_clear()
    return out
for a in arms:
    a.data.pose_position = 'REST'
scene.frame_set(0)
res['rest'] = meshes(40)
for a in arms:
    a.data.pose_position = 'POSE'
scene.frame_set(30)
res['frame30'] = meshes(5)
emit(res)
`;

const samba = assetPath('fbx/Samba_Dancing.fbx');

function uniquePositions(positions: Float32Array[]): number {
	const set = new Set<string>();
	for (const p of positions) for (let i = 0; i < p.length; i += 3) set.add(`${p[i].toFixed(5)},${p[i + 1].toFixed(5)},${p[i + 2].toFixed(5)}`);
	return set.size;
}

describe.runIf(samba && hasBlender())('Samba_Dancing.fbx matches Blender 3.4’s FBX import', () => {
	it('same meshes, bones, rest bounding box and frame-30 pose', async () => {
		const blender = runBlenderJSON<BlenderResult>(script(samba!))!;
		const { document } = await readFBX(new Uint8Array(readFileSync(samba!)), {});
		const root = document.getRoot();

		// Bones: Blender's armature holds the same 67 bones as our skin's joints.
		const joints = root.listSkins()[0].listJoints().map((j) => j.getName());
		expect(blender.bones).toHaveLength(67);
		expect([...joints].sort()).toEqual([...blender.bones].sort());

		// Animation length and frame rate.
		expect(blender.fps).toBe(30);
		const anim = root.listAnimations()[0];
		const end = Math.max(...anim.listSamplers().map((s) => s.getInput()!.getMax([0])[0]));
		expect(end * blender.fps).toBeCloseTo(blender.frameRange![1], 1);

		const meshNodes = root.listNodes().filter((n) => n.getMesh());
		expect(meshNodes.map((n) => n.getName()).sort()).toEqual(Object.keys(blender.rest).sort());

		// Vertex counts: Blender counts control points; glTF splits vertices at UV/normal seams,
		// so compare Blender's count with our number of distinct positions.
		for (const node of meshNodes) {
			const prims = node.getMesh()!.listPrimitives();
			const distinct = uniquePositions(prims.map((p) => p.getAttribute('POSITION')!.getArray() as Float32Array));
			expect(distinct, node.getName()).toBe(blender.rest[node.getName()].count);
		}

		for (const [label, t, expected] of [
			['rest', undefined, blender.rest],
			['frame 30', 30 / blender.fps, blender.frame30],
		] as const) {
			const posed = poseMeshes(document, t === undefined ? undefined : anim, t ?? 0);
			for (const pm of posed) {
				const b = expected[pm.node];
				const bb = boundingBox(pm.positions);
				const diag = Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]);
				for (let k = 0; k < 3; k++) {
					expect(Math.abs(bb.min[k] - b.min[k]), `${label} ${pm.node} min[${k}]`).toBeLessThan(0.01 * diag);
					expect(Math.abs(bb.max[k] - b.max[k]), `${label} ${pm.node} max[${k}]`).toBeLessThan(0.01 * diag);
				}
				// Every sampled Blender vertex has one of ours within 1 mm.
				const d = nearestDistances(pm.positions, b.sample, 0.01);
				const worst = Math.max(...d);
				console.log(`[fbx-blender] ${label} ${pm.node}: ${b.sample.length} sampled vertices, worst distance ${(worst * 1000).toFixed(4)} mm`);
				expect(worst, `${label} ${pm.node}`).toBeLessThan(0.001);
			}
		}
	});
});
