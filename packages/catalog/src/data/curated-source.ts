import type { CatalogSource } from '../model/catalog-source.js';
import type { EvidenceLevel } from '../model/evidence-level.js';

/**
 * A source for hand-kept catalog data (facts read from upstream documentation or data that no
 * feed carries), under the feed id `curated/<topic>`.
 */
export function curatedSource(
  topic: string,
  location: string,
  evidence: EvidenceLevel,
  field = '',
  note?: string,
): CatalogSource {
  return { feed: `curated/${topic}`, location, field, evidence, ...(note ? { note } : {}) };
}
