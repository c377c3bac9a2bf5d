declare module 'draco3dgltf' {
	export function createDecoderModule(options?: object): Promise<unknown>;
	export function createEncoderModule(options?: object): Promise<unknown>;
}

declare module 'gltf-validator' {
	export interface ValidatorMessage {
		code: string;
		message: string;
		severity: 0 | 1 | 2 | 3;
		pointer?: string;
		offset?: number;
	}
	export interface ValidatorReport {
		uri: string;
		mimeType: string;
		validatorVersion: string;
		issues: {
			numErrors: number;
			numWarnings: number;
			numInfos: number;
			numHints: number;
			messages: ValidatorMessage[];
			truncated: boolean;
		};
		info?: Record<string, unknown>;
	}
	export interface ValidationOptions {
		uri?: string;
		format?: 'glb' | 'gltf';
		externalResourceFunction?: (uri: string) => Promise<Uint8Array>;
		validateAccessorData?: boolean;
		maxIssues?: number;
		ignoredIssues?: string[];
		onlyIssues?: string[];
		severityOverrides?: Record<string, number>;
		writeTimestamp?: boolean;
	}
	export function validateBytes(data: Uint8Array, options?: ValidationOptions): Promise<ValidatorReport>;
	export function validateString(json: string, options?: ValidationOptions): Promise<ValidatorReport>;
	export function version(): string;
	export function supportedExtensions(): string[];
}
