import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  ExternalToolError,
  validateNodePool,
  type ExecRequest,
  type ExecResult,
  type NodePoolInput,
} from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { createBottlerocket } from './bottlerocket-adapter.js';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const directories: string[] = [];
function temporary(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-bottlerocket-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function pool(spec: Record<string, unknown> = {}) {
  const input = structuredClone(canonicalPool('minimal', 'bottlerocket')) as unknown as NodePoolInput;
  return validateNodePool({
    ...input,
    metadata: { name: 'gpu-workers' },
    spec: { ...input.spec, ...spec },
  } as NodePoolInput);
}

describe('the Bottlerocket build: a Twoliter variant project', () => {
  it('plans the project files for the pool (packages and kernel arguments included)', () => {
    const plan = createBottlerocket().builder.plan(
      pool({
        image: { variant: 'vmware-k8s-1.32', arch: 'amd64' },
        os: { packages: ['nvidia-container-toolkit'], kernelArgs: ['intel_iommu=on'] },
      }),
    );
    expect(plan.kind).toBe('recipe');
    expect(plan.requiredTools.map((tool) => [tool.name, tool.debianPackage])).toEqual([
      ['twoliter', undefined],
      ['cargo', 'cargo'],
      ['docker', 'docker.io'],
    ]);
    expect(plan.recipeFiles.map((file) => file.path)).toEqual([
      'Twoliter.toml',
      'Cargo.toml',
      'variants/kubenode-gpu-workers/Cargo.toml',
      'variants/build.rs',
      'variants/variants.rs',
      'README.md',
    ]);
    const file = (path: string) => plan.recipeFiles.find((candidate) => candidate.path === path)!.contents;
    expect(parse(file('Twoliter.toml'))).toEqual({
      'schema-version': 1,
      'release-version': '1.0.0',
      vendor: { bottlerocket: { registry: 'public.ecr.aws/bottlerocket' } },
      sdk: { name: 'bottlerocket-sdk', version: '0.47.0', vendor: 'bottlerocket' },
      kit: [{ name: 'bottlerocket-core-kit', version: '3.3.2', vendor: 'bottlerocket' }],
    });
    expect(parse(file('Cargo.toml'))).toEqual({
      workspace: { resolver: '2', members: ['variants/kubenode-gpu-workers'] },
    });
    const manifest = parse(file('variants/kubenode-gpu-workers/Cargo.toml')) as Table;
    expect(manifest.package.name).toBe('kubenode-gpu-workers');
    expect(manifest.package.build).toBe('../build.rs');
    expect(manifest.lib).toEqual({ path: '../variants.rs' });
    expect(manifest.package.metadata['build-variant']).toEqual({
      'included-packages': [
        'release',
        'kernel-6.1',
        'cni',
        'cni-plugins',
        'kubelet-1.32',
        'open-vm-tools',
        'nvidia-container-toolkit',
      ],
      'kernel-parameters': [
        'console=tty1',
        'net.ifnames=0',
        'netdog.default-interface=eth0:dhcp4,dhcp6?',
        'quiet',
        'intel_iommu=on',
      ],
      'image-format': 'vmdk',
      'supported-arches': ['x86_64'],
      'image-features': {
        'grub-set-private-var': true,
        'uefi-secure-boot': true,
        'xfs-data-partition': true,
        'systemd-networkd': true,
      },
      'image-layout': { 'partition-plan': 'unified' },
    });
    expect(file('variants/build.rs')).toContain('Command::new("buildsys").arg("build-variant")');
    expect(file('README.md')).toContain(
      'twoliter build variant kubenode-gpu-workers --project-path . --arch x86_64',
    );
  });

  it('takes pinned kits, vendors and packages from spec.adapterOptions.bottlerocket.build', () => {
    const plan = createBottlerocket().builder.plan(
      pool({
        image: { arch: 'arm64' },
        adapterOptions: {
          bottlerocket: {
            build: {
              variantName: 'edge',
              releaseVersion: '2.1.0',
              kits: [{ name: 'my-kit', version: '1.2.3', vendor: 'acme' }],
              vendors: { acme: 'registry.example/kits' },
              basePackages: ['release'],
              imageFormat: 'qcow2',
            },
          },
        },
      }),
    );
    const twoliter = parse(plan.recipeFiles[0]!.contents) as Table;
    expect(twoliter.kit).toEqual([{ name: 'my-kit', version: '1.2.3', vendor: 'acme' }]);
    expect(twoliter.vendor).toEqual({ acme: { registry: 'registry.example/kits' } });
    const manifest = parse(plan.recipeFiles[2]!.contents) as Table;
    expect(plan.recipeFiles[2]!.path).toBe('variants/edge/Cargo.toml');
    expect(manifest.package.metadata['build-variant']['included-packages']).toEqual(['release']);
    expect(manifest.package.metadata['build-variant']['image-format']).toBe('qcow2');
    expect(manifest.package.metadata['build-variant']['supported-arches']).toEqual(['aarch64']);
  });

  it('writes the project, then names the missing tool where twoliter cannot run', async () => {
    const adapter = createBottlerocket({ toolPath: temporary() });
    const plan = adapter.builder.plan(pool());
    const workdir = temporary();
    const error = await adapter.builder.build(plan, { workdir }).catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error), String(error)).toBe(true);
    expect((error as ExternalToolError).tool).toBe('twoliter');
    expect((error as ExternalToolError).failure).toBe('missing');
    expect((error as Error).message).toMatch(
      /also missing: cargo, docker \(apt-get install cargo docker\.io\)/,
    );
    expect(readFileSync(join(workdir, 'twoliter-project', 'Twoliter.toml'), 'utf8')).toBe(
      plan.recipeFiles[0]!.contents,
    );
  });

  it('runs twoliter update, fetch and build variant, and reports the images it wrote', async () => {
    const bin = temporary();
    for (const tool of ['twoliter', 'cargo', 'docker']) {
      writeFileSync(join(bin, tool), '#!/bin/sh\nexit 0\n');
      chmodSync(join(bin, tool), 0o755);
    }
    const calls: ExecRequest[] = [];
    const exec = async (request: ExecRequest): Promise<ExecResult> => {
      calls.push(request);
      if (request.args[0] === 'build') {
        const images = join(request.cwd!, 'build', 'images', 'x86_64-kubenode-gpu-workers', '1.0.0');
        mkdirSync(images, { recursive: true });
        writeFileSync(join(images, 'bottlerocket-kubenode-gpu-workers-x86_64-1.0.0.img.lz4'), 'image bytes');
      }
      return { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };
    };
    const adapter = createBottlerocket({ toolPath: bin, exec });
    const workdir = temporary();
    const progress: string[] = [];
    const result = await adapter.builder.build(adapter.builder.plan(pool()), {
      workdir,
      onProgress: (event) => progress.push(`${event.step}:${event.state}`),
    });
    const project = join(workdir, 'twoliter-project');
    expect(calls.map((call) => [call.command, ...call.args].join(' '))).toEqual([
      `twoliter update --project-path ${project}`,
      `twoliter fetch --project-path ${project}`,
      `twoliter build variant kubenode-gpu-workers --project-path ${project} --arch x86_64`,
    ]);
    expect(progress).toContain('build-variant:finished');
    expect(result.artifacts).toHaveLength(1);
    const [artifact] = result.artifacts;
    expect(artifact!.name).toBe(
      'build/images/x86_64-kubenode-gpu-workers/1.0.0/bottlerocket-kubenode-gpu-workers-x86_64-1.0.0.img.lz4',
    );
    expect(artifact!.sizeBytes).toBe(statSync(artifact!.path).size);
    expect(artifact!.sha256).toBe(createHash('sha256').update('image bytes').digest('hex'));
    expect(artifact!.measure).toBe('compressed artifact');
  });

  it('turns a failing twoliter into an ExternalToolError with its exit code', async () => {
    const bin = temporary();
    for (const tool of ['twoliter', 'cargo', 'docker']) {
      writeFileSync(join(bin, tool), '#!/bin/sh\n');
      chmodSync(join(bin, tool), 0o755);
    }
    const exec = async (): Promise<ExecResult> => ({
      kind: 'exited',
      exitCode: 2,
      stdout: '',
      stderr: 'error: kit not found',
    });
    const adapter = createBottlerocket({ toolPath: bin, exec });
    const error = await adapter.builder
      .build(adapter.builder.plan(pool()), { workdir: temporary() })
      .catch((caught: unknown) => caught);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as ExternalToolError).exitCode).toBe(2);
    expect((error as Error).message).toContain('kit not found');
  });
});
