import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from '@gltf-transform/core';
import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { blockyHumanoid } from '../fixtures/humanoid.js';
import { getIO } from '../src/io/gltf.js';
import { readAsset } from '../src/io/read.js';
import { writeAsset, writeGLB } from '../src/io/write.js';
import { sceneBounds } from '../src/geometry/world-positions.js';
import { assetPath } from './helpers/assets.js';

const dir = mkdtempSync(join(tmpdir(), 'axis-io-'));

function positions(doc: Document): number[] {
	return doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives().flatMap((p) => Array.from(p.getAttribute('POSITION')!.getArray()!)));
}

describe('glTF/GLB reading', () => {
	it('decodes Draco geometry (BrainStem, 59 primitives, skinned)', async (ctx) => {
		const path = assetPath('edgecases/BrainStem_draco.glb');
		if (!path) return ctx.skip();
		const { document } = await readAsset(path);
		const prims = document.getRoot().listMeshes().flatMap((m) => m.listPrimitives());
		expect(prims).toHaveLength(59);
		expect(prims.every((p) => (p.getAttribute('POSITION')?.getCount() ?? 0) > 0)).toBe(true);
		expect(document.getRoot().listSkins().length).toBeGreaterThan(0);
	});

	it('decodes meshopt + quantized geometry and keeps the 52 ARKit morph target names (facecap)', async (ctx) => {
		const path = assetPath('edgecases/facecap.glb');
		if (!path) return ctx.skip();
		const { document } = await readAsset(path);
		const face = document.getRoot().listMeshes().find((m) => m.listPrimitives()[0].listTargets().length === 52);
		expect(face).toBeDefined();
		const names = face!.getExtras().targetNames as string[];
		expect(names).toContain('jawOpen');
		expect(names).toContain('browInnerUp');
		// the KTX2 texture passes through untouched
		expect(document.getRoot().listTextures()[0].getMimeType()).toBe('image/ktx2');
	});

	it('reads buffers from data: URIs', async () => {
		const io = await getIO();
		const { json, resources } = await io.writeJSON(blockyHumanoid());
		const [uri, bin] = Object.entries(resources)[0];
		json.buffers![0].uri = `data:application/octet-stream;base64,${Buffer.from(bin).toString('base64')}`;
		expect(uri).toBeTruthy();
		const p = join(dir, 'datauri.gltf');
		writeFileSync(p, JSON.stringify(json));
		const { document } = await readAsset(p);
		expect(positions(document)).toEqual(positions(blockyHumanoid()));
	});
});

describe('glTF/GLB writing', () => {
	it('writes .gltf with an external .bin and reads it back unchanged', async () => {
		const p = join(dir, 'external/humanoid.gltf');
		const files = await writeAsset(blockyHumanoid(), p);
		expect(files.some((f) => f.endsWith('humanoid.bin'))).toBe(true);
		const { document } = await readAsset(p);
		expect(positions(document)).toEqual(positions(blockyHumanoid()));
	});

	it('writes .gltf with several buffers without a URI (as read from data: URIs) as one .bin each', async () => {
		// Khronos' simple_skin.gltf keeps its four buffers in data: URIs; written as .gltf all four were named <stem>.bin (WRITE_FAILED).
		const doc = blockyHumanoid();
		const extra = doc.createBuffer();
		const first = doc.getRoot().listMeshes()[0].listPrimitives()[0];
		first.getAttribute('POSITION')!.setBuffer(extra);
		const p = join(dir, 'buffers/humanoid.gltf');
		const files = await writeAsset(doc, p);
		expect(files.map((f) => f.split('/').pop()).sort()).toEqual(['humanoid.bin', 'humanoid.gltf', 'humanoid_1.bin']);
		const { document } = await readAsset(p);
		expect(positions(document)).toEqual(positions(blockyHumanoid()));
	});

	for (const compression of ['draco', 'meshopt'] as const) {
		it(`writes ${compression}-compressed GLB that reads back within quantization error, leaving the source document alone`, async () => {
			const source = blockyHumanoid();
			const before = positions(source);
			const plain = join(dir, `plain.glb`);
			const packed = join(dir, `${compression}.glb`);
			await writeAsset(source, plain);
			await writeAsset(source, packed, { compression });
			expect(positions(source)).toEqual(before); // not mutated
			const { document } = await readAsset(packed);
			expect(document.getRoot().listExtensionsUsed().map((e) => e.extensionName)).toContain(compression === 'draco' ? 'KHR_draco_mesh_compression' : 'EXT_meshopt_compression');
			const a = sceneBounds(blockyHumanoid())!, b = sceneBounds(document)!;
			for (let k = 0; k < 3; k++) {
				expect(b.min[k]).toBeCloseTo(a.min[k], 2);
				expect(b.max[k]).toBeCloseTo(a.max[k], 2);
			}
			const report = await validateBytes(new Uint8Array(readFileSync(packed)), { format: 'glb' });
			expect(report.issues.numErrors).toBe(0);
			expect(statSync(plain).size).toBeGreaterThan(0);
		});
	}

	it('rejects an output name that is not .glb or .gltf', async () => {
		await expect(writeAsset(blockyHumanoid(), join(dir, 'x.fbx'))).rejects.toMatchObject({ code: 'BAD_USAGE' });
	});

	it('compresses a real skinned character (Xbot) with meshopt and keeps its skin and animations', async (ctx) => {
		const path = assetPath('mixamo/Xbot.glb');
		if (!path) return ctx.skip();
		const { document } = await readAsset(path);
		const bytes = await writeGLB(document, { compression: 'meshopt' });
		expect(bytes.byteLength).toBeLessThan(statSync(path).size);
		const p = join(dir, 'xbot_meshopt.glb');
		writeFileSync(p, bytes);
		const back = await readAsset(p);
		expect(back.document.getRoot().listSkins()[0].listJoints()).toHaveLength(67);
		expect(back.document.getRoot().listAnimations()).toHaveLength(7);
	});
});
