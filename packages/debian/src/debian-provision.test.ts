import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  APT_PERIODIC_FILE,
  caCertHash,
  collectSecrets,
  readCloudInitNodeUserData,
  splitPemBlocks,
  validateNodePool,
  withKubernetesSysctls,
  type CloudInitNodeUserData,
  type NodePool,
  type NodePoolInput,
} from '@kubenode/core';
import {
  CANONICAL_POOLS,
  canonicalPool,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_SSH_KEY_ED25519,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { cloudInitSchema } from '../test/support/cloud-init-schema.js';
import { createDebian } from './debian-adapter.js';

const adapter = createDebian();
const APT_KEY =
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGMHoXcBEADukGOEQyleViOgtkMVa7hKifP6POCTh+98xNW4TfHK/nBJN2sm\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n';

function ownPool(name: string, spec: Partial<NodePoolInput['spec']>): NodePool {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      distro: 'debian',
      kubernetes: {
        version: '1.33.1',
        apiServer: 'https://api.cluster.example:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
      ...spec,
    },
  });
}

/** Every field set, a given repository key, no default user. */
const everything = ownPool('everything', {
  image: { channel: 'bookworm', arch: 'amd64' },
  kubernetes: {
    version: '1.33.1',
    apiServer: 'https://api.cluster.example:6443',
    caCert: TEST_CLUSTER_CA,
    bootstrapToken: TEST_BOOTSTRAP_TOKEN,
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    nodeLabels: { 'node.example.com/role': 'worker', tier: 'gold' },
    nodeTaints: [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'spot', effect: 'NoExecute' },
    ],
    maxPods: 64,
    kubelet: { serializeImagePulls: false, systemReserved: { cpu: '100m' } },
  },
  runtime: {
    registryMirrors: { 'docker.io': ['https://mirror.example'] },
    sandboxImage: 'registry.k8s.io/pause:3.10',
  },
  os: {
    hostname: 'gpu-7.nodes.example.internal',
    users: [
      { name: 'ops', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519], groups: ['sudo', 'adm'], shell: '/bin/bash' },
      { name: 'breakglass', passwordHash: TEST_PASSWORD_HASH },
    ],
    files: [
      { path: '/etc/motd', contents: 'Managed by kubenode.\n' },
      { path: '/home/ops/.config/app.toml', contents: 'x = 1\n', owner: 'ops', group: 'ops', mode: '0640' },
    ],
    units: [
      {
        name: 'node-report.service',
        enabled: true,
        contents:
          '[Unit]\nDescription=Report %H\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo $HOSTNAME"\n[Install]\nWantedBy=multi-user.target\n',
      },
      { name: 'apt-daily.timer', mask: true },
    ],
    sysctls: { 'vm.max_map_count': '262144' },
    kernelModules: ['ip_vs', 'nf_conntrack'],
    kernelArgs: ['intel_iommu=on', 'iommu=pt'],
    ntpServers: ['ntp1.example', '192.0.2.10'],
    proxy: {
      http: 'http://proxy.example:3128',
      https: 'http://proxy.example:3128',
      noProxy: ['10.0.0.0/8', '.cluster.local'],
    },
    caCerts: [TEST_EXTRA_CA],
    rootDisk: { grow: false },
    packages: ['jq', 'nfs-common=1:2.6.2-4+deb12u1'],
  },
  adapterOptions: {
    debian: {
      kubernetesRepository: { key: APT_KEY },
      keepDefaultUser: false,
      ntpClient: 'chrony',
    },
  },
});

/** Bytes no YAML text carries as-is. */
const hostileBytes = ownPool('hostile-bytes', {
  os: {
    files: [
      { path: '/etc/hostile/crlf.ini', contents: '[a]\r\nb = c\r\n' },
      { path: '/etc/hostile/controls', contents: 'bell\u0007 esc\u001b nel\u0085 ls\u2028 bom\ufeff\n' },
      {
        path: '/etc/hostile/binary',
        contents: Buffer.from([0, 255, 13, 10, 0x85, 1]).toString('base64'),
        encoding: 'base64',
      },
      { path: '/usr/local/bin/setuid-tool', contents: '#!/bin/sh\nexec id\n', mode: '4755' },
      { path: '/etc/hostile/space name %i.conf', contents: '  indented: yes # not a comment\n\ttab\n' },
      {
        path: '/etc/hostile/jinja',
        contents: '## template: jinja\n#cloud-config\n{{ v1.local_hostname }}\n',
      },
    ],
  },
});

/** A kubenode-built image: Kubernetes packages in the image, systemd-boot, kernel arguments. */
const kubenodeImage = ownPool('kubenode-image', {
  os: {
    kernelArgs: ['console=ttyS0,115200', 'kubenode.test=1'],
    kernelModules: ['dummy'],
    packages: ['jq'],
  },
  adapterOptions: { debian: { kubernetesPackages: 'preinstalled', bootLoader: 'systemd-boot' } },
});

const POOLS: readonly NodePool[] = [
  ...CANONICAL_POOLS.map((entry) => canonicalPool(entry.id, 'debian')),
  everything,
  hostileBytes,
  kubenodeImage,
];

function text(pool: NodePool): string {
  const result = adapter.provision(pool);
  expect(
    result.artifacts.map((artifact) => [
      artifact.name,
      artifact.mediaType,
      artifact.role,
      artifact.containsSecrets,
    ]),
  ).toEqual([['user-data', 'text/cloud-config', 'user-data', true]]);
  return result.artifacts[0]!.contents;
}

/** Asserts that the node gets every value the pool asks for. */
function expectRendered(pool: NodePool, data: CloudInitNodeUserData): void {
  const { kubernetes, runtime, os } = pool.spec;
  const { config, files } = data;
  const options = (pool.spec.adapterOptions.debian ?? {}) as {
    keepDefaultUser?: boolean;
    ntpClient?: string;
    kubernetesPackages?: 'install' | 'preinstalled';
    bootLoader?: 'grub' | 'systemd-boot';
  };
  const preinstalled = options.kubernetesPackages === 'preinstalled';
  /** The index of a command in runcmd (fails when it is not there). */
  const at = (command: string) => {
    const index = data.commands.indexOf(command);
    expect(index, `runcmd has: ${command}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  /** An OS configuration step: run on its own, whatever the others do. */
  const osStep = (command: string) => at(`kubenode_os ${command}`);
  const file = (path: string) => {
    const found = files.get(path);
    expect(found, `${path} is written`).toBeDefined();
    return found!;
  };
  const textOf = (path: string) => file(path).bytes.toString('utf8');

  // The join, in Cluster API's layout.
  expect(file('/run/kubeadm/kubeadm-join-config.yaml').mode).toBe(0o600);
  const join = data.joinConfiguration as {
    apiVersion: string;
    discovery: { bootstrapToken: Record<string, unknown> };
    nodeRegistration: {
      criSocket: string;
      taints: unknown[];
      kubeletExtraArgs?: { name: string; value: string }[];
    };
  };
  const [major, minor] = kubernetes.version.split('.').map(Number) as [number, number];
  expect(join.apiVersion).toBe(
    minor >= 31 || major > 1 ? 'kubeadm.k8s.io/v1beta4' : 'kubeadm.k8s.io/v1beta3',
  );
  expect(join.discovery.bootstrapToken).toEqual({
    apiServerEndpoint: new URL(kubernetes.apiServer).host,
    token: kubernetes.bootstrapToken,
    caCertHashes: [caCertHash(kubernetes.caCert)],
  });
  expect(join.nodeRegistration.criSocket).toBe('unix:///run/containerd/containerd.sock');
  expect(join.nodeRegistration.taints).toEqual(
    kubernetes.nodeTaints.map((taint) => ({
      key: taint.key,
      ...(taint.value === undefined ? {} : { value: taint.value }),
      effect: taint.effect,
    })),
  );
  const labels = Object.keys(kubernetes.nodeLabels)
    .sort()
    .map((key) => `${key}=${kubernetes.nodeLabels[key]}`)
    .join(',');
  const extraArgs = join.nodeRegistration.kubeletExtraArgs;
  const labelArg = Array.isArray(extraArgs)
    ? extraArgs.find((arg) => arg.name === 'node-labels')?.value
    : (extraArgs as Record<string, string> | undefined)?.['node-labels'];
  expect(labelArg).toBe(labels === '' ? undefined : labels);
  const expectedPatch: Record<string, unknown> = { ...kubernetes.kubelet };
  if (kubernetes.maxPods !== undefined) expectedPatch.maxPods = kubernetes.maxPods;
  if (kubernetes.clusterDNS.length > 0) expectedPatch.clusterDNS = kubernetes.clusterDNS;
  if (kubernetes.clusterDomain !== undefined) expectedPatch.clusterDomain = kubernetes.clusterDomain;
  if (Object.keys(expectedPatch).length === 0) expect(data.kubeletPatch).toBeUndefined();
  else
    expect(data.kubeletPatch).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      ...expectedPatch,
    });
  expect(data.commands.at(-1)).toBe(
    'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml && echo success > /run/cluster-api/bootstrap-success.complete',
  );
  expect(file('/run/cluster-api/placeholder').mode).toBe(0o644);

  // Kubernetes packages: pkgs.k8s.io for the minor, the exact version pinned and held; or the
  // image's, checked against the pool's version and held.
  const packageVersion = `${kubernetes.version}-1.1`;
  let firstPackageStep: number;
  if (preinstalled) {
    expect(files.has('/etc/apt/sources.list.d/kubernetes.list')).toBe(false);
    expect(files.has('/etc/apt/keyrings/kubernetes-apt-keyring.asc')).toBe(false);
    expect(textOf('/etc/apt/preferences.d/kubenode-kubernetes.pref')).toContain(
      `Package: kubelet kubeadm kubectl\nPin: version ${kubernetes.version}-*\nPin-Priority: 1001\n`,
    );
    expect(data.commands.join('\n')).not.toMatch(/apt-get|curl/);
    firstPackageStep = data.commands.findIndex((command) =>
      command.startsWith('kubenode_kubelet=$(kubelet --version'),
    );
    expect(data.commands[firstPackageStep]).toContain(
      `if [ "$kubenode_kubelet" != "Kubernetes v${kubernetes.version}" ] || [ "$kubenode_kubeadm" != "v${kubernetes.version}" ]; then`,
    );
    expect(data.commands[firstPackageStep + 1]).toMatch(/\| xargs -r apt-mark hold$/);
  } else {
    expect(textOf('/etc/apt/sources.list.d/kubernetes.list')).toBe(
      `deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] https://pkgs.k8s.io/core:/stable:/v${major}.${minor}/deb/ /\n`,
    );
    expect(textOf('/etc/apt/preferences.d/kubenode-kubernetes.pref')).toContain(
      `Package: kubelet kubeadm kubectl\nPin: version ${packageVersion}\nPin-Priority: 1001\n`,
    );
    at(
      `env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold kubelet=${packageVersion} kubeadm=${packageVersion} kubectl=${packageVersion}`,
    );
    at('apt-mark hold kubelet kubeadm kubectl');
    expect(file('/etc/apt/sources.list.d/kubernetes.list').deferred).toBe(true);
    firstPackageStep = data.commands.findIndex(
      (command) => command.startsWith('curl ') || command === 'apt-get update -q',
    );
  }
  // The phases: OS configuration first, each step on its own; then the packages; then the join,
  // only when no OS configuration step failed.
  expect(data.commands.slice(0, 3)).toEqual([
    'set -e',
    'kubenode_os_failed=0',
    'kubenode_os() { "$@" || { printf "kubenode: OS configuration step failed with exit code %s: %s\\n" "$?" "$*" >&2; kubenode_os_failed=1; }; }',
  ]);
  const lastOsStep = data.commands.findLastIndex((command) => command.startsWith('kubenode_os '));
  expect(lastOsStep).toBeLessThan(firstPackageStep);
  expect(at('systemctl enable kubelet.service')).toBeGreaterThan(firstPackageStep);
  expect(data.commands.at(-2)).toBe(
    'if [ "$kubenode_os_failed" != 0 ]; then echo "kubenode: not joining the cluster: the OS configuration failed (see above)" >&2; exit 1; fi',
  );
  expect(osStep('systemctl restart containerd.service')).toBeGreaterThan(osStep('systemctl daemon-reload'));

  // Runtime.
  const containerd = textOf('/etc/containerd/config.toml');
  expect(containerd).toContain('version = 2');
  expect(containerd).toContain('SystemdCgroup = true');
  if (runtime.sandboxImage) expect(containerd).toContain(`sandbox_image = "${runtime.sandboxImage}"`);
  for (const [registry, mirrors] of Object.entries(runtime.registryMirrors)) {
    const hosts = textOf(`/etc/containerd/certs.d/${registry === '*' ? '_default' : registry}/hosts.toml`);
    for (const mirror of mirrors) expect(hosts).toContain(`[host."${mirror}"]`);
  }

  // The pool's files, byte for byte, with mode and owner; other owners written after users exist.
  for (const wanted of os.files) {
    const got = file(wanted.path);
    const bytes =
      wanted.encoding === 'base64'
        ? Buffer.from(wanted.contents, 'base64')
        : Buffer.from(wanted.contents, 'utf8');
    expect(got.bytes.equals(bytes), `${wanted.path} byte-identical`).toBe(true);
    expect(got.mode).toBe(wanted.mode);
    expect([got.owner, got.group]).toEqual([wanted.owner, wanted.group]);
    expect(got.deferred).toBe(wanted.owner !== 'root' || wanted.group !== 'root');
  }

  // Units and drop-ins, then systemctl.
  for (const unit of os.units) {
    if (unit.contents !== undefined) expect(textOf(`/etc/systemd/system/${unit.name}`)).toBe(unit.contents);
    for (const dropin of unit.dropins)
      expect(textOf(`/etc/systemd/system/${unit.name}.d/${dropin.name}`)).toBe(dropin.contents);
    if (unit.mask) osStep(`systemctl mask --now -- ${unit.name}`);
    else if (unit.enabled === true) osStep(`systemctl enable --now -- ${unit.name}`);
    else if (unit.enabled === false) osStep(`systemctl disable --now -- ${unit.name}`);
  }
  osStep('systemctl daemon-reload');

  // Kernel.
  const modules = [...new Set(['br_netfilter', 'overlay', ...os.kernelModules])].sort();
  const sysctls = withKubernetesSysctls(os.sysctls);
  expect(textOf('/etc/sysctl.d/90-kubenode.conf')).toBe(
    `# Written by kubenode\n${Object.keys(sysctls)
      .sort()
      .map((key) => `${key} = ${sysctls[key]}\n`)
      .join('')}`,
  );
  expect(osStep('sysctl --system')).toBeGreaterThan(osStep(`modprobe -a ${modules.join(' ')}`));
  expect(textOf('/etc/modules-load.d/90-kubenode.conf')).toBe(
    `# Written by kubenode\n${modules.join('\n')}\n`,
  );
  if (os.kernelArgs.length > 0) {
    if (options.bootLoader === 'systemd-boot') {
      expect(files.has('/etc/default/grub.d/90-kubenode.cfg')).toBe(false);
      expect(file('/run/kubenode/systemd-boot-kernel-args.sh').mode).toBe(0o755);
      osStep(`sh /run/kubenode/systemd-boot-kernel-args.sh ${os.kernelArgs.join(' ')}`);
    } else {
      expect(textOf('/etc/default/grub.d/90-kubenode.cfg')).toBe(
        `# Written by kubenode: spec.os.kernelArgs\nGRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ${os.kernelArgs.join(' ')}"\n`,
      );
      osStep('update-grub');
    }
    expect(config.power_state).toEqual({
      mode: 'reboot',
      message: 'kubenode: rebooting once to apply spec.os.kernelArgs',
      condition: `test -f /run/cluster-api/bootstrap-success.complete && for a in ${os.kernelArgs.map((arg) => `'${arg}'`).join(' ')}; do case " $(cat /proc/cmdline) " in *" $a "*) ;; *) exit 0 ;; esac; done; exit 1`,
    });
  } else {
    expect(files.has('/etc/default/grub.d/90-kubenode.cfg')).toBe(false);
    expect(files.has('/run/kubenode/systemd-boot-kernel-args.sh')).toBe(false);
    expect(config.power_state).toBeUndefined();
  }

  // Users, host name, NTP, proxy, CAs, disk, packages.
  if (os.users.length === 0) expect(config.users).toBeUndefined();
  else {
    expect(config.users).toEqual([
      ...(options.keepDefaultUser === false ? [] : ['default']),
      ...os.users.map((user) => ({
        name: user.name,
        ...(user.groups.length > 0 ? { groups: user.groups } : {}),
        ...(user.shell ? { shell: user.shell } : {}),
        lock_passwd: user.passwordHash === undefined,
        ...(user.passwordHash ? { hashed_passwd: user.passwordHash } : {}),
        ...(user.sshAuthorizedKeys.length > 0 ? { ssh_authorized_keys: user.sshAuthorizedKeys } : {}),
      })),
    ]);
  }
  if (os.hostname === null) {
    for (const key of ['hostname', 'fqdn', 'create_hostname_file', 'manage_etc_hosts'])
      expect(config).not.toHaveProperty(key);
  } else {
    expect(config.hostname).toBe(os.hostname.split('.')[0]);
    expect(config.fqdn).toBe(os.hostname.includes('.') ? os.hostname : undefined);
    expect(config).not.toHaveProperty('create_hostname_file');
    expect(config.manage_etc_hosts).toBe(true);
  }
  expect(config.ntp).toEqual(
    os.ntpServers.length === 0
      ? undefined
      : { enabled: true, ntp_client: options.ntpClient ?? 'auto', servers: os.ntpServers },
  );
  expect(config.apt).toEqual(
    os.proxy.http || os.proxy.https
      ? {
          ...(os.proxy.http ? { http_proxy: os.proxy.http } : {}),
          ...(os.proxy.https ? { https_proxy: os.proxy.https } : {}),
        }
      : undefined,
  );
  if (os.proxy.http || os.proxy.https) {
    for (const unit of ['containerd.service', 'kubelet.service']) {
      const dropin = textOf(`/etc/systemd/system/${unit}.d/50-kubenode-proxy.conf`);
      if (os.proxy.https) expect(dropin).toContain(`Environment="HTTPS_PROXY=${os.proxy.https}"`);
      if (os.proxy.noProxy.length > 0)
        expect(dropin).toContain(`Environment="NO_PROXY=${os.proxy.noProxy.join(',')}"`);
    }
  }
  expect(config.ca_certs).toEqual(
    os.caCerts.length === 0
      ? undefined
      : {
          trusted: os.caCerts.flatMap((pem) => splitPemBlocks(pem).map((block) => `${block.text.trim()}\n`)),
        },
  );
  expect(config.growpart).toEqual(
    os.rootDisk.grow ? { mode: 'auto', devices: ['/'], ignore_growroot_disabled: false } : { mode: 'off' },
  );
  expect(config.resize_rootfs).toBe(os.rootDisk.grow);
  // Packages: the runtime and update tooling with the pool's, unless the image carries them; no
  // needrestart (it would bring perl onto the node).
  const packages = [
    ...new Set([...(preinstalled ? [] : ['containerd', 'unattended-upgrades']), ...os.packages]),
  ];
  expect(config.package_update).toBe(packages.length > 0 ? true : undefined);
  expect(config.packages).toEqual(packages.length > 0 ? packages : undefined);

  // Update configuration: unattended-upgrades without reboots.
  expect(textOf(APT_PERIODIC_FILE)).toContain('APT::Periodic::Unattended-Upgrade "1";');
  expect(textOf('/etc/apt/apt.conf.d/52kubenode-unattended-upgrades')).toContain(
    'Unattended-Upgrade::Automatic-Reboot "false";',
  );
}

describe(`Debian provisioning of ${POOLS.length} pools`, () => {
  it('has at least 10 pools, including hostile strings and every field', () => {
    expect(POOLS.length).toBeGreaterThanOrEqual(10);
    expect(POOLS.map((pool) => pool.metadata.name)).toEqual(
      expect.arrayContaining(['hostile-strings', 'everything', 'hostile-bytes']),
    );
  });

  for (const pool of POOLS) {
    it(`${pool.metadata.name}: passes cloud-init schema and carries every value`, () => {
      const rendered = text(pool);
      expect(rendered.split('\n', 1)[0]).toBe('#cloud-config');
      const judge = cloudInitSchema(rendered);
      expect(judge.status, judge.output).toBe(0);
      expect(adapter.validate(adapter.provision(pool))).toEqual([]);
      expectRendered(pool, readCloudInitNodeUserData(rendered, '22.4'));
      expect(adapter.provision(pool).artifacts[0]!.contents).toBe(rendered);
    });
  }
});

describe('Debian specifics', () => {
  it('writes only what cloud-init 22.4 accepts: no create_hostname_file, never a jinja header', () => {
    const rendered = text(canonicalPool('network', 'debian'));
    expect(rendered.startsWith('#cloud-config\n')).toBe(true);
    expect(rendered).not.toMatch(/^## template/m);
    const data = readCloudInitNodeUserData(rendered, '22.4');
    expect(data.config.hostname).toBe('node-a');
    expect(data.config.fqdn).toBe('node-a.example.internal');
    expect(data.config).not.toHaveProperty('create_hostname_file');
    expect(adapter.runtime.containerdVersion).toBe('1.6');
    expect(adapter.updates.capabilities.livepatch).toBe(false);
  });

  it('uses the given repository key instead of a download, and downloads it otherwise', () => {
    const data = readCloudInitNodeUserData(text(everything), '22.4');
    expect(data.files.get('/etc/apt/keyrings/kubernetes-apt-keyring.asc')!.bytes.toString('utf8')).toBe(
      APT_KEY,
    );
    expect(data.commands.some((command) => command.startsWith('curl '))).toBe(false);
    const minimal = readCloudInitNodeUserData(text(canonicalPool('minimal', 'debian')), '22.4');
    const download = minimal.commands.findIndex((command) => command.startsWith('curl '));
    expect(minimal.commands[download]).toBe(
      'curl -fsSL --retry 5 --create-dirs -o /etc/apt/keyrings/kubernetes-apt-keyring.asc https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key',
    );
    expect(minimal.commands[download + 1]).toBe('apt-get update -q');
  });

  it('refuses unknown kubernetesPackages and bootLoader values, naming the option and the choices', () => {
    for (const [option, value, choices] of [
      ['kubernetesPackages', 'sideload', /install.*preinstalled/],
      ['bootLoader', 'lilo', /grub.*systemd-boot/],
    ] as const) {
      const bad = {
        ...kubenodeImage,
        spec: { ...kubenodeImage.spec, adapterOptions: { debian: { [option]: value } } },
      };
      expect(() => adapter.provision(bad)).toThrow(new RegExp(`spec\\.adapterOptions\\.debian\\.${option}`));
      expect(() => adapter.provision(bad)).toThrow(choices);
    }
  });

  it('keeps password hashes and the bootstrap token out of errors and warnings', () => {
    const bad = {
      ...everything,
      spec: { ...everything.spec, adapterOptions: { debian: { ntpClient: 'sundial' } } },
    };
    try {
      adapter.provision(bad);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/spec\.adapterOptions\.debian\.ntpClient/);
      for (const secret of collectSecrets(everything)) expect(String(error)).not.toContain(secret);
    }
  });

  it('refuses Kubernetes 1.36 and newer: the archive containerd is 1.x', () => {
    expect(adapter.capabilities.kubernetesVersions).toEqual({ min: '1.24', max: '1.35' });
    const newer = ownPool('newer', {
      kubernetes: {
        version: '1.36.1',
        apiServer: 'https://api.cluster.example:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
    });
    expect(() => adapter.provision(newer)).toThrow(
      /^spec\.kubernetes\.version: Kubernetes 1\.36\.1 is outside 1\.24-1\.35/,
    );
    const last = ownPool('last', {
      kubernetes: {
        version: '1.35.4',
        apiServer: 'https://api.cluster.example:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
    });
    expect(cloudInitSchema(text(last)).status).toBe(0);
  });

  it('compresses user data for a platform whose limit it exceeds', () => {
    const big = ownPool('big', {
      os: { files: [{ path: '/etc/big.conf', contents: 'setting = value that repeats\n'.repeat(900) }] },
    });
    const result = adapter.provision(big, { platform: 'aws' });
    expect(result.artifacts.map((artifact) => [artifact.name, artifact.role])).toEqual([
      ['user-data.gz.b64', 'user-data'],
      ['user-data', 'auxiliary'],
    ]);
    const plain = result.artifacts[1]!.contents;
    expect(gunzipSync(Buffer.from(result.artifacts[0]!.contents, 'base64')).toString('utf8')).toBe(plain);
    expect(cloudInitSchema(plain).status).toBe(0);
    expect(adapter.validate(result)).toEqual([]);
  });

  it('refuses a pool too large for the platform even after gzip', () => {
    const random = ownPool('random', {
      os: {
        files: [
          { path: '/etc/random.bin', contents: randomBytes(24_000).toString('base64'), encoding: 'base64' },
        ],
      },
    });
    expect(() => adapter.provision(random, { platform: 'aws' })).toThrow(
      /^spec: user data for aws is \d+ raw bytes \(\d+ raw bytes after gzip\); the limit is 16384 raw bytes on debian/,
    );
  });
});
