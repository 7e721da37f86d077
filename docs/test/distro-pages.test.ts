import { builtinAdapters } from '@kubenode/cli';
import {
  NODE_POOL_FEATURES,
  type CapabilitiesV1,
  type DistroAdapterV1,
  type FeatureSupportV1,
  type NodePoolFeature,
} from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { distroPageFile, renderDistroIndex, renderDistroPage } from '../src/distro-pages.js';

function unused(): never {
  throw new Error('the docs never call this');
}

/** An adapter made of data only, as the pages read it. */
function adapterWith(
  id: string,
  features: Partial<Record<NodePoolFeature, FeatureSupportV1>>,
): DistroAdapterV1 {
  const all = Object.fromEntries(
    NODE_POOL_FEATURES.map((feature) => [
      feature,
      features[feature] ?? { level: 'emulated', how: `files for ${feature}` },
    ]),
  ) as CapabilitiesV1['features'];
  return {
    specificationVersion: 'v1',
    id,
    displayName: `Acme OS ${id}`,
    capabilities: {
      provisioningFormats: ['acme-toml'],
      features: all,
      updateStrategies: ['in-place'],
      build: 'recipe',
      kubernetesVersions: { min: '1.31', max: '1.36' },
    },
    image: {
      facts: {
        initSystem: 'systemd',
        packageManager: null,
        immutability: 'read-only-root',
        abUpdates: true,
        sshByDefault: false,
        containerRuntime: 'containerd',
        provisioningFormat: 'acme-toml',
        maintainer: 'Acme | Ltd',
        homepage: 'https://acme.example',
      },
      channels: ['stable', 'edge'],
      defaultChannel: 'stable',
      architectures: ['amd64', 'arm64'],
      describe: unused,
    },
    runtime: { configure: unused } as unknown as DistroAdapterV1['runtime'],
    provision: unused,
    validate: unused,
    externalValidators: [
      {
        tool: 'acme-check',
        debianPackage: 'acme-tools',
        artifact: 'user-data',
        args: ['{file}'],
        description: 'Acme schema',
      },
    ],
    updates: {
      kind: 'ab-partition',
      capabilities: {
        inPlace: true,
        abPartitions: true,
        stageWhileServing: true,
        rollback: true,
        requiresReboot: true,
        livepatch: false,
      },
      verificationKeys: ['osImage', 'bootID'],
      nodeConfiguration: unused,
      planNode: unused,
      interpretDetect: unused,
      verify: unused,
    },
    builder: { plan: unused, build: unused },
  };
}

const acme = adapterWith('acme.os', {
  'os.packages': {
    level: 'unsupported',
    reason: 'The root is read-only | immutable.',
    alternative: 'Use a <system extension>.',
  },
  'os.sysctls': { level: 'native', how: 'settings.kernel.sysctl' },
});

describe('a distro page', () => {
  const page = renderDistroPage({
    adapter: acme,
    features: NODE_POOL_FEATURES,
    links: { packageName: '@acme/os', apiPage: '../api', hasReadme: true },
  });

  it('maps every supported NodePool field to where it lands', () => {
    const mapped = page.split('## What maps where')[1]?.split('## Not supported')[0] ?? '';
    for (const feature of NODE_POOL_FEATURES.filter((f) => f !== 'os.packages')) {
      expect(mapped).toContain(`| \`spec.${feature}\` |`);
    }
    expect(mapped).toContain('| `spec.os.sysctls` | native | settings.kernel.sysctl |');
    expect(mapped).toContain('| `spec.os.users` | emulated | files for os.users |');
    expect(mapped).not.toContain('spec.os.packages');
  });

  it('lists what is unsupported with the reason and the alternative, escaped for the table', () => {
    const unsupported = page.split('## Not supported')[1]?.split('## Updates')[0] ?? '';
    expect(unsupported).toContain(
      '| `spec.os.packages` | The root is read-only \\| immutable. | Use a &lt;system extension>. |',
    );
  });

  it('states facts, image lines, the Kubernetes window, update mechanics, the build and the judges', () => {
    expect(page).toContain('| Package manager | none |');
    expect(page).toContain('| A/B updates | yes |');
    expect(page).toContain('| SSH server by default | no |');
    expect(page).toContain('| Maintainer | Acme \\| Ltd |');
    expect(page).toContain('| Home page | <https://acme.example> |');
    expect(page).toContain('`stable` (default), `edge`');
    expect(page).toContain('`1.31` to `1.36`');
    expect(page).toContain('Mechanism `ab-partition`');
    expect(page).toContain('| Kernel live patching | no |');
    expect(page).toContain('comparing `osImage`, `bootID` before and after');
    expect(page).toContain('| Image build | `recipe`: ');
    expect(page).toContain('| `acme-check` | `acme-tools` | Acme schema (user-data) |');
    expect(page).toContain('Package `@acme/os`: [README and API reference](../api).');
    expect(page).toMatch(/^---\ntitle: "Acme OS acme\.os"\ngroup: "Distros"\n---\n/);
  });

  it('refuses an adapter that leaves a NodePool feature undeclared', () => {
    const partial = adapterWith('partial', {});
    const features = { ...partial.capabilities.features } as Record<string, FeatureSupportV1>;
    delete features['os.proxy'];
    const broken = { ...partial, capabilities: { ...partial.capabilities, features } } as DistroAdapterV1;
    expect(() => renderDistroPage({ adapter: broken, features: NODE_POOL_FEATURES, links: {} })).toThrow(
      /partial does not declare support for: os\.proxy/,
    );
  });
});

describe('the distro overview', () => {
  it('links every adapter page and shows the feature matrix', () => {
    const other = adapterWith('beta', { 'os.packages': { level: 'native', how: 'apt' } });
    const index = renderDistroIndex({ adapters: [acme, other], features: NODE_POOL_FEATURES });
    expect(index).toContain('children:\n  - "./distro-acme.os.md"\n  - "./distro-beta.md"');
    expect(index).toContain(`[Acme OS acme.os](./${distroPageFile('acme.os')})`);
    expect(index).toContain('| `spec.os.packages` | ✗ | ✓ |');
    expect(index).toContain('| `spec.os.sysctls` | ✓ | ≈ |');
  });

  it('says so when no adapter is registered', () => {
    expect(renderDistroIndex({ adapters: [], features: NODE_POOL_FEATURES })).toContain(
      'No distro adapter is registered',
    );
  });
});

describe('the adapters the CLI registers', () => {
  it('each render a page (their declared data is complete)', () => {
    const adapters = builtinAdapters();
    for (const adapter of adapters) {
      const page = renderDistroPage({ adapter, features: NODE_POOL_FEATURES, links: {} });
      expect(page).toContain(`# ${adapter.displayName}`);
      for (const [feature, support] of Object.entries(adapter.capabilities.features)) {
        const text = support.level === 'unsupported' ? support.reason : support.how;
        expect(text.trim().length, `${adapter.id} ${feature}`).toBeGreaterThan(0);
      }
    }
    expect(new Set(adapters.map((a) => distroPageFile(a.id))).size).toBe(adapters.length);
  });
});
