import type { NodePool, RecipeFileV1 } from '@kubenode/core';
import { stringify } from 'smol-toml';
import type { BottlerocketBuildOptions } from './bottlerocket-adapter-options.js';
import type { BottlerocketVariant } from './bottlerocket-variant.js';

/** The Twoliter project of a pool: its variant name, architecture and files. */
export interface BottlerocketRecipe {
  readonly variantName: string;
  /** Bottlerocket architecture name (`x86_64`, `aarch64`). */
  readonly arch: string;
  readonly files: readonly RecipeFileV1[];
}

const KERNEL_PARAMETERS: Record<BottlerocketVariant['platform'], readonly string[]> = {
  aws: [
    'console=tty0',
    'console=ttyS0,115200n8',
    'net.ifnames=0',
    'netdog.default-interface=eth0:dhcp4,dhcp6?',
    'quiet',
  ],
  metal: ['console=tty0', 'console=ttyS0,115200n8', 'net.ifnames=0', 'quiet'],
  vmware: ['console=tty1', 'net.ifnames=0', 'netdog.default-interface=eth0:dhcp4,dhcp6?', 'quiet'],
};

/** The packages of a Kubernetes variant of the family, as Bottlerocket's own variants list them. */
export function defaultVariantPackages(variant: BottlerocketVariant): string[] {
  const packages = ['release', 'kernel-6.1', 'cni', 'cni-plugins', `kubelet-${variant.kubernetesMinor}`];
  if (variant.platform === 'aws') packages.push('aws-iam-authenticator');
  if (variant.platform === 'vmware') packages.push('open-vm-tools');
  return packages;
}

function toml(header: string, value: Record<string, unknown>): string {
  return `${header}\n${stringify(value)}\n`;
}

/**
 * The files of a Twoliter out-of-tree variant project for a pool: `Twoliter.toml` (schema 1,
 * vendors, SDK, kits), the Cargo workspace, `variants/<name>/Cargo.toml` with the
 * `package.metadata.build-variant` metadata (packages = the family's Kubernetes packages plus
 * `spec.os.packages`; kernel parameters = the family's plus `spec.os.kernelArgs`; image format
 * and features), the variant's build script and an empty library, and a README with the
 * commands. Pure and deterministic.
 */
export function renderBottlerocketRecipe(input: {
  readonly pool: NodePool;
  readonly variant: BottlerocketVariant;
  readonly options: BottlerocketBuildOptions;
}): BottlerocketRecipe {
  const { pool, variant, options } = input;
  const name =
    options.variantName ?? `kubenode-${pool.metadata.name.replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63);
  const arch = pool.spec.image.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const packages = [
    ...new Set([
      ...(options.basePackages ?? defaultVariantPackages(variant)),
      ...pool.spec.os.packages.map((pkg) => pkg.split('=')[0]!),
    ]),
  ];
  const vendors = Object.fromEntries(
    Object.keys(options.vendors)
      .sort()
      .map((vendor) => [vendor, { registry: options.vendors[vendor]! }]),
  );
  const twoliter = toml(
    '# Twoliter project written by kubenode (https://github.com/bottlerocket-os/twoliter)',
    {
      'schema-version': 1,
      'release-version': options.releaseVersion,
      vendor: vendors,
      sdk: { name: options.sdk.name, version: options.sdk.version, vendor: options.sdk.vendor },
      kit: options.kits.map((kit) => ({ name: kit.name, version: kit.version, vendor: kit.vendor })),
    },
  );
  const workspace = toml('# Cargo workspace of the variant project (Twoliter drives cargo)', {
    workspace: { resolver: '2', members: [`variants/${name}`] },
  });
  const buildVariant: Record<string, unknown> = {
    'included-packages': packages,
    'kernel-parameters': [...KERNEL_PARAMETERS[variant.platform], ...pool.spec.os.kernelArgs],
    'image-format': options.imageFormat ?? (variant.platform === 'vmware' ? 'vmdk' : 'raw'),
    'supported-arches': [arch],
    'image-features': {
      'grub-set-private-var': true,
      'uefi-secure-boot': true,
      'xfs-data-partition': true,
      'systemd-networkd': true,
    },
  };
  if (variant.platform === 'vmware') buildVariant['image-layout'] = { 'partition-plan': 'unified' };
  const variantManifest = toml(
    `# Bottlerocket variant ${name}: ${variant.platform} Kubernetes ${variant.kubernetesMinor}, for NodePool ${pool.metadata.name}`,
    {
      package: {
        name: name.replace(/\./g, '_'),
        version: '0.1.0',
        edition: '2021',
        publish: false,
        build: '../build.rs',
        exclude: ['README.md'],
        metadata: { 'build-variant': buildVariant },
      },
      lib: { path: '../variants.rs' },
    },
  );
  const buildScript = [
    "// Written by kubenode. Cargo runs this for each variant; Bottlerocket's buildsys (provided by",
    "// Twoliter inside the SDK) reads the variant's package.metadata.build-variant and builds the image.",
    'use std::process::{exit, Command};',
    '',
    'fn main() {',
    '    match Command::new("buildsys").arg("build-variant").status() {',
    '        Ok(status) if status.success() => {}',
    '        Ok(_) => exit(1),',
    '        Err(error) => {',
    '            eprintln!("cannot run buildsys: {error}");',
    '            exit(1);',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  const readme = [
    `# Bottlerocket variant ${name}`,
    '',
    `Written by kubenode for NodePool \`${pool.metadata.name}\`: ${variant.platform} Kubernetes ${variant.kubernetesMinor} (the family of ${variant.name}), ${arch}.`,
    '',
    'Build it where twoliter, cargo and docker exist:',
    '',
    '```sh',
    'twoliter update --project-path .     # resolve the kits into Twoliter.lock',
    'twoliter fetch --project-path .      # download the SDK and kits',
    `twoliter build variant ${name} --project-path . --arch ${arch}`,
    '```',
    '',
    'Images land under `build/images/`. Boot them with the user data `kubenode render` writes.',
    '',
    'Notes:',
    `- Packages: ${packages.join(', ')}. Every package must exist in the pinned kits (${options.kits.map((kit) => `${kit.name} ${kit.version}`).join(', ')}).`,
    "- Bottlerocket's own variants also depend on settings defaults, plugins and migrations packages; an out-of-tree variant takes them from its kits. Check the kit's documentation for the packages a Kubernetes variant needs.",
    '',
  ].join('\n');
  return {
    variantName: name,
    arch,
    files: [
      { path: 'Twoliter.toml', contents: twoliter, mode: 0o644 },
      { path: 'Cargo.toml', contents: workspace, mode: 0o644 },
      { path: `variants/${name}/Cargo.toml`, contents: variantManifest, mode: 0o644 },
      { path: 'variants/build.rs', contents: buildScript, mode: 0o644 },
      {
        path: 'variants/variants.rs',
        contents: '// The variant is defined by its Cargo.toml metadata.\n',
        mode: 0o644,
      },
      { path: 'README.md', contents: readme, mode: 0o644 },
    ],
  };
}
