/**
 * Godot 3 server (Debian `godot3-server`) as a glTF importer: copies files
 * into a throw-away project, lets the editor import them (it is stopped once
 * the imports exist: Godot 3.2's headless editor does not always quit), then
 * loads each imported scene in a script and reports skeletons, bones, meshes
 * and animations.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const BIN = 'godot3-server';
let available: boolean | undefined;

export function hasGodot(): boolean {
	if (available === undefined) {
		const r = spawnSync(BIN, ['--version'], { encoding: 'utf8', timeout: 30_000 });
		available = !r.error && /^3\./m.test(`${r.stdout}`);
		if (!available) console.warn('[axis tests] godot3-server not found on PATH (apt-get install godot3-server): Godot import checks are SKIPPED');
	}
	return available;
}

export interface GodotScene {
	loaded: boolean;
	skeletons: number;
	bones: number;
	meshes: number;
	animations: number;
	names: string[];
}

const CHECK = `extends SceneTree
func walk(n, acc):
	if n is Skeleton:
		acc["skeletons"] += 1
		acc["bones"] += n.get_bone_count()
		for i in range(n.get_bone_count()):
			acc["names"].append(n.get_bone_name(i))
	if n is MeshInstance:
		acc["meshes"] += 1
	if n is AnimationPlayer:
		acc["animations"] += n.get_animation_list().size()
	for c in n.get_children():
		walk(c, acc)
func _init():
	var out = {}
	for f in OS.get_cmdline_args():
		if f.ends_with(".glb") or f.ends_with(".gltf"):
			var res = load("res://" + f)
			var acc = {"loaded": res != null, "skeletons": 0, "bones": 0, "meshes": 0, "animations": 0, "names": []}
			if res != null:
				var inst = res.instance()
				walk(inst, acc)
				inst.free()
			out[f] = acc
	print("@@AXIS_JSON@@" + to_json(out))
	quit()
`;

/** Imports glTF/GLB files in a headless Godot 3 project; returns what each imported scene holds, and import errors. */
export async function godotImport(files: string[], timeoutMs = 90_000): Promise<{ scenes: Record<string, GodotScene>; errors: string[] }> {
	const dir = mkdtempSync(join(tmpdir(), 'axis-godot-'));
	const env = { ...process.env, LANG: 'C.UTF-8' };
	try {
		writeFileSync(join(dir, 'project.godot'), 'config_version=4\n\n[application]\nconfig/name="axis"\n');
		writeFileSync(join(dir, 'check.gd'), CHECK);
		const names = files.map((f, i) => `f${i}_${basename(f)}`);
		files.forEach((f, i) => copyFileSync(f, join(dir, names[i])));
		// 1. Editor import, stopped once every file has its imported scene.
		const log: string[] = [];
		await new Promise<void>((resolve) => {
			const child = spawn(BIN, ['--path', dir, '--editor', '--quit'], { env });
			child.stdout.on('data', (d) => log.push(String(d)));
			child.stderr.on('data', (d) => log.push(String(d)));
			const start = Date.now();
			const timer = setInterval(() => {
				const imported = existsSync(join(dir, '.import')) ? readdirSync(join(dir, '.import')).filter((f) => f.endsWith('.md5')).length : 0;
				if (imported >= names.length || Date.now() - start > timeoutMs) {
					clearInterval(timer);
					setTimeout(() => child.kill('SIGKILL'), 500);
				}
			}, 250);
			child.on('exit', () => {
				clearInterval(timer);
				resolve();
			});
		});
		// 2. Load each imported scene.
		const r = spawnSync(BIN, ['--path', dir, '-s', 'check.gd', ...names], { env, encoding: 'utf8', timeout: timeoutMs });
		const out = `${log.join('')}\n${r.stdout ?? ''}\n${r.stderr ?? ''}`;
		const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@AXIS_JSON@@'));
		const parsed = line ? (JSON.parse(line.slice('@@AXIS_JSON@@'.length)) as Record<string, GodotScene>) : {};
		const scenes: Record<string, GodotScene> = {};
		names.forEach((n, i) => {
			if (parsed[n]) scenes[files[i]] = parsed[n];
		});
		// Shutdown noise (free_static) and the locale warning are not import errors.
		const errors = out.split('\n').filter((l) => /ERROR/.test(l) && !/free_static|locale|get_language_code/.test(l));
		return { scenes, errors };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
