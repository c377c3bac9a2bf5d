import type { UpAxis } from '../types.js';
import { type Mat4, type Vec3, chain, eulerDeg, identity, invert, multiply, ROTATION_ORDERS, scaling, translation } from './math.js';
import { p70Number, p70Vec3, type Props70 } from './tree.js';

/** The transform-related properties of an FBX Model. */
export interface ModelTransform {
	translation: Vec3;
	rotation: Vec3;
	scaling: Vec3;
	preRotation: Vec3;
	postRotation: Vec3;
	rotationOffset: Vec3;
	rotationPivot: Vec3;
	scalingOffset: Vec3;
	scalingPivot: Vec3;
	rotationOrder: string;
	inheritType: number;
	geometricTranslation: Vec3;
	geometricRotation: Vec3;
	geometricScaling: Vec3;
	/** Cached constant factors (pre-rotation, inverse post-rotation). */
	cache?: { pre?: Mat4; postInv?: Mat4 };
}

const ZERO: Vec3 = [0, 0, 0];
const ONE: Vec3 = [1, 1, 1];

export function readModelTransform(props: Props70): ModelTransform {
	const rotationActive = p70Number(props, 'RotationActive', 0) !== 0;
	const orderIndex = Math.trunc(p70Number(props, 'RotationOrder', 0));
	return {
		translation: p70Vec3(props, 'Lcl Translation', ZERO),
		rotation: p70Vec3(props, 'Lcl Rotation', ZERO),
		scaling: p70Vec3(props, 'Lcl Scaling', ONE),
		// As in the FBX SDK (and Blender's importer): pre/post rotation and the
		// rotation order only apply when RotationActive is set.
		preRotation: rotationActive ? p70Vec3(props, 'PreRotation', ZERO) : ZERO,
		postRotation: rotationActive ? p70Vec3(props, 'PostRotation', ZERO) : ZERO,
		rotationOrder: rotationActive ? (ROTATION_ORDERS[orderIndex] ?? 'XYZ') : 'XYZ',
		rotationOffset: p70Vec3(props, 'RotationOffset', ZERO),
		rotationPivot: p70Vec3(props, 'RotationPivot', ZERO),
		scalingOffset: p70Vec3(props, 'ScalingOffset', ZERO),
		scalingPivot: p70Vec3(props, 'ScalingPivot', ZERO),
		inheritType: Math.trunc(p70Number(props, 'InheritType', 0)),
		geometricTranslation: p70Vec3(props, 'GeometricTranslation', ZERO),
		geometricRotation: p70Vec3(props, 'GeometricRotation', ZERO),
		geometricScaling: p70Vec3(props, 'GeometricScaling', ONE),
	};
}

const isZero = (v: Vec3): boolean => v[0] === 0 && v[1] === 0 && v[2] === 0;

/**
 * The FBX SDK local transform:
 * T · Roff · Rp · Rpre · R · Rpost⁻¹ · Rp⁻¹ · Soff · Sp · S · Sp⁻¹
 * (pre/post rotations always use XYZ order; R uses the node's rotation order).
 */
export function localMatrix(x: ModelTransform, t: Vec3 = x.translation, r: Vec3 = x.rotation, s: Vec3 = x.scaling): Mat4 {
	const cache = (x.cache ??= {
		pre: isZero(x.preRotation) ? undefined : eulerDeg(x.preRotation, 'XYZ'),
		postInv: isZero(x.postRotation) ? undefined : invert(eulerDeg(x.postRotation, 'XYZ')),
	});
	// m = Rpre · R · Rpost⁻¹ (pure 3×3)
	let m = eulerDeg(r, x.rotationOrder);
	if (cache.pre) m = multiply(cache.pre, m);
	if (cache.postInv) m = multiply(m, cache.postInv);
	// Closed form of T·Roff·Rp·m·Rp⁻¹·Soff·Sp·S·Sp⁻¹:
	// linear part m·diag(S); translation T + Roff + Rp + m·(Soff + Sp − S∘Sp − Rp).
	const rp = x.rotationPivot;
	const sp = x.scalingPivot;
	const so = x.scalingOffset;
	const ro = x.rotationOffset;
	const qx = so[0] + sp[0] - s[0] * sp[0] - rp[0];
	const qy = so[1] + sp[1] - s[1] * sp[1] - rp[1];
	const qz = so[2] + sp[2] - s[2] * sp[2] - rp[2];
	const out = new Float64Array(16);
	for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[c * 4 + k] = m[c * 4 + k] * s[c];
	out[12] = t[0] + ro[0] + rp[0] + m[0] * qx + m[4] * qy + m[8] * qz;
	out[13] = t[1] + ro[1] + rp[1] + m[1] * qx + m[5] * qy + m[9] * qz;
	out[14] = t[2] + ro[2] + rp[2] + m[2] * qx + m[6] * qy + m[10] * qz;
	out[15] = 1;
	return out;
}

/** Reference form of {@link localMatrix} as the literal product of 4×4 matrices (tests compare the two). */
export function localMatrixReference(x: ModelTransform, t: Vec3 = x.translation, r: Vec3 = x.rotation, s: Vec3 = x.scaling): Mat4 {
	const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
	return chain(
		translation(t),
		translation(x.rotationOffset),
		translation(x.rotationPivot),
		eulerDeg(x.preRotation, 'XYZ'),
		eulerDeg(r, x.rotationOrder),
		invert(eulerDeg(x.postRotation, 'XYZ')),
		translation(neg(x.rotationPivot)),
		translation(x.scalingOffset),
		translation(x.scalingPivot),
		scaling(s),
		translation(neg(x.scalingPivot)),
	);
}

/** Geometric transform (applies to the node's geometry only, not inherited). */
export function geometricMatrix(x: ModelTransform): Mat4 {
	return chain(translation(x.geometricTranslation), eulerDeg(x.geometricRotation, 'XYZ'), scaling(x.geometricScaling));
}

export function hasGeometricTransform(x: ModelTransform): boolean {
	return !isZero(x.geometricTranslation) || !isZero(x.geometricRotation) || x.geometricScaling.some((v) => v !== 1);
}

export interface Conversion {
	/** FBX world → glTF world (axis change × unit scale). */
	matrix: Mat4;
	inverse: Mat4;
	/** Rotation part only (for normals). */
	rotation: Mat4;
	/** Metres per file unit. */
	unitScale: number;
	/** True when the file is already +Y up, +Z front (only the unit changes). */
	identityRotation: boolean;
	upAxis: UpAxis;
	warnings: string[];
}

/** The conversion from the file's axis system and unit into glTF's (+Y up, +Z front, metres). */
export function conversionFromSettings(settings: Props70): Conversion {
	const warnings: string[] = [];
	const axisIndex = (name: string, fallback: number): number => {
		const v = Math.trunc(p70Number(settings, name, fallback));
		return v >= 0 && v <= 2 ? v : fallback;
	};
	const sign = (name: string): number => (p70Number(settings, name, 1) < 0 ? -1 : 1);
	let up = axisIndex('UpAxis', 1);
	const upSign = sign('UpAxisSign');
	let front = axisIndex('FrontAxis', 2);
	const frontSign = sign('FrontAxisSign');
	if (front === up) {
		warnings.push(`GlobalSettings: FrontAxis equals UpAxis (${up}); assuming the default Y-up system`);
		up = 1;
		front = 2;
	}
	const e = (axis: number, s: number): Vec3 => {
		const v: Vec3 = [0, 0, 0];
		v[axis] = s;
		return v;
	};
	const rowY = e(up, upSign);
	const rowZ = e(front, frontSign);
	// Right-handed: X = Y × Z (a left-handed declaration is not mirrored, as in Blender's importer).
	const rowX: Vec3 = [rowY[1] * rowZ[2] - rowY[2] * rowZ[1], rowY[2] * rowZ[0] - rowY[0] * rowZ[2], rowY[0] * rowZ[1] - rowY[1] * rowZ[0]];
	const coord = axisIndex('CoordAxis', 0);
	const coordSign = sign('CoordAxisSign');
	const declaredX = e(coord, coordSign);
	if (declaredX.some((v, i) => v !== rowX[i])) warnings.push('GlobalSettings describe a left-handed or inconsistent axis system; converted as right-handed');
	const usf = p70Number(settings, 'UnitScaleFactor', 1);
	const unitScale = Number.isFinite(usf) && usf > 0 ? usf / 100 : 0.01;
	if (!(Number.isFinite(usf) && usf > 0)) warnings.push(`GlobalSettings: invalid UnitScaleFactor ${usf}; assuming centimetres`);
	const rotation = identity();
	// rows → column-major storage: m[col*4+row]
	for (let c = 0; c < 3; c++) {
		rotation[c * 4 + 0] = rowX[c];
		rotation[c * 4 + 1] = rowY[c];
		rotation[c * 4 + 2] = rowZ[c];
	}
	const matrix = chain(scaling([unitScale, unitScale, unitScale]), rotation);
	const upAxis = `${upSign < 0 ? '-' : '+'}${'XYZ'[up]}` as UpAxis;
	const identityRotation = rotation.every((v, i) => v === (i % 5 === 0 ? 1 : 0));
	return { matrix, inverse: invert(matrix), rotation, unitScale, upAxis, identityRotation, warnings };
}
