import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { JSONDocument } from '@gltf-transform/core';
import { AxisError, toAxisError } from '../errors.js';
import { checkGLBContainer } from './glb-container.js';
import { getIO } from './gltf.js';
import type { ReaderOptions, ReaderResult } from './types.js';

/** Reads glTF (JSON + external or embedded buffers) or GLB bytes into a Document. */
export async function readGLTF(bytes: Uint8Array, options: ReaderOptions = {}): Promise<ReaderResult> {
	const io = await getIO(options.logger);
	const isGLB = bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46;
	if (isGLB) checkGLBContainer(bytes);
	let json: JSONDocument['json'];
	let document;
	try {
		if (isGLB) {
			document = await io.readBinary(bytes);
			json = (await io.binaryToJSON(bytes)).json;
		} else {
			json = parseJSON(bytes);
			checkNodeGraph(json);
			const resources = await loadResources(json, options.baseDir);
			document = await io.readJSON({ json, resources });
		}
	} catch (err) {
		if (err instanceof AxisError) throw err;
		// gltf-transform's own messages on malformed input are internal ("Cannot
		// read properties of undefined"): ask the Khronos validator what is wrong.
		const why = await explainInvalid(bytes, isGLB, options.baseDir);
		throw new AxisError('GLTF_INVALID', why ?? `invalid glTF: ${(err as Error).message}`);
	}
	const asset = json.asset ?? {};
	return {
		document,
		source: {
			format: isGLB ? 'glb' : 'gltf',
			encoding: isGLB ? 'binary' : 'json',
			version: asset.version,
			generator: asset.generator,
			declaredUnitScale: 1,
			declaredUpAxis: '+Y',
			convertedToGltfConventions: true,
			warnings: [],
		},
	};
}

function parseJSON(bytes: Uint8Array): JSONDocument['json'] {
	let text = Buffer.from(bytes).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (err) {
		throw new AxisError('GLTF_INVALID', `not valid JSON: ${(err as Error).message}`);
	}
	if (!json || typeof json !== 'object' || Array.isArray(json)) throw new AxisError('GLTF_INVALID', 'glTF root is not a JSON object');
	const root = json as JSONDocument['json'];
	if (!root.asset || typeof root.asset !== 'object') throw new AxisError('GLTF_INVALID', 'glTF has no "asset" object');
	return root;
}

/** Loads every external buffer and image URI (data: URIs are left to gltf-transform). */
async function loadResources(json: JSONDocument['json'], baseDir?: string): Promise<Record<string, Uint8Array<ArrayBuffer>>> {
	const resources: Record<string, Uint8Array<ArrayBuffer>> = {};
	const uris = new Set<string>();
	for (const def of [...(json.buffers ?? []), ...(json.images ?? [])]) {
		if (def && typeof def.uri === 'string' && !def.uri.startsWith('data:')) uris.add(def.uri);
	}
	for (const uri of uris) {
		if (!baseDir) throw new AxisError('GLTF_MISSING_RESOURCE', `external resource "${uri}" cannot be resolved without a base folder`);
		const path = resolve(baseDir, decodeURIComponent(uri));
		try {
			resources[uri] = new Uint8Array(await readFile(path));
		} catch {
			throw new AxisError('GLTF_MISSING_RESOURCE', `missing external resource "${uri}"`, { uri });
		}
	}
	return resources;
}

/** A node with two parents, or a cycle, is invalid glTF; gltf-transform would silently drop links. */
function checkNodeGraph(json: JSONDocument['json']): void {
	const nodes = Array.isArray(json.nodes) ? json.nodes : [];
	const parent = new Map<number, number>();
	nodes.forEach((node, i) => {
		const children = node && Array.isArray(node.children) ? node.children : [];
		for (const c of children) {
			if (typeof c !== 'number' || c < 0 || c >= nodes.length) continue;
			if (c === i || parent.has(c)) {
				throw new AxisError('GLTF_INVALID', `invalid glTF: node ${c} has more than one parent or is its own child (node graph must be a forest)`, { pointer: `/nodes/${i}/children` });
			}
			parent.set(c, i);
		}
	});
	for (let start = 0; start < nodes.length; start++) {
		const seen = new Set<number>();
		for (let n: number | undefined = start; n !== undefined; n = parent.get(n)) {
			if (seen.has(n)) throw new AxisError('GLTF_INVALID', `invalid glTF: node hierarchy has a cycle through node ${n}`, { pointer: `/nodes/${n}` });
			seen.add(n);
		}
	}
}

/** The Khronos validator's first errors, as one message; undefined if it finds none. */
async function explainInvalid(bytes: Uint8Array, isGLB: boolean, baseDir?: string): Promise<string | undefined> {
	try {
		const { validateBytes } = await import('gltf-validator');
		const report = await validateBytes(bytes, {
			format: isGLB ? 'glb' : 'gltf',
			maxIssues: 5,
			externalResourceFunction: (uri) =>
				baseDir ? readFile(resolve(baseDir, decodeURIComponent(uri))).then((b) => new Uint8Array(b)) : Promise.reject(new Error('no base folder')),
		});
		const errors = report.issues.messages.filter((m) => m.severity === 0).slice(0, 3);
		if (!errors.length) return undefined;
		return `invalid glTF: ${errors.map((m) => `${m.pointer ?? ''} ${m.code}: ${m.message}`.trim()).join('; ')}`;
	} catch {
		return undefined;
	}
}
