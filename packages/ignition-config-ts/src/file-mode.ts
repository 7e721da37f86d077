/**
 * Reads a permission mode written in octal (`'0644'`, `'644'`, `'0o644'`) into the decimal
 * integer Ignition expects (420).
 *
 * @throws {RangeError} for anything that is not an octal mode up to 07777.
 */
export function octalMode(text: string): number {
  const match = /^(?:0o|0)?([0-7]{1,4})$/.exec(text.trim());
  if (!match) throw new RangeError(`not an octal file mode: '${text}' (expected e.g. 0644)`);
  return Number.parseInt(match[1]!, 8);
}

/** Writes a decimal mode as four-digit octal text: 420 → `0644`. */
export function formatOctalMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/** The setuid, setgid and sticky bits. */
export const SPECIAL_MODE_BITS = 0o7000;
