import { z } from 'zod';
import { gardenLinuxFlavorSchema } from './gardenlinux-flavor.js';
import { GARDENLINUX_MODES } from './gardenlinux-settings.js';

/** Where the builder installs kubelet, kubeadm and kubectl from (the Kubernetes project's apt repository). */
export const PKGS_K8S_IO = 'https://pkgs.k8s.io';

/** A Gardener worker pool name: a DNS label of at most 15 characters (Gardener's limit). */
export const GARDENER_WORKER_NAME = /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** `spec.adapterOptions.gardenlinux`: Garden Linux choices for one pool, read with `parseAdapterOptions`. */
export const gardenLinuxAdapterOptionsSchema = z
  .strictObject({
    mode: z
      .enum(GARDENLINUX_MODES)
      .optional()
      .describe("Overrides the adapter's mode for this pool: gardener or standalone."),
    flavor: gardenLinuxFlavorSchema
      .optional()
      .describe("Overrides the adapter's flavour for this pool, e.g. openstack-gardener_prod or metal_pxe."),
    nodeName: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'expected a lower-case node name' })
      .optional()
      .describe('Standalone: kubeadm nodeRegistration.name; the host name by default.'),
    gardener: z
      .strictObject({
        workerName: z
          .string()
          .regex(GARDENER_WORKER_NAME, {
            error: 'expected a DNS label of at most 15 characters (Gardener worker pool names)',
          })
          .optional()
          .describe('Shoot worker pool name; metadata.name when it fits Gardener’s 15-character limit.'),
        machineImageName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a CloudProfile machine image name' })
          .default('gardenlinux')
          .describe('The machine image name in the CloudProfile (gardenlinux by default).'),
      })
      .default({ machineImageName: 'gardenlinux' })
      .describe('Gardener mode only.'),
    build: z
      .strictObject({
        kubernetesRepository: z
          .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
          .default(PKGS_K8S_IO)
          .describe(
            'Standalone images: the apt repository root kubelet, kubeadm and kubectl come from (<url>/core:/stable:/v<minor>/deb/).',
          ),
        containerEngine: z
          .enum(['podman', 'docker'])
          .optional()
          .describe(
            "The builder's container engine for this pool; the adapter's setting (podman) by default.",
          ),
        extraFeatures: z
          .array(z.string().regex(/^_?[a-z][a-z0-9]*$/, { error: 'expected a feature name' }))
          .default([])
          .describe('Further Garden Linux features to build with (elements or _flags).'),
      })
      .default({ kubernetesRepository: PKGS_K8S_IO, extraFeatures: [] })
      .describe('Image build recipe (kubenode build).'),
  })
  .describe('Garden Linux adapter options.');

/** Validated Garden Linux adapter options. */
export type GardenLinuxAdapterOptions = z.output<typeof gardenLinuxAdapterOptionsSchema>;
