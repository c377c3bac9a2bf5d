/**
 * Deduplicates fixed-width tuples of numbers (exact bitwise equality, with
 * -0 === 0) with an open-addressing hash table. Returns stable ids in
 * first-seen order; no per-tuple allocation.
 */
export class TupleWelder {
	readonly width: number;
	private data: Float64Array;
	private bits: Uint32Array;
	private table: Int32Array;
	private mask: number;
	size = 0;

	constructor(width: number, expected = 1024) {
		this.width = width;
		let cap = 16;
		while (cap < expected * 2) cap *= 2;
		this.table = new Int32Array(cap).fill(-1);
		this.mask = cap - 1;
		this.data = new Float64Array(Math.max(expected, 16) * width);
		this.bits = new Uint32Array(this.data.buffer);
	}

	/** Id of the tuple stored in `t` (length ≥ width), adding it when new. */
	add(t: Float64Array): number {
		const w = this.width;
		for (let i = 0; i < w; i++) if (t[i] === 0) t[i] = 0; // fold -0 into 0
		const tb = new Uint32Array(t.buffer, t.byteOffset, w * 2);
		let h = 2166136261;
		for (let i = 0; i < w * 2; i++) h = Math.imul(h ^ tb[i], 16777619);
		let slot = (h >>> 0) & this.mask;
		const data = this.data;
		for (;;) {
			const id = this.table[slot];
			if (id < 0) break;
			let eq = true;
			const base = id * w;
			for (let i = 0; i < w; i++) {
				if (data[base + i] !== t[i]) {
					eq = false;
					break;
				}
			}
			if (eq) return id;
			slot = (slot + 1) & this.mask;
		}
		const id = this.size++;
		if ((id + 1) * w > this.data.length) {
			const grown = new Float64Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
			this.bits = new Uint32Array(grown.buffer);
		}
		this.data.set(t.subarray(0, w), id * w);
		this.table[slot] = id;
		if (this.size * 2 > this.table.length) this.rehash();
		return id;
	}

	private rehash(): void {
		const cap = this.table.length * 2;
		const table = new Int32Array(cap).fill(-1);
		const mask = cap - 1;
		const w = this.width;
		for (let id = 0; id < this.size; id++) {
			let h = 2166136261;
			for (let i = 0; i < w * 2; i++) h = Math.imul(h ^ this.bits[id * w * 2 + i], 16777619);
			let slot = (h >>> 0) & mask;
			while (table[slot] >= 0) slot = (slot + 1) & mask;
			table[slot] = id;
		}
		this.table = table;
		this.mask = mask;
	}
}
