/**
 * `@kubenode/core`: the NodePool schema, the versioned distro adapter contract, errors, the
 * adapter registry and the renderers adapters share.
 *
 * @packageDocumentation
 */

// Errors
export { KubenodeError } from './errors/kubenode-error.js';
export { SpecValidationError } from './errors/spec-validation-error.js';
export { UnsupportedFeatureError } from './errors/unsupported-feature-error.js';
export { ExternalToolError, type ExternalToolFailure } from './errors/external-tool-error.js';
export { NoSuchAdapterError } from './errors/no-such-adapter-error.js';
export { UnsupportedSpecificationVersionError } from './errors/unsupported-specification-version-error.js';
export { InvalidAdapterOptionsError } from './errors/invalid-adapter-options-error.js';
export { formatJsonPath, formatSpecIssue, type JsonPath, type SpecIssue } from './errors/spec-issue.js';

// The NodePool document
export {
  nodePoolSchema,
  nodePoolSpecSchema,
  NODE_POOL_API_VERSION,
  ADAPTER_ID,
  type NodePool,
  type NodePoolInput,
  type NodePoolSpec,
} from './node-pool/node-pool-schema.js';
export {
  kubernetesSpecSchema,
  nodeTaintSchema,
  type KubernetesSpec,
  type NodeTaint,
} from './node-pool/kubernetes-spec-schema.js';
export { kubernetesMinor } from './node-pool/kubernetes-minor.js';
export {
  osSpecSchema,
  osUserSchema,
  osFileSchema,
  osUnitSchema,
  unitDropinSchema,
  osProxySchema,
  type OsSpec,
  type OsUser,
  type OsFileSpec,
  type OsUnit,
  type OsProxy,
} from './node-pool/os-spec-schema.js';
export { runtimeSpecSchema, type RuntimeSpec } from './node-pool/runtime-spec-schema.js';
export {
  updatesSpecSchema,
  maintenanceWindowSchema,
  maxUnavailableSchema,
  parseDurationSeconds,
  WEEKDAYS,
  type UpdatesSpec,
  type MaintenanceWindow,
} from './node-pool/updates-spec-schema.js';
export {
  imageRefSchema,
  ARCHITECTURES,
  type ImageRef,
  type Architecture,
} from './node-pool/image-ref-schema.js';
export { fileModeSchema, type FileMode } from './node-pool/file-mode-schema.js';
export {
  parseNodePool,
  validateNodePool,
  MAX_NODE_POOL_BYTES,
  type ParseNodePoolOptions,
} from './node-pool/parse-node-pool.js';
export { nodePoolJsonSchema } from './node-pool/node-pool-json-schema.js';
export { toSpecIssues } from './node-pool/to-spec-issues.js';
export { didYouMean, editDistance } from './node-pool/did-you-mean.js';
export { SourceLocator, type SourcePosition } from './node-pool/source-locator.js';
export { checkPemCertificates, splitPemBlocks, type PemBlock } from './node-pool/pem.js';
export { isRfc3986Url, RFC_3986_MESSAGE } from './node-pool/rfc3986-url.js';
export { findUnrepresentableText } from './node-pool/unrepresentable-text.js';
export {
  checkLabelKey,
  checkLabelValue,
  checkKubeletSettableLabel,
  hasControlCharacter,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  POSIX_NAME,
  SYSTEMD_UNIT_NAME,
  SSH_PUBLIC_KEY,
} from './node-pool/kubernetes-names.js';

// The adapter contract, version 1
export type { DistroAdapterV1, DistroAdapterFactoryV1 } from './adapter/v1/distro-adapter-v1.js';
export {
  NODE_POOL_FEATURES,
  type NodePoolFeature,
  type FeatureSupportV1,
  type CapabilitiesV1,
} from './adapter/v1/capabilities-v1.js';
export type {
  NodeImageV1,
  DistroFactsV1,
  ImageLineV1,
  ImageSourceV1,
  ImageVerificationV1,
} from './adapter/v1/node-image-v1.js';
export type { RuntimeV1, RuntimeConfigurationV1 } from './adapter/v1/runtime-v1.js';
export type {
  UpdateStrategyV1,
  UpdatePhaseV1,
  UpdateCapabilitiesV1,
  UpdateStepV1,
  NodeObservationV1,
  UpdateTargetV1,
  StepOutputV1,
  UpdateAvailabilityV1,
  NodeUpdatePlanV1,
  VerificationResultV1,
  VerificationKeyV1,
} from './adapter/v1/update-strategy-v1.js';
export type {
  ImageBuilderV1,
  BuildPlanV1,
  BuildStepV1,
  BuildToolV1,
  BuildOutputV1,
  RecipeFileV1,
  BuildArtifactV1,
  BuildProgressV1,
  BuildOptionsV1,
  BuildResultV1,
  BuildMeasurementV1,
} from './adapter/v1/image-builder-v1.js';
export type {
  ProvisioningResultV1,
  ProvisioningArtifactV1,
  WarningV1,
} from './adapter/v1/provisioning-result-v1.js';
export type { RenderContextV1 } from './adapter/v1/render-context-v1.js';
export type { ExternalValidatorV1, OutputIssueV1 } from './adapter/v1/external-validator-v1.js';
export { osFile, type OsFileV1 } from './adapter/v1/os-file-v1.js';
export type { SystemdUnitV1, SystemdDropinV1 } from './adapter/v1/systemd-unit-v1.js';
export { featureInUse } from './adapter/v1/feature-in-use.js';
export { assertFeaturesSupported } from './adapter/v1/assert-features-supported.js';
export { assertPoolFilesClear, type ReservedPathsV1 } from './adapter/v1/assert-pool-files-clear.js';
export { assertManagedUnitsKept } from './adapter/v1/assert-managed-units-kept.js';
export {
  assertIgnitionCanApplyPool,
  type IgnitionCanApplyPoolOptions,
} from './adapter/v1/assert-ignition-can-apply-pool.js';
export {
  systemdUnitPaths,
  SYSTEMD_UNIT_DIRECTORY,
  type SystemdUnitLike,
} from './adapter/v1/systemd-unit-paths.js';
export { parseAdapterOptions } from './adapter/v1/parse-adapter-options.js';

// Registry
export { AdapterRegistry, createAdapterRegistry, asDistroAdapterV1 } from './registry/adapter-registry.js';

// Shared renderers
export { caCertHash } from './renderers/ca-cert-hash.js';
export {
  renderJoinConfiguration,
  apiServerEndpoint,
  kubeadmApiVersion,
  nodeLabelsArgument,
  CONTAINERD_CRI_SOCKET,
  type JoinConfigurationOptions,
  type RenderedJoinConfiguration,
} from './renderers/kubeadm-join-configuration.js';
export {
  renderKubeletConfiguration,
  hasKubeletOverrides,
  type KubeletConfiguration,
} from './renderers/kubelet-configuration.js';
export {
  renderContainerdConfig,
  containerdMajor,
  CONTAINERD_CERTS_DIRECTORY,
  type ContainerdConfigOptions,
} from './renderers/containerd-config.js';
export { renderRegistryHostsFiles, registryServer } from './renderers/registry-hosts.js';
export {
  renderSysctlFile,
  renderModulesLoadFile,
  withKubernetesSysctls,
  KUBERNETES_NODE_SYSCTLS,
  KUBERNETES_NODE_MODULES,
} from './renderers/kernel-config-files.js';
export { renderProxyDropin, renderProxyUnits, proxyEnvironment } from './renderers/proxy-dropins.js';
export { renderCaCertFiles } from './renderers/ca-cert-files.js';
export { systemdQuote, systemdEscapeSpecifiers } from './renderers/systemd-escape.js';
export { taintArgument, registerWithTaintsArgument } from './renderers/taint-argument.js';
export { poolOsFiles } from './renderers/pool-os-files.js';
export { cloudInitWriteFile, systemdUnitFiles, cloudInitUser } from './renderers/cloud-init-node-items.js';
export { toYaml } from './renderers/to-yaml.js';

// Secrets
export { collectSecrets, redactSecrets, containsPrivateKey } from './secrets/collect-secrets.js';

// Image builds: external tools, the systemd-sysext builder, recipe files
export type { ExecFunction, ExecRequest, ExecResult } from './build/exec-function.js';
export { nodeExec } from './build/node-exec.js';
export { runTool, type RunToolOptions } from './build/run-tool.js';
export { BUILD_TOOLS, buildTool, type BuildToolName } from './build/build-tools.js';
export {
  findMissingTools,
  assertToolsInstalled,
  type ToolLookupOptions,
} from './build/find-missing-tools.js';
export { InvalidBuildInputError } from './build/invalid-build-input-error.js';
export { sha256File } from './build/sha256-file.js';
export {
  renderSha256Sums,
  parseSha256Sums,
  updateSha256SumsFile,
  type Sha256SumEntry,
} from './build/sha256-sums.js';
export { writeRecipeFiles } from './build/write-recipe-files.js';
export {
  buildSysextImage,
  sysextImageOptionsSchema,
  SQUASHFS_COMPRESSIONS,
  EROFS_COMPRESSIONS,
  type BuildSysextImageOptions,
  type SysextImageResult,
} from './build/sysext/build-sysext-image.js';
export {
  extensionReleaseSchema,
  extensionReleasePath,
  renderExtensionRelease,
  SYSEXT_RELOAD_MANAGER_MIN_SYSTEMD,
  type ExtensionRelease,
  type ExtensionReleaseInput,
} from './build/sysext/extension-release.js';
export { sysextReloadHook, SYSEXT_RELOAD_HOOK_UNIT } from './build/sysext/sysext-reload-hook.js';
export {
  systemdArchitecture,
  SYSTEMD_ARCHITECTURES,
  type SystemdArchitecture,
} from './build/sysext/systemd-architecture.js';
export { deterministicUuid, deterministicVolumeId } from './build/disk/deterministic-uuid.js';
export { treeSize, type TreeSize } from './build/disk/tree-size.js';
export { buildExt4Image, type BuildExt4ImageOptions } from './build/disk/build-ext4-image.js';
export { buildVfatImage, type BuildVfatImageOptions } from './build/disk/build-vfat-image.js';
export { copyIntoImage } from './build/disk/copy-into-image.js';
export {
  assembleGptDisk,
  GPT_PARTITION_TYPES,
  type AssembleGptDiskOptions,
  type GptPartition,
} from './build/disk/assemble-gpt-disk.js';
export { convertDiskImage, type ConvertDiskImageOptions } from './build/disk/convert-disk-image.js';
export { buildNoCloudSeed, type BuildNoCloudSeedOptions } from './build/disk/build-nocloud-seed.js';
export {
  runQemuBoot,
  OVMF_FIRMWARE,
  type RunQemuBootOptions,
  type QemuBootResult,
} from './build/disk/run-qemu-boot.js';
export { parseDpkgStatus, type DpkgPackage } from './build/sbom/dpkg-status.js';
export {
  debianPackagesBom,
  debianPackageUrl,
  type CycloneDxBom,
  type CycloneDxComponent,
  type DebianPackagesBomOptions,
} from './build/sbom/cyclonedx-bom.js';

// Image specs: declarative, content-addressed
export { canonicalJson } from './image/canonical-json.js';
export {
  imageSpecSchema,
  imageBaseSchema,
  imageExtensionSchema,
  IMAGE_SPEC_API_VERSION,
  IMAGE_OUTPUT_FORMATS,
  type ImageSpec,
  type ImageSpecInput,
  type ImageBase,
  type ImageExtension,
  type ImageOutputFormat,
} from './image/image-spec-schema.js';
export {
  kubernetesComponentSchema,
  componentSourceSchema,
  KUBERNETES_COMPONENTS,
  type KubernetesComponent,
  type KubernetesComponentName,
  type ComponentSource,
} from './image/kubernetes-component-schema.js';
export { parseImageSpec, canonicalImageSpec, imageSpecId, shortImageId } from './image/image-spec-id.js';
export {
  imageSpecFromNodePool,
  type ImageSpecFromNodePoolOptions,
} from './image/image-spec-from-node-pool.js';

// Debian family: kubeadm nodes provisioned with cloud-init, updated with apt (Debian, Ubuntu)
export {
  renderKubeadmNodeCloudConfig,
  KUBEADM_JOIN_CONFIG_PATH,
  KUBEADM_PATCHES_DIRECTORY,
  BOOTSTRAP_SUCCESS_SENTINEL,
  CLUSTER_API_PLACEHOLDER,
  GRUB_KERNEL_ARGS_FILE,
  type KubeadmNodeCloudConfigOptions,
  type KubeadmNodeCloudConfig,
} from './debian-family/kubeadm-node-cloud-config.js';
export {
  renderKubeadmNodeRuncmd,
  type KubeadmNodeRuncmdOptions,
} from './debian-family/kubeadm-node-runcmd.js';
export {
  renderNodeKernelArgs,
  withKernelArgs,
  nodeBootLoaderSchema,
  NODE_BOOT_LOADERS,
  KERNEL_INSTALL_CMDLINE_FILE,
  SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT,
  type NodeBootLoader,
  type NodeKernelArgs,
} from './debian-family/node-kernel-args.js';
export {
  resolveKubernetesAptRepository,
  kubernetesAptPreferences,
  kubernetesAptRepositorySchema,
  KUBERNETES_APT_KEYRING,
  KUBERNETES_APT_SOURCE_FILE,
  KUBERNETES_APT_PREFERENCES_FILE,
  KUBERNETES_APT_PACKAGES,
  PKGS_K8S_IO_URL,
  type KubernetesAptRepository,
  type KubernetesAptRepositoryOptions,
} from './debian-family/kubernetes-apt-repository.js';
export {
  createAptUpdateStrategy,
  APT_PERIODIC_FILE,
  UNATTENDED_UPGRADES_FILE,
  NEEDRESTART_FILE,
  type AptUpdateStrategyOptions,
} from './debian-family/apt-update-strategy.js';
export { APT_NODE_ANNOTATIONS, readAptStepReport } from './debian-family/apt-node-annotations.js';
export { createDistroContainerdRuntime } from './debian-family/distro-containerd-runtime.js';
export {
  CLOUD_INIT_NODE_FEATURES,
  CONTAINERD_1_KUBERNETES_VERSIONS,
} from './debian-family/cloud-init-node-features.js';
export {
  cloudInitNodeOptionsShape,
  KUBERNETES_PACKAGE_MODES,
  type KubernetesPackages,
} from './debian-family/cloud-init-node-options.js';
export {
  provisionCloudInitNode,
  CLOUD_CONFIG_ARTIFACT,
  COMPRESSED_USER_DATA_ARTIFACT,
  type CloudInitNodeProvisionOptions,
} from './debian-family/provision-cloud-init-node.js';
export { validateCloudInitNodeOutput } from './debian-family/validate-cloud-init-node-output.js';
export {
  readCloudInitNodeUserData,
  type CloudInitNodeUserData,
  type CloudInitNodeFile,
} from './debian-family/read-cloud-init-node-user-data.js';

export { VERSION } from './version.js';
