/** Avatar presets: `presets/avatars/*.json`, each a named set of body parameters. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxisError } from '../errors.js';
import type { AvatarParams } from './params.js';

export interface AvatarPreset {
	name: string;
	description: string;
	parameters: Partial<AvatarParams>;
}

const DIR = new URL('../../presets/avatars/', import.meta.url);
const cache = new Map<string, AvatarPreset>();

export function avatarPresetsDir(): string {
	return fileURLToPath(DIR);
}

/** Names of the avatar presets, sorted. */
export function listAvatarPresets(): string[] {
	try {
		return readdirSync(DIR)
			.filter((f) => f.endsWith('.json'))
			.map((f) => f.slice(0, -5))
			.sort();
	} catch {
		return [];
	}
}

/** Loads a preset by name (case-insensitive); `AxisError('UNKNOWN_PRESET')` lists the known ones. */
export function loadAvatarPreset(name: string): AvatarPreset {
	const key = name.trim().toLowerCase();
	let preset = cache.get(key);
	if (!preset) {
		const unknown = () => new AxisError('BAD_USAGE', `unknown avatar preset "${name}"; known presets: ${listAvatarPresets().join(', ')}`, { known: listAvatarPresets() });
		if (!/^[a-z0-9_-]+$/.test(key)) throw unknown();
		let text: string;
		try {
			text = readFileSync(new URL(`${key}.json`, DIR), 'utf8');
		} catch {
			throw unknown();
		}
		const parsed = JSON.parse(text) as AvatarPreset;
		if (parsed.name !== key || typeof parsed.parameters !== 'object' || parsed.parameters === null) throw new AxisError('INTERNAL', `avatar preset ${key}.json is malformed`);
		preset = { name: parsed.name, description: parsed.description ?? '', parameters: parsed.parameters };
		cache.set(key, preset);
	}
	return structuredClone(preset);
}
