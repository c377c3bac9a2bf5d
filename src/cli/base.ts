import { Command, Flags } from '@oclif/core';
import { AxisError } from '../errors.js';

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

/**
 * Shared flags and error handling. Commands stay thin: parse, call the
 * library, print. Every AxisError becomes a one-line message and exit 2 —
 * never a stack trace.
 */
export abstract class AxisCommand extends Command {
	static override baseFlags = {
		json: Flags.boolean({ description: 'Print machine-readable JSON on stdout.', default: false }),
		quiet: Flags.boolean({ char: 'q', description: 'No progress output on stderr.', default: false }),
	};

	protected printJSON(value: unknown): void {
		process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
	}

	protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
		if (err instanceof AxisError) {
			process.stderr.write(`axis: error ${err.code}: ${err.message}\n`);
			return this.exit(EXIT.USAGE);
		}
		// oclif's own exits (this.exit) and parse errors keep their codes.
		if (err.oclif?.exit !== undefined && err.message.startsWith('EEXIT')) throw err;
		if (err.oclif?.exit !== undefined) {
			process.stderr.write(`axis: error BAD_USAGE: ${err.message}\n`);
			return this.exit(EXIT.USAGE);
		}
		process.stderr.write(`axis: internal error: ${err.message}\n`);
		if (process.env.AXIS_DEBUG) process.stderr.write(`${err.stack}\n`);
		return this.exit(EXIT.USAGE);
	}
}

/** Shared flag: worker threads for batches. */
export const jobsFlag = Flags.integer({ char: 'j', description: 'Worker threads for many files (default: number of cores).', min: 1 });
