import { formatSource, type CatalogSource } from '../model/catalog-source.js';
import { EVIDENCE_TAGS } from '../model/evidence-level.js';
import type { ComparisonCell, DistroComparison } from './compare-distros.js';

/** Output formats of {@link renderComparison}. */
export type ComparisonFormat = 'table' | 'markdown' | 'json';

/** Options of {@link renderComparison}. */
export interface RenderComparisonOptions {
  /** Total width of the text table in characters. Default 160. */
  readonly width?: number;
}

function tags(cell: ComparisonCell | undefined): string {
  if (!cell || cell.evidence.length === 0) return '';
  return `[${cell.evidence.map((level) => EVIDENCE_TAGS[level]).join(',')}]`;
}

function cellText(cell: ComparisonCell | undefined): string {
  if (!cell) return '-';
  return cell.value === null ? `no data${cell.note ? ` (${cell.note})` : ''}` : cell.value;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

function renderTable(comparison: DistroComparison, width: number): string {
  const labelWidth = Math.max(...comparison.aspects.map((aspect) => aspect.label.length), 'Aspect'.length);
  const count = comparison.distros.length;
  const columnWidth = Math.max(14, Math.floor((width - labelWidth - 3 * count) / Math.max(count, 1)));
  const row = (cells: string[][]) => {
    const height = Math.max(...cells.map((lines) => lines.length));
    const out: string[] = [];
    for (let index = 0; index < height; index++)
      out.push(
        cells
          .map((lines, column) => (lines[index] ?? '').padEnd(column === 0 ? labelWidth : columnWidth))
          .join(' | ')
          .trimEnd(),
      );
    return out;
  };
  const rule = ['-'.repeat(labelWidth), ...comparison.distros.map(() => '-'.repeat(columnWidth))].join('-+-');
  const lines = [
    ...row([['Aspect'], ...comparison.distros.map((distro) => wrap(distro.name, columnWidth))]),
    rule,
  ];
  for (const aspect of comparison.aspects) {
    lines.push(
      ...row([
        [aspect.label],
        ...comparison.distros.map((distro) => {
          const value = comparison.cells[aspect.id][distro.id];
          return wrap(`${cellText(value)} ${tags(value)}`.trim(), columnWidth);
        }),
      ]),
      rule,
    );
  }
  lines.push(
    `Evidence: [C] captured from upstream data, [D] upstream documentation, [K] general knowledge (unverified), [I] inferred. Lifecycle as of ${comparison.asOf}. Sources: --output markdown or json.`,
  );
  return `${lines.join('\n')}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function renderMarkdown(comparison: DistroComparison): string {
  const sourceIds = new Map<string, number>();
  const sourceList: CatalogSource[] = [];
  const ref = (source: CatalogSource) => {
    const key = formatSource(source);
    let id = sourceIds.get(key);
    if (id === undefined) {
      id = sourceList.length + 1;
      sourceIds.set(key, id);
      sourceList.push(source);
    }
    return id;
  };
  const lines = [
    `| Aspect | ${comparison.distros.map((distro) => escapeMarkdown(distro.name)).join(' | ')} |`,
    `| --- | ${comparison.distros.map(() => '---').join(' | ')} |`,
  ];
  for (const aspect of comparison.aspects) {
    const cells = comparison.distros.map((distro) => {
      const cell = comparison.cells[aspect.id][distro.id];
      const refs = cell ? [...new Set(cell.sources.map(ref))].map((id) => `[${id}]`).join('') : '';
      return escapeMarkdown(`${cellText(cell)} ${tags(cell)}${refs ? ` ${refs}` : ''}`.trim());
    });
    lines.push(`| ${aspect.label} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    `Evidence: **C** captured from upstream data or source at a known commit, **D** stated in upstream documentation, **K** general knowledge (unverified), **I** inferred from the data. Lifecycle statements as of ${comparison.asOf}.`,
    '',
    'Sources:',
    '',
    ...sourceList.map((source, index) => `${index + 1}. ${escapeMarkdown(formatSource(source))}`),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Renders a comparison as an aligned text table (evidence tag per cell), Markdown (evidence tag
 * and numbered sources per cell, source list below) or JSON (every cell with its evidence levels
 * and sources).
 */
export function renderComparison(
  comparison: DistroComparison,
  format: ComparisonFormat,
  options: RenderComparisonOptions = {},
): string {
  if (format === 'json') return `${JSON.stringify(comparison, null, 2)}\n`;
  if (format === 'markdown') return renderMarkdown(comparison);
  return renderTable(comparison, options.width ?? 160);
}
