import { z } from 'zod';

/** CPU architectures node images are published for. */
export const ARCHITECTURES = ['amd64', 'arm64'] as const;

/** Which image line of the distro the pool runs. */
export const imageRefSchema = z
  .strictObject({
    channel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, { error: 'expected a channel name such as stable' })
      .optional()
      .describe('Release channel or stream, e.g. stable, lts, bookworm, 1877.'),
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.+_-]*$/, { error: 'expected a version such as 4459.2.1' })
      .optional()
      .describe('Image version; the newest of the channel when omitted.'),
    arch: z.enum(ARCHITECTURES).default('amd64').describe('CPU architecture.'),
    variant: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a variant name such as aws-k8s-1.32' })
      .optional()
      .describe('Distro variant or flavour, e.g. a Bottlerocket variant or a Garden Linux flavour.'),
  })
  .describe('The image line the pool runs (see the catalog).');

/** A validated image reference. */
export type ImageRef = z.output<typeof imageRefSchema>;
/** A CPU architecture. */
export type Architecture = (typeof ARCHITECTURES)[number];
