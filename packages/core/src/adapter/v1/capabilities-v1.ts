/**
 * NodePool features an adapter declares support for. Each is a path into `spec`; a feature is
 * "in use" when the pool sets it to something other than its default (see `featureInUse`).
 */
export const NODE_POOL_FEATURES = [
  'kubernetes.nodeLabels',
  'kubernetes.nodeTaints',
  'kubernetes.maxPods',
  'kubernetes.clusterDNS',
  'kubernetes.kubelet',
  'runtime.registryMirrors',
  'runtime.sandboxImage',
  'os.hostname',
  'os.users',
  'os.users.passwordHash',
  'os.files',
  'os.units',
  'os.sysctls',
  'os.kernelModules',
  'os.kernelArgs',
  'os.ntpServers',
  'os.proxy',
  'os.caCerts',
  'os.rootDisk',
  'os.packages',
] as const;

/** One NodePool feature, as a path below `spec`. */
export type NodePoolFeature = (typeof NODE_POOL_FEATURES)[number];

/** How an adapter handles one NodePool feature. */
export type FeatureSupportV1 =
  | {
      /** `native`: the distro has a key for it; `emulated`: done with files/units/commands. */
      readonly level: 'native' | 'emulated';
      /** Where the value lands, in words (e.g. "settings.kernel.sysctl"). */
      readonly how: string;
      /**
       * Which values of the feature the distro refuses, in words (e.g. "files only under /var").
       * A restricted feature may throw `UnsupportedFeatureError` naming a field *below* the
       * feature (`spec.os.files[0].path`); an unrestricted one never refuses a valid value.
       */
      readonly restrictions?: string;
    }
  | {
      readonly level: 'unsupported';
      /** Why the distro cannot express it. */
      readonly reason: string;
      /** The idiomatic alternative, quoted by UnsupportedFeatureError. */
      readonly alternative: string;
    };

/** What an adapter can do, declared as data and checked by the conformance testkit. */
export interface CapabilitiesV1 {
  /** Native provisioning formats produced, e.g. `['ignition']`. */
  readonly provisioningFormats: readonly string[];
  /** Support per NodePool feature; every feature must be declared. */
  readonly features: { readonly [F in NodePoolFeature]: FeatureSupportV1 };
  /** Whether `spec.updates.strategy` values are supported. */
  readonly updateStrategies: readonly ('in-place' | 'replace')[];
  /** How the builder works: `real` builds images here, `sysext` builds extension images, `recipe` emits files for the distro's own builder. */
  readonly build: 'real' | 'sysext' | 'recipe';
  /**
   * The Kubernetes minor versions the adapter's OS supports, inclusive (e.g. `{ min: '1.31',
   * max: '1.36' }` for Talos 1.13); omitted when any version works. A pool outside the range is
   * refused with `UnsupportedFeatureError` (or `SpecValidationError`) naming `spec.kubernetes.version`.
   */
  readonly kubernetesVersions?: { readonly min: string; readonly max: string };
}
