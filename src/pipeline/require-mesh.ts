import type { Document } from '@gltf-transform/core';
import { AxisError } from '../errors.js';

/** Throws NO_MESH unless some primitive has vertex positions: there is nothing for a mesh stage to do. */
export function requireMesh(document: Document, message = 'no mesh with vertex positions'): void {
	const any = document
		.getRoot()
		.listMeshes()
		.some((m) => m.listPrimitives().some((p) => p.getAttribute('POSITION')));
	if (!any) throw new AxisError('NO_MESH', message);
}
