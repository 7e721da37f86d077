import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { EndOfLifeValue } from '../parsers/endoflife-product.js';
import { compareVersions } from '../util/compare-versions.js';
import type { KubernetesCycle } from './catalog-data.js';

function date(value: EndOfLifeValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Kubernetes and Amazon EKS minors with their lifecycle dates, from endoflife.date, newest first. */
export function assembleKubernetes(documents: readonly ParsedFeedDocument[]): {
  kubernetes: KubernetesCycle[];
  eks: KubernetesCycle[];
} {
  const cycles = (feed: string, eks: boolean): KubernetesCycle[] =>
    documents
      .flatMap((document) =>
        document.kind === 'endoflife' && document.document.feed === feed ? document.data.cycles : [],
      )
      .map((cycle) => ({
        minor: cycle.cycle,
        releaseDate: cycle.releaseDate,
        endOfActiveSupport: eks ? undefined : date(cycle.eoas),
        endOfLife: date(cycle.eol),
        endOfExtendedSupport: date(cycle.eoes),
        latest: cycle.latest,
        source: cycle.source,
      }))
      .sort((a, b) => compareVersions(b.minor, a.minor));
  return { kubernetes: cycles('endoflife/kubernetes', false), eks: cycles('endoflife/amazon-eks', true) };
}
