import type { CatalogSource } from './catalog-source.js';

/**
 * The points in an image line's life the catalog records:
 * - `released`: first release of the line;
 * - `end-of-active-support`: after this only security or critical fixes (endoflife.date `eoas`,
 *   Garden Linux `extended`, the end of Kubernetes standard patch releases);
 * - `end-of-life`: the end of free, regular (security) updates: what "EOL" means in warnings;
 * - `end-of-extended-support`: the end of extended or paid support (Ubuntu ESM, Debian LTS, EKS
 *   extended support);
 * - `end-of-commercial-support`: the end of a further commercial extension (Debian ELTS, Ubuntu Legacy);
 * - `last-release`: the newest release seen for the line (an observation, not a promise).
 */
export const LIFECYCLE_MILESTONES = [
  'released',
  'end-of-active-support',
  'end-of-life',
  'end-of-extended-support',
  'end-of-commercial-support',
  'last-release',
] as const;

/** One of {@link LIFECYCLE_MILESTONES}. */
export type LifecycleMilestone = (typeof LIFECYCLE_MILESTONES)[number];

/**
 * Who says so, highest precedence first: the distro's own feed or data, its documentation, the
 * endoflife.date project, an observation from release data, a published rule applied to the data.
 */
export const LIFECYCLE_AUTHORITIES = ['feed', 'documentation', 'endoflife.date', 'observed', 'rule'] as const;

/** One of {@link LIFECYCLE_AUTHORITIES}. */
export type LifecycleAuthority = (typeof LIFECYCLE_AUTHORITIES)[number];

/**
 * How exact a date is: `exact`; `at-the-latest` (derived from incomplete data, the real date is
 * this or earlier); `approximate` (the source gives a period such as "mid-2026"); `projected`
 * (announced ahead, e.g. Talos "(2025-12-15, TBD)").
 */
export type DatePrecision = 'exact' | 'at-the-latest' | 'approximate' | 'projected';

/** One dated milestone of an image line, from one source. Disagreeing sources give several. */
export interface LifecycleDate {
  readonly milestone: LifecycleMilestone;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly precision: DatePrecision;
  readonly authority: LifecycleAuthority;
  readonly source: CatalogSource;
}
