/** The unit types systemd knows (a unit name must end in one of these). */
export const SYSTEMD_UNIT_TYPES = [
  'service',
  'socket',
  'device',
  'mount',
  'automount',
  'swap',
  'target',
  'path',
  'timer',
  'snapshot',
  'slice',
  'scope',
] as const;

/** The longest line systemd's parser (as Ignition uses it) accepts, in bytes. */
export const SYSTEMD_LINE_MAX = 2048;

/** What {@link checkUnitSyntax} found. */
export interface UnitSyntax {
  /** The first syntax problem, in the wording of Ignition's unit parser; undefined when fine. */
  readonly error?: string;
  /** Section names in order of appearance. */
  readonly sections: readonly string[];
}

/**
 * Checks unit file text the way Ignition does before writing it: section headers must be closed
 * `[Name]` with nothing after them, and no (continued) line may exceed {@link SYSTEMD_LINE_MAX}
 * bytes. Returns the sections found (to tell whether an `[Install]` section exists).
 */
export function checkUnitSyntax(contents: string): UnitSyntax {
  const sections: string[] = [];
  let logical = '';
  for (const raw of contents.split('\n')) {
    const line = raw.replace(/\r$/, '');
    logical = logical === '' ? line : logical + line;
    if (Buffer.byteLength(logical) > SYSTEMD_LINE_MAX) {
      return { error: `line too long (max ${SYSTEMD_LINE_MAX} bytes)`, sections };
    }
    if (logical.endsWith('\\') && !/^\s*[#;]/.test(logical)) {
      logical = logical.slice(0, -1);
      continue;
    }
    const trimmed = logical.trim();
    logical = '';
    if (trimmed.startsWith('[')) {
      const end = trimmed.indexOf(']');
      if (end < 0) return { error: 'unable to find end of section', sections };
      const garbage = trimmed.slice(end + 1).trim();
      if (garbage !== '') return { error: `found garbage after section name : "${garbage}"`, sections };
      sections.push(trimmed.slice(1, end));
    }
  }
  return { sections };
}

/** True when `name` ends in a known unit type suffix. */
export function hasUnitTypeSuffix(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (SYSTEMD_UNIT_TYPES as readonly string[]).includes(name.slice(dot + 1));
}
