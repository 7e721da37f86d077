import { UnsupportedFeatureError, caCertHash, validateNodePool, type NodePool } from '@kubenode/core';
import {
  CANONICAL_POOLS,
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
  canonicalPool,
  thrownError,
} from '@kubenode/testkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cloudInitSchema, cloudInitView } from '../test/support/upstream-tools.js';
import { createGardenLinux, JOIN_UNIT, LOCAL_CA_DIRECTORY, UPDATE_CA_UNIT } from './index.js';

const adapter = createGardenLinux();

function render(pool: NodePool): string {
  const result = adapter.provision(pool);
  expect(result.artifacts).toHaveLength(1);
  const [artifact] = result.artifacts;
  expect(artifact).toMatchObject({
    name: 'user-data',
    mediaType: 'text/cloud-config',
    role: 'user-data',
    containsSecrets: true,
  });
  return artifact!.contents;
}

function text(file: { content: string } | undefined): string {
  expect(file).toBeDefined();
  return Buffer.from(file!.content, 'base64').toString('utf8');
}

const UNSUPPORTED = new Map([
  ['kernel', 'spec.os.kernelArgs'],
  ['packages', 'spec.os.packages'],
  ['root-disk-fixed', 'spec.os.rootDisk'],
]);

describe('standalone cloud-init (aws-gardener_prod)', () => {
  // Every canonical pool also goes through Debian's `cloud-init schema` in the conformance run
  // (gardenlinux-conformance.test.ts, probes.externalValidators); here the adapter's own validator.
  it.each(CANONICAL_POOLS.filter((entry) => !UNSUPPORTED.has(entry.id)).map((entry) => entry.id))(
    "%s passes the adapter's validate() (cloud-init's JSON schema, Garden Linux dialect)",
    (id) => {
      const result = adapter.provision(canonicalPool(id, 'gardenlinux'));
      expect(result.artifacts[0]!.contents.startsWith('#cloud-config\n')).toBe(true);
      expect(adapter.validate(result)).toEqual([]);
    },
  );

  it("minimal and hostile-strings pass Debian's cloud-init schema check without deprecations", () => {
    for (const id of ['minimal', 'hostile-strings']) {
      const run = cloudInitSchema(render(canonicalPool(id, 'gardenlinux')));
      expect(run.output).toMatch(/^Valid cloud-config/m);
      expect(run.output).not.toMatch(/deprecat/i);
      expect(run.status).toBe(0);
    }
  });

  it.each([...UNSUPPORTED])('%s is refused with UnsupportedFeatureError naming %s', (id, field) => {
    const pool = canonicalPool(id, 'gardenlinux');
    let caught: unknown;
    try {
      adapter.provision(pool);
    } catch (error) {
      caught = error;
    }
    expect(UnsupportedFeatureError.isInstance(caught)).toBe(true);
    const error = caught as UnsupportedFeatureError;
    expect(error.field).toBe(field);
    expect(error.distro).toBe('gardenlinux');
    expect(error.alternative).toMatch(id === 'root-disk-fixed' ? /size the disk/ : /kubenode build/);
  });

  it('minimal: joins with the JoinConfiguration (0600, token, pinned CA), containerd enabled first, join unit last', () => {
    const contents = render(canonicalPool('minimal', 'gardenlinux'));
    const { files, config } = cloudInitView(contents);
    const join = files['/etc/kubeadm/join-configuration.yaml']!;
    expect(join.mode).toBe(0o600);
    const joinConfig = parse(text(join)) as Record<string, unknown>;
    expect(joinConfig).toMatchObject({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: '10.0.0.1:6443',
          token: TEST_BOOTSTRAP_TOKEN,
          caCertHashes: [caCertHash(TEST_CLUSTER_CA)],
        },
      },
      nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock' },
    });
    const unit = text(files[`/etc/systemd/system/${JOIN_UNIT}`]);
    expect(unit).toContain('ExecStart=/usr/bin/kubeadm join --config /etc/kubeadm/join-configuration.yaml');
    expect(unit).toContain('ExecStartPost=/usr/bin/rm -f /etc/kubeadm/join-configuration.yaml');
    expect(unit).toContain('case "$$v" in v1.32.*)');
    expect(unit).toContain('Requires=containerd.service');
    const containerd = text(files['/etc/containerd/config.toml']);
    // Garden Linux 1877 ships containerd 2.x: config version 3.
    expect(containerd).toMatch(/^version = 3\n/);
    expect(containerd).toContain('SystemdCgroup = true');
    expect(containerd).toContain('config_path = "/etc/containerd/certs.d"');
    expect(text(files['/etc/sysctl.d/90-kubenode.conf'])).toContain('net.ipv4.ip_forward = 1');
    expect(text(files['/etc/modules-load.d/90-kubenode.conf'])).toContain('br_netfilter');
    expect(config.runcmd).toEqual([
      'set -e',
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'containerd.service'],
      ['systemctl', 'enable', 'kubelet.service'],
      ['systemctl', 'enable', '--now', JOIN_UNIT],
    ]);
    expect(config).not.toHaveProperty('packages');
    expect(config).not.toHaveProperty('users');
  });

  it('labels-taints: labels as kubelet flag, taints and maxPods/clusterDNS in the kubeadm patch', () => {
    const { files } = cloudInitView(render(canonicalPool('labels-taints', 'gardenlinux')));
    const join = parse(text(files['/etc/kubeadm/join-configuration.yaml'])) as {
      nodeRegistration: { kubeletExtraArgs: unknown; taints: unknown };
      patches: unknown;
    };
    expect(join.nodeRegistration.kubeletExtraArgs).toEqual([
      { name: 'node-labels', value: 'node.example.com/tier=gold,pool=gpu,topology.kubernetes.io/zone=eu-1a' },
    ]);
    expect(join.nodeRegistration.taints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'example.com/spot', effect: 'PreferNoSchedule' },
    ]);
    expect(join.patches).toEqual({ directory: '/etc/kubeadm/patches' });
    const patch = parse(text(files['/etc/kubeadm/patches/kubeletconfiguration+merge.yaml'])) as Record<
      string,
      unknown
    >;
    expect(patch).toMatchObject({
      maxPods: 58,
      clusterDNS: ['10.96.0.10', 'fd00:10:96::a'],
      clusterDomain: 'cluster.local',
    });
  });

  it('registry-mirrors: hosts.toml per registry and the sandbox image in config.toml', () => {
    const { files } = cloudInitView(render(canonicalPool('registry-mirrors', 'gardenlinux')));
    expect(text(files['/etc/containerd/config.toml'])).toContain('sandbox = "registry.k8s.io/pause:3.10"');
    const docker = text(files['/etc/containerd/certs.d/docker.io/hosts.toml']);
    expect(docker).toContain('server = "https://registry-1.docker.io"');
    expect(docker).toContain('[host."https://mirror-a.example"]');
    expect(docker).toContain('[host."https://mirror-b.example:5000"]');
    expect(text(files['/etc/containerd/certs.d/registry.example:5000/hosts.toml'])).toContain(
      'override_path = true',
    );
    expect(text(files['/etc/containerd/certs.d/_default/hosts.toml'])).toContain(
      'https://everything.example',
    );
  });

  it('users-ssh and password-hash: cloud-init users, the default user kept', () => {
    const { config } = cloudInitView(render(canonicalPool('users-ssh', 'gardenlinux')));
    expect(config.users).toEqual([
      'default',
      {
        name: 'ops',
        groups: ['sudo'],
        lock_passwd: true,
        ssh_authorized_keys: [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA],
      },
      { name: 'audit', lock_passwd: true, ssh_authorized_keys: [TEST_SSH_KEY_ED25519] },
    ]);
    const hashed = cloudInitView(render(canonicalPool('password-hash', 'gardenlinux'))).config;
    expect(hashed.users).toEqual([
      'default',
      { name: 'console', lock_passwd: false, hashed_passwd: TEST_PASSWORD_HASH },
    ]);
  });

  it('files-units: files byte-identical with modes and owners, units written and started in order', () => {
    const { files, config } = cloudInitView(render(canonicalPool('files-units', 'gardenlinux')));
    expect(text(files['/etc/motd'])).toBe('Welcome.\n');
    expect(files['/opt/bin/hello.sh']!.mode).toBe(0o755);
    expect(Buffer.from(files['/etc/app/binary.bin']!.content, 'base64')).toEqual(
      Buffer.from('AAECAwT/', 'base64'),
    );
    expect(files['/etc/app/binary.bin']!.mode).toBe(0o600);
    expect(files['/etc/app/private.conf']).toMatchObject({ mode: 0o640, owner: 'root:adm', defer: true });
    expect(text(files['/etc/systemd/system/hello.service'])).toContain('ExecStart=/opt/bin/hello.sh world');
    expect(text(files['/etc/systemd/system/hello.service.d/10-env.conf'])).toBe(
      '[Service]\nEnvironment=GREETING=hi\n',
    );
    expect(text(files['/etc/systemd/system/containerd.service.d/20-limits.conf'])).toContain(
      'LimitNOFILE=1048576',
    );
    expect(config.runcmd).toEqual([
      'set -e',
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'containerd.service'],
      ['systemctl', 'enable', '--now', '--', 'hello.service'],
      ['systemctl', 'mask', '--now', '--', 'apt-daily.timer'],
      ['systemctl', 'enable', 'kubelet.service'],
      ['systemctl', 'enable', '--now', JOIN_UNIT],
    ]);
  });

  it('network: host name as fqdn, timesyncd servers restarted, proxy drop-ins for containerd, kubelet and the join', () => {
    const { files, config } = cloudInitView(render(canonicalPool('network', 'gardenlinux')));
    expect(config).toMatchObject({
      hostname: 'node-a',
      fqdn: 'node-a.example.internal',
      prefer_fqdn_over_hostname: true,
    });
    expect(text(files['/etc/systemd/timesyncd.conf.d/90-kubenode.conf'])).toContain(
      'NTP=time1.example 192.0.2.123',
    );
    expect(config.runcmd).toContainEqual(['systemctl', 'try-restart', 'systemd-timesyncd.service']);
    for (const unit of ['containerd.service', 'kubelet.service', JOIN_UNIT]) {
      const dropin = text(files[`/etc/systemd/system/${unit}.d/50-kubenode-proxy.conf`]);
      expect(dropin).toContain('Environment="HTTPS_PROXY=http://proxy.example:3128"');
      expect(dropin).toContain('Environment="NO_PROXY=10.0.0.0/8,.svc,.cluster.local,localhost"');
    }
  });

  it('a 1592 pool (containerd 1.7) gets containerd config version 2', () => {
    const minimal = canonicalPool('registry-mirrors', 'gardenlinux');
    const old = validateNodePool({
      ...minimal,
      spec: { ...minimal.spec, image: { channel: '1592', arch: 'amd64' } },
    });
    const { files } = cloudInitView(adapter.provision(old).artifacts[0]!.contents);
    const containerd = text(files['/etc/containerd/config.toml']);
    expect(containerd).toMatch(/^version = 2\n/);
    expect(containerd).toContain('sandbox_image = "registry.k8s.io/pause:3.10"');
  });

  it('network on Azure: chrony instead of timesyncd', () => {
    const azure = createGardenLinux({ flavor: 'azure-gardener_prod' });
    const contents = azure.provision(canonicalPool('network', 'gardenlinux')).artifacts[0]!.contents;
    const { files, config } = cloudInitView(contents);
    expect(text(files['/etc/chrony/conf.d/90-kubenode.conf'])).toBe(
      '# Written by kubenode: spec.os.ntpServers\nserver time1.example iburst\nserver 192.0.2.123 iburst\n',
    );
    expect(config.runcmd).toContainEqual(['systemctl', 'try-restart', 'chrony.service']);
  });

  it('ca-certs: the CA in /var/lib/ca-certificates-local, trusted before containerd starts', () => {
    const { files, config } = cloudInitView(render(canonicalPool('ca-certs', 'gardenlinux')));
    const ca = Object.keys(files).find((path) => path.startsWith(`${LOCAL_CA_DIRECTORY}/kubenode-`))!;
    expect(ca).toMatch(/\.crt$/);
    expect(text(files[ca])).toBe(`${TEST_EXTRA_CA.trim()}\n`);
    expect(text(files[`/etc/systemd/system/${UPDATE_CA_UNIT}`])).toContain(
      `ExecStart=/usr/sbin/update-ca-certificates --localcertsdir ${LOCAL_CA_DIRECTORY}`,
    );
    const runcmd = config.runcmd as unknown[];
    expect(runcmd.findIndex((entry) => JSON.stringify(entry).includes(UPDATE_CA_UNIT))).toBeLessThan(
      runcmd.findIndex((entry) => JSON.stringify(entry).includes('containerd.service')),
    );
    expect(text(files[`/etc/systemd/system/${JOIN_UNIT}`])).toContain(UPDATE_CA_UNIT);
  });

  it('kubelet-config: free-form fields in the kubeadm kubelet patch', () => {
    const { files } = cloudInitView(render(canonicalPool('kubelet-config', 'gardenlinux')));
    const patch = parse(text(files['/etc/kubeadm/patches/kubeletconfiguration+merge.yaml'])) as Record<
      string,
      unknown
    >;
    expect(patch).toMatchObject({
      maxPods: 110,
      serializeImagePulls: false,
      systemReserved: { cpu: '100m', memory: '256Mi' },
      evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '10%' },
    });
  });

  it('hostile-strings and secret-file: contents reach the node byte for byte through PyYAML and cloud-init', () => {
    const { files } = cloudInitView(render(canonicalPool('hostile-strings', 'gardenlinux')));
    expect(text(files['/etc/hostile/all.txt'])).toBe(HOSTILE_TEXT);
    expect(text(files['/etc/hostile/ca.pem'])).toBe(TEST_EXTRA_CA);
    expect(text(files['/etc/hostile/no-newline'])).toBe('no trailing newline; ends with a backslash \\');
    expect(text(files['/etc/hostile/empty'])).toBe('');
    expect(text(files['/etc/hostile/space name %h.conf'])).toBe('x=1\n');
    expect(text(files['/etc/hostile/yes'])).toBe('yes');
    expect(text(files['/etc/hostile/octal'])).toBe('0644');
    const secret = cloudInitView(render(canonicalPool('secret-file', 'gardenlinux'))).files[
      '/etc/app/tls.key'
    ]!;
    expect(text(secret)).toBe(TEST_PRIVATE_KEY);
    expect(secret.mode).toBe(0o600);
  });

  it('a pool file at a generated path replaces it with a warning; one at the JoinConfiguration is refused', () => {
    const withFiles = (files: { path: string; contents: string }[]) =>
      validateNodePool({
        ...canonicalPool('minimal', 'gardenlinux'),
        spec: { ...canonicalPool('minimal', 'gardenlinux').spec, os: { files } },
      });
    const result = adapter.provision(
      withFiles([{ path: '/etc/containerd/config.toml', contents: 'version = 2\n' }]),
    );
    expect(result.warnings.map((warning) => warning.code)).toContain('file-overrides-generated');
    const { files } = cloudInitView(result.artifacts[0]!.contents);
    expect(text(files['/etc/containerd/config.toml'])).toBe('version = 2\n');
    expect(text(files['/etc/kubeadm/join-configuration.yaml'])).toContain(TEST_BOOTSTRAP_TOKEN);
    // It was dropped with a warning (found by the hostile-input fuzz tests): now refused, naming the field.
    const join = withFiles([
      { path: '/etc/containerd/config.toml', contents: 'version = 2\n' },
      { path: '/etc/kubeadm/join-configuration.yaml', contents: 'not a join\n' },
    ]);
    const refused = thrownError(() => adapter.provision(join), UnsupportedFeatureError);
    expect(refused.field).toBe('spec.os.files[1].path');
    expect(refused.message).not.toContain(TEST_BOOTSTRAP_TOKEN);
  });

  it('warns that nodes are replaced when the pool asks for in-place updates on a flavour without _usi', () => {
    const result = adapter.provision(canonicalPool('minimal', 'gardenlinux'));
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'updates-by-replacement', path: 'spec.updates.strategy' }),
    );
  });
});

describe('standalone cloud-init on a flavour with apt (openstack-gardener)', () => {
  it('installs spec.os.packages with cloud-init after package_update; the schema check passes', () => {
    const apt = createGardenLinux({ flavor: 'openstack-gardener' });
    const contents = apt.provision(canonicalPool('packages', 'gardenlinux')).artifacts[0]!.contents;
    expect(cloudInitSchema(contents).status).toBe(0);
    const { config } = cloudInitView(contents);
    expect(config).toMatchObject({ package_update: true, packages: ['jq', 'nfs-common', 'open-iscsi'] });
  });
});
