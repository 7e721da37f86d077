import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError } from '@kubenode/core';
import { afterEach, describe, expect, it } from 'vitest';
import { talosPool } from './__fixtures__/talos-pool.js';
import { TEST_TALOS_OPTIONS } from './__fixtures__/talos-test-options.js';
import { createTalos, type TalosFetch } from './index.js';

const workdirs: string[] = [];
afterEach(() => {
  for (const directory of workdirs.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function workdir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-talos-build-'));
  workdirs.push(directory);
  return directory;
}

const pool = talosPool({
  image: { version: '1.13.6', arch: 'arm64' },
  adapterOptions: { talos: { ...TEST_TALOS_OPTIONS, systemExtensions: ['siderolabs/gvisor'] } },
});

/** A stand-in for the Image Factory that records requests and answers like `POST /schematics`. */
function factory(answer: (body: string) => { status: number; body: string }) {
  const requests: { url: string; method?: string; body?: string }[] = [];
  const fetch: TalosFetch = async (url, init) => {
    requests.push({ url, method: init?.method, body: init?.body });
    const response = answer(init?.body ?? '');
    return { ok: response.status < 300, status: response.status, text: async () => response.body };
  };
  return { fetch, requests };
}

describe('Talos builds are Image Factory schematics', () => {
  it('plans the schematic, its content-addressed ID and the asset URLs', () => {
    const plan = createTalos().builder.plan(pool);
    expect(plan.kind).toBe('recipe');
    expect(plan.imageId).toBe('d9ff89777e246792e7642abd3220a616afb4e49822382e4213a2e528ab826fe5');
    const assets = JSON.parse(plan.recipeFiles.find((file) => file.path === 'assets.json')!.contents);
    expect(assets).toEqual({
      schematicId: plan.imageId,
      talosVersion: 'v1.13.6',
      platform: 'metal',
      arch: 'arm64',
      installerImage: `factory.talos.dev/metal-installer/${plan.imageId}:v1.13.6`,
      diskImage: `https://factory.talos.dev/image/${plan.imageId}/v1.13.6/metal-arm64.raw.xz`,
      iso: `https://factory.talos.dev/image/${plan.imageId}/v1.13.6/metal-arm64.iso`,
      pxe: `https://factory.talos.dev/pxe/${plan.imageId}/v1.13.6/metal-arm64`,
    });
  });

  it('registers the schematic and checks the ID the factory computes', async () => {
    const { fetch, requests } = factory((body) => ({
      status: 201,
      body: JSON.stringify({
        id: body.includes('siderolabs/gvisor')
          ? 'd9ff89777e246792e7642abd3220a616afb4e49822382e4213a2e528ab826fe5'
          : 'other',
      }),
    }));
    const talos = createTalos({
      fetch,
      imageFactory: { url: 'https://factory.internal.example', registry: 'factory.internal.example:5000' },
    });
    const plan = talos.builder.plan(pool);
    const directory = workdir();
    const result = await talos.builder.build(plan, { workdir: directory });
    expect(requests).toEqual([
      {
        url: 'https://factory.internal.example/schematics',
        method: 'POST',
        body: plan.recipeFiles[0]!.contents,
      },
    ]);
    expect(result.artifacts.map((artifact) => artifact.name)).toEqual(['schematic.yaml', 'assets.json']);
    expect(readFileSync(join(directory, 'schematic.yaml'), 'utf8')).toBe(plan.recipeFiles[0]!.contents);
    expect(JSON.parse(readFileSync(join(directory, 'assets.json'), 'utf8')).installerImage).toBe(
      `factory.internal.example:5000/metal-installer/${plan.imageId}:v1.13.6`,
    );
  });

  it.each([
    ['unreachable', () => Promise.reject(new Error('ECONNREFUSED')), 'unreachable'],
    ['an HTTP error', async () => ({ ok: false, status: 500, text: async () => 'boom' }), 'failed'],
    ['another ID', async () => ({ ok: true, status: 201, text: async () => '{"id":"abc"}' }), 'failed'],
  ] as const)(
    'fails with ExternalToolError naming the image factory when it is %s',
    async (_what, fetch, failure) => {
      const talos = createTalos({ fetch: fetch as TalosFetch });
      const error = await talos.builder
        .build(talos.builder.plan(pool), { workdir: workdir() })
        .catch((caught: unknown) => caught);
      expect(ExternalToolError.isInstance(error)).toBe(true);
      expect((error as ExternalToolError).tool).toBe('image-factory');
      expect((error as ExternalToolError).failure).toBe(failure);
    },
  );
});
