// axis-pipeline: the library behind the `axis` CLI and server.
export { AxisError, type ErrorCode, toAxisError } from './errors.js';
export { type Finding, type ProgressFn, Report, type Severity, type Suggestion, type Where } from './report.js';
export { silentLogger, StderrLogger } from './log.js';

// I/O
export { type AssetFormat, detectFormat } from './io/format.js';
export { getIO, newDocument } from './io/gltf.js';
export { readAsset, readAssetBytes, type LoadedAsset, type ReadAssetOptions } from './io/read.js';
export { readFBX } from './io/fbx/index.js';
export { readOBJ } from './io/obj.js';
export { readGLTF } from './io/gltf-read.js';
export { type Compression, writeAsset, writeGLB, type WriteOptions } from './io/write.js';
export type { ReaderOptions, ReaderResult, SourceInfo, UpAxis } from './io/types.js';

// Analysis
export { guessFromBounds, inspectAsset, inspectDocument, type InspectResult, type UnitsGuess } from './inspect/index.js';
export { extents, guessUnits, upAxisFromBounds, type UnitGuess, type UpAxisVerdict } from './geometry/units.js';
export { type Bounds, primitiveWorldPositions, sceneBounds } from './geometry/world-positions.js';

// Batch
export { runBatch, type BatchOptions } from './worker/pool.js';
export { runTask, type Task, type TaskResult } from './worker/tasks.js';

// Validation
export { RULES, looksLikeCharacter, runKhronosValidator, toSarif, validateAsset, validateDocument, type ValidateAssetOptions, type ValidateOptions } from './validate/index.js';
export { listPlatforms, loadPlatform, type PlatformProfile } from './platforms.js';

// Stages
export * from './pipeline/repair/index.js';

// Motion
export { animationDuration, morphWeights, type Pose, samplePose, skinnedPositions } from './motion/pose.js';

// Skeleton
export { AXIS65, AXIS65_NAMES, axisBone, type BoneDef, fromMixamoName, mirrorBone, toMixamoName } from './skeleton/axis65.js';
export { BODY_MORPHS, checkGenerateOptions, type GenerateGLBOptions, type GenerateOptions, type GenerateResult, type GenerateSummary, generateAvatar, generateAvatarGLB, listAvatarPresets, loadAvatarPreset, parsePrompt, randomParams, resolveAvatarParams, targetMeasurements, type AvatarParams } from './generate/index.js';
export { rig, rigDocument, type RigOptions, type RigResult } from './pipeline/rig/index.js';
export { PROCESS_STAGES, processAsset, type ProcessOptions, type ProcessResult } from './pipeline/process.js';

// Export
export { EXPORT_PLATFORMS, exportForPlatform, type ExportManifest, type ExportOptions } from './exporters/index.js';
export { writeFBX, type WriteFBXOptions } from './io/fbx-write/index.js';
export { recognise, type Recognition, SKELETON_MAPS, skeletonMap } from './skeleton/maps/index.js';
