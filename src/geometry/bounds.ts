/** Bounding boxes of vertex positions (xyz floats), as the squared diagonal that scale-relative thresholds use. */

/** Squared bounding-box diagonal of the first `count` positions (NaN values are skipped; Infinity gives Infinity). */
export function boxDiag2(p: ArrayLike<number>, count = Math.floor(p.length / 3)): number {
	let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
	for (let i = 0; i < count; i++) {
		const x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2];
		if (x < minX) minX = x;
		if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		if (y > maxY) maxY = y;
		if (z < minZ) minZ = z;
		if (z > maxZ) maxZ = z;
	}
	return (maxX - minX) ** 2 + (maxY - minY) ** 2 + (maxZ - minZ) ** 2;
}

/** Squared bounding-box diagonal of the vertices a triangle list references. */
export function referencedDiag2(p: ArrayLike<number>, tris: Uint32Array): number {
	let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
	for (let i = 0; i < tris.length; i++) {
		const v = tris[i] * 3;
		const x = p[v], y = p[v + 1], z = p[v + 2];
		if (x < minX) minX = x;
		if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		if (y > maxY) maxY = y;
		if (z < minZ) minZ = z;
		if (z > maxZ) maxZ = z;
	}
	return (maxX - minX) ** 2 + (maxY - minY) ** 2 + (maxZ - minZ) ** 2;
}
