import { describe, expect, it } from 'vitest';
import { createWindowSchedule } from './window-schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('maintenance window schedule', () => {
  it('opens on the listed days at the local start time, for the duration', () => {
    const schedule = createWindowSchedule({
      days: ['Mon', 'Wed'],
      start: '22:00',
      duration: '4h',
      timeZone: 'UTC',
    });
    expect(schedule.isOpen(at('2026-01-05T21:59:00Z'))).toBe(false); // Monday
    expect(schedule.isOpen(at('2026-01-05T22:00:00Z'))).toBe(true);
    expect(schedule.closesAt(at('2026-01-06T01:00:00Z'))).toBe(at('2026-01-06T02:00:00Z')); // across midnight
    expect(schedule.isOpen(at('2026-01-06T22:30:00Z'))).toBe(false); // Tuesday
    expect(schedule.nextOpen(at('2026-01-06T03:00:00Z'))).toBe(at('2026-01-07T22:00:00Z'));
  });

  it('fits a cycle only when it ends before the window closes', () => {
    const schedule = createWindowSchedule({ days: ['Mon'], start: '02:00', duration: '1h', timeZone: 'UTC' });
    expect(schedule.fits(at('2026-01-05T02:30:00Z'), 1800)).toBe(true);
    expect(schedule.fits(at('2026-01-05T02:30:01Z'), 1800)).toBe(false);
    expect(schedule.accumulate(at('2026-01-05T00:00:00Z'), 5400)).toBe(at('2026-01-12T02:30:00Z'));
  });

  it('follows daylight saving time in the window time zone', () => {
    const schedule = createWindowSchedule({
      days: ['Sat', 'Sun'],
      start: '02:30',
      duration: '1h',
      timeZone: 'Europe/Amsterdam',
    });
    // Winter: 02:30 CET = 01:30 UTC; after the switch on 2026-03-29 (no 02:30 that night) CEST applies.
    expect(schedule.nextOpen(at('2026-03-21T00:00:00Z'))).toBe(at('2026-03-21T01:30:00Z'));
    expect(schedule.nextOpen(at('2026-04-04T00:00:00Z'))).toBe(at('2026-04-04T00:30:00Z'));
  });
});
