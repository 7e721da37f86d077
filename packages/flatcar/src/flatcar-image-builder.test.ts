import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError, InvalidAdapterOptionsError } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { parseIgnitionConfig } from 'ignition-config-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';
import type { FetchFunction } from './flatcar-settings.js';

/** Serves small fixture "binaries" and their .sha256 files the way dl.k8s.io lays them out. */
function fixtureFetch(requested: string[], corrupt?: string): FetchFunction {
  return async (url) => {
    requested.push(url);
    const match = /\/v([\d.]+)\/bin\/linux\/(amd64|arm64)\/(kubeadm|kubectl|kubelet)(\.sha256)?$/.exec(url);
    if (!match) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    const body = Buffer.from(`#!/bin/sh\necho "fixture ${match[3]} v${match[1]} ${match[2]}"\n`);
    const data = match[4]
      ? Buffer.from(
          `${createHash('sha256')
            .update(match[3] === corrupt ? 'other' : body)
            .digest('hex')}\n`,
        )
      : body;
    return {
      ok: true,
      status: 200,
      arrayBuffer: async () =>
        data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    };
  };
}

function unsquashfs(args: string[]): string {
  const run = spawnSync('unsquashfs', args, { encoding: 'utf8' });
  if (run.error)
    throw new Error(
      `unsquashfs could not run (${run.error.message}); install the Debian package 'squashfs-tools'`,
    );
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const dirs: string[] = [];
const workdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'flatcar-build-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Flatcar image builder', () => {
  const pool = canonicalPool('minimal', 'flatcar');

  it('plans a Kubernetes sysext, purely and deterministically', () => {
    const { builder } = createFlatcar();
    const plan = builder.plan(pool);
    expect(plan).toEqual(builder.plan(structuredClone(pool)));
    expect(plan).toMatchObject({
      distro: 'flatcar',
      kind: 'sysext',
      requiredTools: [{ name: 'mksquashfs', debianPackage: 'squashfs-tools' }, { name: 'dl.k8s.io' }],
    });
    expect(plan.outputs.map((o) => o.name)).toEqual([
      'kubernetes-v1.32.4-x86-64.raw',
      'SHA256SUMS',
      'kubernetes-sysext.ign',
    ]);
    expect(plan.recipeFiles.map((f) => f.path)).toEqual([
      'kubenode-sysext-build.json',
      'sysupdate.kubernetes.d/kubernetes-v1.32.conf',
      'kubernetes-sysext.ign',
    ]);
    const fragment = parseIgnitionConfig(plan.recipeFiles[2]!.contents).config;
    expect(fragment.storage!.links).toEqual([
      {
        path: '/etc/extensions/kubernetes.raw',
        hard: false,
        target: '/opt/extensions/kubernetes/kubernetes-v1.32.4-x86-64.raw',
      },
    ]);
  });

  it('builds the image with an injected fetch: bakery layout, extension-release, byte-for-byte reproducible', async () => {
    const requested: string[] = [];
    const { builder } = createFlatcar({
      fetch: fixtureFetch(requested),
      kubernetesDownloadUrl: 'https://mirror.example/k8s',
    });
    const plan = builder.plan(pool);
    const first = workdir();
    const progress: string[] = [];
    const a = await builder.build(plan, {
      workdir: first,
      onProgress: (e) => progress.push(`${e.step}:${e.state}`),
    });
    const b = await builder.build(plan, { workdir: workdir() });
    expect(requested).toContain('https://mirror.example/k8s/v1.32.4/bin/linux/amd64/kubelet');
    expect(requested).toContain('https://mirror.example/k8s/v1.32.4/bin/linux/amd64/kubelet.sha256');
    expect(a.artifacts.map((x) => x.name)).toEqual([
      'kubernetes-v1.32.4-x86-64.raw',
      'kubernetes-sysext.ign',
    ]);
    expect(a.artifacts[0]!.sha256).toBe(b.artifacts[0]!.sha256);
    expect(a.artifacts[0]!.sha256).toBe(
      createHash('sha256').update(readFileSync(a.artifacts[0]!.path)).digest('hex'),
    );
    expect(readFileSync(join(first, 'SHA256SUMS'), 'utf8')).toContain(
      `${a.artifacts[0]!.sha256}  kubernetes-v1.32.4-x86-64.raw`,
    );
    expect(progress).toContain('mksquashfs:finished');
    const listing = unsquashfs(['-lc', a.artifacts[0]!.path]);
    for (const path of [
      'usr/bin/kubeadm',
      'usr/bin/kubectl',
      'usr/bin/kubelet',
      'usr/lib/systemd/system/kubelet.service',
      'usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
      'usr/lib/systemd/system/multi-user.target.d/10-kubelet-service.conf',
      'usr/lib/extension-release.d/extension-release.kubernetes',
    ]) {
      expect(listing).toContain(`squashfs-root/${path}`);
    }
    expect(
      unsquashfs(['-cat', a.artifacts[0]!.path, 'usr/lib/extension-release.d/extension-release.kubernetes']),
    ).toBe('ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=x86-64\nEXTENSION_RELOAD_MANAGER=1\n');
    expect(unsquashfs(['-cat', a.artifacts[0]!.path, 'usr/bin/kubelet'])).toBe(
      '#!/bin/sh\necho "fixture kubelet v1.32.4 amd64"\n',
    );
    const fragment = parseIgnitionConfig(readFileSync(a.artifacts[1]!.path, 'utf8')).config;
    const image = fragment.storage!.files!.find((f) => f.path.endsWith('.raw'))!;
    expect(image.contents!.verification!.hash).toBe(`sha256-${a.artifacts[0]!.sha256}`);
  });

  it('fails with ExternalToolError (unreachable) naming what is missing when dl.k8s.io cannot be reached', async () => {
    const offline: FetchFunction = async () => {
      throw new TypeError('fetch failed');
    };
    const { builder } = createFlatcar({ fetch: offline });
    let error: unknown;
    try {
      await builder.build(builder.plan(pool), { workdir: workdir() });
    } catch (caught) {
      error = caught;
    }
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ tool: 'dl.k8s.io', failure: 'unreachable' });
    expect((error as Error).message).toMatch(
      /dl\.k8s\.io is unreachable: cannot download (kubeadm|kubectl|kubelet) v1\.32\.4/,
    );
  });

  it('refuses binaries whose sha256 does not match the published one', async () => {
    const { builder } = createFlatcar({ fetch: fixtureFetch([], 'kubelet') });
    await expect(builder.build(builder.plan(pool), { workdir: workdir() })).rejects.toThrow(
      /kubelet: sha256 [0-9a-f]+ does not match/,
    );
  });

  it('rejects invalid settings with InvalidAdapterOptionsError', () => {
    expect(() => createFlatcar({ kubernetesDownloadUrl: 'ftp://x' })).toThrow(InvalidAdapterOptionsError);
    expect(() => createFlatcar({ id: 'Bad Id' } as never)).toThrow(/invalid options for adapter/);
  });
});
