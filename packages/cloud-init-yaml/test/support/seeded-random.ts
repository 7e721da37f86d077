/** A small deterministic PRNG (mulberry32), so property tests are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that break naive YAML writers: indicators, ambiguous scalars, line breaks, unicode. */
export const HOSTILE_PIECES = [
  'a',
  'Z',
  '0',
  '9',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r',
  '\r\n',
  ':',
  ': ',
  ' #',
  '#',
  '-',
  '- ',
  '?',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  '~',
  '=',
  '<<',
  '.',
  '...',
  '---',
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'n',
  'true',
  'False',
  'null',
  'NULL',
  '0644',
  '0o17',
  '0x1F',
  '1e3',
  '1_000',
  '12:30:45',
  '2024-01-31',
  '.inf',
  '-.Inf',
  '.NaN',
  '+1',
  '-0',
  '3.14',
  '1.32.4',
  'é',
  '日本',
  '🚀',
  '\u00a0',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0080',
  '\ufeff',
  '\ud800',
  '\udc00',
  '$HOME',
  '%h',
  '{{ v1.local_hostname }}',
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
];

/** A random string of up to `maxPieces` hostile pieces. */
export function hostileString(random: () => number, maxPieces = 6): string {
  const count = Math.floor(random() * (maxPieces + 1));
  let out = '';
  for (let i = 0; i < count; i++) out += HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)]!;
  return out;
}
