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

/** Go's unicode.IsSpace: ASCII whitespace, U+0085, U+00A0 and the Unicode space separators (not U+FEFF, unlike JS). */
function isGoSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(char);
}

/** Go's bytes.TrimSpace (on the decoded text). */
function goTrimSpace(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && isGoSpace(chars[start]!)) start++;
  while (end > start && isGoSpace(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** Go's bufio.Reader (4096-byte buffer) over the unit text: the line-length check depends on what it has buffered. */
class GoBufferedReader {
  private pos = 0;
  private end = 0;
  private eofPending = false;
  private lastRuneSize = -1;

  constructor(private readonly data: Buffer) {}

  private fill(): void {
    if (this.end >= this.data.length) this.eofPending = true;
    else this.end = Math.min(this.pos + 4096, this.data.length);
  }

  buffered(): number {
    return this.end - this.pos;
  }

  /** The next rune, or undefined at EOF. */
  readRune(): string | undefined {
    while (
      this.pos + 4 > this.end &&
      !fullRune(this.data.subarray(this.pos, this.end)) &&
      !this.eofPending &&
      this.end - this.pos < 4096
    ) {
      this.fill();
    }
    this.lastRuneSize = -1;
    if (this.pos === this.end) {
      this.eofPending = false;
      return undefined;
    }
    const size = runeSize(this.data, this.pos, this.end);
    const rune = this.data.subarray(this.pos, this.pos + size).toString('utf8');
    this.pos += size;
    this.lastRuneSize = size;
    return rune;
  }

  unreadRune(): void {
    if (this.lastRuneSize >= 0) this.pos -= this.lastRuneSize;
    this.lastRuneSize = -1;
  }

  /** Bytes up to and including `delim`; `eof` when the text ended first. */
  readBytes(delim: number): { bytes: Buffer; eof: boolean } {
    const start = this.pos;
    for (;;) {
      const index = this.data.subarray(this.pos, this.end).indexOf(delim);
      if (index >= 0) {
        this.pos += index + 1;
        return { bytes: this.data.subarray(start, this.pos), eof: false };
      }
      if (this.eofPending) {
        this.pos = this.end;
        this.eofPending = false;
        return { bytes: this.data.subarray(start, this.pos), eof: true };
      }
      if (this.buffered() >= 4096) this.pos = this.end;
      this.fill();
    }
  }

  peek(n: number): Buffer {
    while (this.end - this.pos < n && this.end - this.pos < 4096 && !this.eofPending) this.fill();
    return this.data.subarray(this.pos, Math.min(this.pos + n, this.end));
  }
}

function runeSize(data: Buffer, at: number, end: number): number {
  const lead = data[at]!;
  const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return at + size <= end ? size : 1;
}

function fullRune(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  const lead = bytes[0]!;
  const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length >= size;
}

const isComment = (rune: string) => rune === '#' || rune === ';';

/**
 * Checks unit file text exactly as Ignition does before writing it: a port of go-systemd v22's
 * unit lexer (`unit.Deserialize`), which Ignition runs on every unit and drop-in. It skips text
 * before the first `[`, reads a section name up to the next `]` (across lines), refuses anything
 * but whitespace after it, requires `=` in every option line of a section (a line without one is
 * an error, at the end of the text too), honours `#`/`;` comments and backslash continuations,
 * and refuses {@link SYSTEMD_LINE_MAX} bytes without a line break wherever it looks. Returns the
 * sections found (to tell whether an `[Install]` section exists).
 */
export function checkUnitSyntax(contents: string): UnitSyntax {
  return plainUnitSyntax(contents) ?? lexUnitSyntax(contents);
}

/** Printable ASCII and line feeds, without backslashes (no continuations, no Go-space subtleties). */
const PLAIN_UNIT_TEXT = /^[\x20-\x5b\x5d-\x7e\n]*$/;
const PLAIN_SECTION_HEADER = /^\[([^\]]*)\]$/;
/** Far below {@link SYSTEMD_LINE_MAX}, so every 2048-byte window holds a line break. */
const PLAIN_LINE_MAX = 1024;

/**
 * The lexer's verdict for the text units usually are, decided line by line: printable ASCII
 * lines of at most 1024 bytes, no backslash, only blank lines and `#`/`;` comments before the
 * first `[Section]` header, then headers, comments, blank lines and `Key=Value` lines that start
 * in the first column. Undefined for anything else (the lexer decides that). Proved equal to
 * the lexer by property tests.
 *
 * @internal exported for the tests.
 */
export function plainUnitSyntax(contents: string): UnitSyntax | undefined {
  if (!PLAIN_UNIT_TEXT.test(contents)) return undefined;
  const sections: string[] = [];
  let inSection = false;
  for (const line of contents.split('\n')) {
    if (line.length > PLAIN_LINE_MAX) return undefined;
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if (first === 0x23 || first === 0x3b) continue; // # or ; comment
    if (first === 0x5b) {
      const header = PLAIN_SECTION_HEADER.exec(line);
      if (header === null) return undefined;
      sections.push(header[1]!);
      inSection = true;
      continue;
    }
    if (!inSection || first === 0x20 || !line.includes('=')) return undefined;
  }
  return { sections };
}

/**
 * The go-systemd v22 unit lexer, rune by rune (see {@link checkUnitSyntax}).
 *
 * @internal exported for the tests.
 */
export function lexUnitSyntax(contents: string): UnitSyntax {
  const sections: string[] = [];
  const reader = new GoBufferedReader(Buffer.from(contents, 'utf8'));
  const toEndOfLine = () => {
    const { bytes, eof } = reader.readBytes(0x0a);
    let line = bytes;
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    if (line.at(-1) === 0x0a) line = line.subarray(0, -1);
    return { line: line.toString('utf8'), eof };
  };
  const ignoreLine = () => {
    for (;;) {
      const { line, eof } = toEndOfLine();
      if (!line.replace(/ $/, '').endsWith('\\') || eof) return;
    }
  };
  type Step =
    | 'next-section'
    | 'section-name'
    | 'section-suffix'
    | 'in-section'
    | 'ignore-line'
    | 'option-name'
    | 'option-value';
  let step: Step = 'next-section';
  // A comment is skipped in a step of its own (go-systemd's ignoreLineFunc), so the line-length
  // check runs between its first rune and the rest of its line.
  let afterComment: Step = 'next-section';
  for (;;) {
    if (
      reader.buffered() >= SYSTEMD_LINE_MAX &&
      !/[\r\n]/.test(reader.peek(SYSTEMD_LINE_MAX).toString('latin1'))
    ) {
      return { error: `line too long (max ${SYSTEMD_LINE_MAX} bytes)`, sections };
    }
    switch (step) {
      case 'next-section': {
        const rune = reader.readRune();
        if (rune === undefined) return { sections };
        if (rune === '[') step = 'section-name';
        else if (isComment(rune)) {
          afterComment = 'next-section';
          step = 'ignore-line';
        }
        break;
      }
      case 'ignore-line': {
        ignoreLine();
        step = afterComment;
        break;
      }
      case 'section-name': {
        const { bytes, eof } = reader.readBytes(0x5d);
        if (eof) return { error: 'unable to find end of section', sections };
        sections.push(bytes.subarray(0, -1).toString('utf8'));
        step = 'section-suffix';
        break;
      }
      case 'section-suffix': {
        const garbage = goTrimSpace(toEndOfLine().line);
        if (garbage !== '')
          return { error: `found garbage after section name : ${JSON.stringify(garbage)}`, sections };
        step = 'in-section';
        break;
      }
      case 'in-section': {
        const rune = reader.readRune();
        if (rune === undefined) return { sections };
        if (isGoSpace(rune)) break;
        if (rune === '[') step = 'section-name';
        else if (isComment(rune)) {
          afterComment = 'in-section';
          step = 'ignore-line';
        } else {
          reader.unreadRune();
          step = 'option-name';
        }
        break;
      }
      case 'option-name': {
        for (;;) {
          const rune = reader.readRune();
          if (rune === undefined) return { error: 'EOF', sections };
          if (rune === '\n' || rune === '\r') {
            return { error: 'unexpected newline encountered while parsing option name', sections };
          }
          if (rune === '=') break;
        }
        step = 'option-value';
        break;
      }
      case 'option-value': {
        const { line } = toEndOfLine();
        step = goTrimSpace(line) !== '' && line.endsWith('\\') ? 'option-value' : 'in-section';
        break;
      }
    }
  }
}

/** True when `name` ends in a known unit type suffix. */
export function hasUnitTypeSuffix(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (SYSTEMD_UNIT_TYPES as readonly string[]).includes(name.slice(dot + 1));
}
