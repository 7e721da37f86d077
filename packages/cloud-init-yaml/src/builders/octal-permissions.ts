/**
 * A file mode as the quoted octal string cloud-init's `permissions` expects: 0o644 → `'0644'`,
 * 0o4755 → `'4755'`.
 *
 * @throws {RangeError} for a mode outside 0..0o7777.
 */
export function octalPermissions(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new RangeError(`file mode must be an integer from 0 to 0o7777, got ${mode}`);
  }
  return mode.toString(8).padStart(4, '0');
}
