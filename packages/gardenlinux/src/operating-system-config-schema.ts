import { SYSTEMD_UNIT_NAME } from '@kubenode/core';
import { z } from 'zod';

/** The API group/version of Gardener's extension resources. */
export const EXTENSIONS_API_VERSION = 'extensions.gardener.cloud/v1alpha1';

/** A drop-in of an OperatingSystemConfig unit (`DropIn`). */
export const oscDropInSchema = z.strictObject({
  name: z.string().regex(/^[^/\0]+\.conf$/, { error: 'expected a drop-in file name ending in .conf' }),
  content: z.string(),
});

/** An OperatingSystemConfig unit (`Unit`: name, command, enable, content, dropIns, filePaths). */
export const oscUnitSchema = z.strictObject({
  name: z.string().regex(SYSTEMD_UNIT_NAME, { error: 'expected a systemd unit name such as foo.service' }),
  command: z.enum(['start', 'restart', 'stop']).optional(),
  enable: z.boolean().optional(),
  content: z.string().optional(),
  dropIns: z.array(oscDropInSchema).optional(),
  filePaths: z.array(z.string().startsWith('/')).optional(),
});

/** An OperatingSystemConfig file's content: inline data, a secret reference or a file in an image. */
export const oscFileContentSchema = z
  .strictObject({
    inline: z
      .strictObject({
        encoding: z.enum(['', 'b64'], { error: "expected encoding '' (plain) or 'b64'" }),
        data: z.string(),
      })
      .optional(),
    secretRef: z.strictObject({ name: z.string().min(1), dataKey: z.string().min(1) }).optional(),
    transmitUnencoded: z.boolean().optional(),
    imageRef: z.strictObject({ image: z.string().min(1), filePathInImage: z.string().min(1) }).optional(),
  })
  .refine(
    (content) =>
      [content.inline, content.secretRef, content.imageRef].filter((source) => source !== undefined)
        .length === 1,
    { error: 'expected exactly one of inline, secretRef, imageRef' },
  );

/** An OperatingSystemConfig file (`File`: path, permissions, content). */
export const oscFileSchema = z.strictObject({
  path: z
    .string()
    .regex(/^\/[^\0]*$/, { error: 'expected an absolute path' })
    .refine((path) => !path.split('/').includes('..'), { error: 'expected a path without ..' }),
  permissions: z.number().int().min(0).max(0o7777).optional(),
  content: oscFileContentSchema,
});

/**
 * An `OperatingSystemConfig` (extensions.gardener.cloud/v1alpha1) as kubenode writes it: the
 * fields of `types_operatingsystemconfig.go`'s spec that carry files and units, strict (an
 * unknown key is an error). Gardener's own fields (criConfig, inPlaceUpdates, providerConfig)
 * are accepted in their documented shape.
 */
export const operatingSystemConfigSchema = z.strictObject({
  apiVersion: z.literal(EXTENSIONS_API_VERSION),
  kind: z.literal('OperatingSystemConfig'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    type: z.string().min(1),
    purpose: z.enum(['provision', 'reconcile']),
    class: z.string().optional(),
    providerConfig: z.record(z.string(), z.unknown()).optional(),
    criConfig: z
      .strictObject({
        name: z.literal('containerd'),
        cgroupDriver: z.enum(['cgroupfs', 'systemd']).optional(),
        containerd: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    units: z.array(oscUnitSchema).optional(),
    files: z.array(oscFileSchema).optional(),
    inPlaceUpdates: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** An OperatingSystemConfig as kubenode writes it. */
export type OperatingSystemConfig = z.output<typeof operatingSystemConfigSchema>;
/** One OperatingSystemConfig file. */
export type OscFile = z.output<typeof oscFileSchema>;
/** One OperatingSystemConfig unit. */
export type OscUnit = z.output<typeof oscUnitSchema>;
