import type { Accessor } from '@gltf-transform/core';

/**
 * Reads an accessor as floats, undoing normalization and quantization. Float
 * accessors are returned as they are (their own array: do not write to it);
 * an accessor without data reads as zeros.
 */
export function readFloats(accessor: Accessor): Float32Array {
	const array = accessor.getArray();
	if (array instanceof Float32Array) return array;
	const count = accessor.getCount();
	const size = accessor.getElementSize();
	const out = new Float32Array(count * size);
	if (!array) return out;
	const el: number[] = new Array(size).fill(0);
	for (let i = 0; i < count; i++) {
		accessor.getElement(i, el);
		for (let k = 0; k < size; k++) out[i * size + k] = el[k];
	}
	return out;
}
