import type { Document, ILogger } from '@gltf-transform/core';
import type { AssetFormat } from './format.js';

export type UpAxis = '+X' | '-X' | '+Y' | '-Y' | '+Z' | '-Z';

/** What a reader learned about the source file, beyond the Document itself. */
export interface SourceInfo {
	format: AssetFormat;
	/** Format version: glTF `asset.version`, FBX `7400`, … */
	version?: string;
	generator?: string;
	/** FBX: ASCII or binary encoding. */
	encoding?: 'ascii' | 'binary' | 'json';
	/** Metres per unit the file declares (FBX UnitScaleFactor/100; glTF 1). Undefined when the file says nothing (OBJ). */
	declaredUnitScale?: number;
	/** Up axis the file declares (FBX GlobalSettings; glTF is +Y by spec). */
	declaredUpAxis?: UpAxis;
	/**
	 * True when the reader converted the geometry into glTF conventions
	 * (metres, +Y up, right-handed). FBX readers do; OBJ has no metadata, so does not.
	 */
	convertedToGltfConventions: boolean;
	/** Non-fatal problems the reader worked around. */
	warnings: string[];
}

export interface ReaderOptions {
	/** Folder that relative resource paths (textures, .bin, .mtl) resolve against. */
	baseDir?: string;
	logger?: ILogger;
}

export interface ReaderResult {
	document: Document;
	source: SourceInfo;
}

export type Reader = (bytes: Uint8Array, options: ReaderOptions) => Promise<ReaderResult>;
