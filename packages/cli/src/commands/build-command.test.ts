import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExternalToolError,
  type BuildPlanV1,
  type DistroAdapterV1,
  type ImageBuilderV1,
  type NodePool,
} from '@kubenode/core';
import { runCli } from '../run-cli.js';
import { formatBytes } from './build-command.js';

const TOKEN = 'abcdef.0123456789abcdef';
const CA = readFileSync(new URL('../../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');

function poolFile(distro: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubenode-build-cli-'));
  const path = join(dir, 'pool.json');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'w' },
      spec: {
        distro,
        kubernetes: {
          version: '1.32.4',
          apiServer: 'https://10.0.0.1:6443',
          caCert: CA,
          bootstrapToken: TOKEN,
        },
      },
    }),
  );
  return path;
}

function adapter(id: string, builder: ImageBuilderV1): DistroAdapterV1 {
  return {
    specificationVersion: 'v1',
    id,
    displayName: id,
    capabilities: {} as DistroAdapterV1['capabilities'],
    image: {} as DistroAdapterV1['image'],
    runtime: {} as DistroAdapterV1['runtime'],
    provision: () => ({ artifacts: [], warnings: [] }),
    validate: () => [],
    externalValidators: [],
    updates: {} as DistroAdapterV1['updates'],
    builder,
  };
}

const imagePlan: BuildPlanV1 = {
  distro: 'imagey',
  kind: 'image',
  imageId: 'a'.repeat(64),
  steps: [
    { id: 'bootstrap', description: 'bootstrap the root filesystem', tool: 'mmdebstrap' },
    { id: 'disk', description: 'assemble the disk', tool: 'sfdisk' },
  ],
  requiredTools: [],
  outputs: [{ name: 'node.qcow2', format: 'qcow2' }],
  recipeFiles: [],
};

async function run(args: string[], adapters: DistroAdapterV1[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      cwd,
      stderrIsTty: false,
    },
    adapters: () => adapters,
  });
  return { code, stdout, stderr };
}

describe('kubenode build', () => {
  it('shows progress per step on stderr and prints every size with its measure on stdout', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    let workdir = '';
    const builder: ImageBuilderV1 = {
      plan: (pool: NodePool) => ({ ...imagePlan, distro: pool.spec.distro }),
      build: async (_plan, options) => {
        workdir = options.workdir;
        options.onProgress?.({ step: 'bootstrap', state: 'started' });
        options.onProgress?.({ step: 'bootstrap', state: 'finished', message: '230 packages' });
        options.onProgress?.({ step: 'disk', state: 'started' });
        options.onProgress?.({ step: 'disk', state: 'finished' });
        return {
          artifacts: [
            {
              name: 'node.qcow2',
              path: join(out, 'node.qcow2'),
              sizeBytes: 199_200_768,
              sha256: 'b'.repeat(64),
              measure: 'compressed artifact',
            },
            {
              name: 'node.raw',
              path: join(out, 'node.raw'),
              sizeBytes: 941_621_248,
              sha256: 'c'.repeat(64),
              measure: 'disk',
            },
          ],
          notes: [`kubelet is NOT included (token ${TOKEN})`],
          measurements: [
            { what: 'root filesystem tree', measure: 'uncompressed rootfs', bytes: 482_237_671 },
          ],
        };
      },
    };
    const result = await run(
      ['build', poolFile('imagey'), '-o', 'out-dir'],
      [adapter('imagey', builder)],
      out,
    );
    expect(result.code).toBe(0);
    expect(workdir).toBe(join(out, 'out-dir'));
    expect(result.stderr).toContain('[1/2] bootstrap the root filesystem ...');
    expect(result.stderr).toMatch(/\[1\/2\] bootstrap finished \(\d+\.\ds\): 230 packages/);
    expect(result.stderr).toMatch(/\[2\/2\] disk finished/);
    expect(result.stderr).toContain('warning: kubelet is NOT included (token [redacted])');
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stdout).toBe(
      [
        `image id  ${'a'.repeat(64)}`,
        'uncompressed rootfs  482.2 MB  root filesystem tree',
        `disk                 941.6 MB  node.raw              sha256:${'c'.repeat(64)}`,
        `compressed artifact  199.2 MB  node.qcow2            sha256:${'b'.repeat(64)}`,
        '',
      ].join('\n'),
    );
    const json = await run(
      ['build', poolFile('imagey'), '-o', 'o2', '--format', 'json'],
      [adapter('imagey', builder)],
      out,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      imageId: 'a'.repeat(64),
      measurements: [{ measure: 'uncompressed rootfs' }],
    });
  });

  it('exits 4 naming the tool and its Debian package when the builder reports a missing tool', async () => {
    const builder: ImageBuilderV1 = {
      plan: () => imagePlan,
      build: async () => {
        throw new ExternalToolError({ tool: 'mmdebstrap', failure: 'missing', debianPackage: 'mmdebstrap' });
      },
    };
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    const result = await run(['build', poolFile('imagey'), '-o', 'x'], [adapter('imagey', builder)], out);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      'error: mmdebstrap is not installed (install it with: apt-get install mmdebstrap)',
    );
  });

  it('removes the output directory it created when the build fails, and keeps one that existed', async () => {
    const builder: ImageBuilderV1 = {
      plan: () => imagePlan,
      build: async (_plan, options) => {
        mkdirSync(join(options.workdir, 'rootfs'), { recursive: true });
        writeFileSync(join(options.workdir, 'node.raw.partial'), 'half an image');
        throw new ExternalToolError({ tool: 'mmdebstrap', failure: 'failed', detail: 'exit 1' });
      },
    };
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    const created = await run(
      ['build', poolFile('imagey'), '-o', 'new/image'],
      [adapter('imagey', builder)],
      out,
    );
    expect(created.code).toBe(4);
    expect(existsSync(join(out, 'new'))).toBe(false);
    mkdirSync(join(out, 'mine'));
    writeFileSync(join(out, 'mine', 'notes.txt'), 'keep\n');
    const existing = await run(
      ['build', poolFile('imagey'), '-o', 'mine'],
      [adapter('imagey', builder)],
      out,
    );
    expect(existing.code).toBe(4);
    expect(readFileSync(join(out, 'mine', 'notes.txt'), 'utf8')).toBe('keep\n');
  });

  it('writes the recipe files of a recipe builder, names the missing tool and exits 4', async () => {
    let built = false;
    const builder: ImageBuilderV1 = {
      plan: () => ({
        distro: 'recipey',
        kind: 'recipe',
        steps: [{ id: 'packer', description: 'run packer', tool: 'kubenode-no-such-packer' }],
        requiredTools: [
          { name: 'kubenode-no-such-packer', debianPackage: 'packer', purpose: 'build the image' },
        ],
        outputs: [{ name: 'recipe', format: 'recipe' }],
        recipeFiles: [
          { path: 'vars.json', contents: '{"a":1}\n', mode: 0o644 },
          { path: 'scripts/run.sh', contents: '#!/bin/sh\n', mode: 0o755 },
        ],
      }),
      build: async () => {
        built = true;
        return { artifacts: [], notes: [] };
      },
    };
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    const result = await run(
      ['build', poolFile('recipey'), '-o', 'recipe'],
      [adapter('recipey', builder)],
      out,
    );
    expect(result.code).toBe(4);
    expect(built).toBe(false);
    expect(readFileSync(join(out, 'recipe/vars.json'), 'utf8')).toBe('{"a":1}\n');
    expect(statSync(join(out, 'recipe/scripts/run.sh')).mode & 0o777).toBe(0o755);
    expect(result.stderr).toContain(
      'missing: kubenode-no-such-packer (Debian package packer), needed to build the image',
    );
    expect(result.stderr).toContain('run it where kubenode-no-such-packer is installed');
  });

  it('prints the plan with --plan-only and builds nothing', async () => {
    const builder: ImageBuilderV1 = {
      plan: () => imagePlan,
      build: async () => {
        throw new Error('must not build');
      },
    };
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    const result = await run(
      ['build', poolFile('imagey'), '-o', 'p', '--plan-only'],
      [adapter('imagey', builder)],
      out,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'image', imageId: 'a'.repeat(64) });
    expect(existsSync(join(out, 'p'))).toBe(false);
  });

  it('refuses an -o that is a file (exit 2) before building, and leaves the file alone', async () => {
    let built = false;
    const builder: ImageBuilderV1 = {
      plan: () => imagePlan,
      build: async (_plan, options) => {
        built = true;
        mkdirSync(options.workdir, { recursive: true });
        return { artifacts: [], notes: [] };
      },
    };
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    writeFileSync(join(out, 'image'), 'keep\n');
    const result = await run(['build', poolFile('imagey'), '-o', 'image'], [adapter('imagey', builder)], out);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('error: -o image: exists and is not a directory\n');
    expect(result.stderr).not.toContain('internal error');
    expect(built).toBe(false);
    expect(readFileSync(join(out, 'image'), 'utf8')).toBe('keep\n');
  });

  it('never prints the pool secrets in the plan of --plan-only (recipe files quote them)', async () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
    const builder: ImageBuilderV1 = {
      plan: (pool: NodePool) => ({
        ...imagePlan,
        kind: 'recipe',
        recipeFiles: [
          { path: 'config.yaml', contents: `token: ${pool.spec.kubernetes.bootstrapToken}\n`, mode: 0o600 },
          { path: 'id', contents: key, mode: 0o600 },
        ],
      }),
      build: async () => ({ artifacts: [], notes: [] }),
    };
    const file = poolFile('imagey');
    const pool = JSON.parse(readFileSync(file, 'utf8'));
    pool.spec.os = { files: [{ path: '/root/.ssh/id', contents: key, mode: 0o600 }] };
    writeFileSync(file, JSON.stringify(pool));
    const out = mkdtempSync(join(tmpdir(), 'kubenode-build-out-'));
    const result = await run(['build', file, '-o', 'p', '--plan-only'], [adapter('imagey', builder)], out);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('0123456789abcdef');
    expect(result.stdout).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(JSON.parse(result.stdout).recipeFiles).toMatchObject([
      { path: 'config.yaml', contents: 'token: [redacted]\n' },
      { path: 'id', contents: '[redacted]' },
    ]);
  });

  it('reports an output directory the system will not create (exit 4) at once, before building', async () => {
    let built = false;
    const builder: ImageBuilderV1 = {
      plan: () => imagePlan,
      build: async (_plan, options) => {
        built = true;
        mkdirSync(options.workdir, { recursive: true });
        return { artifacts: [], notes: [] };
      },
    };
    const result = await run(
      ['build', poolFile('imagey'), '-o', '/proc/kubenode-build/x'],
      [adapter('imagey', builder)],
      tmpdir(),
    );
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toContain(
      'error: /proc/kubenode-build/x: cannot write (no such file or directory)',
    );
    expect(built).toBe(false);
  });

  it('needs -o', async () => {
    const result = await run(
      ['build', poolFile('imagey')],
      [adapter('imagey', { plan: () => imagePlan, build: async () => ({ artifacts: [], notes: [] }) })],
      tmpdir(),
    );
    expect(result.code).toBe(2);
  });

  it('formats sizes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(199_200_768)).toBe('199.2 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
  });
});
