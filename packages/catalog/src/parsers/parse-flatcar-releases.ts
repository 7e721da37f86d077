import { ARCHITECTURES, type Architecture } from '@kubenode/core';
import { z } from 'zod';
import type { CatalogSource } from '../model/catalog-source.js';
import { compareVersions } from '../util/compare-versions.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';
import type { FeedIssue } from './feed-issue.js';
import { parseFlatcarDate } from './flatcar-date.js';

const entrySchema = z.object({
  channel: z.string().min(1),
  architectures: z.array(z.string()).min(1),
  release_date: z.string().refine((value) => parseFlatcarDate(value) !== undefined, {
    error: 'expected a date such as "2026-08-13 15:48:35 +0000"',
  }),
  major_software: z.record(z.string(), z.array(z.string())).optional(),
});

const feedSchema = z.record(z.string(), z.unknown());

/** One release from a Flatcar feed. */
export interface FlatcarRelease {
  /** `4593.2.5`. */
  readonly version: string;
  /** The feed's `channel` field: `stable`, `beta`, `alpha`, `lts`, `edge`. */
  readonly channel: string;
  readonly architectures: readonly Architecture[];
  /** ISO 8601 UTC date-time, converted from the feed's `YYYY-MM-DD HH:MM:SS +0000`. */
  readonly releaseDate: string;
  /** `major_software`: package → versions (kernel, containerd, docker, ignition, systemd, rkt, ...). */
  readonly components: Readonly<Record<string, readonly string[]>>;
  readonly source: CatalogSource;
}

/** A `current` or `current-YYYY` entry: a copy of the newest release of the feed or LTS stream. */
export interface FlatcarPointer {
  /** `current` or `current-2024`. */
  readonly key: string;
  /** The LTS year for `current-YYYY`, undefined for `current`. */
  readonly ltsYear: number | undefined;
  readonly channel: string;
  readonly releaseDate: string;
  /** The release the pointer duplicates, when the feed holds it; null when it does not (trimmed feed). */
  readonly resolvedVersion: string | null;
  readonly components: Readonly<Record<string, readonly string[]>>;
  readonly source: CatalogSource;
}

/** A parsed Flatcar release feed. */
export interface FlatcarReleaseFeed {
  /** Releases sorted by version, oldest first (the feed sorts keys as strings). */
  readonly releases: readonly FlatcarRelease[];
  readonly pointers: readonly FlatcarPointer[];
  readonly issues: readonly FeedIssue[];
}

const VERSION_KEY = /^\d+\.\d+\.\d+$/;
const POINTER_KEY = /^current(?:-(\d{4}))?$/;

function sameComponents(
  a: Readonly<Record<string, readonly string[]>>,
  b: Readonly<Record<string, readonly string[]>>,
) {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * Parses a Flatcar releases JSON feed (`releases-<channel>.json`, `releases-lts-YYYY.json` or
 * `releases.json`): an object keyed by version plus `current` / `current-YYYY` pointer entries.
 * Versions are sorted numerically, dates converted to ISO 8601, pointers resolved to the release
 * they duplicate. Unknown fields are ignored; a malformed field the catalog uses throws
 * {@link CatalogFeedError}.
 */
export function parseFlatcarReleases(text: string, context: FeedContext): FlatcarReleaseFeed {
  const document = parseWith(feedSchema, parseJsonText(text, context), context);
  const releases: FlatcarRelease[] = [];
  const rawPointers: Omit<FlatcarPointer, 'resolvedVersion'>[] = [];
  const issues: FeedIssue[] = [];
  for (const [key, value] of Object.entries(document)) {
    const pointer = POINTER_KEY.exec(key);
    if (!VERSION_KEY.test(key) && !pointer) {
      issues.push({
        feed: context.feed,
        path: JSON.stringify(key),
        message: 'key is neither a version nor a current pointer; ignored',
      });
      continue;
    }
    const entry = parseWith(entrySchema, value, context, [key]);
    const architectures: Architecture[] = [];
    for (const arch of entry.architectures) {
      if ((ARCHITECTURES as readonly string[]).includes(arch)) architectures.push(arch as Architecture);
      else
        issues.push({
          feed: context.feed,
          path: `["${key}"].architectures`,
          message: `unknown architecture '${arch}'; ignored`,
        });
    }
    const base = {
      channel: entry.channel,
      releaseDate: parseFlatcarDate(entry.release_date)!,
      components: entry.major_software ?? {},
      source: fieldSource(context, `["${key}"]`),
    };
    if (pointer) {
      rawPointers.push({ ...base, key, ltsYear: pointer[1] === undefined ? undefined : Number(pointer[1]) });
    } else {
      releases.push({ ...base, version: key, architectures });
    }
  }
  releases.sort((a, b) => compareVersions(a.version, b.version));
  const pointers = rawPointers.map((pointer): FlatcarPointer => {
    const match = releases.find(
      (release) =>
        release.channel === pointer.channel &&
        release.releaseDate === pointer.releaseDate &&
        sameComponents(release.components, pointer.components),
    );
    if (!match) {
      issues.push({
        feed: context.feed,
        path: `["${pointer.key}"]`,
        message: `matches no release in this document (released ${pointer.releaseDate}); kept as the stream's last release date`,
      });
    }
    return { ...pointer, resolvedVersion: match ? match.version : null };
  });
  return { releases, pointers, issues };
}
