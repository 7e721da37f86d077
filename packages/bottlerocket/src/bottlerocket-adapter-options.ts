import { z } from 'zod';
import { U32_MAX } from './settings-model/setting-type.js';

const httpsUrl = z.string().regex(/^https?:\/\/[^\s"'\\]+$/, { error: 'expected an http(s) URL' });

/** `spec.adapterOptions.bottlerocket.build`: the Twoliter project the builder writes. */
export const bottlerocketBuildOptionsSchema = z
  .strictObject({
    variantName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
        error: 'expected a lower-case variant name such as kubenode-workers',
      })
      .optional()
      .describe('Name of the custom variant; kubenode-<pool name> when omitted.'),
    releaseVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/, { error: 'expected a version such as 1.0.0' })
      .default('1.0.0')
      .describe('The project release version (Twoliter.toml release-version).'),
    sdk: z
      .strictObject({
        name: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/)
          .default('bottlerocket-sdk'),
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/)
          .default('0.47.0'),
        vendor: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/)
          .default('bottlerocket'),
      })
      .default({ name: 'bottlerocket-sdk', version: '0.47.0', vendor: 'bottlerocket' })
      .describe('The Bottlerocket SDK container the build runs in.'),
    kits: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
          version: z.string().regex(/^\d+\.\d+\.\d+$/),
          vendor: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        }),
      )
      .min(1)
      .default([{ name: 'bottlerocket-core-kit', version: '3.3.2', vendor: 'bottlerocket' }])
      .describe(
        'Kits (OCI images of RPMs) the variant draws packages from; pin them, then run `twoliter update`.',
      ),
    vendors: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        z.string().regex(/^[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._-]+)*$/),
      )
      .default({ bottlerocket: 'public.ecr.aws/bottlerocket' })
      .describe('Kit and SDK vendors: name → OCI registry.'),
    basePackages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9.+_-]*$/))
      .optional()
      .describe(
        'Packages of the variant before spec.os.packages; a Kubernetes node set for the pool version when omitted.',
      ),
    imageFormat: z
      .enum(['raw', 'qcow2', 'vmdk'])
      .optional()
      .describe('Disk image format; vmdk for vmware, raw otherwise.'),
  })
  .describe('The Twoliter variant project kubenode build writes.');

/** `spec.adapterOptions.bottlerocket`: Bottlerocket-specific settings of a pool. */
export const bottlerocketAdapterOptionsSchema = z
  .strictObject({
    variant: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a variant name such as aws-k8s-1.32' })
      .optional()
      .describe(
        'The variant (aws-k8s-1.32, metal-k8s-1.32, vmware-k8s-1.32, ...); same as spec.image.variant.',
      ),
    authenticationMode: z
      .enum(['aws', 'tls'])
      .optional()
      .describe(
        'How the kubelet authenticates: aws (IAM, the default on aws variants) or tls (bootstrap token; the only mode elsewhere).',
      ),
    updates: z
      .strictObject({
        ignoreWaves: z
          .boolean()
          .default(true)
          .describe(
            'Ignore Bottlerocket update waves so the rollout decides when each node updates (default true).',
          ),
        seed: z.number().int().min(0).max(U32_MAX).optional().describe('Wave seed (random when omitted).'),
        metadataBaseUrl: httpsUrl
          .optional()
          .describe('TUF metadata URL of a private or mirrored update repository.'),
        targetsBaseUrl: httpsUrl
          .optional()
          .describe('TUF targets URL of a private or mirrored update repository.'),
      })
      .default({ ignoreWaves: true })
      .describe('settings.updates.'),
    settings: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        'Extra Bottlerocket settings (the contents of [settings]), e.g. bootstrap-containers, host-containers, kernel.lockdown. Checked against the settings model; may not set a key kubenode renders.',
      ),
    build: bottlerocketBuildOptionsSchema.default(() => bottlerocketBuildOptionsSchema.parse({})),
  })
  .describe('Bottlerocket options of a NodePool.');

/** Validated `spec.adapterOptions.bottlerocket`. */
export type BottlerocketAdapterOptions = z.output<typeof bottlerocketAdapterOptionsSchema>;
/** Validated `spec.adapterOptions.bottlerocket.build`. */
export type BottlerocketBuildOptions = z.output<typeof bottlerocketBuildOptionsSchema>;
