import type { CatalogSource } from '../model/catalog-source.js';

/** What a {@link CatalogWarning} is about. */
export type CatalogWarningCode =
  | 'image-end-of-life'
  | 'image-ending-soon'
  | 'image-extended-support'
  | 'image-not-in-catalog'
  | 'kubernetes-version-skew'
  | 'kubernetes-not-supported';

/** A lifecycle or compatibility warning about a pool's image. */
export interface CatalogWarning {
  readonly code: CatalogWarningCode;
  /** The NodePool field it concerns (`spec.image`, `spec.kubernetes.version`). */
  readonly path: string;
  /** One line, naming the date where there is one. */
  readonly message: string;
  /** The date the warning rests on (`YYYY-MM-DD`). */
  readonly date?: string;
  readonly sources: readonly CatalogSource[];
}
