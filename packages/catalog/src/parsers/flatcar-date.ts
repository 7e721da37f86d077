const FLATCAR_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})$/;

/**
 * Converts a Flatcar feed `release_date` (`2026-08-13 15:48:35 +0000`, not ISO 8601) to an ISO
 * 8601 date-time in UTC (`2026-08-13T15:48:35Z`). Returns undefined for anything else.
 */
export function parseFlatcarDate(value: string): string | undefined {
  const match = FLATCAR_DATE.exec(value);
  if (!match) return undefined;
  const [, day, time, sign, hours, minutes] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const instant = Date.parse(`${day}T${time}${sign}${hours}:${minutes}`);
  if (Number.isNaN(instant)) return undefined;
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}
