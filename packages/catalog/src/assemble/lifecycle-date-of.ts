import type { CatalogSource } from '../model/catalog-source.js';
import type {
  DatePrecision,
  LifecycleAuthority,
  LifecycleDate,
  LifecycleMilestone,
} from '../model/lifecycle-date.js';

/** Builds a {@link LifecycleDate}; `date` may be a date-time, only its day is kept. */
export function lifecycleDateOf(
  milestone: LifecycleMilestone,
  date: string,
  authority: LifecycleAuthority,
  source: CatalogSource,
  precision: DatePrecision = 'exact',
): LifecycleDate {
  return { milestone, date: date.slice(0, 10), precision, authority, source };
}
