import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MARKER = '@@AXIS_JSON@@';
let available: boolean | undefined;

/** Whether `blender` is on PATH (prints a visible skip message once when it is not). */
export function hasBlender(): boolean {
	if (available === undefined) {
		const r = spawnSync('blender', ['--version'], { encoding: 'utf8', timeout: 60_000 });
		available = r.status === 0;
		if (!available) console.warn('[axis tests] blender not found on PATH: Blender comparison tests are SKIPPED');
	}
	return available;
}

/**
 * Python for scripts that check imported files: `import_at_rest(f)` reads a
 * .fbx or .glb/.gltf into an empty scene with every armature in its rest
 * position and returns (scene, armatures); `world_bounds(scene)` is the
 * world-space box of the evaluated meshes; `weighted_groups(o)` the names of
 * a mesh's vertex groups that carry weight.
 */
export const BLENDER_IMPORT_HELPERS = `
import bpy, numpy
numpy.bool = bool
def import_at_rest(f):
    bpy.ops.wm.read_factory_settings(use_empty=True)
    if f.endswith('.fbx'):
        bpy.ops.import_scene.fbx(filepath=f)
    else:
        bpy.ops.import_scene.gltf(filepath=f)
    scene = bpy.context.scene
    arms = [o for o in scene.objects if o.type == 'ARMATURE']
    for a in arms:
        a.data.pose_position = 'REST'
    return scene, arms
def world_bounds(scene):
    bpy.context.view_layer.update()
    dg = bpy.context.evaluated_depsgraph_get()
    lo, hi = [1e9] * 3, [-1e9] * 3
    for o in scene.objects:
        if o.type != 'MESH':
            continue
        eo = o.evaluated_get(dg)
        me = eo.to_mesh()
        for v in me.vertices:
            p = eo.matrix_world @ v.co
            for k in range(3):
                lo[k] = min(lo[k], p[k])
                hi[k] = max(hi[k], p[k])
        eo.to_mesh_clear()
    return lo, hi
def weighted_groups(o):
    return {o.vertex_groups[g.group].name for v in o.data.vertices for g in v.groups if g.weight > 0}
`;

/**
 * Runs a Python script in `blender -b --factory-startup` and returns the JSON
 * value the script prints with `emit(value)` (a helper defined for it).
 * Returns undefined when Blender is not installed.
 */
export function runBlenderJSON<T = unknown>(script: string, options: { timeoutMs?: number } = {}): T | undefined {
	if (!hasBlender()) return undefined;
	const dir = mkdtempSync(path.join(tmpdir(), 'axis-blender-'));
	const file = path.join(dir, 'script.py');
	const prelude = `import json, sys\ndef emit(value):\n    sys.stdout.write('\\n${MARKER}' + json.dumps(value) + '\\n')\n    sys.stdout.flush()\n`;
	writeFileSync(file, `${prelude}\n${script}\n`);
	try {
		const r = spawnSync('blender', ['-b', '--factory-startup', '--python-exit-code', '1', '--python', file], {
			encoding: 'utf8',
			timeout: options.timeoutMs ?? 180_000,
			maxBuffer: 512 * 1024 * 1024,
		});
		const out = r.stdout ?? '';
		const line = out.split('\n').find((l) => l.startsWith(MARKER));
		if (!line) {
			throw new Error(`blender script printed no result (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}\n${out.slice(-3000)}`);
		}
		return JSON.parse(line.slice(MARKER.length)) as T;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
