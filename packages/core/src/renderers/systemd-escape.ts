/**
 * Quotes a value for a systemd directive that takes quoted words (e.g. `Environment=`): wraps it
 * in double quotes, escapes `\` and `"`, and doubles `%` so systemd does not expand specifiers.
 *
 * @throws {RangeError} for values with newlines or control characters, which no quoting makes safe.
 */
export function systemdQuote(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new RangeError('a systemd value must not contain newlines or control characters');
  }
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

/** Escapes `%` in a free-form unit value (e.g. `Description=`) so it is taken literally. */
export function systemdEscapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}
