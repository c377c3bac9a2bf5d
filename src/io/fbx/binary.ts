import { inflateSync } from 'node:zlib';
import { AxisError } from '../../errors.js';
import type { FBXNode, FBXProp, FBXTree } from './tree.js';

const MAGIC = 'Kaydara FBX Binary  \0';
/** Deepest node nesting we accept; real files stay under 10. */
const MAX_DEPTH = 64;
/** Largest decoded array we accept (bytes). */
const MAX_ARRAY_BYTES = 1024 ** 3;

export function isBinaryFBX(bytes: Uint8Array): boolean {
	if (bytes.byteLength < MAGIC.length) return false;
	for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
	return true;
}

function invalid(message: string, offset?: number): never {
	throw new AxisError('FBX_INVALID', offset === undefined ? message : `${message} (at byte ${offset})`);
}

const utf8 = new TextDecoder('utf-8');

/** Tokenizes a binary FBX file (versions 7.x; 7500+ uses 64-bit node headers). */
export function parseBinaryFBX(bytes: Uint8Array): FBXTree {
	if (!isBinaryFBX(bytes)) invalid('not a binary FBX file (bad magic)');
	if (bytes.byteLength < 27) invalid('truncated FBX header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint32(23, true);
	if (version < 7000) throw new AxisError('FBX_UNSUPPORTED', `FBX version ${version} is not supported (need 7.x, e.g. 7400 or 7500)`, { version });
	if (version >= 10000) invalid(`implausible FBX version ${version}`);
	const wide = version >= 7500;
	const headerLen = wide ? 25 : 13;
	const end = bytes.byteLength;
	let pos = 27;

	const need = (n: number): void => {
		if (n < 0 || pos + n > end) invalid('unexpected end of file: the FBX data is truncated', pos);
	};
	const u32 = (): number => {
		need(4);
		const v = view.getUint32(pos, true);
		pos += 4;
		return v;
	};
	const u64 = (): number => {
		need(8);
		const lo = view.getUint32(pos, true);
		const hi = view.getUint32(pos + 4, true);
		pos += 8;
		if (hi >= 0x200000) invalid('64-bit header value out of range', pos - 8);
		return hi * 0x100000000 + lo;
	};
	const str = (len: number): string => {
		need(len);
		const s = decodeString(bytes, pos, len);
		pos += len;
		return s;
	};

	const readArray = (type: string): FBXProp => {
		const count = u32();
		const encoding = u32();
		const byteLen = u32();
		const elem = type === 'd' || type === 'l' ? 8 : type === 'f' || type === 'i' ? 4 : 1;
		const decoded = count * elem;
		if (decoded > MAX_ARRAY_BYTES) invalid(`array of ${count} elements is too large`, pos);
		need(byteLen);
		let raw: Uint8Array;
		if (encoding === 0) {
			if (byteLen !== decoded) invalid(`array length mismatch (${byteLen} bytes for ${count} elements)`, pos);
			raw = bytes.subarray(pos, pos + byteLen);
		} else if (encoding === 1) {
			try {
				const out = inflateSync(bytes.subarray(pos, pos + byteLen), { maxOutputLength: Math.max(decoded, 1) });
				raw = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
			} catch (err) {
				invalid(`corrupt compressed array: ${err instanceof Error ? err.message : String(err)}`, pos);
			}
			if (raw.byteLength !== decoded) invalid(`compressed array decodes to ${raw.byteLength} bytes, expected ${decoded}`, pos);
		} else {
			invalid(`unknown array encoding ${encoding}`, pos);
		}
		pos += byteLen;
		// Copy into an aligned buffer, then view it with the right element type.
		const copy = new Uint8Array(decoded);
		copy.set(raw);
		switch (type) {
			case 'd':
				return new Float64Array(copy.buffer);
			case 'f':
				return new Float32Array(copy.buffer);
			case 'i':
				return new Int32Array(copy.buffer);
			case 'l': {
				const src = new BigInt64Array(copy.buffer);
				const outArr = new Float64Array(count);
				for (let i = 0; i < count; i++) outArr[i] = Number(src[i]);
				return outArr;
			}
			default:
				return copy; // 'b' and 'c': bytes
		}
	};

	const readProp = (): FBXProp => {
		need(1);
		const type = String.fromCharCode(bytes[pos]);
		pos += 1;
		switch (type) {
			case 'Y': {
				need(2);
				const v = view.getInt16(pos, true);
				pos += 2;
				return v;
			}
			case 'C': {
				need(1);
				const v = bytes[pos] !== 0;
				pos += 1;
				return v;
			}
			case 'I': {
				need(4);
				const v = view.getInt32(pos, true);
				pos += 4;
				return v;
			}
			case 'F': {
				need(4);
				const v = view.getFloat32(pos, true);
				pos += 4;
				return v;
			}
			case 'D': {
				need(8);
				const v = view.getFloat64(pos, true);
				pos += 8;
				return v;
			}
			case 'L': {
				need(8);
				const v = view.getBigInt64(pos, true);
				pos += 8;
				return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
			}
			case 'S': {
				const s = str(u32());
				const i = s.indexOf('\x00\x01');
				return i >= 0 ? s.split('\x00\x01').reverse().join('::') : s;
			}
			case 'R': {
				const len = u32();
				need(len);
				const v = bytes.slice(pos, pos + len);
				pos += len;
				return v;
			}
			case 'd':
			case 'f':
			case 'l':
			case 'i':
			case 'b':
			case 'c':
				return readArray(type);
			default:
				return invalid(`unknown property type 0x${type.charCodeAt(0).toString(16)}`, pos - 1);
		}
	};

	/** Reads one node record; null for the terminating null record. */
	const readNode = (depth: number, limit: number): FBXNode | null => {
		const start = pos;
		if (pos + headerLen > limit) invalid('unexpected end of node list: the FBX data is truncated', pos);
		const endOffset = wide ? u64() : u32();
		const numProps = wide ? u64() : u32();
		const propLen = wide ? u64() : u32();
		need(1);
		const nameLen = bytes[pos];
		pos += 1;
		if (endOffset === 0) {
			if (numProps !== 0 || propLen !== 0 || nameLen !== 0) invalid('malformed null record', start);
			return null;
		}
		if (endOffset <= start || endOffset > limit) invalid(`node end offset ${endOffset} out of range`, start);
		if (depth > MAX_DEPTH) invalid('nodes nested too deeply', start);
		const name = str(nameLen);
		const propsEnd = pos + propLen;
		if (propsEnd > endOffset) invalid(`property list runs past the node end`, start);
		if (numProps > propLen) invalid('more properties than property bytes', start);
		const props: FBXProp[] = new Array(numProps);
		for (let i = 0; i < numProps; i++) {
			props[i] = readProp();
			if (pos > propsEnd) invalid(`property ${i} of ${name} runs past its list`, start);
		}
		if (pos !== propsEnd) invalid(`property list of ${name} has ${propsEnd - pos} unread bytes`, start);
		const children: FBXNode[] = [];
		while (pos < endOffset) {
			const c = readNode(depth + 1, endOffset);
			if (c === null) break;
			children.push(c);
		}
		if (pos !== endOffset) invalid(`node ${name} does not end where its header says`, start);
		return { name, props, children };
	};

	const nodes: FBXNode[] = [];
	for (;;) {
		// Every complete file ends its top-level list with a null record (then a footer).
		if (pos + headerLen > end) invalid('unexpected end of file: the FBX data is truncated', pos);
		const n = readNode(0, end);
		if (n === null) break;
		nodes.push(n);
	}
	if (nodes.length === 0) invalid('the FBX file holds no nodes');
	if (!nodes.some((n) => n.name === 'Objects') && !nodes.some((n) => n.name === 'FBXHeaderExtension')) {
		invalid('the FBX file has neither FBXHeaderExtension nor Objects');
	}
	return { version, encoding: 'binary', nodes };
}

function decodeString(bytes: Uint8Array, pos: number, len: number): string {
	// Fast path for ASCII (names, property types): avoids TextDecoder overhead on tiny strings.
	if (len < 64) {
		let ascii = true;
		for (let i = 0; i < len; i++) {
			if (bytes[pos + i] >= 0x80) {
				ascii = false;
				break;
			}
		}
		if (ascii) return String.fromCharCode.apply(null, bytes.subarray(pos, pos + len) as unknown as number[]);
	}
	return utf8.decode(bytes.subarray(pos, pos + len));
}
