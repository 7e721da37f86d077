/** RFC 3339 with second precision (metav1.Time), e.g. `2026-01-05T02:00:00Z`. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  lastSecond = second;
  lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  return lastText;
}

let lastSecond = Number.NaN;
let lastText = '';

/** RFC 3339 with microseconds (metav1.MicroTime), e.g. `2026-01-05T02:00:00.123000Z`. */
export function microTime(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}000Z`;
}

/** Parses an RFC 3339 time into milliseconds; undefined when absent or malformed. */
export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
