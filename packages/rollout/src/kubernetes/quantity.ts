const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * Parses a Kubernetes resource quantity ("500m", "2", "64Gi", "1.5G", "1e3") into a number in
 * base units (cores, bytes). Returns undefined for text that is not a quantity.
 */
export function parseQuantity(text: string | number | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const cached = memo.get(text);
  if (cached !== undefined || memo.has(text)) return cached;
  const value = parse(text);
  if (memo.size >= 4096) memo.clear();
  memo.set(text, value);
  return value;
}

/** Recently parsed quantities: clusters repeat the same few request strings. */
const memo = new Map<string, number | undefined>();

function parse(text: string): number | undefined {
  const match =
    /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const base = Number(match[1]);
  if (match[2]) return base * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : base * factor;
}

/** CPU in millicores, e.g. 1500 → "1500m". */
export function formatMillicores(millicores: number): string {
  return `${Math.round(millicores)}m`;
}

/** Memory in mebibytes, e.g. 512 → "512Mi". */
export function formatMebibytes(mebibytes: number): string {
  return `${Math.round(mebibytes)}Mi`;
}
