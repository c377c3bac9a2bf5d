/**
 * Serialises an FBX node tree as binary FBX 7.4 (or 7.5), the way the FBX SDK
 * and Blender's `encode_bin.py` write it: the 27-byte header, 13-byte null
 * records closing every child list, zlib-compressed arrays above a small
 * size, and the fixed footer (footer id, alignment padding, version, 120
 * zero bytes, footer magic) that strict readers check.
 *
 * The tree is the reader's (`src/io/fbx/tree.ts`) with typed scalars where a
 * plain JS number is ambiguous: wrap values with {@link fbxI}, {@link fbxL},
 * {@link fbxF}… (plain numbers are written as doubles 'D', bigint as 'L',
 * booleans as 'C', strings as 'S', Uint8Array as raw 'R', Float64Array as
 * 'd', Float32Array as 'f', Int32Array as 'i', BigInt64Array as 'l').
 * Object names `Class::Name` are written as `Name\0\x01Class`, which the
 * reader turns back into `Class::Name`.
 */
import { deflateSync } from 'node:zlib';
import type { FBXProp } from '../fbx/tree.js';

export type FBXScalarType = 'Y' | 'C' | 'I' | 'F' | 'D' | 'L';

/** A scalar with an explicit FBX type code. */
export interface FBXTyped {
	fbxType: FBXScalarType;
	value: number | bigint | boolean;
}

/** A property the writer accepts: the reader's props plus typed scalars, int64 arrays and bool arrays. */
export type FBXWriteProp = FBXProp | FBXTyped | BigInt64Array | { fbxType: 'b'; value: Uint8Array };

export interface FBXWriteNode {
	name: string;
	props: FBXWriteProp[];
	children: FBXWriteNode[];
}

export const fbxI = (value: number): FBXTyped => ({ fbxType: 'I', value });
export const fbxL = (value: number | bigint): FBXTyped => ({ fbxType: 'L', value });
export const fbxF = (value: number): FBXTyped => ({ fbxType: 'F', value });
export const fbxD = (value: number): FBXTyped => ({ fbxType: 'D', value });
export const fbxY = (value: number): FBXTyped => ({ fbxType: 'Y', value });
export const fbxC = (value: boolean): FBXTyped => ({ fbxType: 'C', value });

/** Convenience constructor. */
export function node(name: string, props: FBXWriteProp[] = [], children: FBXWriteNode[] = []): FBXWriteNode {
	return { name, props, children };
}

export interface BinaryWriteOptions {
	/** 7400 (default) or 7500 (64-bit node headers). */
	version?: number;
	/** Arrays larger than this many bytes are zlib-compressed (default 128; Infinity disables). */
	compressAbove?: number;
}

const HEAD_MAGIC = Uint8Array.from([...'Kaydara FBX Binary  '].map((c) => c.charCodeAt(0)).concat([0, 0x1a, 0]));
const FOOT_ID = Uint8Array.from([0xfa, 0xbc, 0xab, 0x09, 0xd0, 0xc8, 0xd4, 0x66, 0xb1, 0x76, 0xfb, 0x83, 0x1c, 0xf7, 0x26, 0x7e]);
const FOOT_MAGIC = Uint8Array.from([0xf8, 0x5a, 0x8c, 0x6a, 0xde, 0xf5, 0xd9, 0x7e, 0xec, 0xe9, 0x0c, 0xe3, 0x75, 0x8f, 0x29, 0x0b]);
/** The fixed FileId / CreationTime pair Blender writes (importers check them against the footer). */
export const FBX_FILE_ID = Uint8Array.from([0x28, 0xb3, 0x2a, 0xeb, 0xb6, 0x24, 0xcc, 0xc2, 0xbf, 0xc8, 0xb0, 0x2a, 0xa9, 0x2b, 0xfc, 0xf1]);
export const FBX_CREATION_TIME = '1970-01-01 10:00:00:000';
/** Elements that always get a null record, even without children (as the SDK writes them). */
const ALWAYS_SENTINEL = new Set(['AnimationStack', 'AnimationLayer']);

const utf8 = new TextEncoder();

/** Growable little-endian byte sink. */
class Sink {
	buf = new Uint8Array(1 << 16);
	view = new DataView(this.buf.buffer);
	pos = 0;
	ensure(n: number): void {
		if (this.pos + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.pos + n) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buf.subarray(0, this.pos));
		this.buf = next;
		this.view = new DataView(next.buffer);
	}
	bytes(b: Uint8Array): void {
		this.ensure(b.length);
		this.buf.set(b, this.pos);
		this.pos += b.length;
	}
	u8(v: number): void {
		this.ensure(1);
		this.buf[this.pos++] = v;
	}
	u32(v: number): void {
		this.ensure(4);
		this.view.setUint32(this.pos, v, true);
		this.pos += 4;
	}
	u64(v: number): void {
		this.ensure(8);
		this.view.setBigUint64(this.pos, BigInt(v), true);
		this.pos += 8;
	}
	zeros(n: number): void {
		this.ensure(n);
		this.buf.fill(0, this.pos, this.pos + n);
		this.pos += n;
	}
	setU32(at: number, v: number): void {
		this.view.setUint32(at, v, true);
	}
	setU64(at: number, v: number): void {
		this.view.setBigUint64(at, BigInt(v), true);
	}
	result(): Uint8Array {
		return this.buf.slice(0, this.pos);
	}
}

function isTyped(p: FBXWriteProp): p is FBXTyped {
	return typeof p === 'object' && p !== null && !ArrayBuffer.isView(p) && 'fbxType' in p && (p as { fbxType: string }).fbxType !== 'b';
}

/** `Class::Name` → `Name\0\x01Class` (the binary form of object names). */
export function binaryName(s: string): string {
	const i = s.indexOf('::');
	if (i < 0) return s;
	return `${s.slice(i + 2)}\x00\x01${s.slice(0, i)}`;
}

function writeProp(out: Sink, p: FBXWriteProp, compressAbove: number): void {
	if (isTyped(p)) {
		const t = p.fbxType;
		out.u8(t.charCodeAt(0));
		out.ensure(8);
		const v = p.value;
		switch (t) {
			case 'Y':
				out.view.setInt16(out.pos, Number(v), true);
				out.pos += 2;
				return;
			case 'C':
				out.u8(v ? 1 : 0);
				return;
			case 'I':
				out.view.setInt32(out.pos, Number(v), true);
				out.pos += 4;
				return;
			case 'F':
				out.view.setFloat32(out.pos, Number(v), true);
				out.pos += 4;
				return;
			case 'D':
				out.view.setFloat64(out.pos, Number(v), true);
				out.pos += 8;
				return;
			case 'L':
				out.view.setBigInt64(out.pos, typeof v === 'bigint' ? v : BigInt(Math.round(Number(v))), true);
				out.pos += 8;
				return;
		}
		throw new Error(`unknown FBX scalar type ${t as string}`);
	}
	if (typeof p === 'number') {
		out.u8(0x44); // D
		out.ensure(8);
		out.view.setFloat64(out.pos, p, true);
		out.pos += 8;
	} else if (typeof p === 'bigint') {
		out.u8(0x4c); // L
		out.ensure(8);
		out.view.setBigInt64(out.pos, p, true);
		out.pos += 8;
	} else if (typeof p === 'boolean') {
		out.u8(0x43); // C
		out.u8(p ? 1 : 0);
	} else if (typeof p === 'string') {
		const b = utf8.encode(binaryName(p));
		out.u8(0x53); // S
		out.u32(b.length);
		out.bytes(b);
	} else if (p instanceof Float64Array) writeArray(out, 'd', p, compressAbove);
	else if (p instanceof Float32Array) writeArray(out, 'f', p, compressAbove);
	else if (p instanceof Int32Array) writeArray(out, 'i', p, compressAbove);
	else if (p instanceof BigInt64Array) writeArray(out, 'l', p, compressAbove);
	else if (p instanceof Uint8Array) {
		out.u8(0x52); // R
		out.u32(p.length);
		out.bytes(p);
	} else if ((p as { fbxType?: string }).fbxType === 'b') {
		writeArray(out, 'b', (p as { value: Uint8Array }).value, compressAbove);
	} else throw new Error('unsupported FBX property value');
}

function writeArray(out: Sink, type: 'd' | 'f' | 'i' | 'l' | 'b', arr: ArrayBufferView & { length: number }, compressAbove: number): void {
	const raw = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
	out.u8(type.charCodeAt(0));
	out.u32(arr.length);
	if (raw.byteLength > compressAbove) {
		const z = deflateSync(raw, { level: 1 });
		out.u32(1);
		out.u32(z.byteLength);
		out.bytes(new Uint8Array(z.buffer, z.byteOffset, z.byteLength));
	} else {
		out.u32(0);
		out.u32(raw.byteLength);
		out.bytes(raw);
	}
}

/** Serialises a node list (the top level of a file) as binary FBX bytes. */
export function writeBinaryFBX(nodes: FBXWriteNode[], options: BinaryWriteOptions = {}): Uint8Array {
	const version = options.version ?? 7400;
	const wide = version >= 7500;
	const compressAbove = options.compressAbove ?? 128;
	const sentinel = wide ? 25 : 13;
	const out = new Sink();
	out.bytes(HEAD_MAGIC);
	out.u32(version);

	const writeNode = (n: FBXWriteNode, isLast: boolean): void => {
		if (n.name.length > 255) throw new Error(`FBX node name too long: ${n.name.slice(0, 40)}…`);
		const start = out.pos;
		if (wide) out.zeros(24);
		else out.zeros(12);
		const nameBytes = utf8.encode(n.name);
		out.u8(nameBytes.length);
		out.bytes(nameBytes);
		const propStart = out.pos;
		for (const p of n.props) writeProp(out, p, compressAbove);
		const propLen = out.pos - propStart;
		if (n.children.length) {
			n.children.forEach((c, i) => writeNode(c, i === n.children.length - 1));
			out.zeros(sentinel);
		} else if ((n.props.length === 0 || ALWAYS_SENTINEL.has(n.name)) && !isLast) {
			out.zeros(sentinel);
		}
		if (wide) {
			out.setU64(start, out.pos);
			out.setU64(start + 8, n.props.length);
			out.setU64(start + 16, propLen);
		} else {
			if (out.pos > 0xffffffff) throw new Error('FBX 7.4 files are limited to 4 GiB; write 7500');
			out.setU32(start, out.pos);
			out.setU32(start + 4, n.props.length);
			out.setU32(start + 8, propLen);
		}
	};
	nodes.forEach((n, i) => writeNode(n, i === nodes.length - 1));
	out.zeros(sentinel);

	// Footer, exactly as the FBX SDK (and Blender) write it.
	out.bytes(FOOT_ID);
	out.zeros(4);
	const pad = ((out.pos + 15) & ~15) - out.pos;
	out.zeros(pad === 0 ? 16 : pad);
	out.u32(version);
	out.zeros(120);
	out.bytes(FOOT_MAGIC);
	return out.result();
}
