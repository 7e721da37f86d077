/** How a platform measures user data against its limit. */
export type UserDataMeasure =
  /** The decoded bytes (the API takes base64, the limit applies before encoding). */
  | 'raw'
  /** The base64 text the API receives. */
  | 'base64'
  /** The value as stored: text as it is, binary (gzip) only as base64. */
  | 'text-or-base64';

/** A platform's user-data size limit. */
export interface UserDataLimit {
  /** Platform id, as in `RenderContextV1.platform`: `aws`, `azure`, `gcp`, `openstack`. */
  readonly platform: string;
  /** The limit in bytes. */
  readonly limitBytes: number;
  /** What is measured. */
  readonly measure: UserDataMeasure;
  /** Where the figure comes from. */
  readonly source: string;
}

/** User-data limits of the platforms cloud-init nodes usually run on. */
export const USER_DATA_LIMITS = {
  aws: {
    platform: 'aws',
    limitBytes: 16_384,
    measure: 'raw',
    source: 'EC2 user guide: user data is limited to 16 KB in raw form, before base64 encoding',
  },
  azure: {
    platform: 'azure',
    limitBytes: 65_535,
    measure: 'raw',
    source:
      'Azure VirtualMachineOSProfile.customData: at most 65535 bytes of binary data (sent base64-encoded)',
  },
  openstack: {
    platform: 'openstack',
    limitBytes: 65_535,
    measure: 'base64',
    source: 'Nova API schema: user_data is a base64 string of at most 65535 characters',
  },
  gcp: {
    platform: 'gcp',
    limitBytes: 262_144,
    measure: 'text-or-base64',
    source: 'Compute Engine: a metadata value is at most 256 KiB; gzip needs user-data-encoding: base64',
  },
} as const satisfies Record<string, UserDataLimit>;

/** The platforms with a known limit. */
export type UserDataPlatform = keyof typeof USER_DATA_LIMITS;

/** The limit of a platform, or undefined for platforms without a documented limit (metal, vmware). */
export function userDataLimit(platform: string): UserDataLimit | undefined {
  return Object.hasOwn(USER_DATA_LIMITS, platform)
    ? USER_DATA_LIMITS[platform as UserDataPlatform]
    : undefined;
}
