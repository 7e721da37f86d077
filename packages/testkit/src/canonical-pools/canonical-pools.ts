import type { NodePoolFeature, NodePoolInput } from '@kubenode/core';
import {
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
} from './test-credentials.js';

/** One canonical NodePool of the conformance set. */
export interface CanonicalPool {
  /** Stable id, used for golden file names: `<id>.golden`. */
  readonly id: string;
  /** What the pool exercises. */
  readonly description: string;
  /** The NodePool features it uses (beyond the join itself); an adapter that declares one unsupported must refuse the pool. */
  readonly features: readonly NodePoolFeature[];
  /** The pool as a user writes it; `spec.distro` is replaced by the adapter under test. */
  readonly input: NodePoolInput;
}

function pool(
  name: string,
  spec: Omit<Partial<NodePoolInput['spec']>, 'kubernetes'> & {
    kubernetes?: Partial<NodePoolInput['spec']['kubernetes']>;
  } = {},
): NodePoolInput {
  const { kubernetes, ...rest } = spec;
  return {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      distro: 'placeholder',
      image: { arch: 'amd64' },
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        ...kubernetes,
      },
      ...rest,
    },
  };
}

/** Text that breaks naive renderers: every format's special characters, multi-line, unicode. */
export const HOSTILE_TEXT = [
  'line one',
  '  indented: yes # not a comment',
  'quotes " \' ` and backslashes \\ \\n \\\\',
  'percent %h %i %% 100% and dollar $HOME ${X} $(rm -rf /) `id`',
  'EOF',
  "'EOF'",
  '---',
  '...',
  '#cloud-config',
  '"""',
  "'''",
  '[section]',
  'ExecStart=/bin/false',
  'key = "value"',
  'unicode: héllo wörld ✓ 日本語 🚀',
  '\ttab\tseparated',
  'trailing spaces   ',
  '',
].join('\n');

/**
 * The canonical NodePools every adapter renders: from the minimal join to every field, each
 * feature isolated so one unsupported feature refuses one pool, plus hostile strings.
 */
export const CANONICAL_POOLS: readonly CanonicalPool[] = [
  {
    id: 'minimal',
    description: 'Only what joining needs: version, API server, CA, bootstrap token.',
    features: [],
    input: pool('minimal'),
  },
  {
    id: 'labels-taints',
    description: 'Node labels, taints (with and without value), max pods and cluster DNS.',
    features: [
      'kubernetes.nodeLabels',
      'kubernetes.nodeTaints',
      'kubernetes.maxPods',
      'kubernetes.clusterDNS',
    ],
    input: pool('labels-taints', {
      kubernetes: {
        nodeLabels: { pool: 'gpu', 'node.example.com/tier': 'gold', 'topology.kubernetes.io/zone': 'eu-1a' },
        nodeTaints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'example.com/spot', effect: 'PreferNoSchedule' },
        ],
        maxPods: 58,
        clusterDNS: ['10.96.0.10', 'fd00:10:96::a'],
        clusterDomain: 'cluster.local',
      },
    }),
  },
  {
    id: 'registry-mirrors',
    description:
      'Registry mirrors for docker.io, a registry with a port, and every registry; a sandbox image.',
    features: ['runtime.registryMirrors', 'runtime.sandboxImage'],
    input: pool('registry-mirrors', {
      runtime: {
        registryMirrors: {
          'docker.io': ['https://mirror-a.example', 'https://mirror-b.example:5000'],
          'registry.example:5000': ['https://cache.example/v2/proxy'],
          '*': ['https://everything.example'],
        },
        sandboxImage: 'registry.k8s.io/pause:3.10',
      },
    }),
  },
  {
    id: 'users-ssh',
    description: 'Users with SSH keys and groups.',
    features: ['os.users'],
    input: pool('users-ssh', {
      os: {
        users: [
          { name: 'ops', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA], groups: ['sudo'] },
          { name: 'audit', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519] },
        ],
      },
    }),
  },
  {
    id: 'password-hash',
    description: 'A user with a password hash (a secret).',
    features: ['os.users', 'os.users.passwordHash'],
    input: pool('password-hash', { os: { users: [{ name: 'console', passwordHash: TEST_PASSWORD_HASH }] } }),
  },
  {
    id: 'files-units',
    description:
      'Files with modes and owners, a binary file, units with drop-ins, a masked unit, an enabled unit.',
    features: ['os.files', 'os.units'],
    input: pool('files-units', {
      os: {
        files: [
          { path: '/etc/motd', contents: 'Welcome.\n', mode: '0644' },
          { path: '/opt/bin/hello.sh', contents: '#!/bin/sh\necho "hello $1"\n', mode: '0755' },
          { path: '/etc/app/binary.bin', contents: 'AAECAwT/', encoding: 'base64', mode: '0600' },
          { path: '/etc/app/private.conf', contents: 'secret-ish: no\n', mode: 0o640, group: 'adm' },
        ],
        units: [
          {
            name: 'hello.service',
            enabled: true,
            contents:
              '[Unit]\nDescription=Say hello\n\n[Service]\nType=oneshot\nExecStart=/opt/bin/hello.sh world\n\n[Install]\nWantedBy=multi-user.target\n',
            dropins: [{ name: '10-env.conf', contents: '[Service]\nEnvironment=GREETING=hi\n' }],
          },
          {
            name: 'containerd.service',
            dropins: [{ name: '20-limits.conf', contents: '[Service]\nLimitNOFILE=1048576\n' }],
          },
          { name: 'apt-daily.timer', mask: true },
        ],
      },
    }),
  },
  {
    id: 'kernel',
    description: 'Sysctls (string and number values), kernel modules and kernel arguments.',
    features: ['os.sysctls', 'os.kernelModules', 'os.kernelArgs'],
    input: pool('kernel', {
      os: {
        sysctls: {
          'net.ipv4.ip_forward': '1',
          'vm.max_map_count': 262144,
          'net.ipv4.ip_local_port_range': '1024 65000',
        },
        kernelModules: ['br_netfilter', 'overlay', 'ip_vs'],
        kernelArgs: ['systemd.unified_cgroup_hierarchy=1', 'console=ttyS0,115200'],
      },
    }),
  },
  {
    id: 'sysctls-only',
    description: 'Sysctls and modules without kernel arguments.',
    features: ['os.sysctls', 'os.kernelModules'],
    input: pool('sysctls-only', {
      os: { sysctls: { 'fs.inotify.max_user_watches': '524288' }, kernelModules: ['nf_conntrack'] },
    }),
  },
  {
    id: 'network',
    description: 'Static host name, NTP servers, HTTP(S) proxy with no-proxy list.',
    features: ['os.hostname', 'os.ntpServers', 'os.proxy'],
    input: pool('network', {
      os: {
        hostname: 'node-a.example.internal',
        ntpServers: ['time1.example', '192.0.2.123'],
        proxy: {
          http: 'http://proxy.example:3128',
          https: 'http://proxy.example:3128',
          noProxy: ['10.0.0.0/8', '.svc', '.cluster.local', 'localhost'],
        },
      },
    }),
  },
  {
    id: 'ca-certs',
    description: 'Extra trusted CA certificates.',
    features: ['os.caCerts'],
    input: pool('ca-certs', { os: { caCerts: [TEST_EXTRA_CA] } }),
  },
  {
    id: 'kubelet-config',
    description: 'Free-form KubeletConfiguration fields passed through.',
    features: ['kubernetes.kubelet', 'kubernetes.maxPods'],
    input: pool('kubelet-config', {
      kubernetes: {
        maxPods: 110,
        kubelet: {
          serializeImagePulls: false,
          systemReserved: { cpu: '100m', memory: '256Mi' },
          evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '10%' },
        },
      },
    }),
  },
  {
    id: 'packages',
    description: 'Extra OS packages (only distros with a package manager).',
    features: ['os.packages'],
    input: pool('packages', { os: { packages: ['jq', 'nfs-common', 'open-iscsi'] } }),
  },
  {
    id: 'hostile-strings',
    description:
      "File contents full of every format's special characters, a multi-line PEM, unicode, heredoc markers.",
    features: ['os.files'],
    input: pool('hostile-strings', {
      os: {
        files: [
          { path: '/etc/hostile/all.txt', contents: HOSTILE_TEXT },
          { path: '/etc/hostile/ca.pem', contents: TEST_EXTRA_CA },
          { path: '/etc/hostile/no-newline', contents: 'no trailing newline; ends with a backslash \\' },
          { path: '/etc/hostile/empty', contents: '' },
          { path: '/etc/hostile/space name %h.conf', contents: 'x=1\n' },
          { path: '/etc/hostile/yes', contents: 'yes' },
          { path: '/etc/hostile/octal', contents: '0644' },
        ],
      },
    }),
  },
  {
    id: 'secret-file',
    description: 'A private key in a file: written 0600 and never logged.',
    features: ['os.files'],
    input: pool('secret-file', {
      os: { files: [{ path: '/etc/app/tls.key', contents: TEST_PRIVATE_KEY, mode: '0600' }] },
    }),
  },
  {
    id: 'kubernetes-1-30',
    description: 'An older Kubernetes minor (kubeadm v1beta3).',
    features: ['kubernetes.nodeLabels'],
    input: pool('kubernetes-1-30', { kubernetes: { version: '1.30.9', nodeLabels: { pool: 'legacy' } } }),
  },
  {
    id: 'root-disk-fixed',
    description: 'Root disk growth turned off.',
    features: ['os.rootDisk'],
    input: pool('root-disk-fixed', { os: { rootDisk: { grow: false } } }),
  },
];
