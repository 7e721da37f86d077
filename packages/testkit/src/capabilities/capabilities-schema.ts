import { NODE_POOL_FEATURES, type CapabilitiesV1, type NodePoolFeature } from '@kubenode/core';
import { z } from 'zod';

const words = z.string().trim().min(1, { error: 'expected a non-empty explanation' });

const supported = (level: 'native' | 'emulated') =>
  z.strictObject({ level: z.literal(level), how: words, restrictions: words.optional() });

/** One feature's declared support: native or emulated with where it lands, or unsupported with why and what instead. */
export const featureSupportSchema = z.union(
  [
    supported('native'),
    supported('emulated'),
    z.strictObject({ level: z.literal('unsupported'), reason: words, alternative: words }),
  ],
  {
    error:
      'expected { level: "native" | "emulated", how, restrictions? } or { level: "unsupported", reason, alternative }',
  },
);

/**
 * The zod schema of `CapabilitiesV1` the conformance suite checks an adapter's declaration
 * against: every NodePool feature declared (and nothing else), explanations non-empty, at least
 * one provisioning format and update strategy.
 */
export const capabilitiesSchema = z.strictObject({
  provisioningFormats: z.array(words).min(1, { error: 'expected at least one provisioning format' }),
  features: z.strictObject(
    Object.fromEntries(NODE_POOL_FEATURES.map((feature) => [feature, featureSupportSchema])) as Record<
      NodePoolFeature,
      typeof featureSupportSchema
    >,
  ),
  updateStrategies: z
    .array(z.enum(['in-place', 'replace']))
    .min(1, { error: 'expected at least one update strategy' })
    .refine((list) => new Set(list).size === list.length, { error: 'expected no duplicates' }),
  build: z.enum(['real', 'sysext', 'recipe']),
  kubernetesVersions: z
    .strictObject({
      min: z.string().regex(/^\d+\.\d+$/, { error: 'expected a Kubernetes minor such as 1.31' }),
      max: z.string().regex(/^\d+\.\d+$/, { error: 'expected a Kubernetes minor such as 1.36' }),
    })
    .refine(
      ({ min, max }) => {
        const [a = 0, b = 0] = min.split('.').map(Number);
        const [c = 0, d = 0] = max.split('.').map(Number);
        return a < c || (a === c && b <= d);
      },
      { error: 'expected min <= max' },
    )
    .optional(),
}) satisfies z.ZodType<CapabilitiesV1>;
