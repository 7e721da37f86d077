import {
  LIFECYCLE_AUTHORITIES,
  type LifecycleDate,
  type LifecycleMilestone,
} from '../model/lifecycle-date.js';

const PRECISION_ORDER = ['exact', 'projected', 'approximate', 'at-the-latest'] as const;

/** The last day of an `asOf` period: `2023` → `2023-12-31`, `2025-09` → `2025-09-31`. */
function periodEnd(asOf: string): string {
  if (/^\d{4}$/.test(asOf)) return `${asOf}-12-31`;
  if (/^\d{4}-\d{2}$/.test(asOf)) return `${asOf}-31`;
  return asOf.slice(0, 10);
}

/**
 * Whether a date was still in the future when its source was written but has passed by `today`:
 * a projection the source never confirmed (a stale distro-info row, an old announcement). A source
 * dated only by year or month counts as written at the end of that period.
 */
export function isUnconfirmedProjection(date: LifecycleDate, today: string): boolean {
  const asOf = date.source.asOf;
  return asOf !== undefined && date.date > periodEnd(asOf) && date.date <= today;
}

/**
 * Picks the date a milestone is reported with: dates their source knew as facts before
 * projections that have since passed unconfirmed; then highest authority (the distro's own data,
 * its documentation, endoflife.date, an observation from release data, a published rule); then
 * the most precise; then the earliest. The others stay available as disagreements.
 *
 * @param today `YYYY-MM-DD`; without it, no date counts as an unconfirmed projection.
 */
export function chooseLifecycleDate(
  dates: readonly LifecycleDate[],
  milestone: LifecycleMilestone,
  today?: string,
): LifecycleDate | undefined {
  const stale = (date: LifecycleDate) =>
    today !== undefined && isUnconfirmedProjection(date, today) ? 1 : 0;
  return dates
    .filter((date) => date.milestone === milestone)
    .sort(
      (a, b) =>
        stale(a) - stale(b) ||
        LIFECYCLE_AUTHORITIES.indexOf(a.authority) - LIFECYCLE_AUTHORITIES.indexOf(b.authority) ||
        PRECISION_ORDER.indexOf(a.precision) - PRECISION_ORDER.indexOf(b.precision) ||
        a.date.localeCompare(b.date),
    )[0];
}
