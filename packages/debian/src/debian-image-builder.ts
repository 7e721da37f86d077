import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { arch as hostArch, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  assembleGptDisk,
  assertToolsInstalled,
  buildExt4Image,
  buildTool,
  buildVfatImage,
  convertDiskImage,
  debianPackagesBom,
  deterministicUuid,
  deterministicVolumeId,
  ExternalToolError,
  GPT_PARTITION_TYPES,
  imageSpecFromNodePool,
  imageSpecId,
  InvalidAdapterOptionsError,
  InvalidBuildInputError,
  nodeExec,
  parseDpkgStatus,
  parseImageSpec,
  runTool,
  sha256File,
  shortImageId,
  toSpecIssues,
  treeSize,
  updateSha256SumsFile,
  withKernelArgs,
  type BuildArtifactV1,
  type BuildOptionsV1,
  type BuildOutputV1,
  type BuildPlanV1,
  type BuildResultV1,
  type BuildStepV1,
  type BuildToolV1,
  type ExecFunction,
  type ImageBuilderV1,
  type ImageOutputFormat,
  type ImageSpec,
  type KubernetesComponent,
  type NodePool,
} from '@kubenode/core';
import { z } from 'zod';

/** Debian releases the image builder knows: codename → VERSION_ID. */
export const DEBIAN_IMAGE_RELEASES = { bookworm: '12', trixie: '13' } as const;

/** A Debian release codename the image builder can build. */
export type DebianImageRelease = keyof typeof DEBIAN_IMAGE_RELEASES;

/** The output formats the Debian image builder produces. */
export const DEBIAN_IMAGE_OUTPUT_FORMATS = ['raw', 'qcow2', 'vmdk', 'vhd', 'squashfs', 'erofs'] as const;

/**
 * The packages of a Debian node image (before `spec.os.packages`): the cloud kernel, systemd with
 * networkd/resolved/timesyncd and systemd-boot, containerd + runc + the CNI plugins, cloud-init,
 * the network tools kubelet and kube-proxy need (iptables/nftables, conntrack, ipset, ebtables,
 * ethtool, socat, iproute2), AppArmor (containerd's default profile), OpenSSH, sudo and
 * unattended-upgrades. Installed without recommends; the kernel package depends on the
 * architecture.
 */
export const DEBIAN_NODE_PACKAGES = [
  'apparmor',
  'ca-certificates',
  'cloud-init',
  'conntrack',
  'containerd',
  'containernetworking-plugins',
  'dbus',
  'e2fsprogs',
  'ebtables',
  'ethtool',
  'iproute2',
  'ipset',
  'iptables',
  'kmod',
  'netbase',
  'nftables',
  'openssh-server',
  'runc',
  'socat',
  'sudo',
  'systemd',
  'systemd-boot',
  'systemd-resolved',
  'systemd-sysv',
  'systemd-timesyncd',
  'udev',
  'unattended-upgrades',
  'zstd',
] as const;

const url = z.string().refine(
  (value) => {
    try {
      const parsed = new URL(value);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !/[\s"'\\]/.test(value);
    } catch {
      return false;
    }
  },
  { error: 'expected an http(s) URL' },
);

/** Settings of {@link createDebianImageBuilder} (validated with zod; I/O is injected separately). */
export const debianImageBuilderSettingsSchema = z
  .strictObject({
    mirror: url.default('http://deb.debian.org/debian').describe('Debian archive mirror.'),
    securityMirror: url
      .default('http://deb.debian.org/debian-security')
      .describe('Debian security archive mirror.'),
    kubernetes: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('apt-repository'),
          repository: url
            .optional()
            .describe(
              'The apt repository of kubelet, kubeadm and cri-tools; https://pkgs.k8s.io/core:/stable:/v<minor>/deb/ by default.',
            ),
        }),
        z.strictObject({ kind: z.literal('none') }),
      ])
      .default({ kind: 'apt-repository' })
      .describe('Where kubelet and kubeadm come from; `none` builds an image without them.'),
    reachabilityTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe('How long to wait for the Kubernetes repository before reporting it unreachable.'),
    outputs: z
      .array(z.enum(DEBIAN_IMAGE_OUTPUT_FORMATS))
      .min(1)
      .default(['raw', 'qcow2'])
      .describe('Formats to produce.'),
    qcow2Compression: z
      .enum(['zlib', 'zstd'])
      .default('zlib')
      .describe('qcow2 cluster compression: zlib (every qemu) or zstd (qemu >= 5.1, faster).'),
    espSizeMiB: z.number().int().min(64).max(4096).default(256).describe('EFI system partition size.'),
    rootSizeMiB: z
      .number()
      .int()
      .min(256)
      .optional()
      .describe('Root filesystem size; the content plus 30 % (rounded up to 64 MiB) when omitted.'),
    extraPackages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, { error: 'expected a Debian package name' }))
      .default([])
      .describe('Packages added to every image of this builder.'),
    scratchDir: z
      .string()
      .min(1)
      .optional()
      .describe('Where the root filesystem is assembled (default: os.tmpdir()); needs about 3 GB.'),
    aptCacheDir: z
      .string()
      .min(1)
      .optional()
      .describe('A directory that keeps downloaded .debs between builds on this machine.'),
    keepScratch: z.boolean().default(false).describe('Keep the scratch directory (for debugging).'),
    sourceDateEpoch: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Timestamp of files kubenode writes, the EFI partition and the SBOM.'),
  })
  .describe('Settings of the Debian image builder.');

/** Validated settings of the Debian image builder. */
export type DebianImageBuilderSettings = z.output<typeof debianImageBuilderSettingsSchema>;

/** Settings as passed to {@link createDebianImageBuilder}: the data plus injectable I/O. */
export type DebianImageBuilderSettingsInput = z.input<typeof debianImageBuilderSettingsSchema> & {
  /** Runs mmdebstrap, mkfs.*, sfdisk, mtools, qemu-img; {@link nodeExec} by default. */
  readonly exec?: ExecFunction;
  /** Probes the Kubernetes repository; the global `fetch` by default. */
  readonly fetch?: (
    input: string,
    init?: { signal?: AbortSignal },
  ) => Promise<{
    /** True for a 2xx status. */
    ok: boolean;
    /** HTTP status code. */
    status: number;
    /** Reads the body as text. */
    text(): Promise<string>;
  }>;
  /** Whether the process may build (root); `process.getuid() === 0` by default. */
  readonly isRoot?: () => boolean;
};

/**
 * mmdebstrap hooks that make the initramfs once: `update-initramfs` is diverted to a no-op while
 * packages are installed (the kernel's postinst and the initramfs-tools trigger would each build
 * it), then restored and run once for every installed kernel.
 */
const DIVERT_UPDATE_INITRAMFS = [
  'chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs',
  `printf '#!/bin/sh\\nexit 0\\n' > "$1"/usr/sbin/update-initramfs`,
  'chmod 755 "$1"/usr/sbin/update-initramfs',
].join(' && ');
const RESTORE_UPDATE_INITRAMFS = [
  'rm -f "$1"/usr/sbin/update-initramfs',
  'chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs',
  'chroot "$1" update-initramfs -c -k all',
].join(' && ');
/**
 * usrmerge is pulled in through init-system-helpers and brings perl; usr-is-merged satisfies the
 * same dependency. The perl stack is marked automatically installed, usrmerge purged, and what
 * nothing else needs removed (perl-base, which is essential, stays).
 */
const PURGE_USRMERGE_AND_PERL = [
  `perl=$(chroot "$1" dpkg-query -W -f='\${Package}\\n' perl 'perl-modules-*' 'libperl*' 'lib*-perl' 2>/dev/null || true)`,
  'if [ -n "$perl" ]; then chroot "$1" apt-mark auto $perl >/dev/null; fi',
  'if chroot "$1" dpkg-query -W usrmerge >/dev/null 2>&1; then chroot "$1" apt-get purge -y -qq usrmerge; fi',
  'chroot "$1" apt-get autoremove --purge -y -qq -o APT::AutoRemove::RecommendsImportant=false -o APT::AutoRemove::SuggestsImportant=false',
].join('; ');

/** udev's device name databases, as bookworm (/lib) and trixie (/usr/lib) ship them. */
const HWDB_NAME_DATABASES = ['/lib', '/usr/lib'].flatMap((prefix) => [
  `${prefix}/udev/hwdb.d/20-OUI.hwdb`,
  `${prefix}/udev/hwdb.d/20-*-vendor*.hwdb`,
]);

/** The Debian architecture names and what differs per architecture. */
const ARCHITECTURES = {
  amd64: {
    kernel: 'linux-image-cloud-amd64',
    efiBinary: 'systemd-bootx64.efi',
    efiFallback: 'BOOTX64.EFI',
    rootType: GPT_PARTITION_TYPES['root-x86-64'],
    nodeArch: 'x64',
    binfmt: undefined,
  },
  arm64: {
    kernel: 'linux-image-cloud-arm64',
    efiBinary: 'systemd-bootaa64.efi',
    efiFallback: 'BOOTAA64.EFI',
    rootType: GPT_PARTITION_TYPES['root-arm64'],
    nodeArch: 'arm64',
    binfmt: 'qemu-aarch64',
  },
} as const;

/** `bookworm`, `12`, `12.11` → `bookworm`. */
function debianRelease(value: string | undefined): DebianImageRelease {
  const wanted = value ?? 'bookworm';
  for (const [codename, version] of Object.entries(DEBIAN_IMAGE_RELEASES) as [DebianImageRelease, string][]) {
    if (wanted === codename || wanted === version || wanted.startsWith(`${version}.`)) return codename;
  }
  throw new InvalidBuildInputError({
    path: 'spec.image',
    expected: `a Debian release the image builder knows: ${Object.entries(DEBIAN_IMAGE_RELEASES)
      .map(([codename, version]) => `${codename} (${version})`)
      .join(', ')}; got '${wanted}'`,
  });
}

/** The default pkgs.k8s.io repository of a Kubernetes version's minor line. */
function kubernetesRepository(version: string): string {
  const [major, minor] = version.split('.');
  return `https://pkgs.k8s.io/core:/stable:/v${major}.${minor}/deb/`;
}

const chrootTool: BuildToolV1 = {
  name: 'chroot',
  debianPackage: 'coreutils',
  purpose: 'configure the root filesystem',
};

/** The file name stem of an image's outputs: `kubenode-debian-bookworm-amd64-<short id>`. */
function outputStem(spec: ImageSpec, id: string): string {
  return `kubenode-debian-${spec.base.release}-${spec.base.arch}-${shortImageId(id)}`;
}

function outputFileName(stem: string, format: ImageOutputFormat): string {
  switch (format) {
    case 'raw':
      return `${stem}.raw`;
    case 'qcow2':
      return `${stem}.qcow2`;
    case 'vmdk':
      return `${stem}.vmdk`;
    case 'vhd':
      return `${stem}.vhd`;
    case 'squashfs':
      return `${stem}.rootfs.squashfs`;
    case 'erofs':
      return `${stem}.rootfs.erofs`;
    default:
      throw new InvalidBuildInputError({
        path: 'outputs',
        expected: `a format the Debian builder produces, not ${format}`,
      });
  }
}

function toolsFor(outputs: readonly ImageOutputFormat[]): BuildToolV1[] {
  const tools: BuildToolV1[] = [
    buildTool('mmdebstrap'),
    chrootTool,
    buildTool('mkfs.ext4'),
    buildTool('e2fsck'),
    buildTool('mkfs.vfat'),
    buildTool('mmd'),
    buildTool('mcopy'),
    buildTool('sfdisk'),
  ];
  if (outputs.some((format) => format === 'qcow2' || format === 'vmdk' || format === 'vhd'))
    tools.push(buildTool('qemu-img'));
  if (outputs.includes('squashfs'))
    tools.push(buildTool('mksquashfs', 'build the squashfs root filesystem image'));
  if (outputs.includes('erofs')) tools.push(buildTool('mkfs.erofs', 'build the erofs root filesystem image'));
  return tools;
}

/** Writes a file inside the root filesystem (parents created, mode set, fixed mtime). */
function writeRootFile(root: string, path: string, contents: string | Buffer, mode = 0o644, epoch = 0): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  writeFileSync(target, contents, { mode });
  chmodSync(target, mode);
  utimesSync(target, epoch, epoch);
}

function ini(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The kernel command line every image boots with, before `spec.os.kernelArgs`. */
const BASE_KERNEL_COMMAND_LINE = 'root=PARTLABEL=root rw console=tty0 console=ttyS0,115200';

/**
 * The kernel command line of an image: the base line with the spec's kernel arguments added by
 * the rule the Debian adapter's systemd-boot first-boot step uses ({@link withKernelArgs}: each
 * argument once), so an image built with a pool's arguments and a first boot of the same pool
 * give the same line, and the node is not rebooted for them.
 */
function kernelCommandLine(spec: ImageSpec): string {
  return withKernelArgs(BASE_KERNEL_COMMAND_LINE, spec.kernelArgs);
}

/**
 * Creates the Debian image builder: compiles an ImageSpec derived from a NodePool into a real,
 * bootable Debian node disk built on this machine, without loop devices or mounts.
 *
 * - `mmdebstrap --variant=apt` from the Debian archive: the cloud kernel, systemd, containerd,
 *   runc, the CNI plugins, cloud-init and the node network tools ({@link DEBIAN_NODE_PACKAGES}),
 *   without recommends, without documentation, man pages and translations, with `usrmerge` and
 *   the perl stack it pulls in purged;
 * - kubelet, kubeadm and cri-tools from the configured apt repository (pkgs.k8s.io by default)
 *   when it answers; when it does not, the image is built without them and the result's notes
 *   say so plainly;
 * - a GPT disk: a FAT32 EFI system partition with systemd-boot, the kernel and initrd in the Boot
 *   Loader Specification layout (so `kernel-install` keeps it current on kernel updates, ESP
 *   mounted at /boot/efi), and an ext4 root (4 KiB blocks, `mkfs.ext4 -d`) labelled `root`, grown
 *   to the disk at first boot by cloud-init (growpart, resizefs);
 * - outputs: raw and compressed qcow2 (optionally vmdk, vhd, a squashfs or erofs image of the
 *   root filesystem), each with size and sha256 in `SHA256SUMS`, a CycloneDX manifest of every
 *   installed package and version, and the image spec with its content-addressed ID.
 *
 * Building needs root (mmdebstrap `--mode=root`, root-owned files in the ext4 image).
 */
export function createDebianImageBuilder(settings: DebianImageBuilderSettingsInput = {}): ImageBuilderV1 {
  const { exec = nodeExec, fetch: fetchFunction, isRoot, ...data } = settings;
  const parsed = debianImageBuilderSettingsSchema.safeParse(data);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: 'debian',
      issues: toSpecIssues(parsed.error, { schema: debianImageBuilderSettingsSchema }),
      cause: parsed.error,
    });
  }
  const config = parsed.data;
  const probe =
    fetchFunction ?? ((input: string, init?: { signal?: AbortSignal }) => globalThis.fetch(input, init));
  const runningAsRoot = isRoot ?? (() => typeof process.getuid === 'function' && process.getuid() === 0);

  function components(pool: NodePool): KubernetesComponent[] {
    const fromDistro = (name: KubernetesComponent['name'], pkg: string): KubernetesComponent => ({
      name,
      source: { kind: 'distro', package: pkg },
    });
    const list: KubernetesComponent[] = [
      fromDistro('containerd', 'containerd'),
      fromDistro('runc', 'runc'),
      fromDistro('cni-plugins', 'containernetworking-plugins'),
    ];
    const version = pool.spec.kubernetes.version;
    if (config.kubernetes.kind === 'apt-repository') {
      const repository = config.kubernetes.repository ?? kubernetesRepository(version);
      list.push(
        { name: 'kubelet', version, source: { kind: 'apt-repository', repository, package: 'kubelet' } },
        { name: 'kubeadm', version, source: { kind: 'apt-repository', repository, package: 'kubeadm' } },
        { name: 'crictl', source: { kind: 'apt-repository', repository, package: 'cri-tools' } },
      );
    } else {
      list.push(
        { name: 'kubelet', source: { kind: 'none' } },
        { name: 'kubeadm', source: { kind: 'none' } },
        { name: 'crictl', source: { kind: 'none' } },
      );
    }
    return list;
  }

  function plan(pool: NodePool): BuildPlanV1 {
    if (pool.spec.distro !== 'debian') {
      throw new InvalidBuildInputError({ path: 'spec.distro', expected: `debian (got ${pool.spec.distro})` });
    }
    const release = debianRelease(pool.spec.image.version ?? pool.spec.image.channel);
    const architecture = ARCHITECTURES[pool.spec.image.arch];
    const spec = imageSpecFromNodePool(pool, {
      release,
      basePackages: [
        ...DEBIAN_NODE_PACKAGES,
        architecture.kernel,
        ...(release === 'bookworm' ? ['usr-is-merged'] : []),
        ...(pool.spec.os.rootDisk.grow ? ['cloud-guest-utils'] : []),
        ...config.extraPackages,
      ],
      components: components(pool),
      outputs: config.outputs,
    });
    return planFromSpec(spec);
  }

  function planFromSpec(spec: ImageSpec): BuildPlanV1 {
    const id = imageSpecId(spec);
    const stem = outputStem(spec, id);
    const outputs: BuildOutputV1[] = [
      ...spec.outputs.map((format) => ({ name: outputFileName(stem, format), format })),
      { name: `${stem}.cdx.json`, format: 'manifest' },
      { name: `${stem}.image.json`, format: 'manifest' },
      { name: 'SHA256SUMS', format: 'manifest' },
    ];
    const steps: BuildStepV1[] = [
      { id: 'kubernetes-source', description: 'check that the Kubernetes package repository answers' },
      {
        id: 'bootstrap',
        description: `mmdebstrap Debian ${spec.base.release} (${spec.base.arch})`,
        tool: 'mmdebstrap',
      },
      {
        id: 'configure',
        description: 'configure boot, networking, kernel settings and first boot',
        tool: 'chroot',
      },
      { id: 'manifest', description: 'write the CycloneDX manifest of the installed packages' },
      { id: 'esp', description: 'build the EFI system partition with systemd-boot', tool: 'mkfs.vfat' },
      { id: 'root-filesystem', description: 'build the ext4 root filesystem', tool: 'mkfs.ext4' },
      { id: 'disk', description: 'assemble the GPT disk', tool: 'sfdisk' },
      ...spec.outputs
        .filter((format) => format !== 'raw')
        .map((format) => ({
          id: `convert-${format}`,
          description: `write the ${format} output`,
          tool: format === 'squashfs' ? 'mksquashfs' : format === 'erofs' ? 'mkfs.erofs' : 'qemu-img',
        })),
      { id: 'checksums', description: 'write SHA256SUMS' },
    ];
    return {
      distro: 'debian',
      kind: 'image',
      imageId: id,
      imageSpec: spec,
      steps,
      requiredTools: toolsFor(spec.outputs),
      outputs,
      recipeFiles: [],
    };
  }

  async function build(buildPlan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1> {
    if (buildPlan.distro !== 'debian' || buildPlan.kind !== 'image' || buildPlan.imageSpec === undefined) {
      throw new InvalidBuildInputError({ path: 'plan', expected: 'a plan made by the Debian image builder' });
    }
    const spec = parseImageSpec(buildPlan.imageSpec);
    const id = imageSpecId(spec);
    if (buildPlan.imageId !== undefined && buildPlan.imageId !== id) {
      throw new InvalidBuildInputError({
        path: 'plan.imageId',
        expected: `the ID of plan.imageSpec (${id})`,
      });
    }
    const release = debianRelease(spec.base.release);
    const architecture = ARCHITECTURES[spec.base.arch];
    const { signal } = options;
    const progress = options.onProgress ?? (() => undefined);
    const step = async <T>(
      name: string,
      run: () => Promise<T>,
      message?: (value: T) => string,
    ): Promise<T> => {
      signal?.throwIfAborted();
      progress({ step: name, state: 'started' });
      const value = await run();
      progress({ step: name, state: 'finished', ...(message ? { message: message(value) } : {}) });
      return value;
    };

    if (!runningAsRoot()) {
      throw new ExternalToolError({
        tool: 'mmdebstrap',
        failure: 'failed',
        detail:
          'building a Debian image needs root (mmdebstrap --mode=root writes root-owned files that mkfs.ext4 -d copies); run the build as root, e.g. in a privileged CI job or container',
      });
    }
    assertToolsInstalled(toolsFor(spec.outputs));
    if (architecture.binfmt !== undefined && hostArch() !== architecture.nodeArch) {
      if (!existsSync(`/proc/sys/fs/binfmt_misc/${architecture.binfmt}`)) {
        throw new ExternalToolError({
          tool: architecture.binfmt,
          failure: 'missing',
          debianPackage: 'qemu-user-static binfmt-support',
          detail: `building a ${spec.base.arch} image on a ${hostArch()} host needs binfmt emulation`,
        });
      }
    }

    const outputDir = resolve(options.workdir);
    mkdirSync(outputDir, { recursive: true });
    const scratchParent = config.scratchDir ?? tmpdir();
    mkdirSync(scratchParent, { recursive: true });
    const scratch = mkdtempSync(join(scratchParent, 'kubenode-debian-'));
    const notes: string[] = [];
    const artifacts: BuildArtifactV1[] = [];
    const measurements: { what: string; measure: BuildArtifactV1['measure']; bytes: number }[] = [];
    const stem = outputStem(spec, id);
    const epoch = config.sourceDateEpoch;
    try {
      // 1. Kubernetes packages: included only when their repository answers.
      const kubernetesRepositories = [
        ...new Set(
          spec.kubernetes.components.flatMap((component) =>
            component.source.kind === 'apt-repository' ? [component.source.repository] : [],
          ),
        ),
      ];
      const reachable = await step(
        'kubernetes-source',
        async () => {
          const answers: { repository: string; key: string }[] = [];
          for (const repository of kubernetesRepositories) {
            const answer = await fetchRepositoryKey(repository, signal);
            if (typeof answer !== 'string') answers.push({ repository, key: answer.key });
            else {
              const failure = answer;
              notes.push(
                `kubelet, kubeadm and crictl are NOT included: their apt repository ${repository} could not be reached from this build host (${failure}). ` +
                  'The image has containerd, runc and the CNI plugins but cannot join a cluster until kubelet and kubeadm are installed ' +
                  '(rebuild where the repository is reachable, or install them at first boot).',
              );
            }
          }
          for (const component of spec.kubernetes.components) {
            if (component.source.kind === 'none' && ['kubelet', 'kubeadm'].includes(component.name)) {
              notes.push(
                `${component.name} is NOT included: the image spec says it comes from nowhere (source kind none).`,
              );
            }
          }
          return answers;
        },
        (answers) =>
          answers.length > 0
            ? `reachable: ${answers.map((answer) => answer.repository).join(', ')}`
            : kubernetesRepositories.length > 0
              ? 'not reachable: kubelet and kubeadm are left out'
              : 'none configured',
      );

      // 2. Bootstrap.
      const rootfs = join(scratch, 'rootfs');
      await step('bootstrap', () => bootstrap(scratch, rootfs, spec, release, reachable, signal));

      // 3. Configure.
      await step('configure', () => configure(rootfs, spec, id, signal));
      const rootfsSize = treeSize(rootfs);
      measurements.push({
        what: 'root filesystem tree',
        measure: 'uncompressed rootfs',
        bytes: rootfsSize.bytes,
      });

      // 4. Manifest of every installed package.
      await step(
        'manifest',
        async () => {
          const packages = parseDpkgStatus(readFileSync(join(rootfs, 'var/lib/dpkg/status'), 'utf8'));
          const bom = debianPackagesBom({
            packages,
            image: { name: `kubenode-debian-${release}-${spec.base.arch}`, version: id },
            distro: { vendor: 'debian', distro: `debian-${DEBIAN_IMAGE_RELEASES[release]}` },
            timestamp: epoch,
            toolVersion: __PACKAGE_VERSION__,
            properties: [
              { name: 'kubenode:image-id', value: id },
              { name: 'kubenode:image-spec', value: JSON.stringify(spec) },
            ],
          });
          const path = join(outputDir, `${stem}.cdx.json`);
          writeFileSync(path, `${JSON.stringify(bom, null, 2)}\n`);
          artifacts.push(await artifact(path, 'file'));
          const versions = [
            'containerd',
            'runc',
            'containernetworking-plugins',
            'kubelet',
            'kubeadm',
            'cri-tools',
          ]
            .map((name) => packages.find((pkg) => pkg.name === name))
            .filter((pkg) => pkg !== undefined)
            .map((pkg) => `${pkg.name} ${pkg.version}`);
          notes.push(`Node components installed: ${versions.join(', ')}.`);
          return packages.length;
        },
        (count) => `${count} packages`,
      );

      // 5. EFI system partition.
      const esp = join(scratch, 'esp.img');
      await step('esp', () => buildEsp(rootfs, esp, spec, id, signal));

      // 6. Root filesystem.
      const rootImage = join(scratch, 'root.ext4');
      const rootMiB =
        config.rootSizeMiB ?? Math.ceil((treeSize(rootfs).bytes * 1.3) / (64 * 1024 * 1024)) * 64;
      await step(
        'root-filesystem',
        () =>
          buildExt4Image({
            sourceDir: rootfs,
            output: rootImage,
            sizeMiB: rootMiB,
            label: 'root',
            uuid: deterministicUuid(id, 'root-filesystem'),
            sourceDateEpoch: epoch,
            exec,
            signal,
          }),
        (bytes) => `ext4, ${Math.round(bytes / 1024 / 1024)} MiB`,
      );

      // 7. The disk.
      const raw = join(outputDir, outputFileName(stem, 'raw'));
      const disk = await step(
        'disk',
        () =>
          assembleGptDisk({
            output: raw,
            diskUuid: deterministicUuid(id, 'disk'),
            partitions: [
              {
                name: 'esp',
                type: GPT_PARTITION_TYPES.esp,
                uuid: deterministicUuid(id, 'esp-partition'),
                image: esp,
              },
              {
                name: 'root',
                type: architecture.rootType,
                uuid: deterministicUuid(id, 'root-partition'),
                image: rootImage,
              },
            ],
            exec,
            signal,
          }),
        (result) => `GPT, ${Math.round(result.sizeBytes / 1024 / 1024)} MiB`,
      );
      measurements.push({ what: 'disk (virtual size)', measure: 'disk', bytes: disk.sizeBytes });

      // 8. Other formats.
      for (const format of spec.outputs) {
        if (format === 'raw') continue;
        const path = join(outputDir, outputFileName(stem, format));
        await step(`convert-${format}`, async () => {
          if (format === 'qcow2' || format === 'vmdk' || format === 'vhd') {
            await convertDiskImage({
              source: raw,
              output: path,
              format: format === 'vhd' ? 'vpc' : format,
              compression: config.qcow2Compression,
              exec,
              signal,
            });
          } else if (format === 'squashfs') {
            rmSync(path, { force: true });
            await runTool({
              exec,
              signal,
              tool: buildTool('mksquashfs', 'build the squashfs root filesystem image'),
              args: [rootfs, path, '-noappend', '-comp', 'xz', '-quiet', '-no-progress'],
              env: { SOURCE_DATE_EPOCH: String(epoch) },
              timeoutMs: 30 * 60_000,
            });
          } else if (format === 'erofs') {
            rmSync(path, { force: true });
            await runTool({
              exec,
              signal,
              tool: buildTool('mkfs.erofs', 'build the erofs root filesystem image'),
              args: ['-zlz4hc', `-T${epoch}`, `-U${deterministicUuid(id, 'erofs')}`, '--quiet', path, rootfs],
              env: { SOURCE_DATE_EPOCH: String(epoch) },
              timeoutMs: 30 * 60_000,
            });
          }
        });
        artifacts.push(await artifact(path, 'compressed artifact'));
      }
      if (spec.outputs.includes('raw')) artifacts.unshift(await artifact(raw, 'disk'));

      // 9. The spec and checksums.
      const specPath = join(outputDir, `${stem}.image.json`);
      writeFileSync(specPath, `${JSON.stringify({ imageId: id, spec, notes, measurements }, null, 2)}\n`);
      artifacts.push(await artifact(specPath, 'file'));
      await step('checksums', async () => {
        updateSha256SumsFile(
          outputDir,
          artifacts.map((entry) => ({ fileName: entry.name, sha256: entry.sha256 })),
        );
      });
      if (!spec.outputs.includes('raw')) rmSync(raw, { force: true });
      return { artifacts, notes, measurements };
    } finally {
      // A killed mmdebstrap (abort, timeout) can leave /proc, /sys or /dev mounted inside the root
      // filesystem: never delete through a mount point; such a scratch directory is left alone.
      if (!config.keepScratch && mountsUnder(scratch).length === 0)
        rmSync(scratch, { recursive: true, force: true });
    }

    async function artifact(path: string, measure: BuildArtifactV1['measure']): Promise<BuildArtifactV1> {
      return {
        name: path.slice(outputDir.length + 1),
        path,
        sizeBytes: statSync(path).size,
        sha256: await sha256File(path),
        measure,
      };
    }
  }

  /** The repository's signing key (`Release.key`), or why it could not be fetched. */
  async function fetchRepositoryKey(
    repository: string,
    signal: AbortSignal | undefined,
  ): Promise<{ key: string } | string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.reachabilityTimeoutMs);
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const response = await probe(
        new URL('Release.key', repository.endsWith('/') ? repository : `${repository}/`).href,
        {
          signal: controller.signal,
        },
      );
      if (!response.ok) return `HTTP ${response.status}`;
      const key = await response.text();
      return key.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')
        ? { key }
        : 'Release.key is not an OpenPGP public key';
    } catch (error) {
      signal?.throwIfAborted();
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (controller.signal.aborted) return `no answer within ${config.reachabilityTimeoutMs} ms`;
      return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  async function bootstrap(
    scratch: string,
    rootfs: string,
    spec: ImageSpec,
    release: DebianImageRelease,
    kubernetesRepositories: readonly { repository: string; key: string }[],
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const packages = [...spec.packages];
    const sources = [
      `deb ${config.mirror} ${release} main`,
      `deb ${config.mirror} ${release}-updates main`,
      `deb ${config.securityMirror} ${release}-security main`,
    ];
    const setupHooks: string[] = [
      // initramfs-tools: zstd (smaller than gzip and faster to unpack at boot).
      'mkdir -p "$1"/etc/initramfs-tools/conf.d && printf "COMPRESS=zstd\\n" > "$1"/etc/initramfs-tools/conf.d/50-kubenode.conf',
    ];
    for (const { repository, key } of kubernetesRepositories) {
      const keyPath = `/etc/apt/keyrings/kubenode-kubernetes-${deterministicVolumeId(repository, 'key')}.asc`;
      const localKey = join(scratch, keyPath.split('/').at(-1)!);
      writeFileSync(localKey, key, { mode: 0o644 });
      setupHooks.push('mkdir -p "$1"/etc/apt/keyrings', `upload ${localKey} ${keyPath}`);
      sources.push(`deb [signed-by=${keyPath}] ${repository} /`);
      for (const component of spec.kubernetes.components) {
        if (component.source.kind !== 'apt-repository' || component.source.repository !== repository)
          continue;
        const pkg = component.source.package;
        packages.push(component.version && pkg !== 'cri-tools' ? `${pkg}=${component.version}-*` : pkg);
      }
    }
    const args = [
      '--mode=root',
      '--variant=apt',
      `--architectures=${spec.base.arch}`,
      '--skip=essential/unlink',
      '--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata',
      '--aptopt=APT::Install-Recommends "false"',
      '--aptopt=Acquire::Retries "3"',
      '--dpkgopt=path-exclude=/usr/share/man/*',
      '--dpkgopt=path-exclude=/usr/share/locale/*',
      '--dpkgopt=path-include=/usr/share/locale/locale.alias',
      '--dpkgopt=path-exclude=/usr/share/doc/*',
      '--dpkgopt=path-include=/usr/share/doc/*/copyright',
      '--dpkgopt=path-exclude=/usr/share/info/*',
      '--dpkgopt=path-exclude=/usr/share/lintian/*',
      // Locale sources: the image runs with the built-in C.UTF-8 locale (set for cloud-init too).
      '--dpkgopt=path-exclude=/usr/share/i18n/locales/*',
      '--dpkgopt=path-exclude=/usr/share/i18n/charmaps/*',
      // containerd's deprecated v1 shims: Kubernetes uses io.containerd.runc.v2 only.
      '--dpkgopt=path-exclude=/usr/bin/containerd-shim',
      '--dpkgopt=path-exclude=/usr/bin/containerd-shim-runc-v1',
      // udev's hardware name databases (vendor and model names of PCI, USB, ACPI and Bluetooth
      // devices and of MAC address prefixes: what lsusb and udevadm info print as names), about
      // 21 MB with the compiled hwdb.bin. Driver binding, device IDs and network interface names
      // (20-net-ifname.hwdb stays) do not use them.
      ...HWDB_NAME_DATABASES.map((path) => `--dpkgopt=path-exclude=${path}`),
      `--include=${packages.join(',')}`,
      ...setupHooks.map((hook) => `--setup-hook=${hook}`),
      ...(config.aptCacheDir
        ? [
            '--setup-hook=mkdir -p "$1"/var/cache/apt/archives',
            `--setup-hook=sync-in ${config.aptCacheDir} /var/cache/apt/archives`,
          ]
        : []),
      `--essential-hook=${DIVERT_UPDATE_INITRAMFS}`,
      `--customize-hook=${PURGE_USRMERGE_AND_PERL}`,
      `--customize-hook=${RESTORE_UPDATE_INITRAMFS}`,
      ...(config.aptCacheDir
        ? [`--customize-hook=sync-out /var/cache/apt/archives ${config.aptCacheDir}`]
        : []),
      release,
      rootfs,
      ...sources,
    ];
    if (config.aptCacheDir) mkdirSync(config.aptCacheDir, { recursive: true });
    await runTool({
      exec,
      signal,
      tool: buildTool('mmdebstrap'),
      args,
      env: { DEBIAN_FRONTEND: 'noninteractive', SOURCE_DATE_EPOCH: String(config.sourceDateEpoch) },
      timeoutMs: 30 * 60_000,
    });
  }

  async function chroot(rootfs: string, args: string[], signal: AbortSignal | undefined): Promise<string> {
    return runTool({ exec, signal, tool: chrootTool, args: [rootfs, ...args], timeoutMs: 10 * 60_000 });
  }

  async function configure(
    rootfs: string,
    spec: ImageSpec,
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const epoch = config.sourceDateEpoch;
    const write = (path: string, contents: string, mode = 0o644) =>
      writeRootFile(rootfs, path, contents, mode, epoch);
    write('etc/hostname', 'localhost\n');
    write('etc/default/locale', 'LANG=C.UTF-8\n');
    write(
      'etc/hosts',
      '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\nff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n',
    );
    write(
      'etc/fstab',
      ini([
        '# Written by kubenode: root and EFI system partition by GPT partition label.',
        'PARTLABEL=root\t/\text4\tdefaults,discard\t0\t1',
        'PARTLABEL=esp\t/boot/efi\tvfat\tumask=0077,nofail\t0\t2',
      ]),
    );
    mkdirSync(join(rootfs, 'boot/efi'), { recursive: true });
    // systemd-boot + kernel-install: new kernels land in the ESP in the BLS layout.
    write('etc/kernel/cmdline', `${kernelCommandLine(spec)}\n`);
    write('etc/kernel/entry-token', 'debian\n');
    write('etc/kernel/install.conf', 'layout=bls\n');
    const sysctlKeys = Object.keys(spec.sysctls).sort();
    if (sysctlKeys.length > 0) {
      write(
        'etc/sysctl.d/80-kubenode-image.conf',
        ini([
          '# Written by kubenode (image spec)',
          ...sysctlKeys.map((key) => `${key} = ${spec.sysctls[key]}`),
        ]),
      );
    }
    if (spec.modules.length > 0) {
      write(
        'etc/modules-load.d/80-kubenode-image.conf',
        ini(['# Written by kubenode (image spec)', ...spec.modules]),
      );
    }
    write(
      'etc/cloud/cloud.cfg.d/80-kubenode-image.cfg',
      ini([
        '# Written by kubenode: systemd-networkd renders the network; the root partition',
        spec.rootDisk.grow ? '# and filesystem grow to the disk at first boot.' : '# keeps its built size.',
        'system_info:',
        '  network:',
        '    renderers: [networkd]',
        'locale: C.UTF-8',
        'growpart:',
        `  mode: ${spec.rootDisk.grow ? 'auto' : "'off'"}`,
        "  devices: ['/']",
        `resize_rootfs: ${spec.rootDisk.grow ? 'true' : 'false'}`,
      ]),
    );
    // Host keys are per machine: generated at first boot (cloud-init), or by sshd's unit when
    // cloud-init did not run.
    for (const name of readdirSync(join(rootfs, 'etc/ssh'))) {
      if (name.startsWith('ssh_host_')) rmSync(join(rootfs, 'etc/ssh', name), { force: true });
    }
    write(
      'etc/systemd/system/ssh.service.d/10-kubenode-host-keys.conf',
      ini([
        '[Service]',
        'ExecStartPre=',
        'ExecStartPre=/usr/bin/ssh-keygen -A',
        'ExecStartPre=/usr/sbin/sshd -t',
      ]),
    );
    // Every machine gets its own machine-id at first boot.
    write('etc/machine-id', '', 0o444);
    rmSync(join(rootfs, 'var/lib/dbus/machine-id'), { force: true });
    // Files and units baked in by the spec.
    for (const file of spec.files) {
      const contents = file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : file.contents;
      writeRootFile(rootfs, file.path.slice(1), contents, file.mode, epoch);
      if (file.owner !== 'root' || file.group !== 'root') {
        await chroot(rootfs, ['chown', `${file.owner}:${file.group}`, file.path], signal);
      }
    }
    const enable = ['systemd-networkd.service', 'systemd-resolved.service', 'containerd.service'];
    for (const unit of spec.units) {
      if (unit.contents !== undefined) write(`etc/systemd/system/${unit.name}`, unit.contents);
      for (const dropin of unit.dropins)
        write(`etc/systemd/system/${unit.name}.d/${dropin.name}`, dropin.contents);
      if (unit.mask) {
        rmSync(join(rootfs, 'etc/systemd/system', unit.name), { force: true });
        symlinkSync('/dev/null', join(rootfs, 'etc/systemd/system', unit.name));
      } else if (unit.enabled === true) enable.push(unit.name);
    }
    // `--` ends systemctl's options: a unit name may start with '-' (`-.mount`, `-.slice`).
    await chroot(rootfs, ['systemctl', 'enable', '--', ...enable], signal);
    for (const unit of spec.units) {
      if (unit.enabled === false) await chroot(rootfs, ['systemctl', 'disable', '--', unit.name], signal);
    }
    // Provenance.
    write('etc/kubenode/image-id', `${id}\n`);
    write('etc/kubenode/image-spec.json', `${JSON.stringify(spec, null, 2)}\n`);
    // Caches and logs of the build are not part of the image.
    for (const path of ['var/cache/apt', 'var/lib/apt/lists']) {
      for (const name of existsSync(join(rootfs, path)) ? readdirSync(join(rootfs, path)) : []) {
        if (name !== 'partial' && name !== 'archives' && name !== 'auxfiles') {
          rmSync(join(rootfs, path, name), { recursive: true, force: true });
        }
      }
    }
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    // Backups dpkg and debconf keep of their databases from the build.
    for (const directory of ['var/cache/debconf', 'var/lib/dpkg']) {
      for (const name of readdirSync(join(rootfs, directory))) {
        if (name.endsWith('-old')) rmSync(join(rootfs, directory, name), { force: true });
      }
    }
    rmSync(join(rootfs, 'var/cache/ldconfig/aux-cache'), { force: true });
    mkdirSync(join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
    for (const log of [
      'var/log/dpkg.log',
      'var/log/alternatives.log',
      'var/log/apt/history.log',
      'var/log/apt/term.log',
      'var/log/apt/eipp.log.xz',
    ]) {
      rmSync(join(rootfs, log), { force: true });
    }
  }

  async function buildEsp(
    rootfs: string,
    output: string,
    spec: ImageSpec,
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const architecture = ARCHITECTURES[spec.base.arch];
    const kernels = readdirSync(join(rootfs, 'boot'))
      .filter((name) => name.startsWith('vmlinuz-'))
      .map((name) => name.slice('vmlinuz-'.length))
      .sort();
    const kernel = kernels.at(-1);
    if (kernel === undefined) {
      throw new ExternalToolError({
        tool: 'mmdebstrap',
        failure: 'failed',
        detail: 'the root filesystem has no kernel in /boot',
      });
    }
    const initrd = join(rootfs, 'boot', `initrd.img-${kernel}`);
    if (!existsSync(initrd)) {
      throw new ExternalToolError({
        tool: 'update-initramfs',
        failure: 'failed',
        detail: `no initrd for kernel ${kernel}`,
      });
    }
    const bootloader = join(rootfs, 'usr/lib/systemd/boot/efi', architecture.efiBinary);
    if (!existsSync(bootloader)) {
      throw new ExternalToolError({
        tool: architecture.efiBinary,
        failure: 'missing',
        detail: 'systemd-boot is not in the root filesystem (package systemd-boot-efi)',
      });
    }
    const tree = join(dirname(output), 'esp');
    const put = (path: string, from: string | { text: string }) => {
      const target = join(tree, path);
      mkdirSync(dirname(target), { recursive: true });
      if (typeof from === 'string') copyFileSync(from, target);
      else writeFileSync(target, from.text);
      utimesSync(target, config.sourceDateEpoch, config.sourceDateEpoch);
    };
    const osRelease = readFileSync(join(rootfs, 'etc/os-release'), 'utf8');
    const title = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Debian GNU/Linux';
    put(`EFI/BOOT/${architecture.efiFallback}`, bootloader);
    put(`EFI/systemd/${architecture.efiBinary}`, bootloader);
    put('loader/loader.conf', { text: 'timeout 0\neditor no\n' });
    put('loader/entries.srel', { text: 'type1\n' });
    put(`debian/${kernel}/linux`, join(rootfs, 'boot', `vmlinuz-${kernel}`));
    put(`debian/${kernel}/initrd.img-${kernel}`, initrd);
    put(`loader/entries/debian-${kernel}.conf`, {
      text: ini([
        `title      ${title}`,
        `version    ${kernel}`,
        'sort-key   debian',
        `options    ${kernelCommandLine(spec)}`,
        `linux      /debian/${kernel}/linux`,
        `initrd     /debian/${kernel}/initrd.img-${kernel}`,
      ]),
    });
    // The initrd lives in the ESP; update-initramfs writes a fresh /boot copy (and hands it to
    // kernel-install) whenever it regenerates it.
    rmSync(initrd, { force: true });
    await buildVfatImage({
      sourceDir: tree,
      output,
      sizeMiB: config.espSizeMiB,
      label: 'ESP',
      volumeId: deterministicVolumeId(id, 'esp'),
      fatSize: 32,
      exec,
      signal,
    });
  }

  return { plan, build };
}

/** Mount points at or below a directory, from /proc/self/mountinfo (empty where it is unreadable). */
function mountsUnder(directory: string): string[] {
  let table: string;
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const prefix = resolve(directory);
  return table
    .split('\n')
    .map((line) => line.split(' ')[4]?.replace(/\\040/g, ' '))
    .filter(
      (point): point is string => point !== undefined && (point === prefix || point.startsWith(`${prefix}/`)),
    );
}
