import type { Sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { LifecycleDate } from '../model/lifecycle-date.js';
import { daysUntil, toIsoDate } from '../util/iso-date.js';
import { chooseLifecycleDate } from './choose-lifecycle-date.js';

/**
 * Where an image line is in its life at a given moment:
 * `supported`; `ending-soon` (end of life within the warning window); `extended-support` (regular
 * support over, extended or paid support still running); `end-of-life`; `unknown` (no end date
 * and no status in the data).
 */
export type LifecycleState = 'supported' | 'ending-soon' | 'extended-support' | 'end-of-life' | 'unknown';

/** Options of {@link assessLifecycle}. */
export interface AssessLifecycleOptions {
  /** The moment to assess at. */
  readonly now: Date;
  /** Days before end of life that count as `ending-soon`. Default 90. */
  readonly warnWithinDays?: number;
}

/** The lifecycle state of a stream with the dates it rests on. */
export interface LifecycleAssessment {
  readonly state: LifecycleState;
  /** The end-of-life date the state rests on (see {@link chooseLifecycleDate}). */
  readonly endOfLife: LifecycleDate | undefined;
  /** The end of extended support, when known. */
  readonly endOfExtendedSupport: LifecycleDate | undefined;
  /** Days from `now` to the end of life; negative when it has passed. */
  readonly daysUntilEndOfLife: number | undefined;
  /** End-of-life dates from other sources that differ from the chosen one. */
  readonly disagreements: readonly LifecycleDate[];
  /** The explicit end-of-life status, when a source states one. */
  readonly endOfLifeStatus: Sourced<string> | undefined;
  /** One line for humans, always naming the date when there is one. */
  readonly summary: string;
}

/** Default warning window for `ending-soon`, in days. */
export const DEFAULT_WARN_WITHIN_DAYS = 90;

const AUTHORITY_TEXT: Readonly<Record<LifecycleDate['authority'], string>> = {
  feed: 'distro data',
  documentation: 'distro documentation',
  'endoflife.date': 'endoflife.date',
  observed: 'observed in release data',
  rule: 'support rule',
};

/** A date with its precision, e.g. `2026-06-30 (approximate)`. */
export function describeDate(date: LifecycleDate): string {
  const precision =
    date.precision === 'exact'
      ? ''
      : date.precision === 'at-the-latest'
        ? ' at the latest'
        : date.precision === 'projected'
          ? ' (projected date)'
          : ' (approximate)';
  return `${date.date}${precision}`;
}

/** Where a date comes from, for messages: `endoflife.date`, `support rule: ...`. */
export function describeDateOrigin(date: LifecycleDate): string {
  const note = date.source.note ? `: ${date.source.note}` : '';
  return `${AUTHORITY_TEXT[date.authority]}${note}`;
}

/**
 * Assesses a stream's lifecycle at `now` from its dates and status. Pure: the same stream and
 * moment always give the same result.
 */
export function assessLifecycle(stream: CatalogStream, options: AssessLifecycleOptions): LifecycleAssessment {
  const { dates, endOfLifeStatus } = stream.lifecycle;
  const window = options.warnWithinDays ?? DEFAULT_WARN_WITHIN_DAYS;
  const today = toIsoDate(options.now);
  const endOfLife = chooseLifecycleDate(dates, 'end-of-life', today);
  const endOfExtendedSupport = chooseLifecycleDate(dates, 'end-of-extended-support', today);
  const disagreements = endOfLife
    ? dates.filter(
        (date) => date.milestone === 'end-of-life' && date !== endOfLife && date.date !== endOfLife.date,
      )
    : [];
  const days = endOfLife ? daysUntil(endOfLife.date, options.now) : undefined;
  const base = { endOfLife, endOfExtendedSupport, daysUntilEndOfLife: days, disagreements, endOfLifeStatus };
  if (endOfLife && days !== undefined) {
    const when = describeDate(endOfLife);
    if (days <= 0 || endOfLifeStatus) {
      const extendedDays = endOfExtendedSupport
        ? daysUntil(endOfExtendedSupport.date, options.now)
        : undefined;
      if (!endOfLifeStatus && endOfExtendedSupport && extendedDays !== undefined && extendedDays > 0)
        return {
          ...base,
          state: 'extended-support',
          summary: `regular support ended ${when}; extended support until ${describeDate(endOfExtendedSupport)}`,
        };
      const status = endOfLifeStatus ? `${endOfLifeStatus.value}; ` : '';
      return {
        ...base,
        state: 'end-of-life',
        summary:
          days <= 0 ? `${status}end of life since ${when}` : `${status}end of life (date given: ${when})`,
      };
    }
    if (days <= window)
      return {
        ...base,
        state: 'ending-soon',
        summary: `end of life on ${when}, in ${days} day${days === 1 ? '' : 's'}`,
      };
    return { ...base, state: 'supported', summary: `supported until ${when}` };
  }
  if (endOfLifeStatus)
    return {
      ...base,
      state: 'end-of-life',
      summary: `${endOfLifeStatus.value}; no end-of-life date in the data`,
    };
  if (stream.kind === 'channel')
    return {
      ...base,
      state: 'supported',
      summary: 'supported: a moving channel, always on its newest release',
    };
  if (stream.kind === 'channel-major')
    return {
      ...base,
      state: 'supported',
      summary: 'supported: the channel\u2019s current major (ends when the next major ships)',
    };
  return { ...base, state: 'unknown', summary: 'lifecycle unknown: no end-of-life date in the data' };
}
