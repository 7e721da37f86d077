import { isIP } from 'node:net';
import { z } from 'zod';

/** k3OS data sources (`k3os.data_sources`). */
export const K3OS_DATA_SOURCES = [
  'aws',
  'cdrom',
  'digitalocean',
  'gcp',
  'hetzner',
  'openstack',
  'packet',
  'scaleway',
  'vultr',
] as const;

const release = z
  .string()
  .regex(/^v0\.\d+\.\d+(-k3s\d+r\d+)?$/, { error: 'expected a k3OS release tag such as v0.22.2-k3s2r0' });

/** `spec.adapterOptions.k3os.iso`: the installer ISO kubenode build remasters. */
export const k3osIsoOptionsSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .optional()
      .describe('The k3OS ISO to remaster (download it from the rancher/k3os GitHub releases).'),
    install: z
      .strictObject({
        device: z
          .string()
          .regex(/^\/dev\/[A-Za-z0-9/_-]+$/, { error: 'expected a block device such as /dev/sda' }),
        silent: z.boolean().default(true),
        powerOff: z.boolean().default(false),
        noFormat: z.boolean().default(false),
        forceEfi: z.boolean().default(false),
        tty: z
          .string()
          .regex(/^[A-Za-z0-9]+$/)
          .optional(),
        debug: z.boolean().default(false),
      })
      .optional()
      .describe(
        'Unattended install: the ISO boots k3os.mode=install with these k3os.install.* kernel arguments.',
      ),
  })
  .describe('ISO remaster settings.');

/** `spec.adapterOptions.k3os`: k3OS-specific settings of a pool. */
export const k3osAdapterOptionsSchema = z
  .strictObject({
    release: release
      .optional()
      .describe('The k3OS release the pool runs; spec.image.version, else the last one (v0.22.2-k3s2r0).'),
    tokenFormat: z
      .enum(['agent-token', 'bootstrap-token'])
      .default('agent-token')
      .describe(
        'How spec.kubernetes.bootstrapToken becomes k3os.token: agent-token = K10<CA sha256>::node:<token> (the server runs with --agent-token <token>; every k3s), bootstrap-token = K10<CA sha256>::<token> (a token from `k3s token create`; k3s servers that support bootstrap tokens).',
      ),
    upgrade: z
      .enum(['kubenode', 'system-upgrade-controller'])
      .default('kubenode')
      .describe(
        'Who upgrades the node: kubenode (label k3os.io/upgrade=disabled, so the k3os-latest Plan never selects it) or the system-upgrade-controller (label k3os.io/upgrade=enabled).',
      ),
    dataSources: z
      .array(z.enum(K3OS_DATA_SOURCES))
      .default([])
      .describe('k3os.data_sources: where k3OS reads cloud metadata.'),
    dnsNameservers: z
      .array(z.string().refine((value) => isIP(value) !== 0, { error: 'expected an IP address' }))
      .default([])
      .describe('k3os.dns_nameservers: fallback DNS servers (connman).'),
    initCmd: z
      .array(z.string().min(1))
      .default([])
      .describe('init_cmd: commands k3OS runs in the initrd phase, each a shell command line.'),
    bootCmd: z
      .array(z.string().min(1))
      .default([])
      .describe("boot_cmd: commands k3OS runs at every boot, before k3s starts (after kubenode's own)."),
    runCmd: z
      .array(z.string().min(1))
      .default([])
      .describe('run_cmd: commands k3OS runs once the network is up.'),
    kubeletConfigPath: z
      .string()
      .regex(/^\/etc\/rancher\/[A-Za-z0-9/._-]+\.yaml$/, {
        error: 'expected a .yaml path under /etc/rancher',
      })
      .refine(
        (path) =>
          !path.split('/').some((segment) => segment === '..' || segment === '.') && !path.includes('//'),
        {
          error: 'expected a normalized path under /etc/rancher (no ".", ".." or "//")',
        },
      )
      .default('/etc/rancher/k3s/kubenode-kubelet.yaml')
      .describe(
        'Where the KubeletConfiguration for spec.kubernetes.kubelet is written (passed with --kubelet-arg=config=...).',
      ),
    iso: k3osIsoOptionsSchema.default({}),
  })
  .describe('k3OS options of a NodePool.');

/** Validated `spec.adapterOptions.k3os`. */
export type K3osAdapterOptions = z.output<typeof k3osAdapterOptionsSchema>;
