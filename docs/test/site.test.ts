/**
 * The built documentation site in a real browser: Debian's headless Chromium, driven by
 * playwright-core, against the site served from docs/site on 127.0.0.1. Run `npm run docs`
 * first (Nx runs the `site` target before this test).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteManifest } from '../src/build-site.js';
import { serveDirectory, type StaticServer } from './static-server.js';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(docsDir, '..');
const siteDir = join(docsDir, 'site');
const artifactsDir = join(repoRoot, '.artifacts');
const CHROMIUM = '/usr/bin/chromium';
/** Pages fetched at once during the crawl. */
const CRAWL_TABS = 8;
/** Waits for script-rendered content: generous, since CI machines may be busy. */
const POLL = { timeout: 15_000, interval: 50 };

let server: StaticServer;
let context: BrowserContext;
let userDataDir: string;
let manifest: SiteManifest;
const pageErrors: string[] = [];

/** The pages of the crawl, by path, with the anchors each one defines. */
const crawled = new Map<string, { status: number; anchors: Set<string> }>();
/** Every internal link seen: from page, to path, anchor. */
const internalLinks: { from: string; path: string; anchor: string | undefined }[] = [];

beforeAll(async () => {
  if (!existsSync(join(siteDir, 'index.html')) || !existsSync(join(siteDir, 'site-manifest.json'))) {
    throw new Error(`no built site in ${siteDir}: run \`npm run docs\` first`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install the Debian package "chromium" (listed in tools/ci/apt-packages.d/docs.txt)`,
    );
  }
  manifest = JSON.parse(readFileSync(join(siteDir, 'site-manifest.json'), 'utf8')) as SiteManifest;
  server = await serveDirectory(siteDir);
  userDataDir = mkdtempSync(join(tmpdir(), 'kubenode-docs-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
  });
  // The site is static and local: any request to another host is a bug (and is not made).
  await context.route(
    (url) => url.origin !== server.origin,
    (route) => route.abort(),
  );
  context.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

describe('the documentation site in Chromium', () => {
  it('saves a screenshot of the home page', async () => {
    const page = await newPage();
    const response = await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('.tsd-navigation a').count(), POLL).toBeGreaterThan(0);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'docs-home.png') });
    expect(existsSync(join(artifactsDir, 'docs-home.png'))).toBe(true);
    await page.close();
  });

  it('follows every internal link without a 404', async () => {
    // The sidebar is rendered by script: take its links from the fully loaded home page.
    const home = await newPage();
    await home.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    await expect.poll(() => home.locator('.tsd-navigation a').count(), POLL).toBeGreaterThan(0);
    const navigation = await home
      .locator('.tsd-navigation a[href]')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));

    // Then the browser follows every link of every page it reaches (fetching and parsing each
    // page; rendering all of them one by one would only add time), recording statuses, anchors
    // and the assets each page loads.
    const result = await home.evaluate(
      async ({ start, tabs }) => {
        const origin = location.origin;
        const pages: Record<string, { status: number; anchors: string[] }> = {};
        const links: { from: string; path: string; anchor: string | null }[] = [];
        const assets = new Set<string>();
        const queue = [
          ...new Set(
            start
              .map((href) => new URL(href, location.href))
              .filter((url) => url.origin === origin)
              .map((url) => decodeURIComponent(url.pathname)),
          ),
        ];
        const queued = new Set(queue);
        const visit = (from: string, href: string, base: string) => {
          const url = new URL(href, base);
          if (url.origin !== origin) return;
          const path = decodeURIComponent(
            url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname,
          );
          links.push({ from, path, anchor: url.hash ? decodeURIComponent(url.hash.slice(1)) : null });
          if (!path.endsWith('.html')) assets.add(path);
          else if (!queued.has(path)) {
            queued.add(path);
            queue.push(path);
          }
        };
        let busy = 0;
        const worker = async () => {
          for (;;) {
            const path = queue.shift();
            if (path === undefined) {
              if (busy === 0) return;
              await new Promise((resolve) => setTimeout(resolve, 5));
              continue;
            }
            busy++;
            try {
              const url = `${origin}${encodeURI(path)}`;
              const response = await fetch(url);
              const anchors: string[] = [];
              pages[path] = { status: response.status, anchors };
              if (!response.ok) continue;
              const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
              for (const element of doc.querySelectorAll('[id], a[name]')) {
                anchors.push(element.id || element.getAttribute('name') || '');
              }
              for (const a of doc.querySelectorAll('a[href]'))
                visit(path, a.getAttribute('href') as string, url);
              for (const element of doc.querySelectorAll('link[href], script[src], img[src]')) {
                const ref = element.getAttribute('href') ?? element.getAttribute('src');
                if (ref) {
                  const asset = new URL(ref, url);
                  if (asset.origin === origin) assets.add(decodeURIComponent(asset.pathname));
                }
              }
            } finally {
              busy--;
            }
          }
        };
        await Promise.all(Array.from({ length: tabs }, worker));
        const assetStatus: Record<string, number> = {};
        for (const asset of assets) {
          assetStatus[asset] = (await fetch(`${origin}${encodeURI(asset)}`, { method: 'HEAD' })).status;
        }
        return { pages, links, assetStatus };
      },
      { start: ['/index.html', ...navigation], tabs: CRAWL_TABS },
    );
    await home.close();

    for (const [path, page] of Object.entries(result.pages)) {
      crawled.set(path, { status: page.status, anchors: new Set(page.anchors) });
    }
    for (const link of result.links) {
      internalLinks.push({ from: link.from, path: link.path, anchor: link.anchor ?? undefined });
    }
    const missingPages = [...crawled]
      .filter(([, page]) => page.status !== 200)
      .map(([path, page]) => `${path} (${page.status})`);
    expect(missingPages).toEqual([]);
    const missingAssets = Object.entries(result.assetStatus)
      .filter(([, status]) => status !== 200)
      .map(([asset, status]) => `${asset} (${status})`);
    expect(missingAssets).toEqual([]);
    // Every guide, every package page and the API pages behind them are reachable.
    expect(crawled.size).toBeGreaterThan(manifest.packages.length + manifest.guides.length);
  }, 120_000);

  it('renders every guide and package page with its scripts, without errors or missing files', async () => {
    expect(crawled.size).toBeGreaterThan(0);
    const rendered = [...crawled.keys()].filter(
      (path) => path === '/index.html' || path.startsWith('/documents/') || path.startsWith('/modules/'),
    );
    const page = await newPage();
    for (const path of rendered) {
      const response = await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
      expect(response?.status(), path).toBe(200);
      await expect
        .poll(() => page.locator('.tsd-navigation a').count(), { ...POLL, message: path })
        .toBeGreaterThan(0);
    }
    await page.close();
    expect(server.notFound).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('links only to anchors that exist on their target page', () => {
    expect(crawled.size).toBeGreaterThan(0);
    const anchored = internalLinks.filter(
      (link) => link.anchor !== undefined && link.anchor !== '' && link.path.endsWith('.html'),
    );
    // The NodePool reference alone links to each of its sections.
    expect(anchored.length).toBeGreaterThan(10);
    const broken = anchored
      .filter((link) => !crawled.get(link.path)?.anchors.has(link.anchor as string))
      .map((link) => `${link.from} → ${link.path}#${link.anchor}`);
    expect([...new Set(broken)]).toEqual([]);
  });

  it('opens the API page of every public package', async () => {
    expect(manifest.packages.length).toBeGreaterThan(0);
    const page = await newPage();
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    // The home page's package table links every package's API page.
    const hrefs = new Map<string, string>();
    for (const pkg of manifest.packages) {
      const link = page.locator('table a', {
        hasText: new RegExp(`^${pkg.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      });
      expect(await link.count(), pkg.name).toBe(1);
      hrefs.set(pkg.name, (await link.evaluate((a) => (a as HTMLAnchorElement).href)) as string);
    }
    for (const [name, href] of hrefs) {
      const response = await page.goto(href, { waitUntil: 'load' });
      expect(response?.status(), name).toBe(200);
      await expect
        .poll(() => page.locator('h1').first().textContent(), { ...POLL, message: name })
        .toContain(name);
      // The module page lists the package's exports.
      expect(await page.locator('.tsd-index-link, .tsd-member-summary-name').count(), name).toBeGreaterThan(
        0,
      );
    }
    await page.close();
  });

  it('finds parseNodePool with the search box and opens its page', async () => {
    const page = await newPage();
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('parseNodePool');
    const result = page.locator('#tsd-search-results li a', { hasText: 'parseNodePool' }).first();
    await result.waitFor({ state: 'visible' });
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'docs-search.png') });
    await result.click();
    await page.waitForURL(/parseNodePool/);
    await expect.poll(() => page.locator('h1').first().textContent(), POLL).toContain('parseNodePool');
    await page.close();
  });

  it('searches the guides too: a NodePool field finds the NodePool reference', async () => {
    const page = await newPage();
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('bootstrapToken');
    const result = page.locator('#tsd-search-results li a', { hasText: 'NodePool reference' }).first();
    await result.waitFor({ state: 'visible' });
    await result.click();
    await page.waitForURL(/NodePool_reference/);
    await expect.poll(() => page.locator('h1').first().textContent(), POLL).toContain('NodePool reference');
    await page.close();
  });

  it('lists every guide on the home page, each leading to its page', async () => {
    expect(manifest.guides.length).toBeGreaterThanOrEqual(3);
    const page = await newPage();
    for (const title of manifest.guides) {
      await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
      await page.locator('.tsd-typography li a', { hasText: title }).first().click();
      await page.waitForLoadState('load');
      await expect
        .poll(() => page.locator('h1').first().textContent(), { ...POLL, message: title })
        .toContain(title);
    }
    await page.close();
  });

  it('shows the README commands on the getting-started page', async () => {
    const page = await newPage();
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    await page.locator('.tsd-typography a', { hasText: 'Getting started' }).first().click();
    await page.waitForLoadState('load');
    const text = (await page.locator('.tsd-typography').first().innerText()).replace(/\s+/g, ' ');
    for (const line of manifest.readmeCommands.split('\n')) {
      const command = (line.split('#')[0] ?? '').trim().replace(/\s+/g, ' ');
      expect(text).toContain(command);
    }
    await page.close();
  });

  it('has a page for every distro adapter the CLI registers', async () => {
    const page = await newPage();
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
    await page.locator('.tsd-typography a', { hasText: 'Distros' }).first().click();
    await page.waitForLoadState('load');
    if (manifest.distros.length === 0) {
      await expect
        .poll(() => page.locator('.tsd-typography').first().innerText(), POLL)
        .toContain('No distro adapter');
    }
    // One visit of the Distros page: each adapter's row links to its page (followed by its href).
    const distrosUrl = page.url();
    const links: [string, string][] = [];
    for (const id of manifest.distros) {
      const row = page
        .locator('tr', {
          has: page.locator('code', { hasText: new RegExp(`^${id.replace(/[.]/g, '\\.')}$`) }),
        })
        .first();
      const href = await row.locator('a').first().getAttribute('href');
      expect(href, `a link in the row of ${id}`).toBeTruthy();
      links.push([id, new URL(href!, distrosUrl).href]);
    }
    for (const [id, url] of links) {
      await page.goto(url, { waitUntil: 'load' });
      const text = await page.locator('.tsd-typography').first().innerText();
      expect(text).toContain(`Adapter id ${id}`);
      expect(text).toContain('What maps where');
      expect(text).toContain('Updates');
    }
    await page.close();
  });
});
