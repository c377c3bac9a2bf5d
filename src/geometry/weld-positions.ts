import { hash3, nextPow2 } from './hash.js';

/** Vertices welded by position: `ids[v]` is the welded id of vertex v, ids numbered 0..unique-1 in order of first appearance. */
export interface WeldedPositions {
	ids: Uint32Array;
	unique: number;
}

/**
 * Welds positions bit-exactly (+0 and −0 equal; NaNs compare by their quieted
 * bits): for each of `count` vertices (xyz in `positions`), the id of the
 * first vertex with the same position.
 */
export function weldPositions(positions: Float32Array, count = Math.floor(positions.length / 3)): WeldedPositions {
	// Int32 views keep every value a small integer for the JIT (Uint32 bits above 2^31 are not).
	const bits = new Int32Array(positions.buffer, positions.byteOffset, count * 3);
	const ids = new Uint32Array(count);
	// Open addressing on the position bits; a slot holds the first vertex with that position, + 1, and its
	// hash next to it, so probing past other positions rarely has to read their coordinates.
	const capacity = nextPow2(count * 2);
	const mask = capacity - 1;
	const table = new Int32Array(capacity * 2);
	let unique = 0;
	for (let v = 0; v < count; v++) {
		const x = canonical(bits[v * 3]);
		const y = canonical(bits[v * 3 + 1]);
		const z = canonical(bits[v * 3 + 2]);
		const h = hash3(x, y, z) | 0;
		let slot = h & mask;
		for (;;) {
			const w = table[slot * 2] - 1;
			if (w === -1) {
				table[slot * 2] = v + 1;
				table[slot * 2 + 1] = h;
				ids[v] = unique++;
				break;
			}
			if (table[slot * 2 + 1] === h && canonical(bits[w * 3]) === x && canonical(bits[w * 3 + 1]) === y && canonical(bits[w * 3 + 2]) === z) {
				ids[v] = ids[w];
				break;
			}
			slot = (slot + 1) & mask;
		}
	}
	return { ids, unique };
}

/**
 * Welds the positions of several primitives together (e.g. all of one mesh's,
 * so seams between primitives do not count): per array, vertex → welded id,
 * ids shared across the arrays.
 */
export function weldPositionSets(positions: Float32Array[]): { ids: Uint32Array[]; unique: number } {
	const counts = positions.map((p) => Math.floor(p.length / 3));
	if (positions.length === 1) {
		const { ids, unique } = weldPositions(positions[0], counts[0]);
		return { ids: [ids], unique };
	}
	let total = 0;
	for (const n of counts) total += n;
	const all = new Float32Array(total * 3);
	let o = 0;
	positions.forEach((p, i) => {
		all.set(p.subarray(0, counts[i] * 3), o * 3);
		o += counts[i];
	});
	const { ids, unique } = weldPositions(all, total);
	o = 0;
	return {
		ids: counts.map((n) => {
			const part = ids.subarray(o, o + n);
			o += n;
			return part;
		}),
		unique,
	};
}

/** Float bits (as int32) with −0 as +0 and NaNs quieted (what a float32 → float64 → float32 round trip does). */
function canonical(b: number): number {
	if (b === -0x80000000) return 0;
	if ((b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0) return b | 0x00400000;
	return b;
}
