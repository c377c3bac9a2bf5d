import { Document, type ILogger, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { silentLogger } from '../log.js';

let ioPromise: Promise<NodeIO> | undefined;

/**
 * One NodeIO per process, with every extension gltf-transform knows and the
 * Draco and meshopt codecs registered. Codecs are WASM and load lazily.
 */
export function getIO(logger: ILogger = silentLogger): Promise<NodeIO> {
	ioPromise ??= (async () => {
		const [draco3d, { MeshoptDecoder, MeshoptEncoder }] = await Promise.all([
			import('draco3dgltf'),
			import('meshoptimizer'),
		]);
		await Promise.all([MeshoptDecoder.ready, MeshoptEncoder.ready]);
		const d3d = (draco3d as unknown as { default?: typeof draco3d }).default ?? draco3d;
		return new NodeIO()
			.registerExtensions(ALL_EXTENSIONS)
			.registerDependencies({
				'draco3d.decoder': await d3d.createDecoderModule(),
				'draco3d.encoder': await d3d.createEncoderModule(),
				'meshopt.decoder': MeshoptDecoder,
				'meshopt.encoder': MeshoptEncoder,
			});
	})();
	return ioPromise.then((io) => io.setLogger(logger));
}

export function newDocument(logger: ILogger = silentLogger): Document {
	return new Document().setLogger(logger);
}
