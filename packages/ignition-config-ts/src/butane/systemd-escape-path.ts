/**
 * `systemd-escape --path`: the unit name stem systemd derives from a path (`/var/lib/data` →
 * `var-lib-data`, `/` → `-`): slashes trimmed and collapsed, `/` becomes `-`, bytes other than
 * ASCII letters, digits, `:`, `_` and `.` (and a leading `.`) become `\xNN`.
 */
export function systemdEscapePath(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
  if (trimmed === '') return '-';
  let out = '';
  const bytes = Buffer.from(trimmed, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const c = String.fromCharCode(b);
    if (c === '/') out += '-';
    else if (/[A-Za-z0-9:_]/.test(c) || (c === '.' && i > 0)) out += c;
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}
