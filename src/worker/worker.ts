// piscina worker entry: runs one batch task per call.
import { runTask, type Task, type TaskResult } from './tasks.js';

export default function work(task: Task): Promise<TaskResult> {
	return runTask(task);
}
