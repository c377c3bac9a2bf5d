import type { Transform } from '@gltf-transform/core';

/**
 * A named gltf-transform Transform (what `createTransform` from
 * @gltf-transform/functions does). Kept here because importing that module
 * loads ndarray-pixels and sharp, about 200 ms of start-up for every command,
 * while repair and rig need nothing else from it.
 */
export function namedTransform(name: string, fn: Transform): Transform {
	Object.defineProperty(fn, 'name', { value: name });
	return fn;
}
