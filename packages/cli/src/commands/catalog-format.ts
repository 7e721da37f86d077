import {
  EVIDENCE_TAGS,
  formatSource,
  type CatalogSource,
  type LifecycleAssessment,
  type LifecycleDate,
} from '@kubenode/catalog';

/** Formats rows as left-aligned columns separated by two spaces. */
export function catalogColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** `2026-06-30 (approximate)` style date text. */
export function catalogDate(date: LifecycleDate | undefined): string {
  if (!date) return '-';
  const precision =
    date.precision === 'exact'
      ? ''
      : date.precision === 'at-the-latest'
        ? ' (at the latest)'
        : ` (${date.precision})`;
  return `${date.date}${precision}`;
}

/** A source on one line with its evidence tag. */
export function catalogSource(source: CatalogSource): string {
  return formatSource(source);
}

/** The evidence tag of a source, `[C]`. */
export function evidenceTag(source: CatalogSource): string {
  return `[${EVIDENCE_TAGS[source.evidence]}]`;
}

/** The JSON form of a lifecycle assessment. */
export function assessmentJson(assessment: LifecycleAssessment) {
  return {
    state: assessment.state,
    summary: assessment.summary,
    endOfLife: assessment.endOfLife ?? null,
    endOfExtendedSupport: assessment.endOfExtendedSupport ?? null,
    daysUntilEndOfLife: assessment.daysUntilEndOfLife ?? null,
    endOfLifeStatus: assessment.endOfLifeStatus ?? null,
    disagreements: assessment.disagreements,
  };
}
