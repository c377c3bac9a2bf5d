import { crc32 } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}

/**
 * A PNG file: signature, IHDR (8-bit, no interlace), the already-deflated
 * scanlines as IDAT when given, IEND. `colorType` 2 is RGB, 6 RGBA.
 */
export function pngFile(width: number, height: number, colorType: 2 | 6, idat?: Uint8Array): Uint8Array {
	const ihdr = new Uint8Array(13);
	const view = new DataView(ihdr.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	ihdr.set([8, colorType, 0, 0, 0], 8);
	const parts = [new Uint8Array(SIGNATURE), chunk('IHDR', ihdr), ...(idat ? [chunk('IDAT', idat)] : []), chunk('IEND', new Uint8Array(0))];
	const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}
