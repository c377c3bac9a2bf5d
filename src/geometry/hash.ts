/** Hashing helpers for the open-addressing tables of the geometry code. */

/** Smallest power of two ≥ n (at least 16): a table capacity. */
export function nextPow2(n: number): number {
	let p = 16;
	while (p < n) p *= 2;
	return p;
}

/** 32-bit mix of up to three 32-bit words. */
export function hash3(a: number, b: number, c: number): number {
	let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
	h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
	h ^= h >>> 15;
	return h >>> 0;
}
