import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared third-party test assets: `$AXIS_TEST_ASSETS`, or `../shared/assets`
 * beside the checkout. Undefined when absent (tests then skip, saying so).
 */
export function assetsDir(): string | undefined {
	const dir = process.env.AXIS_TEST_ASSETS ?? resolve(repoRoot, '../shared/assets');
	return existsSync(dir) ? dir : undefined;
}

/** Absolute path of a shared asset, or undefined (with a visible message) when missing. */
export function assetPath(rel: string): string | undefined {
	const dir = assetsDir();
	const path = dir && join(dir, rel);
	if (!path || !existsSync(path)) {
		console.warn(`[skip] shared test asset ${rel} not found (set AXIS_TEST_ASSETS or place ../shared/assets)`);
		return undefined;
	}
	return path;
}

/** True when the shared assets are present; logs a visible skip message otherwise. */
export function haveAssets(what = 'this suite'): boolean {
	if (assetsDir()) return true;
	console.warn(`[skip] ${what}: shared test assets not found (set AXIS_TEST_ASSETS or place ../shared/assets)`);
	return false;
}
