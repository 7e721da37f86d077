import { parseDurationSeconds, WEEKDAYS, type MaintenanceWindow } from '@kubenode/core';

/** Open intervals of a recurring maintenance window, in absolute time. */
export interface WindowSchedule {
  /** The window as configured. */
  readonly window: MaintenanceWindow;
  /** Whether the window is open at `ms`. */
  isOpen(ms: number): boolean;
  /** When the interval open at `ms` closes (ms), or undefined when it is closed at `ms`. */
  closesAt(ms: number): number | undefined;
  /** The start of the next open interval at or after `ms` (`ms` itself when open). */
  nextOpen(ms: number): number;
  /** Whether a cycle of `seconds` starting at `ms` ends before the window closes. */
  fits(ms: number, seconds: number): boolean;
  /**
   * Wall-clock time (ms) at which `openSeconds` of window time have elapsed, counting from `ms`
   * and only whole intervals' open time.
   */
  accumulate(ms: number, openSeconds: number): number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function localParts(
  ms: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    y: parts.year ?? 1970,
    m: parts.month ?? 1,
    d: parts.day ?? 1,
    h: parts.hour ?? 0,
    mi: parts.minute ?? 0,
    s: parts.second ?? 0,
  };
}

function offsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

function zonedToUtc(y: number, m: number, d: number, h: number, mi: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, h, mi);
  let utc = guess - offsetMs(guess, timeZone);
  utc = guess - offsetMs(utc, timeZone);
  return utc;
}

/**
 * Builds the schedule of a maintenance window (`days`, `start` HH:MM, `duration`, IANA
 * `timeZone`), DST-aware: an interval starts at the local wall-clock time on each listed day.
 */
export function createWindowSchedule(window: MaintenanceWindow): WindowSchedule {
  const durationMs = (parseDurationSeconds(window.duration) ?? 0) * 1000;
  const [hh, mm] = window.start.split(':').map(Number) as [number, number];
  const days = new Set(window.days.map((day) => WEEKDAYS.indexOf(day)));
  const cache = new Map<number, [number, number] | null>();

  /** The interval starting on the local calendar day `dayIndex` (days since the epoch), if any. */
  function intervalOnDay(dayIndex: number): [number, number] | null {
    const cached = cache.get(dayIndex);
    if (cached !== undefined) return cached;
    const date = new Date(dayIndex * 86_400_000);
    // getUTCDay: 0 = Sunday; WEEKDAYS: 0 = Mon.
    const weekday = (date.getUTCDay() + 6) % 7;
    let interval: [number, number] | null = null;
    if (days.has(weekday)) {
      const start = zonedToUtc(
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
        hh,
        mm,
        window.timeZone,
      );
      interval = [start, start + durationMs];
    }
    cache.set(dayIndex, interval);
    return interval;
  }

  function localDayIndex(ms: number): number {
    const p = localParts(ms, window.timeZone);
    return Math.floor(Date.UTC(p.y, p.m - 1, p.d) / 86_400_000);
  }

  function closesAt(ms: number): number | undefined {
    const today = localDayIndex(ms);
    let best: number | undefined;
    // A window may last up to 7 days, so an interval from up to 8 local days ago can be open.
    for (let day = today - 8; day <= today; day++) {
      const interval = intervalOnDay(day);
      if (interval && interval[0] <= ms && ms < interval[1]) best = Math.max(best ?? 0, interval[1]);
    }
    return best;
  }

  function nextOpen(ms: number): number {
    if (closesAt(ms) !== undefined) return ms;
    const today = localDayIndex(ms);
    for (let day = today; day <= today + 14; day++) {
      const interval = intervalOnDay(day);
      if (interval && interval[0] >= ms) return interval[0];
    }
    return Number.POSITIVE_INFINITY;
  }

  return {
    window,
    isOpen: (ms) => closesAt(ms) !== undefined,
    closesAt,
    nextOpen,
    fits: (ms, seconds) => {
      const close = closesAt(ms);
      return close !== undefined && ms + seconds * 1000 <= close;
    },
    accumulate: (ms, openSeconds) => {
      let remaining = openSeconds * 1000;
      let at = ms;
      for (let guard = 0; guard < 100_000; guard++) {
        const open = nextOpen(at);
        if (!Number.isFinite(open)) return Number.POSITIVE_INFINITY;
        const close = closesAt(open) ?? open;
        const available = close - open;
        if (available >= remaining) return open + remaining;
        remaining -= available;
        at = close;
      }
      return Number.POSITIVE_INFINITY;
    },
  };
}
