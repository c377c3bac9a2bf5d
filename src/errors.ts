/**
 * Coded errors. Every failure the user can cause (bad file, bad flag) is an
 * AxisError with a stable code; the CLI maps it to a message and exit code 2.
 */

export type ErrorCode =
	| 'FILE_NOT_FOUND'
	| 'UNSUPPORTED_FORMAT'
	| 'READ_FAILED'
	| 'GLTF_INVALID'
	| 'GLTF_MISSING_RESOURCE'
	| 'FBX_INVALID'
	| 'FBX_UNSUPPORTED'
	| 'OBJ_INVALID'
	| 'WRITE_FAILED'
	| 'BAD_USAGE'
	| 'UNKNOWN_PLATFORM'
	| 'EXPORT_REFUSED'
	| 'TIMEOUT'
	| 'NO_MESH'
	| 'RIG_FAILED'
	| 'VALIDATION_ERROR'
	| 'INTERNAL';

export class AxisError extends Error {
	readonly code: ErrorCode;
	readonly details?: Record<string, unknown>;

	constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
		super(message);
		this.name = 'AxisError';
		this.code = code;
		this.details = details;
	}

	toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
		return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
	}
}

/** Wraps anything thrown into an AxisError, keeping AxisErrors as they are. */
export function toAxisError(err: unknown, fallback: ErrorCode = 'INTERNAL', context?: string): AxisError {
	if (err instanceof AxisError) return err;
	const raw = err instanceof Error ? err.message : String(err);
	const message = context ? `${context}: ${raw}` : raw;
	return new AxisError(fallback, message);
}
