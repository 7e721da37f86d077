import { z } from 'zod';
import { ARCHITECTURES } from '../node-pool/image-ref-schema.js';
import { ADAPTER_ID } from '../node-pool/node-pool-schema.js';
import { osFileSchema, osSpecSchema, osUnitSchema } from '../node-pool/os-spec-schema.js';
import { kubernetesComponentSchema } from './kubernetes-component-schema.js';

/** The apiVersion of ImageSpec documents. */
export const IMAGE_SPEC_API_VERSION = 'kubenode.dev/v1alpha1';

/**
 * Output formats an image build can produce. Each builder says which it supports: `raw` (a
 * bootable GPT disk), `qcow2` (the same, compressed), `vmdk`, `vhd`, `squashfs` / `erofs` (the
 * root filesystem as an image), `tar` (the root filesystem as an archive), `iso`, `sysext`
 * (system extension images), `recipe` (the files of the distro's own builder).
 */
export const IMAGE_OUTPUT_FORMATS = [
  'raw',
  'qcow2',
  'vmdk',
  'vhd',
  'squashfs',
  'erofs',
  'tar',
  'iso',
  'sysext',
  'recipe',
] as const;

/** One of {@link IMAGE_OUTPUT_FORMATS}. */
export type ImageOutputFormat = (typeof IMAGE_OUTPUT_FORMATS)[number];

const name = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

const sortedUnique = <T extends string>(values: readonly T[]): T[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function byKey<T>(key: (item: T) => string) {
  return (items: readonly T[]): T[] =>
    [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(key(item));
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `duplicate ${what} '${key(item)}' (also at index ${first})`,
        });
      } else seen.set(key(item), index);
    });
  };
}

/** A system extension the image carries. */
export const imageExtensionSchema = z
  .strictObject({
    name: z.string().regex(name, { error: 'expected an extension name such as containerd' }),
    version: z.string().regex(name, { error: 'expected a version such as 1.7.22' }),
    source: z.string().min(1).describe('Where the .raw image comes from: a URL or a path.'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: 'expected a lower-case hex sha256' })
      .optional()
      .describe('Expected sha256 of the image.'),
  })
  .describe('A systemd-sysext image installed into the image.');

/** The OS the image is built from. */
export const imageBaseSchema = z
  .strictObject({
    distro: z.string().regex(ADAPTER_ID, { error: 'expected an adapter id such as debian' }),
    release: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.+_-]*$/, { error: 'expected a release such as bookworm or 4459.2.1' })
      .describe('Release, codename or version of the base OS.'),
    arch: z.enum(ARCHITECTURES).default('amd64'),
    variant: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a variant name' })
      .optional()
      .describe('Distro variant or flavour.'),
    snapshot: z
      .string()
      .regex(/^\d{8}T\d{6}Z$/, { error: 'expected a snapshot timestamp such as 20250501T000000Z' })
      .optional()
      .describe(
        'Archive snapshot the packages are taken from (snapshot.debian.org style), for reproducible package sets.',
      ),
  })
  .describe('The base OS of the image.');

/**
 * A declarative description of a node image: base OS, what is added to it and what is produced.
 * Lists whose order carries no meaning (packages, modules, files, units, components, outputs)
 * are sorted when parsed, so two specs that say the same thing serialise identically and get the
 * same {@link imageSpecId}. Kernel arguments keep their order (it can matter).
 */
export const imageSpecSchema = z
  .strictObject({
    apiVersion: z.literal(IMAGE_SPEC_API_VERSION, { error: `expected apiVersion ${IMAGE_SPEC_API_VERSION}` }),
    kind: z.literal('ImageSpec', { error: 'expected kind ImageSpec' }),
    base: imageBaseSchema,
    packages: z
      .array(osSpecSchema.shape.packages.unwrap().element)
      .default([])
      .transform(sortedUnique)
      .describe('Extra OS packages installed at build time.'),
    extensions: z
      .array(imageExtensionSchema)
      .default([])
      .superRefine(uniqueBy((extension) => extension.name, 'extension'))
      .transform(byKey((extension) => extension.name))
      .describe('System extensions installed into the image.'),
    files: z
      .array(osFileSchema)
      .default([])
      .superRefine(uniqueBy((file) => file.path, 'file path'))
      .transform(byKey((file) => file.path))
      .describe('Files baked into the image.'),
    units: z
      .array(osUnitSchema)
      .default([])
      .superRefine(uniqueBy((unit) => unit.name, 'unit'))
      .transform(byKey((unit) => unit.name))
      .describe('systemd units baked into the image.'),
    sysctls: osSpecSchema.shape.sysctls.describe('Kernel parameters baked into /etc/sysctl.d.'),
    modules: z
      .array(osSpecSchema.shape.kernelModules.unwrap().element)
      .default([])
      .transform(sortedUnique)
      .describe('Kernel modules loaded at boot.'),
    kernelArgs: osSpecSchema.shape.kernelArgs.describe('Kernel command-line arguments, in order.'),
    kubernetes: z
      .strictObject({
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, { error: 'expected a Kubernetes version such as 1.32.4' })
          .nullable()
          .default(null)
          .describe('The Kubernetes version the image is for; null for none.'),
        components: z
          .array(kubernetesComponentSchema)
          .default([])
          .superRefine(uniqueBy((component) => component.name, 'component'))
          .transform(byKey((component) => component.name))
          .describe('Node components and where each comes from.'),
      })
      .default({ version: null, components: [] })
      .describe('Kubernetes node components.'),
    rootDisk: z
      .strictObject({ grow: z.boolean().default(true).describe('Grow the root partition at first boot.') })
      .default({ grow: true }),
    outputs: z
      .array(z.enum(IMAGE_OUTPUT_FORMATS))
      .min(1, { error: 'expected at least one output format' })
      .default(['raw', 'qcow2'])
      .transform(sortedUnique)
      .describe('Formats to produce.'),
  })
  .describe('A declarative, content-addressed description of a node image.');

/** A validated ImageSpec, with defaults applied and order-free lists sorted. */
export type ImageSpec = z.output<typeof imageSpecSchema>;
/** An ImageSpec as written (defaults may be omitted, lists in any order). */
export type ImageSpecInput = z.input<typeof imageSpecSchema>;
/** A validated system extension entry. */
export type ImageExtension = z.output<typeof imageExtensionSchema>;
/** The validated base OS. */
export type ImageBase = z.output<typeof imageBaseSchema>;
