import { type ILogger, Logger, Verbosity } from '@gltf-transform/core';

/**
 * gltf-transform logs to stdout by default, which breaks `--json`. This logger
 * writes warnings and errors to stderr and drops the rest.
 */
export class StderrLogger implements ILogger {
	constructor(private readonly level: number = Verbosity.WARN) {}
	debug(): void {}
	info(): void {}
	warn(text: string): void {
		if (this.level <= Verbosity.WARN) process.stderr.write(`axis: ${text}\n`);
	}
	error(text: string): void {
		if (this.level <= Verbosity.ERROR) process.stderr.write(`axis: ${text}\n`);
	}
}

/** A logger that drops everything (library use, workers, tests). */
export const silentLogger: ILogger = new Logger(Verbosity.SILENT);
