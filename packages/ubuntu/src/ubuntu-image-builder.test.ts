import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError, InvalidBuildInputError, type ExecRequest, type ExecResult } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createUbuntu } from './ubuntu-adapter.js';
import { PACKER_VAR_FILE } from './ubuntu-image-builder.js';

const directories: string[] = [];
function temporary(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-ubuntu-build-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A directory of stand-ins for the build tools, so tool lookup finds them. */
function fakeTools(names: readonly string[]): string {
  const directory = temporary();
  for (const name of names) {
    writeFileSync(join(directory, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(directory, name), 0o755);
  }
  return directory;
}

describe('the Ubuntu image builder (kubernetes-sigs/image-builder recipe)', () => {
  const pool = canonicalPool('kernel', 'ubuntu');

  it('plans the recipe: Packer variables from the pool, a build script, the tools it needs', () => {
    const plan = createUbuntu().builder.plan(pool);
    expect(plan).toMatchObject({ distro: 'ubuntu', kind: 'recipe' });
    expect(plan.requiredTools.map((tool) => [tool.name, tool.debianPackage])).toEqual([
      ['packer', undefined],
      ['make', 'make'],
      ['ansible-playbook', 'ansible'],
      ['qemu-system-x86_64', 'qemu-system-x86'],
      ['qemu-img', 'qemu-utils'],
    ]);
    expect(plan.outputs).toEqual([
      { name: 'ubuntu-2404-kube-v1.32.4', format: 'qcow2' },
      { name: PACKER_VAR_FILE, format: 'recipe' },
    ]);
    expect(JSON.parse(plan.recipeFiles[0]!.contents)).toEqual({
      extra_kernel_boot_params: 'systemd.unified_cgroup_hierarchy=1 console=ttyS0,115200',
      kubernetes_container_registry: 'registry.k8s.io',
      kubernetes_deb_gpg_key: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key',
      kubernetes_deb_repo: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/',
      kubernetes_deb_version: '1.32.4-1.1',
      kubernetes_semver: 'v1.32.4',
      kubernetes_series: 'v1.32',
      kubernetes_source_type: 'pkg',
    });
    expect(plan.recipeFiles[1]).toEqual({
      path: 'build.sh',
      mode: 0o755,
      contents:
        '#!/bin/sh\n# Written by kubenode: builds the Ubuntu node image with kubernetes-sigs/image-builder.\n# Usage: build.sh <path to an image-builder checkout>/images/capi\nset -eu\nhere=$(cd "$(dirname "$0")" && pwd)\ncd "${1:?usage: build.sh <image-builder>/images/capi}"\nPACKER_VAR_FILES="$here/packer-vars.json" exec make build-qemu-ubuntu-2404\n',
    });
    expect(createUbuntu().builder.plan(pool)).toEqual(plan);
  });

  it('maps packages, the pause image and proxies; jammy and explicit targets', () => {
    const plan = createUbuntu({ makeTarget: 'build-ami-ubuntu-2204' }).builder.plan(
      canonicalPool('registry-mirrors', 'ubuntu'),
    );
    expect(JSON.parse(plan.recipeFiles[0]!.contents).pause_image).toBe('registry.k8s.io/pause:3.10');
    expect(plan.requiredTools.map((tool) => tool.name)).toEqual(['packer', 'make', 'ansible-playbook']);
    const network = JSON.parse(
      createUbuntu().builder.plan(canonicalPool('network', 'ubuntu')).recipeFiles[0]!.contents,
    );
    expect(network).toMatchObject({
      http_proxy: 'http://proxy.example:3128',
      https_proxy: 'http://proxy.example:3128',
      no_proxy: '10.0.0.0/8,.svc,.cluster.local,localhost',
    });
    expect(
      JSON.parse(createUbuntu().builder.plan(canonicalPool('packages', 'ubuntu')).recipeFiles[0]!.contents)
        .extra_debs,
    ).toBe('jq nfs-common open-iscsi');
    const arm = { ...pool, spec: { ...pool.spec, image: { arch: 'arm64' as const } } };
    expect(() => createUbuntu().builder.plan(arm)).toThrow(InvalidBuildInputError);
  });

  it('writes the recipe, then names the missing tool (packer is not installable here)', async () => {
    const builder = createUbuntu({ toolPath: fakeTools(['make']) }).builder;
    const workdir = temporary();
    const plan = builder.plan(pool);
    let error: unknown;
    try {
      await builder.build(plan, { workdir });
    } catch (caught) {
      error = caught;
    }
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as ExternalToolError).tool).toBe('packer');
    expect((error as ExternalToolError).failure).toBe('missing');
    expect((error as Error).message).toMatch(
      /^packer is not installed: needed to run the image-builder Packer template .*also missing: ansible-playbook, qemu-system-x86_64, qemu-img \(apt-get install ansible qemu-system-x86 qemu-utils\)/,
    );
    expect(readFileSync(join(workdir, PACKER_VAR_FILE), 'utf8')).toBe(plan.recipeFiles[0]!.contents);
    expect(statSync(join(workdir, 'build.sh')).mode & 0o777).toBe(0o755);
  });

  it('asks for the image-builder checkout when the tools exist but the checkout does not', async () => {
    const toolPath = fakeTools(['packer', 'make', 'ansible-playbook', 'qemu-system-x86_64', 'qemu-img']);
    const builder = createUbuntu({ toolPath }).builder;
    await expect(builder.build(builder.plan(pool), { workdir: temporary() })).rejects.toThrow(
      /kubernetes-sigs\/image-builder is not installed: set the Ubuntu adapter's imageBuilderDir setting/,
    );
  });

  it('runs make in the checkout with PACKER_VAR_FILES and reports what appeared in output/', async () => {
    const toolPath = fakeTools(['packer', 'make', 'ansible-playbook', 'qemu-system-x86_64', 'qemu-img']);
    const checkout = temporary();
    writeFileSync(join(checkout, 'Makefile'), 'all:\n');
    mkdirSync(join(checkout, 'packer'));
    mkdirSync(join(checkout, 'output', 'old'), { recursive: true });
    writeFileSync(join(checkout, 'output', 'old', 'previous.qcow2'), 'old');
    const requests: ExecRequest[] = [];
    const exec = async (request: ExecRequest): Promise<ExecResult> => {
      requests.push(request);
      const out = join(checkout, 'output', 'ubuntu-2404-kube-v1.32.4');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'ubuntu-2404-kube-v1.32.4'), 'disk image bytes');
      request.onLine?.('==> qemu: done', 'stdout');
      return { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };
    };
    const builder = createUbuntu({ toolPath, exec, imageBuilderDir: checkout }).builder;
    const workdir = temporary();
    const progress: string[] = [];
    const result = await builder.build(builder.plan(pool), {
      workdir,
      onProgress: (event) => progress.push(`${event.step}:${event.state}`),
    });
    expect(requests).toEqual([
      expect.objectContaining({
        command: 'make',
        args: ['-C', checkout, 'build-qemu-ubuntu-2404'],
        env: { PACKER_VAR_FILES: join(workdir, PACKER_VAR_FILE) },
      }),
    ]);
    expect(result.artifacts.map((artifact) => [artifact.name, artifact.measure, artifact.sizeBytes])).toEqual(
      [
        ['packer-vars.json', 'file', readFileSync(join(workdir, PACKER_VAR_FILE)).length],
        ['build.sh', 'file', statSync(join(workdir, 'build.sh')).size],
        ['output/ubuntu-2404-kube-v1.32.4/ubuntu-2404-kube-v1.32.4', 'disk', 16],
      ],
    );
    expect(result.artifacts[2]!.sha256).toBe(createHash('sha256').update('disk image bytes').digest('hex'));
    expect(result.artifacts[0]!.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(workdir, PACKER_VAR_FILE)))
        .digest('hex'),
    );
    expect(progress).toContain('image-builder:finished');
    expect(result.notes[0]).toMatch(/first boot/);
  });

  it('reports a failing make as ExternalToolError with its exit code', async () => {
    const toolPath = fakeTools(['packer', 'make', 'ansible-playbook', 'qemu-system-x86_64', 'qemu-img']);
    const checkout = temporary();
    writeFileSync(join(checkout, 'Makefile'), 'all:\n');
    mkdirSync(join(checkout, 'packer'));
    const exec = async (): Promise<ExecResult> => ({
      kind: 'exited',
      exitCode: 2,
      stdout: '',
      stderr: 'Build errored\n',
    });
    const builder = createUbuntu({ toolPath, exec, imageBuilderDir: checkout }).builder;
    await expect(builder.build(builder.plan(pool), { workdir: temporary() })).rejects.toThrow(
      /make failed with exit code 2/,
    );
  });
});
