import { z } from 'zod';

/** The node components an image may carry, each with where it comes from. */
export const KUBERNETES_COMPONENTS = [
  'kubelet',
  'kubeadm',
  'kubectl',
  'crictl',
  'containerd',
  'runc',
  'cni-plugins',
] as const;

/** One of {@link KUBERNETES_COMPONENTS}. */
export type KubernetesComponentName = (typeof KUBERNETES_COMPONENTS)[number];

const version = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.+~:_-]*$/, { error: 'expected a version such as 1.32.4 or 1.6.20~ds1-1' });

const httpsUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  },
  { error: 'expected an http(s) URL' },
);

/** Where a component comes from. */
export const componentSourceSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('distro'),
        package: z
          .string()
          .regex(/^[a-z0-9][a-z0-9+.-]+$/, { error: 'expected a package name' })
          .describe("The package in the base distro's own repository."),
      })
      .describe("The base distro's own package."),
    z
      .strictObject({
        kind: z.literal('apt-repository'),
        repository: httpsUrl.describe(
          'The repository URL, e.g. https://pkgs.k8s.io/core:/stable:/v1.32/deb/.',
        ),
        package: z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, { error: 'expected a package name' }),
      })
      .describe('A package from an extra apt repository.'),
    z
      .strictObject({
        kind: z.literal('url'),
        url: httpsUrl.describe('Where the binary or archive is downloaded from, e.g. dl.k8s.io.'),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, { error: 'expected a lower-case hex sha256' })
          .optional()
          .describe('Expected sha256 of the download (verified when given).'),
      })
      .describe('A download.'),
    z
      .strictObject({
        kind: z.literal('sysext'),
        image: z.string().min(1).describe('The system extension image name or URL that carries it.'),
      })
      .describe('A systemd-sysext image merged at boot.'),
    z
      .strictObject({ kind: z.literal('embedded') })
      .describe('Part of the OS itself (Talos, k3OS, Bottlerocket variants).'),
    z.strictObject({ kind: z.literal('none') }).describe('Deliberately not in the image.'),
  ])
  .describe('Where a node component comes from.');

/** A validated component source. */
export type ComponentSource = z.output<typeof componentSourceSchema>;

/** A node component of an image: name, version and source. */
export const kubernetesComponentSchema = z
  .strictObject({
    name: z.enum(KUBERNETES_COMPONENTS).describe('The component.'),
    version: version.optional().describe("The version; the source's current one when omitted."),
    source: componentSourceSchema,
  })
  .describe('A node component of the image and where it comes from.');

/** A validated component entry. */
export type KubernetesComponent = z.output<typeof kubernetesComponentSchema>;
