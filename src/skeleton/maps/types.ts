/** A naming of the humanoid skeleton used by some tool or engine, mapped onto AXIS-65. */
export interface SkeletonMap {
	/** Key: `mixamo`, `unreal`, `unity`, `godot`, `vrm`, `smpl`, `r15`, `axis`. */
	id: string;
	displayName: string;
	/**
	 * AXIS-65 bone → this skeleton's bone. Absent entries have no counterpart
	 * (finger tips, end bones …). For `r15` several AXIS bones map to one part
	 * (bones merge).
	 */
	fromAxis: Readonly<Record<string, string>>;
	/** Bones this skeleton has beyond the mapped ones (e.g. Unreal's `root`), for recognition. */
	extras?: readonly string[];
	/** Other spellings that also count as this skeleton's bone (alias → AXIS name). */
	aliases?: Readonly<Record<string, string>>;
	/** Case-insensitive name matching (SMPL, Unreal use lower case). */
	caseInsensitive?: boolean;
}

export const SIDES = [
	['Left', 'l', 'left'],
	['Right', 'r', 'right'],
] as const;

export const FINGER_NAMES = ['Thumb', 'Index', 'Middle', 'Ring', 'Pinky'] as const;
