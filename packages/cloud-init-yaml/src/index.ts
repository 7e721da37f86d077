/**
 * `cloud-init-yaml`: `#cloud-config` for TypeScript. zod schemas and types for the modules a
 * machine needs, cloud-init dialects (22.4 as Debian 12 ships it, and the current release), a
 * deterministic serializer whose YAML PyYAML and YAML 1.2 readers both read back exactly, a
 * parser, validation against cloud-init's own JSON schema, MIME multi-part user data and
 * gzip within platform size limits. Generic: no Kubernetes knowledge.
 *
 * @packageDocumentation
 */

// Dialects
export {
  CLOUD_INIT_DIALECTS,
  cloudInitDialectSchema,
  dialectRelease,
  type CloudInitDialect,
} from './cloud-init-dialect.js';
export {
  DIALECT_FEATURES,
  dialectFeature,
  dialectSupports,
  type DialectFeature,
  type DialectFeatureId,
} from './dialect-features.js';

// Schemas and types
export {
  cloudConfigSchema,
  cloudConfigShape,
  MODELLED_TOP_LEVEL_KEYS,
  type CloudConfig,
  type CloudConfigInput,
} from './schema/cloud-config-schema.js';
export {
  writeFileSchema,
  writeFilesSchema,
  WRITE_FILE_ENCODINGS,
  PERMISSIONS_PATTERN,
  type WriteFile,
} from './schema/write-files-schema.js';
export { userSchema, usersSchema, groupsSchema, type User } from './schema/users-schema.js';
export { ntpSchema, NTP_CLIENTS, type Ntp } from './schema/ntp-schema.js';
export { aptSchema, aptSourceSchema, type Apt, type AptSource } from './schema/apt-schema.js';
export { packagesSchema, type PackageItem } from './schema/packages-schema.js';
export {
  growpartSchema,
  resizeRootfsSchema,
  mountsSchema,
  mountDefaultFieldsSchema,
  swapSchema,
} from './schema/disk-schema.js';
export { caCertsSchema, type CaCerts } from './schema/ca-certs-schema.js';
export { powerStateSchema, type PowerState } from './schema/power-state-schema.js';
export { commandSchema, runcmdSchema, bootcmdSchema, type Command } from './schema/command-schema.js';

// Serialize, parse, validate
export {
  stringifyCloudConfig,
  CLOUD_CONFIG_HEADER,
  type StringifyCloudConfigOptions,
} from './stringify-cloud-config.js';
export { canonicalizeCloudConfig } from './canonicalize-cloud-config.js';
export {
  parseCloudConfig,
  readCloudConfig,
  type ParseCloudConfigOptions,
  type CloudConfigReadResult,
} from './parse-cloud-config.js';
export { validateCloudConfig, type ValidateCloudConfigOptions } from './validate/validate-cloud-config.js';
export { checkDialect } from './validate/check-dialect.js';
export {
  upstreamCloudConfigSchema,
  upstreamTopLevelKeys,
  upstreamDeprecation,
} from './validate/upstream-schema.js';
export {
  formatCloudConfigIssue,
  formatIssuePath,
  type CloudConfigIssue,
  type CloudConfigIssueRule,
} from './cloud-config-issue.js';
export { toCloudYaml } from './yaml/to-cloud-yaml.js';
export {
  doubleQuoted,
  isAmbiguousPlainScalar,
  isLiteralBlockSafe,
  isYamlSafeText,
  needsEscapes,
  yaml11SafeScalar,
} from './yaml/yaml-scalars.js';

// Builders
export { writeFile, type WriteFileOptions } from './builders/write-file.js';
export { octalPermissions } from './builders/octal-permissions.js';
export { decodeWriteFileContent } from './builders/decode-write-file-content.js';

// User data: MIME multi-part, gzip, size limits
export {
  renderMimeMultipart,
  parseMimeMultipart,
  USER_DATA_PART_TYPES,
  type UserDataPart,
  type MimeMultipartOptions,
} from './mime/mime-multipart.js';
export {
  USER_DATA_LIMITS,
  userDataLimit,
  type UserDataLimit,
  type UserDataMeasure,
  type UserDataPlatform,
} from './user-data/user-data-limits.js';
export {
  encodeUserData,
  gzipUserData,
  type EncodeUserDataOptions,
  type EncodedUserData,
} from './user-data/encode-user-data.js';

// Errors
export { CloudInitYamlError } from './errors/cloud-init-yaml-error.js';
export { CloudConfigValidationError } from './errors/cloud-config-validation-error.js';
export { UserDataTooLargeError } from './errors/user-data-too-large-error.js';
export { MimeMultipartError } from './errors/mime-multipart-error.js';

export { VERSION } from './version.js';
