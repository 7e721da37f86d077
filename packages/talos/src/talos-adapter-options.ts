import { checkPemCertificates } from '@kubenode/core';
import { z } from 'zod';
import { TALOS_PLATFORM_NAMES } from './talos-platform.js';

function base64Bytes(value: string): number | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length;
}

const thirtyTwoBytes = (what: string) =>
  z.string().refine((value) => base64Bytes(value) === 32, {
    error: `expected ${what}: 32 random bytes in base64, as in talosctl's secrets.yaml (value not shown: it is a secret)`,
  });

/** A PEM certificate, or the base64 of one (the form `talosctl gen secrets` writes). */
const certificate = z.string().transform((value, ctx) => {
  const pem = value.trimStart().startsWith('-----BEGIN')
    ? value
    : Buffer.from(value, 'base64').toString('utf8');
  const problem = checkPemCertificates(pem, { single: true });
  if (problem) {
    ctx.addIssue({ code: 'custom', message: `the Talos API CA certificate: ${problem}` });
    return z.NEVER;
  }
  return pem.endsWith('\n') ? pem : `${pem}\n`;
});

/**
 * `spec.adapterOptions.talos`: what a Talos worker needs that a neutral NodePool does not carry.
 * `machine` and `cluster` come from the cluster's secrets bundle (`talosctl gen secrets`):
 * `trustdinfo.token`, `certs.os.crt`, `cluster.id`, `cluster.secret`.
 */
export const talosAdapterOptionsSchema = z.strictObject({
  machine: z
    .strictObject({
      token: z
        .string()
        .regex(/^[a-z0-9]{6}\.[a-z0-9]{16}$/, {
          error:
            'expected the Talos machine token ([a-z0-9]{6}.[a-z0-9]{16}, secrets.yaml trustdinfo.token; value not shown)',
        })
        .describe('machine.token: joins the node to the Talos PKI (trustd). A secret.'),
      ca: certificate.describe(
        'machine.ca.crt: the Talos API CA certificate (secrets.yaml certs.os.crt), PEM or base64 PEM.',
      ),
    })
    .describe('The Talos API PKI of the cluster.'),
  cluster: z
    .strictObject({
      id: thirtyTwoBytes('the cluster id').describe('cluster.id (secrets.yaml cluster.id).'),
      secret: thirtyTwoBytes('the cluster secret').describe(
        'cluster.secret (secrets.yaml cluster.secret). A secret.',
      ),
    })
    .describe('Cluster identity used by discovery and KubeSpan.'),
  platform: z
    .enum(TALOS_PLATFORM_NAMES, { error: `expected one of ${TALOS_PLATFORM_NAMES.join(', ')}` })
    .default('metal')
    .describe('The Talos platform: names the installer image and the disk image.'),
  installDisk: z
    .string()
    .regex(/^\/dev\/[A-Za-z0-9/_.:-]+$/, {
      error: 'expected a block device such as /dev/sda or /dev/nvme0n1',
    })
    .default('/dev/sda')
    .describe('machine.install.disk: the disk Talos installs to on first boot.'),
  systemExtensions: z
    .array(
      z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/, {
        error: 'expected an official system extension name such as siderolabs/iscsi-tools',
      }),
    )
    .default([])
    .describe('Official system extensions baked into the Image Factory schematic.'),
  secureBoot: z
    .boolean()
    .default(false)
    .describe('Include the well-known UEFI certificates in the schematic (SecureBoot assets).'),
  kubePrism: z
    .boolean()
    .default(true)
    .describe('machine.features.kubePrism: the in-node API server load balancer.'),
  discovery: z.boolean().default(true).describe('cluster.discovery.enabled.'),
});

/** `spec.adapterOptions.talos` as written. */
export type TalosAdapterOptionsInput = z.input<typeof talosAdapterOptionsSchema>;

/** `spec.adapterOptions.talos` with defaults applied. */
export type TalosAdapterOptions = z.output<typeof talosAdapterOptionsSchema>;
