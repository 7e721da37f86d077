/**
 * The subset of the Talos 1.13 machine configuration this adapter writes, as types: the
 * `v1alpha1` document and the typed documents that follow it. Field names and nesting follow
 * the upstream schema (`talos-v1.13-config.schema.json`), which validates the result.
 */

/** `machine.files[]`. */
export interface TalosMachineFile {
  readonly content: string;
  /** Mode as an integer (written in octal). */
  readonly permissions: number;
  readonly path: string;
  readonly op: 'create' | 'append' | 'overwrite';
}

/** A taint as the kubelet's `registerWithTaints` takes it. */
export interface TalosKubeletTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** The `v1alpha1` document of a worker. */
export interface TalosV1Alpha1Config {
  readonly version: 'v1alpha1';
  readonly debug: false;
  readonly machine: {
    readonly type: 'worker';
    readonly token: string;
    readonly ca: { readonly crt: string; readonly key: '' };
    readonly certSANs: readonly string[];
    readonly kubelet: {
      readonly image: string;
      readonly clusterDNS?: readonly string[];
      readonly extraConfig?: Readonly<Record<string, unknown>>;
      readonly defaultRuntimeSeccompProfileEnabled: true;
      readonly disableManifestsDirectory: true;
    };
    readonly install: {
      readonly disk: string;
      readonly image: string;
      readonly wipe: false;
      readonly grubUseUKICmdline: true;
    };
    readonly files?: readonly TalosMachineFile[];
    readonly sysctls?: Readonly<Record<string, string>>;
    readonly kernel?: { readonly modules: readonly { readonly name: string }[] };
    readonly nodeLabels?: Readonly<Record<string, string>>;
    readonly features: {
      readonly diskQuotaSupport: true;
      readonly kubePrism: { readonly enabled: boolean; readonly port: 7445 };
      readonly hostDNS: { readonly enabled: true; readonly forwardKubeDNSToHost: true };
    };
  };
  readonly cluster: {
    readonly id: string;
    readonly secret: string;
    readonly controlPlane: { readonly endpoint: string };
    readonly clusterName?: string;
    readonly network?: { readonly dnsDomain: string };
    readonly token: string;
    readonly ca: { readonly crt: string; readonly key: '' };
    readonly discovery: {
      readonly enabled: boolean;
      readonly registries: {
        readonly kubernetes: { readonly disabled: true };
        readonly service: Record<string, never>;
      };
    };
  };
}

/** `HostnameConfig`: a static host name, or `auto: stable` (derived from the machine's identity). */
export type TalosHostnameConfig = { readonly apiVersion: 'v1alpha1'; readonly kind: 'HostnameConfig' } & (
  { readonly hostname: string } | { readonly auto: 'stable' }
);

/** `TimeSyncConfig`: NTP servers. */
export interface TalosTimeSyncConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'TimeSyncConfig';
  readonly ntp: { readonly servers: readonly string[] };
}

/** `EnvironmentConfig`: environment of PID 1 and every service (proxy variables). */
export interface TalosEnvironmentConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'EnvironmentConfig';
  readonly variables: Readonly<Record<string, string>>;
}

/** `RegistryMirrorConfig`: the mirrors of one registry (`*` for every registry). */
export interface TalosRegistryMirrorConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'RegistryMirrorConfig';
  readonly name: string;
  readonly endpoints: readonly { readonly url: string; readonly overridePath?: true }[];
}

/** `TrustedRootsConfig`: extra trusted CA certificates (PEM). */
export interface TalosTrustedRootsConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'TrustedRootsConfig';
  readonly name: string;
  readonly certificates: string;
}

/** `VolumeConfig` of the EPHEMERAL volume (`/var`). */
export interface TalosVolumeConfig {
  readonly apiVersion: 'v1alpha1';
  readonly kind: 'VolumeConfig';
  readonly name: 'EPHEMERAL';
  readonly provisioning: { readonly grow: boolean };
}

/** Any document this adapter writes after the `v1alpha1` one. */
export type TalosConfigDocument =
  | TalosHostnameConfig
  | TalosTimeSyncConfig
  | TalosEnvironmentConfig
  | TalosRegistryMirrorConfig
  | TalosTrustedRootsConfig
  | TalosVolumeConfig;

/** A whole machine configuration: the `v1alpha1` document, then the typed documents in a fixed order. */
export interface TalosMachineConfiguration {
  readonly config: TalosV1Alpha1Config;
  readonly documents: readonly TalosConfigDocument[];
}
