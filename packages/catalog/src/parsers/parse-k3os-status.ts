import { z } from 'zod';
import type { CatalogSource } from '../model/catalog-source.js';
import { isIsoDate } from '../util/iso-date.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';

const date = z.string().refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' });
const documentSchema = z.object({
  distro: z.literal('k3os'),
  status: z.literal('end-of-life'),
  maintainer: z.string().min(1),
  last_release: z.object({ tag: z.string().regex(/^v\d+\.\d+\.\d+/), date, source: z.string().min(1) }),
  last_commit_before_deprecation_notice: z.object({ date, source: z.string() }).optional(),
  deprecation_notice: z.object({
    date,
    text_summary: z.string(),
    successor: z.string().min(1),
    source: z.string().min(1),
  }),
  kubernetes: z.object({
    distribution: z.string(),
    last_kubernetes_minor: z.string().regex(/^\d+\.\d+$/),
    note: z.string().optional(),
  }),
  design: z.record(z.string(), z.unknown()).optional(),
});

/** A sourced statement of the k3OS status record: the value and the upstream reference it cites. */
export interface K3osStatement<T> {
  readonly value: T;
  /** The upstream reference the record cites (issue, PR, README commit). */
  readonly cites: string;
  readonly source: CatalogSource;
}

/** The k3OS end-of-life record. */
export interface K3osStatus {
  readonly maintainer: string;
  readonly lastRelease: K3osStatement<{ readonly tag: string; readonly date: string }>;
  readonly deprecationNotice: K3osStatement<{ readonly date: string; readonly summary: string }>;
  readonly successor: K3osStatement<string>;
  readonly lastKubernetesMinor: K3osStatement<string>;
  /** Design facts as recorded (`init_system`, `ssh`, `package_manager`, ...), text values only. */
  readonly design: Readonly<Record<string, string>>;
}

/**
 * Parses the k3OS status record (`status.derived.json`): a hand-assembled end-of-life record, since
 * k3OS never published a lifecycle feed. Each statement keeps the upstream reference it cites.
 */
export function parseK3osStatus(text: string, context: FeedContext): K3osStatus {
  const document = parseWith(documentSchema, parseJsonText(text, context), context);
  const design: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.design ?? {}))
    if (typeof value === 'string') design[key] = value;
  return {
    maintainer: document.maintainer,
    lastRelease: {
      value: { tag: document.last_release.tag, date: document.last_release.date },
      cites: document.last_release.source,
      source: fieldSource(context, 'last_release'),
    },
    deprecationNotice: {
      value: { date: document.deprecation_notice.date, summary: document.deprecation_notice.text_summary },
      cites: document.deprecation_notice.source,
      source: fieldSource(context, 'deprecation_notice.date'),
    },
    successor: {
      value: document.deprecation_notice.successor,
      cites: document.deprecation_notice.source,
      source: fieldSource(context, 'deprecation_notice.successor'),
    },
    lastKubernetesMinor: {
      value: document.kubernetes.last_kubernetes_minor,
      cites: document.kubernetes.note ?? 'status record',
      source: fieldSource(context, 'kubernetes.last_kubernetes_minor', document.kubernetes.note),
    },
    design,
  };
}
