import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { talosDocumentKinds, validateTalosDocument } from './talos-config-schema.js';

describe('the vendored Talos v1.13 schema', () => {
  it('is the upstream v1.13.9 schema, content for content', () => {
    const text = readFileSync(new URL('./schema/talos-v1.13-config.schema.json', import.meta.url), 'utf8');
    const compact = JSON.stringify(JSON.parse(text));
    expect(createHash('sha256').update(compact).digest('hex')).toBe(
      '60cbedcfb8d637c7982e00faf5a2953b243825e8c894ca2e9170fecfe8c61e75',
    );
  });

  it('knows every document kind of Talos 1.13 and validates by kind', () => {
    expect(talosDocumentKinds()).toHaveLength(43);
    expect(talosDocumentKinds()).toEqual(
      expect.arrayContaining([
        'HostnameConfig',
        'RegistryMirrorConfig',
        'TrustedRootsConfig',
        'VolumeConfig',
      ]),
    );
    expect(validateTalosDocument({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' })).toEqual(
      [],
    );
    expect(validateTalosDocument({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'always' })).toEqual(
      [{ pointer: '/auto', message: 'must be equal to one of the allowed values' }],
    );
    expect(validateTalosDocument({ apiVersion: 'v1alpha1', kind: 'KubeClusterConfig' })).toEqual([
      { pointer: '/kind', message: 'unknown document kind "KubeClusterConfig" for Talos 1.13' },
    ]);
    expect(
      validateTalosDocument({
        apiVersion: 'v1alpha1',
        kind: 'RegistryMirrorConfig',
        name: 'docker.io',
        endpoints: [{ url: 'ftp://x' }],
      }),
    ).toEqual([{ pointer: '/endpoints/0/url', message: 'must match pattern "^(http|https)://"' }]);
  });
});
