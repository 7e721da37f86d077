import { InvalidAdapterOptionsError, SpecValidationError } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createK3os } from './k3os-adapter.js';
import { k3osImage } from './k3os-image.js';
import { k3osKubernetesVersion } from './k3os-release.js';
import { k3osRuntime } from './k3os-runtime.js';

describe('k3OS facts, image line, runtime and factory', () => {
  it('describes the frozen release line', () => {
    expect(k3osImage.describe({ arch: 'arm64' })).toEqual({
      distro: 'k3os',
      channel: 'stable',
      version: 'v0.22.2-k3s2r0',
      arch: 'arm64',
      sources: [
        {
          kind: 'url',
          location: 'https://github.com/rancher/k3os/releases/download/v0.22.2-k3s2r0/k3os-arm64.iso',
          description: 'installer and live ISO (remaster it with kubenode build to embed config.yaml)',
        },
      ],
      verification: {},
    });
    expect(() => k3osImage.describe({ arch: 'amd64', version: '1.2.3' })).toThrow(SpecValidationError);
    expect(() => k3osImage.describe({ arch: 'amd64', channel: 'latest' })).toThrow(SpecValidationError);
    expect(k3osImage.facts).toMatchObject({ initSystem: 'openrc', packageManager: null, abUpdates: false });
    expect(k3osKubernetesVersion('v0.22.2-k3s2r0')).toBe('1.22.2');
    expect(k3osKubernetesVersion('nope')).toBeUndefined();
  });

  it("renders k3s's registries.yaml", () => {
    const files = k3osRuntime.render(canonicalPool('minimal', 'k3os')).files;
    expect(files).toEqual([]);
    const pool = canonicalPool('registry-mirrors', 'k3os');
    const [file] = k3osRuntime.render(pool).files;
    expect(file!.path).toBe('/etc/rancher/k3s/registries.yaml');
    expect(parse(file!.contents).mirrors['docker.io']).toEqual({
      endpoint: ['https://mirror-a.example', 'https://mirror-b.example:5000'],
    });
  });

  it('validates its settings', () => {
    expect(createK3os({ id: 'acme.k3os' }).id).toBe('acme.k3os');
    expect(() => createK3os({ id: 'Not An Id' })).toThrow(InvalidAdapterOptionsError);
    expect(createK3os().displayName).toBe('k3OS (end of life)');
  });
});
