/**
 * A small deterministic prompt parser: words and numbers → body parameters.
 * "tall", "1.9 m", "190 cm", "6 ft", "slim", "heavy", "muscular", "female",
 * "elf", "old", "child", "40 years" … Words it does not know are returned in
 * `unknownWords` (never an error). "very"/"slightly" scale the next word.
 */
import type { AvatarParams } from './params.js';
import { DEFAULT_PARAMS } from './params.js';

export interface ParsedPrompt {
	/** Parameters the prompt asks for (applied on top of the preset). */
	params: Partial<AvatarParams>;
	/** Preset names mentioned in the prompt, in order. */
	presets: string[];
	/** Words the parser did not understand. */
	unknownWords: string[];
}

type Set = Partial<AvatarParams>;
const green: [number, number, number] = [0.25, 0.4, 0.16];

/** Word → parameters (values are absolute; intensity words scale the step from the default). */
const WORDS: Record<string, Set> = {
	tall: { height: 1.9 },
	giant: { height: 2.2, muscle: 0.7, weight: 0.6 },
	short: { height: 1.6 },
	small: { height: 1.55 },
	tiny: { height: 1.2 },
	petite: { height: 1.58, weight: 0.25, femininity: 0.9 },
	average: {},
	medium: {},
	slim: { weight: 0.15 },
	thin: { weight: 0.12 },
	skinny: { weight: 0.05 },
	slender: { weight: 0.15 },
	lean: { weight: 0.2, muscle: 0.55 },
	wiry: { weight: 0.15, muscle: 0.55 },
	heavy: { weight: 0.85 },
	fat: { weight: 0.95 },
	chubby: { weight: 0.8 },
	stout: { weight: 0.8, legLength: 0.92 },
	stocky: { weight: 0.7, muscle: 0.6, legLength: 0.92, shoulderWidth: 1.12 },
	large: { weight: 0.75, height: 1.88 },
	big: { weight: 0.75, height: 1.88 },
	muscular: { muscle: 0.9 },
	athletic: { muscle: 0.7, weight: 0.3 },
	strong: { muscle: 0.85 },
	buff: { muscle: 0.95 },
	brawny: { muscle: 0.9, shoulderWidth: 1.12 },
	weak: { muscle: 0.05 },
	frail: { muscle: 0.05, weight: 0.1 },
	female: { femininity: 0.9 },
	woman: { femininity: 0.9 },
	girl: { femininity: 0.9, age: 10 },
	feminine: { femininity: 0.85 },
	lady: { femininity: 0.9 },
	male: { femininity: 0.1 },
	man: { femininity: 0.1 },
	boy: { femininity: 0.2, age: 10 },
	masculine: { femininity: 0.05 },
	androgynous: { femininity: 0.5 },
	old: { age: 72 },
	elderly: { age: 78 },
	aged: { age: 70 },
	senior: { age: 70 },
	young: { age: 22 },
	adult: { age: 30 },
	teen: { age: 15 },
	teenager: { age: 15 },
	child: { age: 8, height: 1.28 },
	kid: { age: 8, height: 1.28 },
	toddler: { age: 4, height: 0.95 },
	elf: { earPoint: 1, weight: 0.15, legLength: 1.08, height: 1.88 },
	elven: { earPoint: 1, weight: 0.15, legLength: 1.08 },
	dwarf: { height: 1.35, legLength: 0.82, armLength: 0.9, headSize: 1.2, shoulderWidth: 1.28, hipWidth: 1.2, weight: 0.8, muscle: 0.8 },
	dwarven: { height: 1.35, legLength: 0.82, armLength: 0.9, headSize: 1.2, shoulderWidth: 1.28 },
	orc: { jaw: 1, tusks: 1, muscle: 0.95, shoulderWidth: 1.22, height: 2.0, skinColor: green, hair: 'none' },
	orcish: { jaw: 1, tusks: 1, muscle: 0.9, skinColor: green },
	halfling: { height: 1.05, age: 30, headSize: 1.1, legLength: 0.9, weight: 0.6 },
	goblin: { height: 1.1, earPoint: 0.8, headSize: 1.25, weight: 0.2, skinColor: green },
	bald: { hair: 'none' },
	hairless: { hair: 'none' },
	'a-pose': { pose: 'a' },
	apose: { pose: 'a' },
	't-pose': { pose: 't' },
	tpose: { pose: 't' },
	'broad-shouldered': { shoulderWidth: 1.2 },
	'long-legged': { legLength: 1.12 },
	'short-legged': { legLength: 0.88 },
	'long-armed': { armLength: 1.1 },
	'big-headed': { headSize: 1.15 },
};

/** Two-word phrases. */
const PHRASES: Record<string, Set> = {
	'long legs': { legLength: 1.12 },
	'short legs': { legLength: 0.88 },
	'long arms': { armLength: 1.1 },
	'short arms': { armLength: 0.9 },
	'long torso': { torsoLength: 1.1 },
	'short torso': { torsoLength: 0.9 },
	'broad shoulders': { shoulderWidth: 1.2 },
	'wide shoulders': { shoulderWidth: 1.2 },
	'narrow shoulders': { shoulderWidth: 0.88 },
	'wide hips': { hipWidth: 1.2 },
	'broad hips': { hipWidth: 1.2 },
	'narrow hips': { hipWidth: 0.88 },
	'big head': { headSize: 1.15 },
	'large head': { headSize: 1.15 },
	'small head': { headSize: 0.9 },
	'long hair': { hair: 'long' },
	'short hair': { hair: 'short' },
	'no hair': { hair: 'none' },
	'pointed ears': { earPoint: 1 },
	'pointy ears': { earPoint: 1 },
	'heavy jaw': { jaw: 1 },
	'middle aged': { age: 48 },
	'middle-aged': { age: 48 },
	'a pose': { pose: 'a' },
	't pose': { pose: 't' },
};

const STOP = new Set(['a', 'an', 'the', 'with', 'and', 'of', 'who', 'is', 'in', 'character', 'person', 'human', 'humanoid', 'avatar', 'body', 'build', 'built', 'looking', 'type', 'hair', 'ears', 'legs', 'arms', 'to', 'very', 'extremely', 'really', 'slightly', 'somewhat', 'quite', 'bit', 'tall,', 'years', 'year', 'old']);
const INTENSITY: Record<string, number> = { very: 1.5, extremely: 1.9, really: 1.4, slightly: 0.5, somewhat: 0.6, quite: 1.2, bit: 0.5 };

function applySet(out: Set, set: Set, intensity: number): void {
	for (const [k, v] of Object.entries(set) as [keyof AvatarParams, unknown][]) {
		if (typeof v === 'number' && intensity !== 1) {
			const base = (DEFAULT_PARAMS as AvatarParams)[k] as number;
			(out as Record<string, unknown>)[k] = base + (v - base) * intensity;
		} else {
			(out as Record<string, unknown>)[k] = v;
		}
	}
}

/** Parses a prompt. `presetNames` are words that name presets (reported in `presets`). */
export function parsePrompt(prompt: string, presetNames: readonly string[] = []): ParsedPrompt {
	const params: Set = {};
	const presets: string[] = [];
	const unknownWords: string[] = [];
	let text = ` ${prompt.toLowerCase().replace(/[“”"]/g, ' ')} `;
	// Numbers with units first.
	text = text.replace(/(\d+(?:[.,]\d+)?)\s*(cm|centimet(?:er|re)s?|m|met(?:er|re)s?|ft|feet|foot)(?![a-z])/g, (_m, num: string, unit: string) => {
		const n = Number(num.replace(',', '.'));
		params.height = unit.startsWith('c') ? n / 100 : unit.startsWith('f') ? n * 0.3048 : n;
		return ' ';
	});
	text = text.replace(/(?:age[ds]?\s+)?(\d+)\s*(?:-\s*)?(?:years?|yrs?|yo|y\/o)(?:\s*-?\s*old)?(?![a-z])|age[ds]?\s+(\d+)/g, (_m, a?: string, b?: string) => {
		params.age = Number(a ?? b);
		return ' ';
	});
	const tokens = text.split(/[\s,;:!?()]+|\.(?!\d)/).filter(Boolean);
	let intensity = 1;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		const pair = i + 1 < tokens.length ? `${t} ${tokens[i + 1]}` : '';
		if (pair && PHRASES[pair]) {
			applySet(params, PHRASES[pair], intensity);
			intensity = 1;
			i++;
			continue;
		}
		if (t in INTENSITY) {
			intensity *= INTENSITY[t];
			continue;
		}
		if (presetNames.includes(t)) {
			presets.push(t);
			if (WORDS[t]) applySet(params, WORDS[t], intensity);
			intensity = 1;
			continue;
		}
		const word = WORDS[t] ?? WORDS[t.replace(/s$/, '')];
		if (word) {
			applySet(params, word, intensity);
			intensity = 1;
			continue;
		}
		if (STOP.has(t)) continue;
		unknownWords.push(t);
	}
	return { params, presets, unknownWords };
}
