import { decodeWriteFileContent, stringifyCloudConfig, type WriteFile } from 'cloud-init-yaml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { osFile } from '../adapter/v1/os-file-v1.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import { EXTRA_CA_PEM, pool, TEST_CA_PEM, TEST_CA_SPKI_SHA256 } from '../test-support/fixtures.js';
import { cloudInitSchema } from '../test-support/cloud-init-schema.js';
import { createAptUpdateStrategy } from './apt-update-strategy.js';
import { createDistroContainerdRuntime } from './distro-containerd-runtime.js';
import {
  renderKubeadmNodeCloudConfig,
  type KubeadmNodeCloudConfigOptions,
} from './kubeadm-node-cloud-config.js';
import { resolveKubernetesAptRepository } from './kubernetes-apt-repository.js';

const KEY =
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGMHoXcBEADukGOEQyleViOgtkMVa7hKifP6POCTh+98xNW4TfHK/nBJN2sm\n-----END PGP PUBLIC KEY BLOCK-----\n';
/** The start of every runcmd: `set -e`, and the function that runs an OS configuration step on its own. */
const OS_PHASE_START = [
  'set -e',
  'kubenode_os_failed=0',
  'kubenode_os() { "$@" || { printf "kubenode: OS configuration step failed with exit code %s: %s\\n" "$?" "$*" >&2; kubenode_os_failed=1; }; }',
];
/** The end of every runcmd: no join after a failed OS configuration step; the join in Cluster API's form. */
const JOIN_PHASE = [
  'if [ "$kubenode_os_failed" != 0 ]; then echo "kubenode: not joining the cluster: the OS configuration failed (see above)" >&2; exit 1; fi',
  'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml && echo success > /run/cluster-api/bootstrap-success.complete',
];
const os = (...command: string[]) => ['kubenode_os', ...command];
const updates = createAptUpdateStrategy({ livepatch: false, osVersionCommand: 'cat /etc/debian_version' });
const runtime = createDistroContainerdRuntime('1.6');

function options(
  p: ReturnType<typeof pool>,
  overrides: Partial<KubeadmNodeCloudConfigOptions> = {},
): KubeadmNodeCloudConfigOptions {
  return {
    dialect: '22.4',
    runtime: runtime.render(p),
    updates: updates.nodeConfiguration(p),
    repository: resolveKubernetesAptRepository(p.spec.kubernetes.version),
    osPackages: ['containerd'],
    keepDefaultUser: true,
    ntpClient: 'auto',
    createHostnameFile: false,
    ...overrides,
  };
}

function files(config: {
  write_files?: readonly WriteFile[];
}): Map<string, { item: WriteFile; text: string }> {
  return new Map(
    (config.write_files ?? []).map((item) => [
      item.path,
      { item, text: decodeWriteFileContent(item).toString('utf8') },
    ]),
  );
}

const full = pool({
  kubernetes: {
    version: '1.31.2',
    apiServer: 'https://api.example:6443',
    caCert: TEST_CA_PEM,
    bootstrapToken: 'abcdef.0123456789abcdef',
    nodeLabels: { pool: 'a' },
    nodeTaints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    maxPods: 58,
  },
  runtime: {
    registryMirrors: { 'docker.io': ['https://mirror.example'] },
    sandboxImage: 'registry.k8s.io/pause:3.10',
  },
  os: {
    hostname: 'node-a.example.internal',
    users: [
      {
        name: 'ops',
        sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5 ops@example'],
        groups: ['sudo'],
        shell: '/bin/bash',
      },
      { name: 'console', passwordHash: '$6$salt$hash' },
    ],
    files: [
      { path: '/etc/motd', contents: 'hi\n', mode: 0o644 },
      {
        path: '/etc/app/data.bin',
        contents: 'AAEC/w==',
        encoding: 'base64',
        mode: '0600',
        owner: 'ops',
        group: 'ops',
      },
    ],
    units: [
      {
        name: 'hello.service',
        enabled: true,
        contents: '[Service]\nExecStart=/bin/true\n',
        dropins: [{ name: '10-a.conf', contents: '[Service]\nX=1\n' }],
      },
      { name: 'old.timer', enabled: false },
      { name: 'apt-daily.timer', mask: true },
    ],
    sysctls: { 'vm.max_map_count': '262144' },
    kernelModules: ['ip_vs'],
    kernelArgs: ['console=ttyS0,115200'],
    ntpServers: ['time.example'],
    proxy: {
      http: 'http://proxy.example:3128',
      https: 'http://proxy.example:3129',
      noProxy: ['10.0.0.0/8', '.svc'],
    },
    caCerts: [`${EXTRA_CA_PEM}${EXTRA_CA_PEM}`],
    rootDisk: { grow: false },
    packages: ['jq', 'containerd'],
  },
});

describe('renderKubeadmNodeCloudConfig', () => {
  it('renders the minimal pool: packages, pinned Kubernetes, the join in Cluster API layout', () => {
    const p = pool();
    const { config, warnings } = renderKubeadmNodeCloudConfig(p, options(p));
    expect(warnings).toEqual([]);
    const byPath = files(config);
    expect([...byPath.keys()]).toEqual([
      '/etc/apt/apt.conf.d/20auto-upgrades',
      '/etc/apt/apt.conf.d/52kubenode-unattended-upgrades',
      '/etc/containerd/config.toml',
      '/etc/modules-load.d/90-kubenode.conf',
      '/etc/needrestart/conf.d/90-kubenode.conf',
      '/etc/sysctl.d/90-kubenode.conf',
      '/run/cluster-api/placeholder',
      '/run/kubeadm/kubeadm-join-config.yaml',
      '/etc/apt/preferences.d/kubenode-kubernetes.pref',
      '/etc/apt/sources.list.d/kubernetes.list',
    ]);
    const join = byPath.get('/run/kubeadm/kubeadm-join-config.yaml')!;
    expect(join.item.permissions).toBe('0600');
    expect(join.item.defer).toBeUndefined();
    expect(parseYaml(join.text)).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: '10.0.0.1:6443',
          token: 'abcdef.0123456789abcdef',
          caCertHashes: [`sha256:${TEST_CA_SPKI_SHA256}`],
        },
      },
      nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock', taints: [] },
    });
    expect(byPath.get('/etc/apt/sources.list.d/kubernetes.list')).toEqual({
      item: {
        path: '/etc/apt/sources.list.d/kubernetes.list',
        permissions: '0644',
        defer: true,
        content:
          'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /\n',
      },
      text: 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /\n',
    });
    expect(byPath.get('/etc/apt/preferences.d/kubenode-kubernetes.pref')!.text).toContain(
      'Package: kubelet kubeadm kubectl\nPin: version 1.32.4-1.1\nPin-Priority: 1001\n',
    );
    expect(byPath.get('/etc/sysctl.d/90-kubenode.conf')!.text).toBe(
      '# Written by kubenode\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n',
    );
    expect(config.package_update).toBe(true);
    expect(config.packages).toEqual(['containerd']);
    expect(config.growpart).toEqual({ mode: 'auto', devices: ['/'], ignore_growroot_disabled: false });
    expect(config.resize_rootfs).toBe(true);
    expect(config.runcmd).toEqual([
      ...OS_PHASE_START,
      os('modprobe', '-a', 'br_netfilter', 'overlay'),
      os('sysctl', '--system'),
      os('systemctl', 'daemon-reload'),
      os('systemctl', 'restart', 'containerd.service'),
      [
        'curl',
        '-fsSL',
        '--retry',
        '5',
        '--create-dirs',
        '-o',
        '/etc/apt/keyrings/kubernetes-apt-keyring.asc',
        'https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key',
      ],
      ['apt-get', 'update', '-q'],
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-q',
        '-o',
        'Dpkg::Options::=--force-confold',
        'kubelet=1.32.4-1.1',
        'kubeadm=1.32.4-1.1',
        'kubectl=1.32.4-1.1',
      ],
      ['apt-mark', 'hold', 'kubelet', 'kubeadm', 'kubectl'],
      ['systemctl', 'enable', 'kubelet.service'],
      ...JOIN_PHASE,
    ]);
    for (const key of ['users', 'hostname', 'ntp', 'apt', 'ca_certs', 'power_state'])
      expect(config).not.toHaveProperty(key);
    const text = stringifyCloudConfig(config, { dialect: '22.4' });
    expect(cloudInitSchema(text).status).toBe(0);
  });

  it('renders every field of a full pool', () => {
    const { config, warnings } = renderKubeadmNodeCloudConfig(
      full,
      options(full, { repository: resolveKubernetesAptRepository('1.31.2', { key: KEY }) }),
    );
    expect(warnings).toEqual([]);
    const byPath = files(config);
    expect(byPath.get('/etc/apt/keyrings/kubernetes-apt-keyring.asc')).toMatchObject({
      text: KEY,
      item: { defer: true },
    });
    expect(config.runcmd).not.toContainEqual(expect.arrayContaining(['curl']));
    expect(byPath.get('/etc/motd')!.item).toEqual({
      path: '/etc/motd',
      permissions: '0644',
      content: 'hi\n',
    });
    expect(byPath.get('/etc/app/data.bin')!.item).toEqual({
      path: '/etc/app/data.bin',
      owner: 'ops:ops',
      permissions: '0600',
      encoding: 'b64',
      defer: true,
      content: 'AAEC/w==',
    });
    expect(byPath.get('/etc/systemd/system/hello.service')!.text).toBe('[Service]\nExecStart=/bin/true\n');
    expect(byPath.get('/etc/systemd/system/hello.service.d/10-a.conf')!.text).toBe('[Service]\nX=1\n');
    expect(byPath.get('/etc/systemd/system/containerd.service.d/50-kubenode-proxy.conf')!.text).toBe(
      '[Service]\nEnvironment="HTTPS_PROXY=http://proxy.example:3129"\nEnvironment="HTTP_PROXY=http://proxy.example:3128"\nEnvironment="NO_PROXY=10.0.0.0/8,.svc"\nEnvironment="http_proxy=http://proxy.example:3128"\nEnvironment="https_proxy=http://proxy.example:3129"\nEnvironment="no_proxy=10.0.0.0/8,.svc"\n',
    );
    expect(byPath.has('/etc/systemd/system/kubelet.service.d/50-kubenode-proxy.conf')).toBe(true);
    expect(byPath.get('/etc/default/grub.d/90-kubenode.cfg')!.text).toBe(
      '# Written by kubenode: spec.os.kernelArgs\nGRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX console=ttyS0,115200"\n',
    );
    expect(byPath.get('/etc/modules-load.d/90-kubenode.conf')!.text).toBe(
      '# Written by kubenode\nbr_netfilter\nip_vs\noverlay\n',
    );
    expect(byPath.get('/etc/containerd/config.toml')!.text).toContain(
      'sandbox_image = "registry.k8s.io/pause:3.10"',
    );
    expect(byPath.get('/etc/containerd/certs.d/docker.io/hosts.toml')!.text).toContain(
      '[host."https://mirror.example"]',
    );
    expect(parseYaml(byPath.get('/run/kubeadm/patches/kubeletconfiguration+merge.yaml')!.text)).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      maxPods: 58,
    });
    const joinConfig = parseYaml(byPath.get('/run/kubeadm/kubeadm-join-config.yaml')!.text);
    expect(joinConfig.nodeRegistration).toEqual({
      criSocket: 'unix:///run/containerd/containerd.sock',
      kubeletExtraArgs: [{ name: 'node-labels', value: 'pool=a' }],
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    });
    expect(joinConfig.patches).toEqual({ directory: '/run/kubeadm/patches' });
    expect(config.hostname).toBe('node-a');
    expect(config.fqdn).toBe('node-a.example.internal');
    expect(config.prefer_fqdn_over_hostname).toBe(false);
    expect(config.manage_etc_hosts).toBe(true);
    expect(config).not.toHaveProperty('create_hostname_file');
    expect(config.users).toEqual([
      'default',
      {
        name: 'ops',
        groups: ['sudo'],
        shell: '/bin/bash',
        lock_passwd: true,
        ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5 ops@example'],
      },
      { name: 'console', lock_passwd: false, hashed_passwd: '$6$salt$hash' },
    ]);
    expect(config.ca_certs).toEqual({ trusted: [`${EXTRA_CA_PEM.trim()}\n`] });
    expect(config.apt).toEqual({
      http_proxy: 'http://proxy.example:3128',
      https_proxy: 'http://proxy.example:3129',
    });
    expect(config.ntp).toEqual({ enabled: true, ntp_client: 'auto', servers: ['time.example'] });
    expect(config.growpart).toEqual({ mode: 'off' });
    expect(config.resize_rootfs).toBe(false);
    expect(config.packages).toEqual(['containerd', 'jq']);
    expect(config.runcmd).toEqual([
      ...OS_PHASE_START,
      os('modprobe', '-a', 'br_netfilter', 'ip_vs', 'overlay'),
      os('sysctl', '--system'),
      os('systemctl', 'daemon-reload'),
      os('systemctl', 'restart', 'containerd.service'),
      os('systemctl', 'enable', '--now', '--', 'hello.service'),
      os('systemctl', 'disable', '--now', '--', 'old.timer'),
      os('systemctl', 'mask', '--now', '--', 'apt-daily.timer'),
      os('update-grub'),
      ['apt-get', 'update', '-q'],
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-q',
        '-o',
        'Dpkg::Options::=--force-confold',
        'kubelet=1.31.2-1.1',
        'kubeadm=1.31.2-1.1',
        'kubectl=1.31.2-1.1',
      ],
      ['apt-mark', 'hold', 'kubelet', 'kubeadm', 'kubectl'],
      ['systemctl', 'enable', 'kubelet.service'],
      ...JOIN_PHASE,
    ]);
    expect(config.power_state).toEqual({
      mode: 'reboot',
      message: 'kubenode: rebooting once to apply spec.os.kernelArgs',
      condition: `test -f /run/cluster-api/bootstrap-success.complete && for a in 'console=ttyS0,115200'; do case " $(cat /proc/cmdline) " in *" $a "*) ;; *) exit 0 ;; esac; done; exit 1`,
    });
    for (const dialect of ['22.4', 'current'] as const) {
      const text = stringifyCloudConfig(config, { dialect });
      expect(cloudInitSchema(text).status, text).toBe(0);
    }
  });

  it('downloads the key through the proxy, honouring no-proxy', () => {
    const { config } = renderKubeadmNodeCloudConfig(full, options(full));
    expect(config.runcmd!.find((command) => command?.[0] === 'curl')).toEqual([
      'curl',
      '-fsSL',
      '--retry',
      '5',
      '--proxy',
      'http://proxy.example:3129',
      '--noproxy',
      '10.0.0.0/8,.svc',
      '--create-dirs',
      '-o',
      '/etc/apt/keyrings/kubernetes-apt-keyring.asc',
      'https://pkgs.k8s.io/core:/stable:/v1.31/deb/Release.key',
    ]);
  });

  it('uses preinstalled Kubernetes packages: no repository, no installs, the version checked and held', () => {
    const p = pool();
    const { config } = renderKubeadmNodeCloudConfig(p, options(p, { kubernetesPackages: 'preinstalled' }));
    const byPath = files(config);
    expect(byPath.has('/etc/apt/sources.list.d/kubernetes.list')).toBe(false);
    expect(byPath.has('/etc/apt/keyrings/kubernetes-apt-keyring.asc')).toBe(false);
    expect(byPath.get('/etc/apt/preferences.d/kubenode-kubernetes.pref')).toMatchObject({
      item: { defer: true },
      text: expect.stringContaining(
        'Package: kubelet kubeadm kubectl\nPin: version 1.32.4-*\nPin-Priority: 1001\n',
      ),
    });
    // Nothing to install: cloud-init runs no apt at all.
    expect(config).not.toHaveProperty('package_update');
    expect(config).not.toHaveProperty('packages');
    expect(config.runcmd).toEqual([
      ...OS_PHASE_START,
      os('modprobe', '-a', 'br_netfilter', 'overlay'),
      os('sysctl', '--system'),
      os('systemctl', 'daemon-reload'),
      os('systemctl', 'restart', 'containerd.service'),
      [
        'kubenode_kubelet=$(kubelet --version 2>/dev/null || true)',
        'kubenode_kubeadm=$(kubeadm version -o short 2>/dev/null || true)',
        'if [ "$kubenode_kubelet" != "Kubernetes v1.32.4" ] || [ "$kubenode_kubeadm" != "v1.32.4" ]; then',
        '  echo "kubenode: the image must carry kubelet and kubeadm v1.32.4 (kubernetesPackages: preinstalled); it has kubelet ${kubenode_kubelet:-none}, kubeadm ${kubenode_kubeadm:-none}" >&2',
        '  exit 1',
        'fi',
      ].join('\n'),
      "dpkg-query -W -f='${db:Status-Abbrev} ${Package}\\n' kubelet kubeadm kubectl 2>/dev/null | awk '$1 == \"ii\" { print $2 }' | xargs -r apt-mark hold",
      ['systemctl', 'enable', 'kubelet.service'],
      ...JOIN_PHASE,
    ]);
    expect(cloudInitSchema(stringifyCloudConfig(config, { dialect: '22.4' })).status).toBe(0);
    // The pool's own packages are still installed, and only those.
    const withPackages = pool({ os: { packages: ['jq'] } });
    const installs = renderKubeadmNodeCloudConfig(
      withPackages,
      options(withPackages, { kubernetesPackages: 'preinstalled' }),
    ).config;
    expect(installs.package_update).toBe(true);
    expect(installs.packages).toEqual(['jq']);
  });

  it('writes kernel arguments for systemd-boot: /etc/kernel/cmdline and the boot entries, no GRUB file', () => {
    const { config } = renderKubeadmNodeCloudConfig(full, options(full, { bootLoader: 'systemd-boot' }));
    const byPath = files(config);
    expect(byPath.has('/etc/default/grub.d/90-kubenode.cfg')).toBe(false);
    expect(config.runcmd).toContainEqual(
      os('sh', '/run/kubenode/systemd-boot-kernel-args.sh', 'console=ttyS0,115200'),
    );
    expect(byPath.get('/run/kubenode/systemd-boot-kernel-args.sh')).toMatchObject({
      item: { permissions: '0755' },
      text: expect.stringContaining('boot=$(bootctl --print-boot-path)'),
    });
    expect(config.runcmd).not.toContainEqual(os('update-grub'));
    expect(config.power_state).toMatchObject({ mode: 'reboot' });
    for (const dialect of ['22.4', 'current'] as const) {
      expect(cloudInitSchema(stringifyCloudConfig(config, { dialect })).status).toBe(0);
    }
  });

  it('writes create_hostname_file only for newer cloud-init, and drops the default user on request', () => {
    const p = pool({ os: { hostname: 'worker-1', users: [{ name: 'ops' }] } });
    const current = renderKubeadmNodeCloudConfig(
      p,
      options(p, { dialect: 'current', createHostnameFile: true, keepDefaultUser: false }),
    ).config;
    expect(current.create_hostname_file).toBe(true);
    expect(current.hostname).toBe('worker-1');
    expect(current).not.toHaveProperty('fqdn');
    expect(current.users).toEqual([{ name: 'ops', lock_passwd: true }]);
    const old = renderKubeadmNodeCloudConfig(
      p,
      options(p, { dialect: '22.4', createHostnameFile: true }),
    ).config;
    expect(old).not.toHaveProperty('create_hostname_file');
  });

  it('lets a pool file replace a generated one, with a warning', () => {
    const p = pool({ os: { files: [{ path: '/etc/containerd/config.toml', contents: 'version = 2\n' }] } });
    const { config, warnings } = renderKubeadmNodeCloudConfig(p, options(p));
    expect(warnings).toEqual([
      {
        code: 'file-overrides-generated',
        path: 'spec.os.files[0].path',
        message:
          '/etc/containerd/config.toml replaces the file kubenode writes there; the node may not work as configured',
      },
    ]);
    const written = config.write_files!.filter((item) => item.path === '/etc/containerd/config.toml');
    expect(written).toEqual([
      { path: '/etc/containerd/config.toml', permissions: '0644', content: 'version = 2\n' },
    ]);
  });

  it('refuses, naming the field, what would break the join or silently replace something (hostile-input fuzz)', () => {
    const refusal = (spec: Parameters<typeof pool>[0]) => {
      const p = pool(spec);
      try {
        renderKubeadmNodeCloudConfig(p, options(p, { distro: 'debian' }));
      } catch (error) {
        expect(UnsupportedFeatureError.isInstance(error), String(error)).toBe(true);
        const { field, distro } = error as UnsupportedFeatureError;
        return { field, distro };
      }
      throw new Error('rendered');
    };
    // A file at the JoinConfiguration's path (it used to replace it with a warning: no join).
    expect(
      refusal({ os: { files: [{ path: '/run/kubeadm/kubeadm-join-config.yaml', contents: 'kind: x\n' }] } }),
    ).toEqual({ field: 'spec.os.files[0].path', distro: 'debian' });
    // A file where one of the pool's units (or its mask) is written.
    expect(
      refusal({
        os: {
          units: [{ name: 'apt-daily.timer', mask: true }],
          files: [
            { path: '/etc/motd', contents: 'hi\n' },
            { path: '/etc/systemd/system/apt-daily.timer', contents: '[Timer]\n' },
          ],
        },
      }),
    ).toEqual({ field: 'spec.os.files[1].path', distro: 'debian' });
    // A drop-in named like kubenode's proxy drop-in (it used to throw a RangeError).
    expect(
      refusal({
        os: {
          proxy: { https: 'http://proxy.example:3128' },
          units: [
            {
              name: 'kubelet.service',
              dropins: [{ name: '50-kubenode-proxy.conf', contents: '[Service]\n' }],
            },
          ],
        },
      }),
    ).toEqual({ field: 'spec.os.units[0].dropins[0].name', distro: 'debian' });
    // Masking or disabling a unit kubenode enables (runcmd would enable kubelet after the mask).
    expect(refusal({ os: { units: [{ name: 'kubelet.service', mask: true }] } })).toEqual({
      field: 'spec.os.units[0].mask',
      distro: 'debian',
    });
    expect(
      refusal({ os: { units: [{ name: 'hello.service' }, { name: 'containerd.service', enabled: false }] } }),
    ).toEqual({ field: 'spec.os.units[1].enabled', distro: 'debian' });
    // Drop-ins of other names and enabling those units stay fine.
    const fine = pool({
      os: {
        proxy: { https: 'http://proxy.example:3128' },
        units: [
          {
            name: 'kubelet.service',
            enabled: true,
            dropins: [{ name: '60-mine.conf', contents: '[Service]\n' }],
          },
        ],
      },
    });
    expect(
      files(renderKubeadmNodeCloudConfig(fine, options(fine)).config).has(
        '/etc/systemd/system/kubelet.service.d/60-mine.conf',
      ),
    ).toBe(true);
  });

  it('adds distribution keys, and refuses one that would replace a kubenode key', () => {
    const p = pool();
    const { config } = renderKubeadmNodeCloudConfig(
      p,
      options(p, { dialect: 'current', extra: { ubuntu_pro: { token: 'x' } } }),
    );
    expect(config.ubuntu_pro).toEqual({ token: 'x' });
    expect(() => renderKubeadmNodeCloudConfig(p, options(p, { extra: { runcmd: [] } }))).toThrow(/runcmd/);
  });

  it('sorts nested kubelet configuration keys, so input order does not change the patch', () => {
    const a = pool({
      kubernetes: {
        ...full.spec.kubernetes,
        kubelet: { evictionHard: { 'memory.available': '1Gi', 'nodefs.available': '5%' } },
      },
    });
    const b = pool({
      kubernetes: {
        ...full.spec.kubernetes,
        kubelet: { evictionHard: { 'nodefs.available': '5%', 'memory.available': '1Gi' } },
      },
    });
    const patch = (p: ReturnType<typeof pool>) =>
      files(renderKubeadmNodeCloudConfig(p, options(p)).config).get(
        '/run/kubeadm/patches/kubeletconfiguration+merge.yaml',
      )!.text;
    expect(patch(a)).toBe(patch(b));
    expect(patch(a)).toContain('evictionHard:\n  memory.available: 1Gi\n  nodefs.available: 5%\n');
  });

  it('is pure', () => {
    expect(renderKubeadmNodeCloudConfig(full, options(full))).toEqual(
      renderKubeadmNodeCloudConfig(full, options(full)),
    );
    expect(osFile('/x', 'y').mode).toBe(0o644);
  });
});
