import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DistroAdapterV1 } from '@kubenode/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../run-cli.js';
import { testAdapter } from '../__fixtures__/test-adapter.js';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

/** A stand-in adapter: the catalog warnings do not depend on what an adapter renders. */
function stubAdapter(id: string, issues: ReturnType<DistroAdapterV1['validate']> = []): DistroAdapterV1 {
  return testAdapter(id, {
    provision: () => ({
      artifacts: [
        {
          name: 'user-data.json',
          mediaType: 'application/json',
          role: 'user-data',
          containsSecrets: false,
          contents: '{}',
        },
      ],
      warnings: [],
    }),
    validate: () => issues,
  });
}

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const catalogDir = env.KUBENODE_CATALOG_DIR ?? mkdtempSync(join(tmpdir(), 'kubenode-catalog-cache-'));
  const code = await runCli(args, {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      env: { KUBENODE_NOW: '2026-08-22', ...env, KUBENODE_CATALOG_DIR: catalogDir },
      cwd: examples,
      stderrIsTty: false,
    },
    adapters: () => [
      stubAdapter('flatcar'),
      stubAdapter('k3os'),
      stubAdapter('debian'),
      stubAdapter('ubuntu', [{ artifact: 'user-data.json', path: 'users[0]', message: 'stub problem' }]),
    ],
  });
  return { code, stdout, stderr };
}

function pool(distro: string, image: string, kubernetes = '1.32.4'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubenode-catalog-pool-'));
  const path = join(dir, 'pool.yaml');
  writeFileSync(
    path,
    readFileSync(join(examples, 'minimal-pool.yaml'), 'utf8')
      .replace('distro: flatcar', `distro: ${distro}\n  image: ${image}`)
      .replace("version: '1.32.4'", `version: '${kubernetes}'`),
  );
  return path;
}

const offline = () =>
  vi.stubGlobal('fetch', () => {
    throw new Error('the network must not be used');
  });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('kubenode catalog compare', () => {
  it('prints the comparison table offline', async () => {
    offline();
    const result = await run([
      'catalog',
      'compare',
      'flatcar',
      'gardenlinux',
      'debian',
      'ubuntu',
      'k3os',
      'bottlerocket',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Aspect +\| Flatcar Container +\| Garden Linux +\| Debian +\| Ubuntu +\| k3OS +\| Bottlerocket$/,
    );
    for (const label of [
      'Image size',
      'Security model',
      'Read-only root',
      'A/B updates',
      'Package manager',
      'SSH by default',
      'Init system',
      'Container runtime',
      'Release cadence',
      'Support lifecycle',
      'Maintainer',
    ])
      expect(lines.filter((line) => line.startsWith(`${label} `))).toHaveLength(1);
    expect(result.stdout).toContain('systemd 257');
    expect(result.stdout).toContain('containerd 2.1.5,');
    expect(result.stdout).toContain('2023-12-08;');
    expect(result.stdout).toMatch(/Lifecycle as of 2026-08-22/);
  });

  it('prints markdown and JSON with the evidence level and source of every cell', async () => {
    offline();
    const markdown = await run(['catalog', 'compare', 'flatcar', 'k3os', 'talos', '--output', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toBe('| Aspect | Flatcar Container Linux | k3OS | Talos Linux |');
    expect(markdown.stdout).toMatch(
      /\| Init system \| systemd 257 \(stable 4593\.2\.5\) \[C\] \[\d+\]\[\d+\] \| OpenRC \(Alpine userspace\) \[I\] \[\d+\] \| machined as PID 1 \[K\] \[\d+\] \|/,
    );
    expect(markdown.stdout).toContain('Sources:');
    const json = await run(['catalog', 'compare', 'debian', 'ubuntu', '--output', 'json']);
    const parsed = JSON.parse(json.stdout) as {
      cells: Record<
        string,
        Record<string, { value: string; evidence: string[]; sources: { feed: string }[] }>
      >;
    };
    expect(parsed.cells['support-lifecycle']!.debian!.value).toMatch(
      /Debian 13 \(Trixie\): supported until 2028-08-09$/,
    );
    expect(parsed.cells['support-lifecycle']!.debian!.sources[0]!.feed).toBe('endoflife/debian');
    expect(parsed.cells['package-manager']!.ubuntu).toMatchObject({
      value: 'apt/dpkg, snap',
      evidence: ['knowledge'],
    });
  });

  it('rejects unknown distros and formats as usage errors (exit 2)', async () => {
    expect(await run(['catalog', 'compare', 'flatcar', 'windows'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown distro 'windows'"),
    });
    expect(await run(['catalog', 'compare', '--output', 'html'])).toMatchObject({ code: 2 });
  });
});

describe('kubenode catalog list and show', () => {
  it('refuses a --catalog-dir that does not exist instead of using the snapshot silently', async () => {
    for (const args of [
      ['catalog', 'list', '--catalog-dir', 'no-such-cache'],
      ['catalog', 'show', 'flatcar', '--catalog-dir', 'no-such-cache'],
      ['catalog', 'compare', 'flatcar', '--catalog-dir', 'no-such-cache'],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('error: --catalog-dir no-such-cache: no such directory');
    }
  });

  it('reads a relative --catalog-dir against the working directory, not the process cwd', async () => {
    const result = await run([
      'catalog',
      'list',
      'flatcar',
      '--catalog-dir',
      'custom-adapter',
      '--output',
      'json',
    ]);
    expect(result.code).toBe(0);
  });

  it('lists image lines with their newest release and lifecycle', async () => {
    const result = await run(['catalog', 'list', 'flatcar', '--output', 'json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as {
      stream: string;
      latest: { version: string } | null;
      lifecycle: { state: string; endOfLife: { date: string } | null };
    }[];
    expect(
      rows.map((row) => [
        row.stream,
        row.latest?.version,
        row.lifecycle.state,
        row.lifecycle.endOfLife?.date,
      ]),
    ).toEqual([
      ['stable', '4593.2.5', 'supported', undefined],
      ['beta', '4757.1.0', 'supported', undefined],
      ['alpha', '4790.0.0', 'supported', undefined],
      ['lts', '4081.3.10', 'end-of-life', '2026-06-30'],
      ['lts-2024', '4081.3.10', 'end-of-life', '2026-06-30'],
    ]);
    const table = await run(['catalog', 'list', 'k3os']);
    expect(table.stdout).toBe(
      'DISTRO  STREAM  LATEST          RELEASED    ARCH         STATE        END OF LIFE\nk3os    v0.22   v0.22.2-k3s2r0  2021-10-08  amd64,arm64  end-of-life  2023-12-08\n',
    );
  });

  it('shows a pinned release with every lifecycle source', async () => {
    const result = await run(['catalog', 'show', 'flatcar', 'stable', '4459.2.1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Flatcar Stable 4459 (flatcar stable-4459, channel-major)');
    expect(result.stdout).toContain('lifecycle: end-of-life: end of life since 2026-04-27');
    expect(result.stdout).toContain('note: version 4459.2.1 is not in the catalog data');
    const garden = await run(['catalog', 'show', 'gardenlinux', '1877', '--output', 'json']);
    const parsed = JSON.parse(garden.stdout) as {
      release: { version: string; cloudImages: { region?: string; id: string }[] };
    };
    expect(parsed.release.version).toBe('1877.3');
    expect(parsed.release.cloudImages.find((image) => image.region === 'us-east-1')!.id).toBe(
      'ami-055a0ce37433fcdee',
    );
  });

  it('shows the image lines for a Kubernetes version', async () => {
    const result = await run(['catalog', 'show', 'kubernetes', '1.31']);
    expect(result.stdout).toContain(
      'Bottlerocket variants with kubelet 1.31: aws-k8s-1.31 (supported), aws-k8s-1.31-nvidia (supported), vmware-k8s-1.31 (end-of-life)',
    );
    expect(result.stdout).toContain(
      'Amazon EKS: standard support until 2025-11-26, extended until 2026-11-26',
    );
  });

  it('names what does not exist (exit 1) and bad options (exit 2)', async () => {
    const missing = await run(['catalog', 'show', 'bottlerocket', 'metal-k8s-1.29', '--arch', 'arm64']);
    expect(missing).toMatchObject({
      code: 1,
      stderr:
        "error: bottlerocket: no arch 'arm64' in the catalog (Bottlerocket metal-k8s-1.29); available: amd64\n",
    });
    expect(await run(['catalog', 'list', '--now', 'yesterday'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--now: expected a date such as 2026-08-22; got 'yesterday'"),
    });
  });
});

describe('kubenode catalog refresh', () => {
  it('fails fast with exit 4 when the feeds cannot be reached', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => {}));
    const result = await run(['catalog', 'refresh', '--timeout', '0.2']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /^fetching 21 feeds \(at most 0\.2 s each\)\nerror: catalog feeds is unreachable: none of 21 feeds could be fetched \(www\.flatcar\.org: no complete response within 200 ms;/,
    );
    expect(result.stderr).toContain('the embedded snapshot stays in use');
  });

  it('caches what it fetched, reports changes, and later commands use it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kubenode-catalog-cache-'));
    const stable = JSON.parse(
      readFileSync(
        new URL(
          '../../../catalog/src/__fixtures__/catalog-vectors/flatcar/releases-stable.trimmed.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as Record<string, Record<string, unknown>>;
    const next = { ...stable['4593.2.5'], release_date: '2026-09-10 12:00:00 +0000' };
    vi.stubGlobal('fetch', async (url: string) => ({
      ok: true,
      status: 200,
      statusText: 'OK',
      text: async () =>
        url.endsWith('/releases-stable.json')
          ? JSON.stringify({ ...stable, '4593.2.6': next, current: next })
          : '',
    }));
    const refreshed = await run(['catalog', 'refresh', '--feed', 'flatcar/releases-stable'], {
      KUBENODE_CATALOG_DIR: cache,
    });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toMatch(
      /^FEED +STATUS +DETAIL\nflatcar\/releases-stable +updated +\d+ bytes, sha256 [0-9a-f]{16}…\n/,
    );
    expect(refreshed.stdout).toContain('flatcar stable: newest release 4593.2.5 -> 4593.2.6');
    expect(readdirSync(cache)).toEqual(['flatcar__releases-stable.json']);
    vi.unstubAllGlobals();
    offline();
    const list = await run(['catalog', 'list', 'flatcar', '--output', 'json'], {
      KUBENODE_CATALOG_DIR: cache,
    });
    expect(
      (JSON.parse(list.stdout) as { stream: string; latest: { version: string } }[])[0]!.latest.version,
    ).toBe('4593.2.6');
  });

  it('reports a partial failure with exit 4 and keeps the good feeds', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kubenode-catalog-cache-'));
    vi.stubGlobal('fetch', async (url: string) =>
      url.includes('releases-beta')
        ? { ok: false, status: 503, statusText: 'Service Unavailable', text: async () => '' }
        : {
            ok: true,
            status: 200,
            statusText: 'OK',
            text: async () =>
              readFileSync(
                new URL(
                  '../../../catalog/src/__fixtures__/catalog-vectors/flatcar/releases-alpha.trimmed.json',
                  import.meta.url,
                ),
                'utf8',
              ),
          },
    );
    const result = await run(
      ['catalog', 'refresh', '--feed', 'flatcar/releases-alpha', '--feed', 'flatcar/releases-beta'],
      { KUBENODE_CATALOG_DIR: cache },
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/flatcar\/releases-alpha +unchanged/);
    expect(result.stderr).toContain(
      'error: catalog feeds failed: 1 of 2 feeds failed (flatcar/releases-beta: www.flatcar.org: HTTP 503 Service Unavailable); they keep their previous data',
    );
  });
});

describe('render and validate warn about end-of-life images', () => {
  it('warns that a k3OS pool is end of life, naming the date; the exit code stays 0', async () => {
    offline();
    const result = await run(['render', pool('k3os', '{ arch: amd64 }', '1.22.17')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: spec.image: k3OS v0.22 is end of life: the project is deprecated upstream; end of life since 2023-12-08',
    );
    expect(result.stderr).toContain('successor: Elemental (SUSE Rancher)');
    expect(result.stderr).not.toContain('0123456789abcdef');
    expect(result.stdout).toBe('{}\n');
  });

  it('warns that an EOL Flatcar release is end of life, naming the date', async () => {
    const path = pool('flatcar', "{ channel: stable, version: '4459.2.1', arch: amd64 }");
    for (const command of ['render', 'validate']) {
      const result = await run([command, path]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        'warning: spec.image: Flatcar Stable 4459 (4459.2.1) is end of life since 2026-04-27 (support rule: stable 4593.2.0 (2026-04-27) is the next stable major in the data); successor: stable-4593',
      );
    }
  });

  it('warns before the end of life, and stays quiet for supported images', async () => {
    const soon = await run(['validate', pool('flatcar', "{ channel: lts, version: '4081.3.10' }")], {
      KUBENODE_NOW: '2026-05-01',
    });
    expect(soon.stderr).toContain(
      'warning: spec.image: Flatcar LTS-2024 (4081) (4081.3.10) reaches end of life on 2026-06-30 (approximate), in 60 days',
    );
    const supported = await run(['render', pool('flatcar', '{ channel: stable }')]);
    expect(supported).toMatchObject({ code: 0, stderr: '' });
    const debian = await run(['render', pool('debian', '{ channel: trixie }')]);
    expect(debian).toMatchObject({ code: 0, stderr: '' });
  });

  it('keeps a failing validation failing (exit 1), with the warning', async () => {
    const result = await run(['validate', pool('ubuntu', '{ channel: bionic }')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('user-data.json: users[0]: stub problem');
    expect(result.stderr).toContain(
      'warning: spec.image: Ubuntu 18.04 LTS (Bionic Beaver): regular support ended 2023-04-26 (distro data: old snapshot: ends at 23.04, no eol-esm column); only extended support remains, until 2028-04-01; other sources: 2023-05-31 (endoflife.date: column "Maintenance & Security Support")',
    );
  });

  it('treats a damaged cache as harmless', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kubenode-catalog-cache-'));
    writeFileSync(join(cache, 'flatcar__releases-stable.json'), '{"not":"a document"}');
    const result = await run(['render', pool('k3os', '{ arch: amd64 }')], { KUBENODE_CATALOG_DIR: cache });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: catalog cache: ignoring');
    expect(result.stderr).toContain('end of life since 2023-12-08');
  });
});
