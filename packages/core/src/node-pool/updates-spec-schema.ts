import { z } from 'zod';

/** Days of the week as maintenance windows name them. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Parses a Go-style duration ("4h", "90m", "1h30m", "45s") into seconds; undefined if invalid. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!/^(\d+h)?(\d+m)?(\d+s)?$/.test(text) || text === '') return undefined;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A recurring maintenance window in which nodes may be disrupted. */
export const maintenanceWindowSchema = z
  .strictObject({
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default([...WEEKDAYS])
      .describe('Days the window opens on (Mon..Sun); every day when omitted.'),
    start: z
      .string()
      .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'expected a 24-hour time such as "02:00"' })
      .describe('Local start time, HH:MM.'),
    duration: z
      .string()
      .refine(
        (value) => {
          const seconds = parseDurationSeconds(value);
          return seconds !== undefined && seconds > 0 && seconds <= 7 * 24 * 3600;
        },
        { error: 'expected a duration such as "4h" or "1h30m" (at most 168h)' },
      )
      .describe('How long the window stays open, e.g. 4h.'),
    timeZone: z
      .string()
      .refine(isTimeZone, { error: 'expected an IANA time zone such as Europe/Amsterdam or UTC' })
      .default('UTC')
      .describe('IANA time zone of `start`.'),
  })
  .describe('A recurring maintenance window; a node is only disrupted when its whole update cycle fits.');

/** A count of nodes or a percentage of the pool. */
export const maxUnavailableSchema = z
  .union(
    [
      z.number().int({ error: 'expected an integer' }).min(1, { error: 'expected at least 1' }),
      z.string().regex(/^(100|[1-9][0-9]?)%$/, { error: 'expected a percentage from 1% to 100%' }),
    ],
    { error: 'expected a node count (integer ≥ 1) or a percentage such as "10%"' },
  )
  .describe(
    'Most nodes of the pool disrupted at once: a count or a percentage of the pool (rounded down, at least 1).',
  );

/** How nodes of the pool are updated. */
export const updatesSpecSchema = z
  .strictObject({
    strategy: z
      .enum(['in-place', 'replace'])
      .default('in-place')
      .describe("in-place: update each node's OS and reboot; replace: roll new nodes from a new image."),
    channel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/)
      .optional()
      .describe('Update channel, where the distro has them.'),
    window: maintenanceWindowSchema.optional(),
    maxUnavailable: maxUnavailableSchema.default(1),
  })
  .describe('Update policy of the pool.');

/** The validated `spec.updates` section. */
export type UpdatesSpec = z.output<typeof updatesSpecSchema>;
/** A validated maintenance window. */
export type MaintenanceWindow = z.output<typeof maintenanceWindowSchema>;
