import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExternalToolError,
  validateNodePool,
  type ExecFunction,
  type ExecRequest,
  type NodePool,
  type NodePoolInput,
} from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_PARAMETERS_FILE, createGardenLinux, shellQuote } from './index.js';

const minimal = canonicalPool('minimal', 'gardenlinux');

function withSpec(spec: Partial<NodePoolInput['spec']>): NodePool {
  return validateNodePool({ ...minimal, spec: { ...minimal.spec, ...spec } } as NodePoolInput);
}

function files(plan: { recipeFiles: readonly { path: string; contents: string; mode: number }[] }) {
  return new Map(plan.recipeFiles.map((file) => [file.path, file]));
}

function bashSyntax(script: string): void {
  const run = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

describe('the gardenlinux/builder recipe', () => {
  it('standalone: the kubenode feature pins kubelet, kubeadm and kubectl to the pool’s version from pkgs.k8s.io', () => {
    const plan = createGardenLinux().builder.plan(minimal);
    expect(plan).toMatchObject({ distro: 'gardenlinux', kind: 'recipe' });
    expect(plan.requiredTools.map((tool) => [tool.name, tool.debianPackage])).toEqual([
      ['podman', 'podman'],
      ['git', 'git'],
    ]);
    const recipe = files(plan);
    expect([...recipe.keys()]).toEqual([
      'build.sh',
      'features/kubenode/exec.late',
      'features/kubenode/info.yaml',
      'features/kubenode/pkg.include',
      'flavors.yaml',
      BUILD_PARAMETERS_FILE,
    ]);
    const execLate = recipe.get('features/kubenode/exec.late')!;
    expect(execLate.mode).toBe(0o755);
    expect(execLate.contents).toContain("'https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key'");
    expect(execLate.contents).toContain(
      "apt-get install -y --no-install-recommends 'kubelet=1.32.4-*' 'kubeadm=1.32.4-*' 'kubectl=1.32.4-*'",
    );
    expect(execLate.contents).toContain('apt-mark hold kubelet kubeadm kubectl');
    bashSyntax(execLate.contents);
    expect(recipe.get('features/kubenode/pkg.include')!.contents).toBe('containerd\ncurl\n');
    expect(parse(recipe.get('features/kubenode/info.yaml')!.contents)).toEqual({
      description: 'kubenode NodePool minimal: kubelet, kubeadm and kubectl 1.32.4, containerd',
      type: 'element',
    });
    expect(parse(recipe.get('flavors.yaml')!.contents)).toEqual({
      targets: [
        {
          name: 'aws',
          category: 'public-cloud',
          flavors: [
            {
              features: ['gardener', 'kubenode', '_prod'],
              arch: 'amd64',
              build: true,
              test: false,
              'test-platform': false,
              publish: false,
            },
          ],
        },
      ],
    });
    const build = recipe.get('build.sh')!;
    expect(build.mode).toBe(0o755);
    expect(build.contents).toContain(
      "git clone --depth 1 --branch 'rel-1877' 'https://github.com/gardenlinux/gardenlinux' gardenlinux",
    );
    expect(build.contents).toContain(
      "./build --container-engine podman --target ../.build 'aws-gardener-kubenode_prod-amd64'",
    );
    bashSyntax(build.contents);
    expect(plan.outputs.map((output) => output.name)).toContain(
      '.build/aws-gardener-kubenode_prod-amd64-<version>-<commit>.raw',
    );
  });

  it('Gardener without customisation: the published flavour itself (kvm-gardener_prod), at the pool’s release tag', () => {
    const gardener = createGardenLinux({ mode: 'gardener', flavor: 'kvm-gardener_prod' });
    const plan = gardener.builder.plan(
      withSpec({ image: { channel: '1877', version: '1877.3', arch: 'arm64' } }),
    );
    const recipe = files(plan);
    expect([...recipe.keys()]).toEqual(['build.sh', 'flavors.yaml', BUILD_PARAMETERS_FILE]);
    expect(recipe.get('build.sh')!.contents).toContain("--branch '1877.3'");
    expect(recipe.get('build.sh')!.contents).toContain("'kvm-gardener_prod-arm64'");
    expect(JSON.parse(recipe.get(BUILD_PARAMETERS_FILE)!.contents)).toEqual({
      flavor: 'kvm-gardener_prod',
      arch: 'arm64',
      ref: '1877.3',
      repository: 'https://github.com/gardenlinux/gardenlinux',
      containerEngine: 'podman',
      kubenodeFeature: false,
    });
    expect(plan.outputs.map((output) => output.format)).toEqual(['raw', 'qcow2', 'manifest', 'recipe']);
  });

  it('bakes packages and kernel arguments in, the alternative to what Gardener and _nopkg cannot do at run time', () => {
    const gardener = createGardenLinux({ mode: 'gardener' });
    const pool = withSpec({
      os: { packages: ['jq', 'nfs-common'], kernelArgs: ['console=ttyS0,115200', 'mitigations=auto'] },
    });
    const recipe = files(gardener.builder.plan(pool));
    expect(recipe.get('features/kubenode/pkg.include')!.contents).toBe('jq\nnfs-common\n');
    expect(recipe.get('features/kubenode/file.include/etc/kernel/cmdline.d/90-kubenode.cfg')!.contents).toBe(
      'CMDLINE_LINUX="$CMDLINE_LINUX console=ttyS0,115200 mitigations=auto"\n',
    );
    expect(recipe.has('features/kubenode/exec.late')).toBe(false);
    expect(recipe.get('build.sh')!.contents).toContain("'aws-gardener-kubenode_prod-amd64'");
  });

  it('quotes what comes from options in shell scripts', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    const pool = withSpec({
      adapterOptions: {
        gardenlinux: {
          build: { kubernetesRepository: "https://mirror.example/k8s'$(reboot)", extraFeatures: ['_usi'] },
        },
      },
    });
    const recipe = files(createGardenLinux().builder.plan(pool));
    const execLate = recipe.get('features/kubenode/exec.late')!.contents;
    expect(execLate).toContain(
      `'https://mirror.example/k8s'\\''$(reboot)/core:/stable:/v1.32/deb/Release.key'`,
    );
    bashSyntax(execLate);
    const run = spawnSync('bash', ['-c', `printf %s ${shellQuote("https://mirror.example/k8s'$(reboot)")}`], {
      encoding: 'utf8',
    });
    expect(run.stdout).toBe("https://mirror.example/k8s'$(reboot)");
    expect(recipe.get('build.sh')!.contents).toContain("'aws-gardener-kubenode_prod_usi-amd64'");
  });
});

describe('build()', () => {
  const directories: string[] = [];
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  function workdir(): string {
    const directory = mkdtempSync(join(tmpdir(), 'kubenode-gardenlinux-build-'));
    directories.push(directory);
    return directory;
  }

  it('runs git and ./build, then reports every artifact with its true size and sha256', async () => {
    const calls: ExecRequest[] = [];
    const exec: ExecFunction = async (request) => {
      calls.push(request);
      if (request.command === 'git') {
        mkdirSync(join(request.cwd!, 'gardenlinux', 'features'), { recursive: true });
      } else if (request.command.endsWith('/gardenlinux/build')) {
        expect(existsSync(join(request.cwd!, 'features', 'kubenode', 'exec.late'))).toBe(true);
        const out = join(request.cwd!, '..', '.build');
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, 'aws-gardener-kubenode_prod-amd64-1877.3-75df9f40.raw'), 'disk image bytes');
        writeFileSync(join(out, 'aws-gardener-kubenode_prod-amd64-1877.3-75df9f40.manifest'), 'manifest\n');
        writeFileSync(join(out, 'unrelated.log'), 'x');
        request.onLine?.('building...', 'stdout');
      }
      return { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };
    };
    const adapter = createGardenLinux({ exec });
    const dir = workdir();
    const events: string[] = [];
    const result = await adapter.builder.build(adapter.builder.plan(minimal), {
      workdir: dir,
      onProgress: (event) => events.push(`${event.step}:${event.state}`),
    });
    expect(calls.map((call) => [call.command.replace(dir, '<dir>'), ...call.args])).toEqual([
      ['podman', '--version'],
      [
        'git',
        'clone',
        '--depth',
        '1',
        '--branch',
        'rel-1877',
        'https://github.com/gardenlinux/gardenlinux',
        'gardenlinux',
      ],
      [
        '<dir>/gardenlinux/build',
        '--container-engine',
        'podman',
        '--target',
        '../.build',
        'aws-gardener-kubenode_prod-amd64',
      ],
    ]);
    expect(result.artifacts.map((artifact) => [artifact.name, artifact.sizeBytes, artifact.measure])).toEqual(
      [
        ['aws-gardener-kubenode_prod-amd64-1877.3-75df9f40.manifest', 9, 'file'],
        ['aws-gardener-kubenode_prod-amd64-1877.3-75df9f40.raw', 16, 'disk'],
      ],
    );
    const raw = result.artifacts[1]!;
    expect(raw.sha256).toBe(createHash('sha256').update('disk image bytes').digest('hex'));
    expect(readFileSync(join(dir, '.build', 'SHA256SUMS'), 'utf8')).toContain(
      `${raw.sha256}  aws-gardener-kubenode_prod-amd64-1877.3-75df9f40.raw`,
    );
    expect(readFileSync(join(dir, 'features', 'kubenode', 'exec.late'), 'utf8')).toContain(
      'kubeadm=1.32.4-*',
    );
    expect(events).toContain('build:finished');
    expect(result.notes[0]).toMatch(/gardenlinux\/gardenlinux rel-1877/);
  });

  it('names the missing container engine (podman, or docker when configured)', async () => {
    for (const [engine, debianPackage] of [
      ['podman', 'podman'],
      ['docker', 'docker.io'],
    ] as const) {
      const exec: ExecFunction = async (request) =>
        request.command === engine
          ? { kind: 'not-found' }
          : { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };
      const adapter = createGardenLinux({ exec, containerEngine: engine });
      try {
        await adapter.builder.build(adapter.builder.plan(minimal), { workdir: workdir() });
        expect.unreachable();
      } catch (error) {
        expect(ExternalToolError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ tool: engine, failure: 'missing', debianPackage });
        expect((error as Error).message).toContain(`apt-get install ${debianPackage}`);
      }
    }
  });

  it('takes the container engine from the pool’s adapter options', () => {
    const pool = withSpec({ adapterOptions: { gardenlinux: { build: { containerEngine: 'docker' } } } });
    const plan = createGardenLinux().builder.plan(pool);
    expect(plan.requiredTools.map((tool) => tool.name)).toEqual(['docker', 'git']);
    expect(files(plan).get('build.sh')!.contents).toContain('./build --container-engine docker ');
  });

  it('reports a failed ./build and a build without artifacts as the engine’s failure', async () => {
    const failing: ExecFunction = async (request) =>
      request.command.endsWith('/build')
        ? { kind: 'exited', exitCode: 2, stdout: '', stderr: 'make: *** [aws] Error 1\n' }
        : { kind: 'exited', exitCode: 0, stdout: '', stderr: '' };
    const adapter = createGardenLinux({ exec: failing });
    await expect(
      adapter.builder.build(adapter.builder.plan(minimal), { workdir: workdir() }),
    ).rejects.toMatchObject({
      tool: 'podman',
      failure: 'failed',
      exitCode: 2,
    });
    const empty: ExecFunction = async () => ({ kind: 'exited', exitCode: 0, stdout: '', stderr: '' });
    const quiet = createGardenLinux({ exec: empty });
    await expect(
      quiet.builder.build(quiet.builder.plan(minimal), { workdir: workdir() }),
    ).rejects.toThrowError(/wrote no artifacts/);
  });
});
