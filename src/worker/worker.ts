// piscina worker entry: runs one batch task per call. The stages' code is
// imported statically here: tsx's loader does not map dynamic `.js` imports
// to `.ts` inside piscina workers.
import { type Runners, runTask, type Task, type TaskResult } from './tasks.js';
import { runExport } from './tasks/export.js';
import { runFix } from './tasks/fix.js';
import { runProcess } from './tasks/process.js';
import { runRig } from './tasks/rig.js';
import { runValidate } from './tasks/validate.js';

const runners: Runners = { validate: runValidate, fix: runFix, rig: runRig, export: runExport, process: runProcess };

export default function work(task: Task): Promise<TaskResult> {
	return runTask(task, undefined, runners);
}
