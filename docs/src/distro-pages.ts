import type { DistroAdapterV1, FeatureSupportV1 } from '@kubenode/core';
import { frontmatter, inlineCode, markdownTable, proseCell } from './markdown-text.js';

/** Where a distro page links to for the adapter's package. */
export interface AdapterPackageLinks {
  /** npm name of the package that provides the adapter, when known. */
  readonly packageName?: string;
  /** Markdown link target of the package's API page (which shows its README). */
  readonly apiPage?: string;
  /** Whether the package keeps hand-written notes in a README (shown on its API page). */
  readonly hasReadme?: boolean;
}

/** Inputs of one distro page. */
export interface DistroPageOptions {
  readonly adapter: DistroAdapterV1;
  /** `NODE_POOL_FEATURES` of the built @kubenode/core, in its order. */
  readonly features: readonly string[];
  readonly links: AdapterPackageLinks;
}

/** File name (without directory) of a distro's page. */
export function distroPageFile(adapterId: string): string {
  return `distro-${adapterId.replace(/[^a-z0-9.-]/gi, '-')}.md`;
}

/** Words for the `FactsV1` keys; keys the contract adds later are shown by name. */
const FACT_LABELS: Readonly<Record<string, string>> = {
  initSystem: 'Init system',
  packageManager: 'Package manager',
  immutability: 'Immutability',
  abUpdates: 'A/B updates',
  sshByDefault: 'SSH server by default',
  containerRuntime: 'Container runtime',
  provisioningFormat: 'Provisioning format',
  maintainer: 'Maintainer',
  homepage: 'Home page',
};

/** Words for the `UpdateCapabilitiesV1` keys; later keys are shown by name. */
const UPDATE_CAPABILITY_LABELS: Readonly<Record<string, string>> = {
  inPlace: 'Updates in place',
  abPartitions: 'Writes the inactive A/B partition (old version stays bootable)',
  stageWhileServing: 'Downloads and stages while the node serves',
  rollback: 'Can roll back a failed update',
  requiresReboot: 'Needs a reboot to apply',
  livepatch: 'Kernel live patching',
};

/** Words for `UpdateStrategyV1.kind`. */
const UPDATE_KIND_LABELS: Readonly<Record<string, string>> = {
  'ab-partition':
    'A/B partition images: the update is written to the inactive partition and activated by a reboot',
  'package-manager':
    "packages: the distro's package manager installs updates, kubenode decides when to reboot",
  'image-replacement': 'image replacement: nodes are replaced by machines booted from the new image',
  api: "API: the OS's own API stages and applies updates",
};

/** Words for `CapabilitiesV1.build`. */
const BUILD_LABELS: Readonly<Record<string, string>> = {
  real: 'builds bootable images on this machine with the distro’s own tools',
  sysext: 'builds systemd-sysext extension images that the stock OS image loads',
  recipe: "writes the distro's native build recipe and runs it where its tools exist",
};

function factValue(value: unknown): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return `<${value}>`;
  return proseCell(String(value));
}

function supportLevel(support: FeatureSupportV1): string {
  return support.level === 'native' ? 'native' : support.level === 'emulated' ? 'emulated' : 'unsupported';
}

function featureSupport(adapter: DistroAdapterV1, feature: string): FeatureSupportV1 | undefined {
  return (adapter.capabilities.features as Readonly<Record<string, FeatureSupportV1 | undefined>>)[feature];
}

/**
 * One distro's page, generated from the adapter's declared data: facts, image lines, what each
 * NodePool field maps to, what is unsupported with the reason and the alternative, update
 * mechanics and the build.
 *
 * @throws Error when the adapter leaves a NodePool feature undeclared.
 */
export function renderDistroPage(options: DistroPageOptions): string {
  const { adapter, features, links } = options;
  const undeclared = features.filter((feature) => featureSupport(adapter, feature) === undefined);
  if (undeclared.length > 0) {
    throw new Error(`adapter ${adapter.id} does not declare support for: ${undeclared.join(', ')}`);
  }
  const out: string[] = [
    frontmatter({ title: adapter.displayName, group: 'Distros' }),
    `# ${adapter.displayName}`,
    '',
    `Adapter id ${inlineCode(adapter.id)} (\`spec.distro: ${adapter.id}\`).`,
  ];
  if (links.packageName) {
    const target = links.hasReadme ? 'README and API reference' : 'API reference';
    out.push(
      `Package ${inlineCode(links.packageName)}${links.apiPage ? `: [${target}](${links.apiPage})` : ''}.`,
    );
  }
  out.push(
    '',
    'Everything on this page is generated from the data the adapter declares (its capabilities, image facts and update strategy), so it cannot drift from what the adapter does.',
    '',
  );

  out.push('## At a glance', '');
  const glance: string[][] = Object.entries(adapter.image.facts).map(([key, value]) => [
    proseCell(FACT_LABELS[key] ?? key),
    factValue(value),
  ]);
  glance.push(
    ['Provisioning output', adapter.capabilities.provisioningFormats.map(inlineCode).join(', ')],
    [
      'Channels',
      adapter.image.channels
        .map(
          (channel) => inlineCode(channel) + (channel === adapter.image.defaultChannel ? ' (default)' : ''),
        )
        .join(', '),
    ],
    ['Architectures', adapter.image.architectures.map(inlineCode).join(', ')],
    [
      'Kubernetes versions',
      adapter.capabilities.kubernetesVersions
        ? `${inlineCode(adapter.capabilities.kubernetesVersions.min)} to ${inlineCode(adapter.capabilities.kubernetesVersions.max)}`
        : 'any (the adapter declares no version window)',
    ],
    [
      'Update strategies (`spec.updates.strategy`)',
      adapter.capabilities.updateStrategies.map(inlineCode).join(', '),
    ],
    [
      'Image build',
      `${inlineCode(adapter.capabilities.build)}: ${proseCell(BUILD_LABELS[adapter.capabilities.build] ?? '')}`,
    ],
  );
  out.push(markdownTable(['Fact', 'Value'], glance), '');

  const supported = features.filter((feature) => featureSupport(adapter, feature)?.level !== 'unsupported');
  const unsupported = features.filter((feature) => featureSupport(adapter, feature)?.level === 'unsupported');

  out.push(
    '## What maps where',
    '',
    '`native`: the distro has its own setting for it; `emulated`: kubenode writes files, units or commands to get the same effect.',
    '',
  );
  out.push(
    markdownTable(
      ['NodePool field', 'Support', 'Where it lands'],
      supported.map((feature) => {
        const support = featureSupport(adapter, feature) as Extract<FeatureSupportV1, { how: string }>;
        return [inlineCode(`spec.${feature}`), supportLevel(support), proseCell(support.how)];
      }),
    ),
    '',
  );

  out.push('## Not supported', '');
  if (unsupported.length === 0) {
    out.push(`${adapter.displayName} can express every NodePool field.`, '');
  } else {
    out.push(
      `Setting one of these fails with \`UnsupportedFeatureError\` (exit code 3 in the CLI), which names the field and the alternative; nothing is dropped silently.`,
      '',
      markdownTable(
        ['NodePool field', 'Why', 'Instead'],
        unsupported.map((feature) => {
          const support = featureSupport(adapter, feature) as Extract<FeatureSupportV1, { reason: string }>;
          return [inlineCode(`spec.${feature}`), proseCell(support.reason), proseCell(support.alternative)];
        }),
      ),
      '',
    );
  }

  const updates = adapter.updates;
  out.push(
    '## Updates',
    '',
    `Mechanism ${inlineCode(updates.kind)}: ${proseCell(UPDATE_KIND_LABELS[updates.kind] ?? updates.kind)}.`,
    '',
    markdownTable(
      ['Capability', 'Value'],
      Object.entries(updates.capabilities).map(([key, value]) => [
        proseCell(UPDATE_CAPABILITY_LABELS[key] ?? key),
        factValue(value),
      ]),
    ),
    '',
    `After an update, the rollout engine proves it took effect by comparing ${updates.verificationKeys
      .map(inlineCode)
      .join(', ')} before and after.`,
    '',
  );

  out.push('## Checked by', '');
  if (adapter.externalValidators.length === 0) {
    out.push('The adapter has no upstream validator; its own `validate()` checks the output.', '');
  } else {
    out.push(
      'Besides the adapter’s own `validate()`, these upstream tools judge the output (`kubenode validate` and CI run them):',
      '',
      markdownTable(
        ['Tool', 'Debian package', 'Checks'],
        adapter.externalValidators.map((validator) => [
          inlineCode(validator.tool),
          validator.debianPackage ? inlineCode(validator.debianPackage) : '',
          proseCell(`${validator.description} (${validator.artifact})`),
        ]),
      ),
      '',
    );
  }
  return out.join('\n');
}

/** Inputs of the distro overview page. */
export interface DistroIndexOptions {
  readonly adapters: readonly DistroAdapterV1[];
  readonly features: readonly string[];
}

/**
 * The distro overview: one row per adapter and a feature matrix (which NodePool field each
 * distro expresses natively, emulates or cannot express), linking to the per-distro pages,
 * which are its children in the navigation.
 */
export function renderDistroIndex(options: DistroIndexOptions): string {
  const adapters = [...options.adapters].sort((a, b) => a.id.localeCompare(b.id));
  const out: string[] = [
    frontmatter({
      title: 'Distros',
      group: 'Guides',
      ...(adapters.length > 0
        ? { children: adapters.map((adapter) => `./${distroPageFile(adapter.id)}`) }
        : {}),
    }),
    '# Distros',
    '',
  ];
  if (adapters.length === 0) {
    out.push('No distro adapter is registered with the CLI in this build.', '');
    return out.join('\n');
  }
  out.push(
    'The distro adapters the `kubenode` CLI registers. Each page is generated from the adapter’s declared capabilities.',
    '',
    markdownTable(
      ['Distro', 'Id', 'Provisioning output', 'Updates', 'Image build'],
      adapters.map((adapter) => [
        `[${proseCell(adapter.displayName)}](./${distroPageFile(adapter.id)})`,
        inlineCode(adapter.id),
        adapter.capabilities.provisioningFormats.map(inlineCode).join(', '),
        inlineCode(adapter.updates.kind),
        inlineCode(adapter.capabilities.build),
      ]),
    ),
    '',
    '## Feature matrix',
    '',
    '✓ native, ≈ emulated with files or units, ✗ not expressible (the distro page says why and what to do instead).',
    '',
    markdownTable(
      ['NodePool field', ...adapters.map((adapter) => inlineCode(adapter.id))],
      options.features.map((feature) => [
        inlineCode(`spec.${feature}`),
        ...adapters.map((adapter) => {
          const level = featureSupport(adapter, feature)?.level;
          return level === 'native' ? '✓' : level === 'emulated' ? '≈' : level === 'unsupported' ? '✗' : '?';
        }),
      ]),
    ),
    '',
  );
  return out.join('\n');
}
