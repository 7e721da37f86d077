import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CapabilitiesV1 } from '../adapter/v1/capabilities-v1.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import { pool } from '../test-support/fixtures.js';
import { createAptUpdateStrategy } from './apt-update-strategy.js';
import { CLOUD_INIT_NODE_FEATURES } from './cloud-init-node-features.js';
import { createDistroContainerdRuntime } from './distro-containerd-runtime.js';
import { provisionCloudInitNode, type CloudInitNodeProvisionOptions } from './provision-cloud-init-node.js';
import { validateCloudInitNodeOutput } from './validate-cloud-init-node-output.js';

const capabilities: CapabilitiesV1 = {
  provisioningFormats: ['cloud-config'],
  features: {
    ...CLOUD_INIT_NODE_FEATURES,
    'os.packages': { level: 'unsupported', reason: 'no packages here', alternative: 'bake them in' },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'recipe',
};
const adapter = {
  id: 'test-os',
  capabilities,
  runtime: createDistroContainerdRuntime('1.7'),
  updates: createAptUpdateStrategy({ livepatch: false, osVersionCommand: 'true' }),
};
const options: CloudInitNodeProvisionOptions = {
  dialect: '22.4',
  osPackages: ['containerd'],
  kubernetesRepository: {},
  keepDefaultUser: true,
  ntpClient: 'auto',
  createHostnameFile: false,
  compression: 'auto',
};

describe('provisionCloudInitNode', () => {
  it('returns the cloud-config as user-data, valid by validateCloudInitNodeOutput', () => {
    const result = provisionCloudInitNode(adapter, pool(), {}, options);
    expect(
      result.artifacts.map((artifact) => [
        artifact.name,
        artifact.mediaType,
        artifact.role,
        artifact.containsSecrets,
      ]),
    ).toEqual([['user-data', 'text/cloud-config', 'user-data', true]]);
    expect(result.artifacts[0]!.contents.startsWith('#cloud-config\n')).toBe(true);
    expect(validateCloudInitNodeOutput(result, '22.4')).toEqual([]);
  });

  it('refuses a feature the adapter declares unsupported', () => {
    expect(() => provisionCloudInitNode(adapter, pool({ os: { packages: ['jq'] } }), {}, options)).toThrow(
      UnsupportedFeatureError,
    );
  });

  it('gzips for a platform whose limit the plain text exceeds, keeping the plain text beside it', () => {
    const big = pool({
      os: { files: [{ path: '/etc/big.conf', contents: 'line of config that repeats\n'.repeat(1000) }] },
    });
    const result = provisionCloudInitNode(adapter, big, { platform: 'aws' }, options);
    expect(result.artifacts.map((artifact) => [artifact.name, artifact.role])).toEqual([
      ['user-data.gz.b64', 'user-data'],
      ['user-data', 'auxiliary'],
    ]);
    const [compressed, plain] = result.artifacts;
    expect(gunzipSync(Buffer.from(compressed!.contents, 'base64')).toString('utf8')).toBe(plain!.contents);
    expect(Buffer.byteLength(plain!.contents)).toBeGreaterThan(16_384);
    expect(Buffer.from(compressed!.contents, 'base64').length).toBeLessThanOrEqual(16_384);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['user-data-compressed']);
    expect(validateCloudInitNodeOutput(result, '22.4')).toEqual([]);
    // without a platform, or a platform without a limit, nothing is compressed
    expect(provisionCloudInitNode(adapter, big, {}, options).artifacts).toHaveLength(1);
    expect(provisionCloudInitNode(adapter, big, { platform: 'metal' }, options).artifacts).toHaveLength(1);
  });

  it('refuses user data that does not fit even after gzip, naming both sizes', () => {
    const random = pool({
      os: {
        files: [
          { path: '/etc/random.bin', contents: randomBytes(20_000).toString('base64'), encoding: 'base64' },
        ],
      },
    });
    let error: unknown;
    try {
      provisionCloudInitNode(adapter, random, { platform: 'aws' }, options);
    } catch (caught) {
      error = caught;
    }
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^spec: user data for aws is \d+ raw bytes \(\d+ raw bytes after gzip\); the limit is 16384 raw bytes on test-os; instead: move large files out of user data/,
    );
  });

  it('validate reports corrupted output', () => {
    const result = provisionCloudInitNode(adapter, pool(), {}, options);
    const artifact = result.artifacts[0]!;
    const corrupt = (contents: string) =>
      validateCloudInitNodeOutput({ ...result, artifacts: [{ ...artifact, contents }] }, '22.4');
    expect(corrupt(artifact.contents.replace('#cloud-config', '#cloud-conf'))[0]!.message).toMatch(
      /first line/,
    );
    expect(corrupt(artifact.contents.replace("permissions: '0600'", 'permissions: 0600'))[0]).toMatchObject({
      path: expect.stringMatching(/^write_files\[\d+\]\.permissions$/),
    });
    expect(corrupt(artifact.contents.replace('kubeadm join', 'kubeadm version'))).toEqual([
      { artifact: 'user-data', path: 'runcmd', message: 'no kubeadm join: the node cannot join' },
    ]);
    expect(validateCloudInitNodeOutput({ artifacts: [], warnings: [] }, '22.4')[0]!.message).toMatch(
      /missing/,
    );
  });
});

describe('the Kubernetes version window', () => {
  it('refuses a minor outside capabilities.kubernetesVersions, naming spec.kubernetes.version', () => {
    const windowed = {
      ...adapter,
      capabilities: { ...capabilities, kubernetesVersions: { min: '1.24', max: '1.35' } },
    };
    const at = (version: string) => pool({ kubernetes: { ...pool().spec.kubernetes, version } });
    expect(provisionCloudInitNode(windowed, at('1.35.2'), {}, options).artifacts).toHaveLength(1);
    expect(provisionCloudInitNode(windowed, at('1.24.0'), {}, options).artifacts).toHaveLength(1);
    for (const version of ['1.36.0', '1.23.17', '2.0.0']) {
      let error: unknown;
      try {
        provisionCloudInitNode(windowed, at(version), {}, options);
      } catch (caught) {
        error = caught;
      }
      expect(UnsupportedFeatureError.isInstance(error), version).toBe(true);
      expect((error as UnsupportedFeatureError).field).toBe('spec.kubernetes.version');
      expect((error as Error).message).toContain(`Kubernetes ${version} is outside 1.24-1.35`);
    }
  });
});
