import type { CatalogSource } from '../model/catalog-source.js';

/**
 * A lifecycle value from endoflife.date: a date (`YYYY-MM-DD`), or a boolean where the product
 * states only yes/no (`eol: true` means ended, date unknown).
 */
export type EndOfLifeValue = string | boolean;

/** One release cycle of an endoflife.date product, the same whether read from YAML or the API. */
export interface EndOfLifeCycle {
  /** `24.04`, `12`, `1.33`. */
  readonly cycle: string;
  readonly codename: string | undefined;
  /** `true`, `false`, or the date LTS status began. */
  readonly lts: EndOfLifeValue;
  readonly releaseDate: string;
  /** End of active support (`eoas`), when the product has that column. */
  readonly eoas: EndOfLifeValue | undefined;
  /** End of life (`eol`): the end of the product's main support column. */
  readonly eol: EndOfLifeValue;
  /** End of extended support (`eoes`), when the product has that column. */
  readonly eoes: EndOfLifeValue | undefined;
  /** Newest release in the cycle (`24.04.4`, `12.15`, `1.33.13`). */
  readonly latest: string | undefined;
  readonly latestReleaseDate: string | undefined;
  /** Sources of the cycle's fields; `field` is the path of the cycle, e.g. `releases[2]`. */
  readonly source: CatalogSource;
}

/** An endoflife.date product: `ubuntu`, `debian`, `kubernetes`, `amazon-eks`. */
export interface EndOfLifeProduct {
  /** The product slug. */
  readonly product: string;
  readonly title: string;
  /** Column labels where the product names them (`eol`: "Debian Security Support"). */
  readonly labels: Readonly<Partial<Record<'eoas' | 'eol' | 'eoes', string>>>;
  readonly cycles: readonly EndOfLifeCycle[];
}
