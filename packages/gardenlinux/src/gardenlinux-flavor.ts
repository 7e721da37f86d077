import { z } from 'zod';

/**
 * Garden Linux platform features (exactly one per image, gardenlinux/builder docs "Supported
 * Platforms"), with the agent that reads user data at first boot on each:
 * - `cloud-init`: the platform feature installs cloud-init (aws, azure, openstack, vmware
 *   `pkg.include`; `openstackbaremetal` builds on openstack);
 * - `ignition`: Ignition in the initrd (kvm: `ignition.platform.id=qemu` on the kernel command
 *   line and the `30ignition-extra` dracut module; any flavour with the `_ignite` flag, which
 *   `_pxe` and `_bfpxe` include);
 * - `none`: no agent kubenode can target (gcp ships google-guest-agent, not cloud-init; ali,
 *   gdch and plain metal are not documented).
 */
export const GARDENLINUX_PLATFORMS = {
  aws: 'cloud-init',
  azure: 'cloud-init',
  openstack: 'cloud-init',
  openstackbaremetal: 'cloud-init',
  vmware: 'cloud-init',
  kvm: 'ignition',
  metal: 'none',
  gcp: 'none',
  ali: 'none',
  gdch: 'none',
} as const;

/** A Garden Linux platform feature. */
export type GardenLinuxPlatform = keyof typeof GARDENLINUX_PLATFORMS;

/** Flags that pull in Ignition (`_pxe` and `_bfpxe` include `_ignite`). */
const IGNITION_FLAGS = new Set(['_ignite', '_pxe', '_bfpxe']);

const PLATFORM_NAMES = Object.keys(GARDENLINUX_PLATFORMS) as GardenLinuxPlatform[];

/** A feature name as gardenlinux/builder accepts it in a flavour string. */
const FEATURE = /^_?[a-z][a-z0-9]*$/;

/**
 * A flavour ("cname" without the architecture): `<platform>[-<element>...][<_flag>...]`, as
 * gardenlinux/builder spells it, e.g. `aws-gardener_prod`, `kvm-gardener_prod_usi`, `metal_pxe`.
 */
export const gardenLinuxFlavorSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*(_[a-z][a-z0-9]*)*$/, {
    error: 'expected a Garden Linux flavour such as aws-gardener_prod or metal_pxe (no architecture)',
  })
  .refine((value) => (PLATFORM_NAMES as string[]).includes(value.split(/[-_]/)[0]!), {
    error: `expected a flavour that starts with a platform: ${PLATFORM_NAMES.join(', ')}`,
  })
  .describe(
    'Garden Linux flavour without the architecture: <platform>[-<element>...][_<flag>...], e.g. aws-gardener_prod.',
  );

/** A parsed flavour and what it implies for provisioning, packages and updates. */
export interface GardenLinuxFlavor {
  /** The flavour string, e.g. `aws-gardener_prod_usi`. */
  readonly name: string;
  /** The platform feature. */
  readonly platform: GardenLinuxPlatform;
  /** Element features, in the order written (`gardener`, `capi`, ...). */
  readonly elements: readonly string[];
  /** Flag features with their underscore, in the order written (`_prod`, `_usi`, ...). */
  readonly flags: readonly string[];
  /** The first-boot agent: cloud-init, Ignition, or none kubenode can target. */
  readonly agent: 'cloud-init' | 'ignition' | 'none';
  /** `_prod` includes `_nopkg`, which removes dpkg and apt from the image. */
  readonly packageManager: 'apt' | null;
  /** `_usi`: a Unified System Image (UKI + EROFS root on the ESP), updated in place by gardenlinux-update. */
  readonly usi: boolean;
  /** The `gardener` element: containerd installed but disabled, sshd not started, /usr read-only. */
  readonly gardener: boolean;
  /** `capi` replaces Ignition with ignition-legacy, which reads only Ignition spec 2.x. */
  readonly ignitionLegacy: boolean;
}

/** Parses a flavour string (already validated by {@link gardenLinuxFlavorSchema}). */
export function parseGardenLinuxFlavor(name: string): GardenLinuxFlavor {
  const parsed = gardenLinuxFlavorSchema.parse(name);
  const [head, ...flagParts] = parsed.split('_');
  const [platform, ...elements] = head!.split('-') as [GardenLinuxPlatform, ...string[]];
  const flags = flagParts.map((flag) => `_${flag}`);
  for (const feature of [...elements, ...flags]) {
    if (!FEATURE.test(feature)) throw new TypeError(`invalid feature ${feature} in flavour ${parsed}`);
  }
  const flagSet = new Set(flags);
  const ignitionLegacy = elements.includes('capi');
  const ignition = [...flagSet].some((flag) => IGNITION_FLAGS.has(flag)) || ignitionLegacy;
  const agent = ignition ? 'ignition' : GARDENLINUX_PLATFORMS[platform];
  return {
    name: parsed,
    platform,
    elements,
    flags,
    agent,
    packageManager: flagSet.has('_prod') || flagSet.has('_nopkg') ? null : 'apt',
    usi: flagSet.has('_usi'),
    gardener: elements.includes('gardener'),
    ignitionLegacy,
  };
}

/**
 * The flavour string with extra element features and flags merged in, in gardenlinux/builder's
 * spelling: `<platform>-<elements>` then the flags (`aws-gardener-kubenode_prod`).
 */
export function flavorWith(
  flavor: GardenLinuxFlavor,
  extra: { elements?: readonly string[]; flags?: readonly string[] },
): string {
  const elements = [...flavor.elements];
  for (const element of extra.elements ?? []) if (!elements.includes(element)) elements.push(element);
  const flags = [...flavor.flags];
  for (const flag of extra.flags ?? []) if (!flags.includes(flag)) flags.push(flag);
  return `${[flavor.platform, ...elements].join('-')}${flags.join('')}`;
}
