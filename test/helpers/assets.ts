import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project checkout root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let warned = false;

/**
 * The shared third-party test assets: `$AXIS_TEST_ASSETS`, else `../shared/assets`
 * beside the checkout. Undefined (with one visible console message) when absent.
 */
export function assetsDir(): string | undefined {
	const dir = process.env.AXIS_TEST_ASSETS ?? path.resolve(repoRoot, '../shared/assets');
	if (existsSync(dir)) return dir;
	if (!warned) {
		warned = true;
		console.warn(`[axis tests] test assets not found at ${dir}: asset-based tests are SKIPPED (set AXIS_TEST_ASSETS)`);
	}
	return undefined;
}

/** Absolute path of an asset (relative to the assets folder); undefined when the folder or file is absent. */
export function assetPath(rel: string): string | undefined {
	const dir = assetsDir();
	if (!dir) return undefined;
	const p = path.join(dir, rel);
	if (existsSync(p)) return p;
	console.warn(`[axis tests] test asset ${rel} not found in ${dir}: tests using it are SKIPPED`);
	return undefined;
}

/** True when the assets folder exists; otherwise prints a visible skip message naming `what`. */
export function haveAssets(what = 'asset tests'): boolean {
	const dir = assetsDir();
	if (!dir) console.warn(`[axis tests] ${what}: SKIPPED (no test assets)`);
	return dir !== undefined;
}
