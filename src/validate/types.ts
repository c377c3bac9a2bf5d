import type { Document, Material, TextureInfo } from '@gltf-transform/core';
import type { SourceInfo } from '../io/types.js';
import type { PlatformProfile } from '../platforms.js';
import type { Finding, Severity } from '../report.js';
import type { Analysis } from './analysis.js';

/** What every rule gets besides the Document. */
export interface RuleContext {
	platform: PlatformProfile;
	source?: SourceInfo;
	/**
	 * Whether the asset is a character: `true`/`false` from a classifier or the
	 * caller, `'auto'` to let the scale and up-axis rules decide from the rig and
	 * the shape (see CODES.md).
	 */
	character: boolean | 'auto';
	/** Geometry analysis shared by the rules, computed lazily once per validation. */
	analysis: Analysis;
	/**
	 * Every TextureInfo a material uses, extensions included
	 * (@gltf-transform/functions' listTextureInfoByMaterial, loaded by
	 * validateDocument so that other commands do not pay its ~200 ms import).
	 */
	listTextureInfo?: (material: Material) => TextureInfo[];
}

/** A game-readiness rule: one stable code, a pure check. */
export interface Rule {
	code: string;
	/** Short name for tables and SARIF. */
	title: string;
	/** What the rule checks, one sentence. */
	description: string;
	/** The usual severity (limits follow the platform's `limitSeverity`). */
	severity: Severity;
	/** Whether `axis fix` repairs what this rule finds. */
	autoFixable: boolean;
	check: (document: Document, context: RuleContext) => Finding[];
}
