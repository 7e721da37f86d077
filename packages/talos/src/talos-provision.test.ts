/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read parsed YAML documents field by field */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  collectSecrets,
  SpecValidationError,
  UnsupportedFeatureError,
  type ProvisioningResultV1,
} from '@kubenode/core';
import { HOSTILE_TEXT, TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { talosPool } from './__fixtures__/talos-pool.js';
import {
  TEST_TALOS_CLUSTER_SECRET,
  TEST_TALOS_MACHINE_TOKEN,
  TEST_TALOS_OPTIONS,
  TEST_TALOS_OS_CA,
} from './__fixtures__/talos-test-options.js';
import {
  createTalos,
  parseTalosDocuments,
  talosSecrets,
  validateTalosDocument,
  validateTalosOutput,
} from './index.js';

const VECTORS = new URL('./__fixtures__/', import.meta.url);

function render(overrides: Parameters<typeof talosPool>[0] = {}): ProvisioningResultV1 {
  return createTalos().provision(talosPool(overrides));
}

function documentsOf(result: ProvisioningResultV1): Record<string, unknown>[] {
  const artifact = result.artifacts.find((candidate) => candidate.name === 'machine-config.yaml')!;
  return parseTalosDocuments(artifact.contents).map((document) => {
    expect(document.errors).toEqual([]);
    return document.value as Record<string, unknown>;
  });
}

function refusal(overrides: Parameters<typeof talosPool>[0]): unknown {
  try {
    render(overrides);
  } catch (error) {
    return error;
  }
  throw new Error('expected provision() to throw');
}

describe('Talos machine configuration', () => {
  it('joins the worker: Talos PKI, Kubernetes CA and bootstrap token, endpoint, kubelet and installer images', () => {
    const result = render();
    const [config, hostname] = documentsOf(result) as [Record<string, any>, Record<string, unknown>];
    expect(config.version).toBe('v1alpha1');
    expect(config.machine.type).toBe('worker');
    expect(config.machine.token).toBe(TEST_TALOS_MACHINE_TOKEN);
    expect(Buffer.from(config.machine.ca.crt, 'base64').toString('utf8')).toBe(TEST_TALOS_OS_CA);
    expect(config.machine.ca.key).toBe('');
    expect(config.cluster.token).toBe(TEST_BOOTSTRAP_TOKEN);
    expect(Buffer.from(config.cluster.ca.crt, 'base64').toString('utf8')).toBe(TEST_CLUSTER_CA);
    expect(config.cluster.ca.key).toBe('');
    expect(config.cluster.controlPlane.endpoint).toBe('https://10.0.0.1:6443');
    expect(config.cluster.id).toBe(TEST_TALOS_OPTIONS.cluster.id);
    expect(config.cluster.secret).toBe(TEST_TALOS_CLUSTER_SECRET);
    expect(config.machine.kubelet.image).toBe('ghcr.io/siderolabs/kubelet:v1.32.4');
    expect(config.machine.install.image).toBe(
      'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9',
    );
    expect(hostname).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
    expect(
      result.artifacts.map((artifact) => [artifact.name, artifact.role, artifact.containsSecrets]),
    ).toEqual([
      ['machine-config.yaml', 'user-data', true],
      ['schematic.yaml', 'auxiliary', false],
    ]);
  });

  it('points the installer image at the schematic it ships, with the pool release and platform', () => {
    const result = render({
      image: { version: '1.13.4', arch: 'amd64' },
      os: { kernelArgs: ['net.ifnames=0'] },
      adapterOptions: {
        talos: { ...TEST_TALOS_OPTIONS, platform: 'gcp', systemExtensions: ['siderolabs/iscsi-tools'] },
      },
    });
    const schematic = result.artifacts.find((artifact) => artifact.name === 'schematic.yaml')!.contents;
    const id = createHash('sha256').update(schematic).digest('hex');
    expect((documentsOf(result)[0] as any).machine.install.image).toBe(
      `factory.talos.dev/gcp-installer/${id}:v1.13.4`,
    );
    expect(schematic).toBe(
      'customization:\n    extraKernelArgs:\n        - net.ifnames=0\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/iscsi-tools\n',
    );
  });

  it('writes files below /var byte for byte, in octal permissions', () => {
    const result = render({
      os: {
        files: [
          { path: '/var/lib/app/hostile', contents: HOSTILE_TEXT, mode: '0600' },
          {
            path: '/var/lib/app/text-from-base64',
            contents: Buffer.from('ü\n').toString('base64'),
            encoding: 'base64',
          },
        ],
      },
    });
    const contents = result.artifacts[0]!.contents;
    expect(contents).toContain('permissions: 0600');
    const files = (documentsOf(result)[0] as any).machine.files;
    expect(files).toEqual([
      { content: HOSTILE_TEXT, permissions: 0o600, path: '/var/lib/app/hostile', op: 'create' },
      { content: 'ü\n', permissions: 0o644, path: '/var/lib/app/text-from-base64', op: 'create' },
    ]);
  });

  it('maps taints to registerWithTaints, the sandbox image to the CRI customization part, mirrors to documents', () => {
    const result = render({
      kubernetes: { nodeTaints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], maxPods: 42 },
      runtime: {
        sandboxImage: 'registry.k8s.io/pause:3.10',
        registryMirrors: { 'ghcr.io': ['https://ghcr.mirror.example'] },
      },
    });
    const [config, ...rest] = documentsOf(result) as Record<string, any>[];
    expect(config!.machine.kubelet.extraConfig).toEqual({
      maxPods: 42,
      registerWithTaints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
    });
    expect(config!.machine.files).toEqual([
      {
        content:
          '[plugins."io.containerd.cri.v1.images".pinned_images]\n  sandbox = "registry.k8s.io/pause:3.10"\n',
        permissions: 0o644,
        path: '/etc/cri/conf.d/20-customization.part',
        op: 'create',
      },
    ]);
    expect(rest).toContainEqual({
      apiVersion: 'v1alpha1',
      kind: 'RegistryMirrorConfig',
      name: 'ghcr.io',
      endpoints: [{ url: 'https://ghcr.mirror.example' }],
    });
  });

  it('passes its own validation and the upstream schema document by document', () => {
    const result = render({
      os: { hostname: 'w1', ntpServers: ['time.example'], rootDisk: { grow: false } },
    });
    expect(validateTalosOutput(result)).toEqual([]);
    for (const document of documentsOf(result)) expect(validateTalosDocument(document)).toEqual([]);
  });
});

describe('typed refusals', () => {
  it.each([
    ['SSH users', { os: { users: [{ name: 'ops' }] } }, 'spec.os.users', /talosctl/],
    [
      'systemd units',
      { os: { units: [{ name: 'x.service', contents: '[Service]\n' }] } },
      'spec.os.units',
      /DaemonSet|extension service/,
    ],
    ['packages', { os: { packages: ['jq'] } }, 'spec.os.packages', /systemExtensions/],
    [
      'a file outside /var',
      { os: { files: [{ path: '/etc/motd', contents: 'hi\n' }] } },
      'spec.os.files[0].path',
      /below \/var/,
    ],
    [
      'a file not owned by root',
      { os: { files: [{ path: '/var/x', contents: 'x', owner: 'nobody' }] } },
      'spec.os.files[0].owner',
      /root:root/,
    ],
    [
      'binary file contents',
      { os: { files: [{ path: '/var/x', contents: '/wA=', encoding: 'base64' as const }] } },
      'spec.os.files[0].contents',
      /system extension/,
    ],
    [
      'a kubelet field Talos manages',
      { kubernetes: { kubelet: { port: 10255 } } },
      'spec.kubernetes.kubelet.port',
      /leave this field to Talos/,
    ],
    ['Kubernetes 1.30', { kubernetes: { version: '1.30.9' } }, 'spec.kubernetes.version', /1\.31 to 1\.36/],
  ])('refuses %s with UnsupportedFeatureError naming the field', (_what, overrides, field, alternative) => {
    const error = refusal(overrides as Parameters<typeof talosPool>[0]);
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    const typed = error as UnsupportedFeatureError;
    expect(typed.field).toBe(field);
    expect(typed.distro).toBe('talos');
    expect(typed.alternative).toMatch(alternative);
    for (const secret of [
      ...collectSecrets(talosPool()),
      TEST_TALOS_MACHINE_TOKEN,
      TEST_TALOS_CLUSTER_SECRET,
    ]) {
      expect(typed.message).not.toContain(secret);
    }
  });

  it('refuses another Talos minor and a missing PKI with SpecValidationError naming the path, without secrets', () => {
    const minor = refusal({ image: { version: '1.14.0', arch: 'amd64' } });
    expect(SpecValidationError.isInstance(minor)).toBe(true);
    expect((minor as SpecValidationError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.image.version',
    ]);

    const missing = refusal({ adapterOptions: { talos: { cluster: TEST_TALOS_OPTIONS.cluster } } });
    expect(SpecValidationError.isInstance(missing)).toBe(true);
    expect((missing as SpecValidationError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.adapterOptions.talos.machine',
    ]);

    const badToken = refusal({
      adapterOptions: {
        talos: {
          ...TEST_TALOS_OPTIONS,
          machine: { ...TEST_TALOS_OPTIONS.machine, token: `${TEST_TALOS_MACHINE_TOKEN}X` },
        },
      },
    });
    expect((badToken as Error).message).not.toContain(TEST_TALOS_MACHINE_TOKEN);
  });
});

describe('validateTalosOutput', () => {
  const base = () => render();
  const replace = (result: ProvisioningResultV1, from: string, to: string): ProvisioningResultV1 => ({
    ...result,
    artifacts: result.artifacts.map((artifact) => ({
      ...artifact,
      contents: artifact.contents.replace(from, to),
    })),
  });

  it('finds schema violations, worker rule violations and a schematic that does not match the installer image', () => {
    const unknownField = validateTalosOutput(
      replace(base(), '    certSANs: []\n', '    certSANs: []\n    shell: /bin/sh\n'),
    );
    expect(unknownField).toContainEqual({
      artifact: 'machine-config.yaml',
      path: '[0].machine',
      message: "unknown field 'shell'",
    });

    const caKey = validateTalosOutput(replace(base(), '        key: ""\n', '        key: c2VjcmV0\n'));
    expect(caKey).toContainEqual({
      artifact: 'machine-config.yaml',
      path: '[0].machine.ca.key',
      message: 'the Talos API CA key is not allowed on worker nodes',
    });

    const schematic = validateTalosOutput(
      replace(base(), 'customization: {}\n', 'customization:\n    extraKernelArgs:\n        - quiet\n'),
    );
    expect(schematic.map((issue) => issue.path)).toContain('[0].machine.install.image');

    expect(validateTalosOutput({ artifacts: [], warnings: [] })).toEqual([
      {
        artifact: 'machine-config.yaml',
        path: '',
        message: 'missing: the machine configuration is what a Talos machine boots with',
      },
    ]);
  });

  it('never quotes secrets in its issues', () => {
    const issues = validateTalosOutput(
      replace(base(), 'version: v1alpha1\n', 'version: v1alpha1\n  broken: [\n'),
    );
    expect(issues.length).toBeGreaterThan(0);
    const text = JSON.stringify(issues);
    for (const secret of talosSecrets(talosPool())) expect(text).not.toContain(secret);
  });
});

describe('the upstream Talos v1.13 worker vectors', () => {
  // SOURCES.md: both files are generated by Talos itself and accepted by it, but carry two keys
  // the schema leaves out (top-level `persist`, `machine.install.extraKernelArgs`).
  const load = (name: string) =>
    parseTalosDocuments(readFileSync(new URL(name, VECTORS), 'utf8')).map(
      (document) => document.value as Record<string, any>,
    );

  it.each(['talos-v1.13-base-worker.yaml', 'talos-v1.13-overrides-worker.yaml'])(
    '%s fails the schema only on the deprecated keys',
    (name) => {
      const [config, ...documents] = load(name);
      const issues = validateTalosDocument(config);
      expect(issues.map((issue) => issue.message).sort()).toEqual(
        name.includes('overrides')
          ? ["unknown field 'extraKernelArgs'", "unknown field 'persist'"]
          : ["unknown field 'persist'"],
      );
      delete config!.persist;
      delete config!.machine.install.extraKernelArgs;
      expect(validateTalosDocument(config)).toEqual([]);
      for (const document of documents) expect(validateTalosDocument(document)).toEqual([]);
    },
  );

  it('renders the same v1alpha1 shape as upstream for the keys both write', () => {
    const [upstream] = load('talos-v1.13-base-worker.yaml');
    const [ours] = documentsOf(render()) as Record<string, any>[];
    expect(Object.keys(ours!.machine)).toEqual(
      expect.arrayContaining(['type', 'token', 'ca', 'certSANs', 'kubelet', 'install', 'features']),
    );
    expect(ours!.machine.features).toEqual(upstream!.machine.features);
    expect(ours!.cluster.discovery).toEqual(upstream!.cluster.discovery);
    expect(Object.keys(ours!.machine.kubelet)).toEqual(
      expect.arrayContaining(Object.keys(upstream!.machine.kubelet)),
    );
  });
});
