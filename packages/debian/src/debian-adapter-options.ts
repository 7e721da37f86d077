import { cloudInitNodeOptionsShape, nodeBootLoaderSchema } from '@kubenode/core';
import { z } from 'zod';

/** `spec.adapterOptions.debian`: Debian-specific choices, read with `parseAdapterOptions`. */
export const debianAdapterOptionsSchema = z
  .strictObject({
    ...cloudInitNodeOptionsShape,
    bootLoader: nodeBootLoaderSchema,
  })
  .describe('Debian adapter options.');

/** Validated Debian adapter options. */
export type DebianAdapterOptions = z.output<typeof debianAdapterOptionsSchema>;
