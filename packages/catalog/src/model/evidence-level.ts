/**
 * How strongly a catalog value is backed, following the evidence tags of the catalog reference:
 * `captured` [C] read from upstream data or source at a known commit or date; `documented` [D]
 * stated in upstream documentation; `knowledge` [K] general knowledge, not verified against an
 * upstream source; `inferred` [I] derived from the data by a stated rule, not stated upstream.
 */
export const EVIDENCE_LEVELS = ['captured', 'documented', 'knowledge', 'inferred'] as const;

/** One of {@link EVIDENCE_LEVELS}. */
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** The one-letter tag of each evidence level, as printed in tables: C, D, K, I. */
export const EVIDENCE_TAGS: Readonly<Record<EvidenceLevel, 'C' | 'D' | 'K' | 'I'>> = {
  captured: 'C',
  documented: 'D',
  knowledge: 'K',
  inferred: 'I',
};
