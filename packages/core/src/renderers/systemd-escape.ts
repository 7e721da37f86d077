// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** Control characters, and the characters {@link systemdQuote} escapes. */
// eslint-disable-next-line no-control-regex
const SYSTEMD_QUOTE_SPECIAL = /[\u0000-\u001f\u007f\\"%]/;

/**
 * Quotes a value for a systemd directive that takes quoted words (e.g. `Environment=`): wraps it
 * in double quotes, escapes `\` and `"`, and doubles `%` so systemd does not expand specifiers.
 *
 * @throws {RangeError} for values with newlines or control characters, which no quoting makes safe.
 */
export function systemdQuote(value: string): string {
  // Most values (URLs, host lists) hold nothing to escape or refuse: one scan decides that.
  if (!SYSTEMD_QUOTE_SPECIAL.test(value)) return `"${value}"`;
  if (CONTROL_CHARACTER.test(value)) {
    throw new RangeError('a systemd value must not contain newlines or control characters');
  }
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

/** Escapes `%` in a free-form unit value (e.g. `Description=`) so it is taken literally. */
export function systemdEscapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}
