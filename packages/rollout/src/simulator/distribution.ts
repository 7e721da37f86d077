import type { Random } from './random.js';

/** A duration distribution in seconds, as data. */
export type DurationDistribution =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | {
      readonly kind: 'lognormal';
      readonly median: number;
      readonly sigma: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: 'normal';
      readonly mean: number;
      readonly sd: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: 'mixture';
      readonly parts: readonly { readonly weight: number; readonly distribution: DurationDistribution }[];
    };

/** Draws one sample. */
export function sample(distribution: DurationDistribution, random: Random): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value;
    case 'uniform':
      return random.uniform(distribution.min, distribution.max);
    case 'lognormal':
      return clamp(
        random.lognormal(distribution.median, distribution.sigma),
        distribution.min,
        distribution.max,
      );
    case 'normal':
      return clamp(
        distribution.mean + distribution.sd * random.normal(),
        distribution.min ?? 0,
        distribution.max,
      );
    case 'mixture': {
      const part = random.weighted(distribution.parts.map((p) => [p.distribution, p.weight] as const));
      return sample(part, random);
    }
  }
}

/**
 * The distribution's mean (analytic; clamping is ignored for lognormals with a far cap and
 * accounted for by numeric integration otherwise).
 */
export function mean(distribution: DurationDistribution): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value;
    case 'uniform':
      return (distribution.min + distribution.max) / 2;
    case 'lognormal':
    case 'normal':
      if (distribution.min === undefined && distribution.max === undefined) {
        return distribution.kind === 'lognormal'
          ? distribution.median * Math.exp((distribution.sigma * distribution.sigma) / 2)
          : distribution.mean;
      }
      return integrateClamped(distribution);
    case 'mixture': {
      const total = distribution.parts.reduce((sum, part) => sum + part.weight, 0);
      return distribution.parts.reduce(
        (sum, part) => sum + (part.weight / total) * mean(part.distribution),
        0,
      );
    }
  }
}

/** The smallest value the distribution can produce. */
export function minimum(distribution: DurationDistribution): number {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.value;
    case 'uniform':
      return distribution.min;
    case 'lognormal':
      return distribution.min ?? 0;
    case 'normal':
      return distribution.min ?? 0;
    case 'mixture':
      return Math.min(...distribution.parts.map((part) => minimum(part.distribution)));
  }
}

function clamp(value: number, min: number | undefined, max: number | undefined): number {
  let out = value;
  if (min !== undefined && out < min) out = min;
  if (max !== undefined && out > max) out = max;
  return out;
}

/** Mean of a clamped normal or lognormal, by the midpoint rule over the standard normal. */
function integrateClamped(
  distribution: Extract<DurationDistribution, { kind: 'lognormal' | 'normal' }>,
): number {
  const steps = 4000;
  const span = 8;
  let total = 0;
  let weight = 0;
  for (let i = 0; i < steps; i++) {
    const z = -span + ((i + 0.5) * 2 * span) / steps;
    const density = Math.exp(-(z * z) / 2);
    const raw =
      distribution.kind === 'lognormal'
        ? distribution.median * Math.exp(distribution.sigma * z)
        : distribution.mean + distribution.sd * z;
    const lower = distribution.kind === 'normal' ? (distribution.min ?? 0) : distribution.min;
    total += clamp(raw, lower, distribution.max) * density;
    weight += density;
  }
  return total / weight;
}
