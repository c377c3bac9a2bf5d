import { AxisError } from '../errors.js';

const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;

/**
 * Checks the GLB container (header and chunk table) before any parser sees
 * it. Truncated or padded GLBs otherwise make gltf-transform fail with an
 * internal message and make the Khronos validator throw asynchronously,
 * outside any promise (a process crash).
 */
export function checkGLBContainer(bytes: Uint8Array): void {
	const fail = (why: string) => {
		throw new AxisError('GLTF_INVALID', `invalid GLB: ${why}`);
	};
	if (bytes.byteLength < 20) fail(`${bytes.byteLength} bytes is too short for a GLB header`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint32(4, true);
	const length = view.getUint32(8, true);
	if (version !== 2) fail(`container version ${version}, expected 2`);
	if (length > bytes.byteLength) fail(`truncated: header says ${length} bytes, file has ${bytes.byteLength}`);
	if (length < bytes.byteLength) fail(`header says ${length} bytes, file has ${bytes.byteLength} (trailing data)`);
	let offset = 12;
	let index = 0;
	while (offset < length) {
		if (offset + 8 > length) fail(`chunk ${index} header runs past the end of the file`);
		const chunkLength = view.getUint32(offset, true);
		const type = view.getUint32(offset + 4, true);
		if (index === 0 && type !== JSON_CHUNK) fail('first chunk is not JSON');
		if (index === 1 && type !== BIN_CHUNK) fail('second chunk is not BIN');
		if (offset + 8 + chunkLength > length) fail(`chunk ${index} (${chunkLength} bytes) runs past the end of the file`);
		offset += 8 + chunkLength;
		index++;
	}
	if (index === 0) fail('no JSON chunk');
}
