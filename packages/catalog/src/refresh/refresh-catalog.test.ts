import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { SNAPSHOT_SOURCES } from '../../scripts/snapshot-manifest.js';
import { CATALOG_FEEDS } from '../feeds/catalog-feeds.js';
import { parseEndOfLifeProductYaml } from '../parsers/parse-endoflife-product-yaml.js';
import { readVector, TEST_NOW } from '../test-support/vectors.js';
import { readCatalogCache, writeCatalogCache, defaultCatalogCacheDirectory } from './catalog-cache.js';
import { fetchFeedText } from './fetch-feed-text.js';
import type { FetchLike } from './fetch-like.js';
import { refreshCatalog } from './refresh-catalog.js';

const response = (text: string, status = 200) => ({
  ok: status < 400,
  status,
  statusText: status === 404 ? 'Not Found' : 'OK',
  text: async () => text,
});

/** The vector a live feed URL corresponds to; endoflife.date answers in its API v1 shape. */
function vectorFor(url: string): string | undefined {
  const feed = CATALOG_FEEDS.find((entry) => entry.url === url)!;
  const source = SNAPSHOT_SOURCES.find((entry) => entry.feed === feed.id)!;
  const text = readVector(source.file);
  if (feed.format !== 'endoflife-api-v1-product-json') return text;
  const product = parseEndOfLifeProductYaml(text, { feed: feed.id, location: url });
  return JSON.stringify({
    schema_version: '1.2.1',
    result: {
      name: product.product,
      label: product.title,
      releases: product.cycles.map((cycle) => ({
        name: cycle.cycle,
        codename: cycle.codename ?? null,
        releaseDate: cycle.releaseDate,
        isLts: cycle.lts !== false,
        ...(cycle.eoas !== undefined ? { isEoas: true, eoasFrom: cycle.eoas } : {}),
        isEol: true,
        eolFrom: typeof cycle.eol === 'string' ? cycle.eol : null,
        ...(cycle.eoes !== undefined ? { isEoes: false, eoesFrom: cycle.eoes } : {}),
        latest: cycle.latest ? { name: cycle.latest, date: cycle.latestReleaseDate ?? null } : null,
      })),
    },
  });
}

describe('refreshCatalog', () => {
  it('fails with ExternalToolError unreachable, in bounded time, when the network is down', async () => {
    const failing: FetchLike = async (url) => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${new URL(url).host}`), { code: 'ENOTFOUND' }),
      });
    };
    const error = await refreshCatalog({ fetch: failing, timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ tool: 'catalog feeds', failure: 'unreachable' });
    expect((error as Error).message).toMatch(
      /^catalog feeds is unreachable: none of 21 feeds could be fetched \(www\.flatcar\.org: getaddrinfo ENOTFOUND www\.flatcar\.org; gardenlinux-glrd\.s3\.eu-central-1\.amazonaws\.com: .*; and 2 more\); the embedded snapshot stays in use$/,
    );
  });

  it('times out a fetch that never answers and ignores its abort signal', async () => {
    const hanging: FetchLike = () => new Promise(() => {});
    const error = await refreshCatalog({
      fetch: hanging,
      timeoutMs: 50,
      feeds: ['flatcar/releases-stable', 'endoflife/debian'],
    }).catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('www.flatcar.org: no complete response within 50 ms');
    expect((error as Error).message).toContain('endoflife.date: no complete response within 50 ms');
  });

  it('times out a body that never completes', async () => {
    const stalled: FetchLike = async () => ({
      ok: true,
      status: 200,
      statusText: 'OK',
      text: () => new Promise<string>(() => {}),
    });
    await expect(fetchFeedText(stalled, 'https://example.test/feed.json', 30)).rejects.toMatchObject({
      kind: 'timeout',
    });
    await expect(
      fetchFeedText(async () => response('gone', 404), 'https://example.test/feed.json', 1000),
    ).rejects.toMatchObject({ kind: 'http', message: 'HTTP 404 Not Found' });
  });

  it('verifies fetched documents and reports what changed', async () => {
    const fetch: FetchLike = async (url) => {
      if (url.endsWith('/releases-stable.json')) {
        const feed = JSON.parse(vectorFor(url)!) as Record<
          string,
          { release_date: string; major_software: Record<string, string[]> }
        >;
        const next = {
          ...feed['4593.2.5']!,
          release_date: '2026-09-10 12:00:00 +0000',
          major_software: { ...feed['4593.2.5']!.major_software, kernel: ['6.12.110'] },
        };
        return response(JSON.stringify({ ...feed, '4593.2.6': next, current: next }));
      }
      if (url.endsWith('/products/debian'))
        return response(vectorFor(url)!.replace('"eolFrom":"2026-07-11"', '"eolFrom":"2026-06-10"'));
      if (url.includes('siderolabs/talos')) return response('# Support matrix moved\n');
      if (url.includes('releases-major.json')) return response('<html>Not Found</html>', 404);
      return response(vectorFor(url)!);
    };
    const result = await refreshCatalog({ fetch, timeoutMs: 2000, now: () => TEST_NOW });
    const status = Object.fromEntries(result.outcomes.map((outcome) => [outcome.feed, outcome.status]));
    expect(status['flatcar/releases-stable']).toBe('updated');
    expect(status['flatcar/releases-beta']).toBe('unchanged');
    expect(status['endoflife/debian']).toBe('updated');
    expect(status['bottlerocket/variants']).toBe('skipped');
    expect(status['k3os/status']).toBe('skipped');
    const talos = result.outcomes.find((outcome) => outcome.feed === 'talos/support-matrix-v1.11')!;
    expect(talos).toMatchObject({ status: 'failed', failure: 'invalid' });
    expect(talos.detail).toMatch(/no table with a "Talos Version" header row/);
    expect(result.outcomes.find((outcome) => outcome.feed === 'gardenlinux/glrd-major')).toMatchObject({
      status: 'failed',
      failure: 'http',
      detail: 'gardenlinux-glrd.s3.eu-central-1.amazonaws.com: HTTP 404 Not Found',
    });
    const flatcar = result.outcomes.find((outcome) => outcome.feed === 'flatcar/releases-stable')!;
    expect(flatcar.checks.map((check) => [check.check, check.ok])).toEqual([
      ['transport', true],
      ['schema', true],
      ['data', true],
      ['sha256', true],
    ]);
    const aws = result.outcomes.find((outcome) => outcome.feed === 'gardenlinux/s3-aws-gardener_prod-amd64')!;
    expect(aws.checks.find((check) => check.check === 'data')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('digest of empty input'),
    });
    // Documents to cache: only new content that passed.
    expect(result.documents.map((document) => document.feed)).toEqual(
      expect.arrayContaining(['flatcar/releases-stable', 'endoflife/debian']),
    );
    expect(result.documents.some((document) => document.feed === 'talos/support-matrix-v1.11')).toBe(false);
    expect(result.documents.every((document) => document.retrievedAt === '2026-08-22T12:00:00.000Z')).toBe(
      true,
    );
    const messages = result.changes.map((change) => change.message);
    expect(messages).toContain('flatcar stable: 1 release(s) added: 4593.2.6');
    expect(messages).toContain('flatcar stable: newest release 4593.2.5 -> 4593.2.6');
    expect(messages).toContain(
      'Debian 12 (Bookworm): end-of-life (endoflife.date, endoflife/debian) 2026-07-11 -> 2026-06-10',
    );
  });

  it('caches refreshed documents; the catalog reads them over the snapshot', async () => {
    const fetch: FetchLike = async (url) => {
      if (!url.endsWith('/releases-stable.json')) return response(vectorFor(url)!);
      const feed = JSON.parse(vectorFor(url)!) as Record<string, unknown>;
      return response(
        JSON.stringify({
          ...feed,
          '4593.2.6': { ...(feed['4593.2.5'] as object), release_date: '2026-09-10 12:00:00 +0000' },
        }),
      );
    };
    const result = await refreshCatalog({ fetch, feeds: ['flatcar/releases-stable'], now: () => TEST_NOW });
    const directory = mkdtempSync(join(tmpdir(), 'kubenode-catalog-'));
    const [file] = writeCatalogCache(directory, result.documents);
    expect(file).toBe(join(directory, 'flatcar__releases-stable.json'));
    const cache = readCatalogCache(directory);
    expect(cache.ignored).toEqual([]);
    const catalog = createCatalog({ overlay: cache.documents, now: () => TEST_NOW });
    expect(catalog.latest({ distro: 'flatcar', channel: 'stable' })).toMatchObject({ version: '4593.2.6' });
    expect(catalog.latest({ distro: 'flatcar', channel: 'stable' }).sources[0]!.location).toBe(
      'https://www.flatcar.org/releases-json/releases-stable.json',
    );
    // A cache file whose text was altered is ignored.
    const stored = JSON.parse(readFileSync(file!, 'utf8')) as { text: string };
    writeFileSync(file!, JSON.stringify({ ...stored, text: stored.text.replace('4593.2.6', '4593.2.7') }));
    expect(readCatalogCache(directory)).toMatchObject({
      documents: [],
      ignored: [{ reason: 'text does not match its recorded sha256' }],
    });
    expect(readCatalogCache(join(directory, 'missing'))).toEqual({ documents: [], ignored: [] });
  });

  it('knows where the cache lives', () => {
    expect(defaultCatalogCacheDirectory({ KUBENODE_CATALOG_DIR: '/x' }, '/home/u')).toBe('/x');
    expect(defaultCatalogCacheDirectory({ XDG_CACHE_HOME: '/c' }, '/home/u')).toBe('/c/kubenode/catalog');
    expect(defaultCatalogCacheDirectory({}, '/home/u')).toBe('/home/u/.cache/kubenode/catalog');
  });

  it('rejects unknown feed ids', async () => {
    await expect(refreshCatalog({ feeds: ['flatcar/releases-nightly'] })).rejects.toThrow(
      /unknown feed 'flatcar\/releases-nightly'/,
    );
  });
});
