import { AxisError } from '../../errors.js';
import type { LoadedAsset } from '../../io/read.js';
import { writeAsset } from '../../io/write.js';
import { rigDocument, type RigResult } from '../../pipeline/rig/index.js';
import { type Finding, Report } from '../../report.js';

export interface RigTask {
	kind: 'rig';
	path: string;
	/** Where to write the rigged GLB/glTF. */
	out?: string;
	options: RigTaskOptions;
}

/** What `axis rig` passes per file (plain data). */
export interface RigTaskOptions {
	pose?: 't' | 'a' | 'auto';
	facing?: '+z' | '-z' | '+x' | '-x' | 'auto';
	maxInfluences?: 4 | 8;
	force?: boolean;
}

export interface RigTaskResult {
	file: string;
	out?: string;
	written: string[];
	findings: Finding[];
	rig: RigResult;
}

/** `axis rig` on one loaded file: rig (or map an existing skeleton), then write. A refusal is RIG_FAILED with its suggestion in the message. */
export async function runRig(task: RigTask, loaded: LoadedAsset): Promise<RigTaskResult> {
	const report = new Report();
	let rig: RigResult;
	try {
		rig = await rigDocument(loaded.document, { ...task.options, report });
	} catch (err) {
		if (err instanceof AxisError && err.code === 'RIG_FAILED' && typeof err.details?.suggestion === 'string') {
			throw new AxisError('RIG_FAILED', `${err.message} (suggestion: ${err.details.suggestion})`, err.details);
		}
		throw err;
	}
	let written: string[] = [];
	if (task.out) {
		written = await writeAsset(loaded.document, task.out, { compression: 'none' });
	}
	return { file: task.path, out: task.out, written, findings: report.findings, rig };
}
