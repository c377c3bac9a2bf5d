import { AxisError } from '../../errors.js';
import type { FBXNode, FBXProp, FBXTree } from './tree.js';

const MAX_DEPTH = 64;

function invalid(message: string, line?: number): never {
	throw new AxisError('FBX_INVALID', line === undefined ? message : `${message} (line ${line})`);
}

/** Cheap check: does this look like an ASCII FBX file? */
export function looksLikeAsciiFBX(bytes: Uint8Array): boolean {
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 4096)));
	return /FBXHeaderExtension\s*:|;\s*FBX\s+\d/.test(head);
}

const enum T {
	Name, // word followed by ':'
	Str,
	Word,
	Comma,
	Open,
	Close,
	End,
}

interface Token {
	kind: T;
	text: string;
	/** A newline separates this token from the previous one. */
	nl: boolean;
	line: number;
}

/** Tokenizes an ASCII FBX 7.x file into the shared node tree. */
export function parseAsciiFBX(bytes: Uint8Array): FBXTree {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	} catch {
		invalid('ASCII FBX is not valid text');
	}
	const n = text.length;
	let i = 0;
	let line = 1;
	let peeked: Token | undefined;

	const isDelim = (c: number): boolean =>
		c === 32 || c === 9 || c === 10 || c === 13 || c === 44 /* , */ || c === 123 /* { */ || c === 125 /* } */ || c === 58 /* : */ || c === 34 /* " */ || c === 59; /* ; */

	const scan = (): Token => {
		let nl = false;
		for (;;) {
			if (i >= n) return { kind: T.End, text: '', nl: true, line };
			const c = text.charCodeAt(i);
			if (c === 10) {
				nl = true;
				line++;
				i++;
			} else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
				i++;
			} else if (c === 59) {
				// comment to end of line
				const e = text.indexOf('\n', i);
				i = e < 0 ? n : e;
			} else break;
		}
		const c = text.charCodeAt(i);
		const startLine = line;
		if (c === 34) {
			const e = text.indexOf('"', i + 1);
			if (e < 0) invalid('unterminated string', line);
			const raw = text.slice(i + 1, e);
			for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) === 10) line++;
			i = e + 1;
			return { kind: T.Str, text: raw.includes('&quot;') ? raw.replace(/&quot;/g, '"') : raw, nl, line: startLine };
		}
		if (c === 44) {
			i++;
			return { kind: T.Comma, text: ',', nl, line };
		}
		if (c === 123) {
			i++;
			return { kind: T.Open, text: '{', nl, line };
		}
		if (c === 125) {
			i++;
			return { kind: T.Close, text: '}', nl, line };
		}
		if (c === 58) invalid('unexpected ":"', line);
		const s = i;
		while (i < n && !isDelim(text.charCodeAt(i))) i++;
		const word = text.slice(s, i);
		if (i < n && text.charCodeAt(i) === 58) {
			i++;
			return { kind: T.Name, text: word, nl, line };
		}
		return { kind: T.Word, text: word, nl, line };
	};
	const next = (): Token => {
		if (peeked) {
			const t = peeked;
			peeked = undefined;
			return t;
		}
		return scan();
	};
	const peek = (): Token => {
		if (!peeked) peeked = scan();
		return peeked;
	};

	const parseNode = (name: string, depth: number): FBXNode => {
		if (depth > MAX_DEPTH) invalid('nodes nested too deeply', line);
		const props: FBXProp[] = [];
		const node: FBXNode = { name, props, children: [] };
		let isArray = false;
		let afterComma = true; // the colon allows values to follow on the same line
		let first = true;
		for (;;) {
			const t = peek();
			if (t.kind === T.End || t.kind === T.Close || t.kind === T.Name) break;
			if (t.nl && !afterComma && !first) break;
			if (t.nl && first && t.kind !== T.Open) {
				// `Name:` alone on a line, or a value list continued on the next line after a trailing comma.
				break;
			}
			next();
			first = false;
			if (t.kind === T.Open) {
				node.children = parseList(depth + 1);
				const close = next();
				if (close.kind !== T.Close) invalid(`unclosed block for ${name}`, close.line);
				break;
			}
			if (t.kind === T.Comma) {
				afterComma = true;
				continue;
			}
			afterComma = false;
			if (t.kind === T.Str) props.push(t.text);
			else if (t.text.startsWith('*')) isArray = true;
			else props.push(wordValue(t.text, t.line));
		}
		if (isArray) {
			const a = node.children.find((c) => c.name === 'a');
			const values = a ? a.props : [];
			const arr = new Float64Array(values.length);
			for (let k = 0; k < values.length; k++) {
				const v = values[k];
				arr[k] = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
			}
			node.props = [arr];
			node.children = [];
		}
		return node;
	};

	const parseList = (depth: number): FBXNode[] => {
		const out: FBXNode[] = [];
		for (;;) {
			const t = peek();
			if (t.kind === T.End || t.kind === T.Close) return out;
			next();
			if (t.kind !== T.Name) invalid(`expected a node name, found ${JSON.stringify(t.text.slice(0, 40))}`, t.line);
			out.push(parseNode(t.text, depth));
		}
	};

	const nodes = parseList(0);
	if (peek().kind !== T.End) invalid('unbalanced "}"', peek().line);
	const header = nodes.find((nd) => nd.name === 'FBXHeaderExtension');
	if (!header && !nodes.some((nd) => nd.name === 'Objects')) invalid('not an FBX file: no FBXHeaderExtension or Objects');
	let version = 0;
	const v = header?.children.find((c) => c.name === 'FBXVersion')?.props[0];
	if (typeof v === 'number') version = v;
	else {
		const m = /;\s*FBX\s+(\d+)\.(\d+)\.(\d+)/.exec(text.slice(0, 200));
		if (m) version = Number(m[1]) * 1000 + Number(m[2]) * 100 + Number(m[3]) * 10;
	}
	if (version && version < 7000) throw new AxisError('FBX_UNSUPPORTED', `FBX version ${version} (ASCII) is not supported (need 7.x)`, { version });
	return { version: version || 7000, encoding: 'ascii', nodes };
}

const INT_RE = /^[-+]?\d+$/;

function wordValue(w: string, line: number): FBXProp {
	if (w === 'T' || w === 'Y') return true;
	if (w === 'F' || w === 'N') return false;
	if (INT_RE.test(w)) {
		const num = Number(w);
		if (Number.isSafeInteger(num)) return num;
		return BigInt(w);
	}
	const num = Number(w);
	if (!Number.isNaN(num)) return num;
	const lower = w.toLowerCase();
	if (lower === 'nan' || lower === '-nan' || lower.includes('nan')) return Number.NaN;
	if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
	invalid(`unexpected value ${JSON.stringify(w.slice(0, 40))}`, line);
}
