/**
 * `ignition-config-ts`: Ignition spec 3.0.0–3.5.0 for TypeScript. Zod schemas and types,
 * builders, `data:` URLs, a deterministic serializer, a parser for any 3.x config, lossless
 * version translation, a validator with ignition-validate's rules, and a Butane
 * (`variant: flatcar`) reader. No dependency on any provisioning framework.
 *
 * @packageDocumentation
 */

export {
  IGNITION_SPEC_VERSIONS,
  DEFAULT_IGNITION_SPEC_VERSION,
  isIgnitionSpecVersion,
  compareSpecVersions,
  specAtLeast,
  type IgnitionSpecVersion,
} from './ignition-spec-version.js';
export type {
  IgnitionConfig,
  IgnitionMeta,
  IgnitionProxy,
  IgnitionTimeouts,
  IgnitionResource,
  IgnitionHttpHeader,
  IgnitionVerification,
  IgnitionKernelArguments,
  IgnitionPasswd,
  IgnitionUser,
  IgnitionGroup,
  IgnitionStorage,
  IgnitionNode,
  IgnitionNodeOwner,
  IgnitionFile,
  IgnitionDirectory,
  IgnitionLink,
  IgnitionDisk,
  IgnitionPartition,
  IgnitionRaid,
  IgnitionFilesystem,
  IgnitionLuks,
  IgnitionClevis,
  IgnitionClevisCustom,
  IgnitionTang,
  IgnitionCex,
  IgnitionSystemd,
  IgnitionUnit,
  IgnitionDropin,
} from './ignition-config-types.js';
export { ignitionConfigSchema, ignitionConfigSchemas } from './ignition-config-schema.js';

// Errors and issues
export { IgnitionConfigError } from './ignition-config-error.js';
export { IgnitionValidationError } from './ignition-validation-error.js';
export { IgnitionTranslationError } from './ignition-translation-error.js';
export {
  formatIgnitionPath,
  formatIgnitionIssue,
  type IgnitionIssue,
  type IgnitionPath,
} from './ignition-issue.js';

// Encodings
export {
  encodeDataUrl,
  decodeDataUrl,
  parseDataUrl,
  percentEncodeData,
  DataUrlSyntaxError,
  type DataUrlEncoding,
  type EncodedDataUrl,
  type ParsedDataUrl,
} from './data-url.js';
export {
  createMemoizedDataUrlEncoder,
  type DataUrlEncoder,
  type MemoizedDataUrlEncoderLimits,
} from './memoized-data-url-encoder.js';
export { deterministicGzip } from './deterministic-gzip.js';
export { octalMode, formatOctalMode, SPECIAL_MODE_BITS } from './file-mode.js';
export {
  verificationHash,
  parseVerificationHash,
  VERIFICATION_HASH_LENGTHS,
  type VerificationHashFunction,
} from './verification-hash.js';

// Builders
export {
  ignitionFile,
  remoteFile,
  remoteResource,
  ignitionDirectory,
  ignitionLink,
  ignitionUnit,
  ignitionDropin,
  ignitionUser,
  ignitionGroup,
  ignitionKernelArguments,
  configReference,
  inlineConfigReference,
  buildIgnitionConfig,
  type Owner,
  type IgnitionFileOptions,
  type RemoteResourceOptions,
  type IgnitionConfigParts,
} from './ignition-builders.js';

// Reading, writing, translating, validating
export { serializeIgnitionConfig, type SerializeOptions } from './serialize-ignition-config.js';
export {
  parseIgnitionConfig,
  readIgnitionConfig,
  type ParsedIgnitionConfig,
  type IgnitionStructureResult,
} from './parse-ignition-config.js';
export { translateIgnitionConfig } from './translate-ignition-config.js';
export {
  validateIgnitionConfig,
  isValidIgnitionConfig,
  type ValidateIgnitionOptions,
} from './validate-ignition-config.js';
export {
  checkUnitSyntax,
  hasUnitTypeSuffix,
  SYSTEMD_UNIT_TYPES,
  SYSTEMD_LINE_MAX,
  type UnitSyntax,
} from './systemd-unit-syntax.js';

// Butane
export {
  translateButane,
  BUTANE_FLATCAR_VERSIONS,
  type TranslateButaneOptions,
  type ButaneTranslation,
} from './butane/translate-butane.js';
export { ButaneError } from './butane/butane-error.js';
export { systemdEscapePath } from './butane/systemd-escape-path.js';
export { plainInteger, plainBoolean } from './butane/butane-yaml.js';

/** The version of `ignition-config-ts`. */
export const VERSION: string = __PACKAGE_VERSION__;
