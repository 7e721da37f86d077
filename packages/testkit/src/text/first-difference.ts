/**
 * Where two texts first differ, as a short human-readable excerpt: the line number and a few
 * lines of each side around it. Used in failure messages when no diffing `expect` is available.
 */
export function firstDifference(actual: string, expected: string, context = 2): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line += 1;
  if (line === a.length && line === b.length) return 'no difference';
  const from = Math.max(0, line - context);
  const show = (lines: string[]) =>
    lines
      .slice(from, line + context + 1)
      .map((text, index) => `    ${String(from + index + 1).padStart(4)}| ${text}`)
      .join('\n');
  return `first difference at line ${line + 1}\n  expected:\n${show(b)}\n  actual:\n${show(a)}`;
}
