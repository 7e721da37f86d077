import { spawnSync } from 'node:child_process';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXTRA_CA_PEM, pool, TEST_CA_PEM, TEST_CA_SPKI_SHA256 } from '../test-support/fixtures.js';
import { renderCaCertFiles } from './ca-cert-files.js';
import { caCertHash } from './ca-cert-hash.js';
import { renderContainerdConfig } from './containerd-config.js';
import { renderModulesLoadFile, renderSysctlFile, withKubernetesSysctls } from './kernel-config-files.js';
import {
  apiServerEndpoint,
  kubeadmApiVersion,
  renderJoinConfiguration,
} from './kubeadm-join-configuration.js';
import { renderKubeletConfiguration } from './kubelet-configuration.js';
import { renderProxyDropin, renderProxyUnits } from './proxy-dropins.js';
import { renderRegistryHostsFiles } from './registry-hosts.js';
import { systemdQuote } from './systemd-escape.js';
import { toYaml } from './to-yaml.js';

describe('caCertHash', () => {
  it('equals openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum', () => {
    const live = spawnSync(
      'sh',
      ['-c', 'openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum'],
      {
        input: TEST_CA_PEM,
        encoding: 'utf8',
      },
    );
    expect(live.status, `openssl pipeline failed (is openssl installed?): ${live.stderr}`).toBe(0);
    const hex = live.stdout.split(' ')[0];
    expect(hex).toBe(TEST_CA_SPKI_SHA256);
    expect(caCertHash(TEST_CA_PEM)).toBe(`sha256:${hex}`);
  });
});

describe('renderJoinConfiguration', () => {
  const full = pool({
    kubernetes: {
      version: '1.32.4',
      apiServer: 'https://api.example:6443',
      caCert: TEST_CA_PEM,
      bootstrapToken: 'abcdef.0123456789abcdef',
      nodeLabels: { zeta: 'z', alpha: 'a' },
      nodeTaints: [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        { key: 'spot', effect: 'PreferNoSchedule' },
      ],
      maxPods: 58,
      clusterDNS: ['10.96.0.10'],
      kubelet: { serializeImagePulls: false },
    },
  });

  it('pins discovery to the CA public key and carries token, labels and taints (v1beta4)', () => {
    const rendered = renderJoinConfiguration(full, { patchesDirectory: '/etc/kubeadm/patches' });
    const doc = parseYaml(rendered.joinConfiguration);
    expect(doc).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: {
        bootstrapToken: {
          apiServerEndpoint: 'api.example:6443',
          token: 'abcdef.0123456789abcdef',
          caCertHashes: [`sha256:${TEST_CA_SPKI_SHA256}`],
        },
      },
      nodeRegistration: {
        criSocket: 'unix:///run/containerd/containerd.sock',
        kubeletExtraArgs: [{ name: 'node-labels', value: 'alpha=a,zeta=z' }],
        taints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'spot', effect: 'PreferNoSchedule' },
        ],
      },
      patches: { directory: '/etc/kubeadm/patches' },
    });
    expect(rendered.kubeletPatch?.fileName).toBe('kubeletconfiguration+merge.yaml');
    expect(parseYaml(rendered.kubeletPatch!.contents)).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      serializeImagePulls: false,
      maxPods: 58,
      clusterDNS: ['10.96.0.10'],
    });
  });

  it('uses v1beta3 with a kubeletExtraArgs map before Kubernetes 1.31', () => {
    const old = pool({ kubernetes: { ...full.spec.kubernetes, version: '1.30.9' } });
    const doc = parseYaml(renderJoinConfiguration(old, { patchesDirectory: '/p' }).joinConfiguration);
    expect(doc.apiVersion).toBe('kubeadm.k8s.io/v1beta3');
    expect(doc.nodeRegistration.kubeletExtraArgs).toEqual({ 'node-labels': 'alpha=a,zeta=z' });
  });

  it('omits patches and extra args when the pool sets none, and keeps taints empty', () => {
    const rendered = renderJoinConfiguration(pool(), { patchesDirectory: '/p', nodeName: 'n1' });
    const doc = parseYaml(rendered.joinConfiguration);
    expect(doc.patches).toBeUndefined();
    expect(doc.nodeRegistration).toEqual({
      name: 'n1',
      criSocket: 'unix:///run/containerd/containerd.sock',
      taints: [],
    });
    expect(rendered.kubeletPatch).toBeUndefined();
  });

  it('derives host:port endpoints, with 443 by default and IPv6 in brackets', () => {
    expect(apiServerEndpoint('https://10.0.0.1:6443')).toBe('10.0.0.1:6443');
    expect(apiServerEndpoint('https://api.example')).toBe('api.example:443');
    expect(apiServerEndpoint('https://[fd00::1]:6443')).toBe('[fd00::1]:6443');
    expect(kubeadmApiVersion('1.31.0')).toBe('kubeadm.k8s.io/v1beta4');
    expect(kubeadmApiVersion('1.29.3')).toBe('kubeadm.k8s.io/v1beta3');
  });
});

describe('renderKubeletConfiguration', () => {
  it('lets typed fields win over pass-through ones and adds node defaults when complete', () => {
    const config = renderKubeletConfiguration(
      pool({
        kubernetes: {
          version: '1.32.4',
          apiServer: 'https://a:6443',
          caCert: TEST_CA_PEM,
          bootstrapToken: 'abcdef.0123456789abcdef',
          maxPods: 30,
          kubelet: { evictionHard: { 'memory.available': '200Mi' } },
        },
      }),
      { complete: true },
    );
    expect(config).toMatchObject({
      cgroupDriver: 'systemd',
      maxPods: 30,
      evictionHard: { 'memory.available': '200Mi' },
    });
    expect(config.containerRuntimeEndpoint).toBe('unix:///run/containerd/containerd.sock');
  });
});

describe('renderKubeletConfiguration key order', () => {
  it('does not depend on the input key order at any depth', () => {
    const kubernetes = {
      version: '1.32.4',
      apiServer: 'https://a:6443',
      caCert: TEST_CA_PEM,
      bootstrapToken: 'abcdef.0123456789abcdef',
    };
    const a = renderKubeletConfiguration(
      pool({
        kubernetes: {
          ...kubernetes,
          kubelet: {
            evictionHard: { 'nodefs.available': '10%', 'memory.available': '200Mi' },
            cpuManagerPolicy: 'static',
          },
        },
      }),
    );
    const b = renderKubeletConfiguration(
      pool({
        kubernetes: {
          ...kubernetes,
          kubelet: {
            cpuManagerPolicy: 'static',
            evictionHard: { 'memory.available': '200Mi', 'nodefs.available': '10%' },
          },
        },
      }),
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a.evictionHard as object)).toEqual(['memory.available', 'nodefs.available']);
  });
});

describe('renderContainerdConfig', () => {
  it('writes config version 2 for containerd 1.7', () => {
    const toml = renderContainerdConfig({
      containerdVersion: '1.7',
      sandboxImage: 'registry.k8s.io/pause:3.10',
    });
    expect(parseToml(toml)).toEqual({
      version: 2,
      plugins: {
        'io.containerd.grpc.v1.cri': {
          sandbox_image: 'registry.k8s.io/pause:3.10',
          containerd: {
            runtimes: { runc: { runtime_type: 'io.containerd.runc.v2', options: { SystemdCgroup: true } } },
          },
          registry: { config_path: '/etc/containerd/certs.d' },
        },
      },
    });
  });

  it('writes config version 3 with a pinned sandbox image for containerd 2.x', () => {
    const toml = renderContainerdConfig({
      containerdVersion: '2.0.5',
      sandboxImage: 'registry.k8s.io/pause:3.10',
      imports: ['/usr/share/containerd/config.toml'],
    });
    expect(parseToml(toml)).toEqual({
      version: 3,
      imports: ['/usr/share/containerd/config.toml'],
      plugins: {
        'io.containerd.cri.v1.images': {
          pinned_images: { sandbox: 'registry.k8s.io/pause:3.10' },
          registry: { config_path: '/etc/containerd/certs.d' },
        },
        'io.containerd.cri.v1.runtime': {
          containerd: {
            runtimes: { runc: { runtime_type: 'io.containerd.runc.v2', options: { SystemdCgroup: true } } },
          },
        },
      },
    });
  });
});

describe('renderRegistryHostsFiles', () => {
  it('writes one hosts.toml per registry with mirrors in order, docker.io to registry-1', () => {
    const files = renderRegistryHostsFiles({
      'registry.example:5000': ['https://m.example/v2/proxy'],
      'docker.io': ['https://mirror-a.example', 'http://mirror-b.example:8080'],
      '*': ['https://all.example'],
    });
    expect(files.map((file) => file.path)).toEqual([
      '/etc/containerd/certs.d/_default/hosts.toml',
      '/etc/containerd/certs.d/docker.io/hosts.toml',
      '/etc/containerd/certs.d/registry.example:5000/hosts.toml',
    ]);
    const docker = parseToml(files[1]!.contents) as { server: string; host: Record<string, unknown> };
    expect(docker.server).toBe('https://registry-1.docker.io');
    expect(Object.keys(docker.host)).toEqual(['https://mirror-a.example', 'http://mirror-b.example:8080']);
    expect(files[1]!.contents.indexOf('mirror-a')).toBeLessThan(files[1]!.contents.indexOf('mirror-b'));
    expect(parseToml(files[0]!.contents)).toEqual({
      host: { 'https://all.example': { capabilities: ['pull', 'resolve'] } },
    });
    expect(parseToml(files[2]!.contents)).toEqual({
      server: 'https://registry.example:5000',
      host: { 'https://m.example/v2/proxy': { capabilities: ['pull', 'resolve'], override_path: true } },
    });
  });
});

describe('kernel configuration files', () => {
  it('sorts sysctls and lets user values win over the Kubernetes defaults', () => {
    const file = renderSysctlFile(
      withKubernetesSysctls({ 'net.ipv4.ip_forward': '0', 'vm.max_map_count': '262144' }),
    );
    expect(file?.contents).toBe(
      '# Written by kubenode\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 0\nvm.max_map_count = 262144\n',
    );
    expect(file?.mode).toBe(0o644);
    expect(renderSysctlFile({})).toBeUndefined();
  });

  it('de-duplicates and sorts modules', () => {
    expect(renderModulesLoadFile(['overlay', 'br_netfilter', 'overlay'])?.contents).toBe(
      '# Written by kubenode\nbr_netfilter\noverlay\n',
    );
  });
});

describe('proxy drop-ins', () => {
  const proxy = {
    http: 'http://p.example:3128',
    https: 'http://user:p%40ss@p.example:3128',
    noProxy: ['10.0.0.0/8', '.svc'],
  };

  it('sets upper- and lower-case variables, escaping systemd specifiers', () => {
    const dropin = renderProxyDropin(proxy);
    expect(dropin?.contents).toBe(
      [
        '[Service]',
        'Environment="HTTPS_PROXY=http://user:p%%40ss@p.example:3128"',
        'Environment="HTTP_PROXY=http://p.example:3128"',
        'Environment="NO_PROXY=10.0.0.0/8,.svc"',
        'Environment="http_proxy=http://p.example:3128"',
        'Environment="https_proxy=http://user:p%%40ss@p.example:3128"',
        'Environment="no_proxy=10.0.0.0/8,.svc"',
        '',
      ].join('\n'),
    );
    expect(renderProxyUnits(proxy).map((unit) => unit.name)).toEqual([
      'containerd.service',
      'kubelet.service',
    ]);
    expect(renderProxyUnits({ http: null, https: null, noProxy: ['x'] })).toEqual([]);
  });

  it('refuses values no quoting makes safe', () => {
    expect(() => systemdQuote('a\nExecStart=/bin/evil')).toThrow(RangeError);
    expect(systemdQuote('a"b\\c%d')).toBe('"a\\"b\\\\c%%d"');
  });
});

describe('renderCaCertFiles', () => {
  it('writes one file per certificate, named by content, independent of order', () => {
    const a = renderCaCertFiles([EXTRA_CA_PEM, TEST_CA_PEM], {
      directory: '/usr/local/share/ca-certificates',
      extension: 'crt',
    });
    const b = renderCaCertFiles([`${TEST_CA_PEM}\n${EXTRA_CA_PEM}`], {
      directory: '/usr/local/share/ca-certificates',
      extension: 'crt',
    });
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
    expect(a[0]!.path).toMatch(/^\/usr\/local\/share\/ca-certificates\/kubenode-[0-9a-f]{16}\.crt$/);
    expect(a.map((file) => file.contents).sort()).toEqual(
      [`${EXTRA_CA_PEM.trim()}\n`, `${TEST_CA_PEM.trim()}\n`].sort(),
    );
  });
});

describe('toYaml', () => {
  it('quotes strings YAML 1.1 readers would misread', () => {
    const text = toYaml({ a: 'yes', b: 'on', c: '0644', d: '1.10', e: 'x: y', f: '# no', g: 'plain' });
    expect(text).toBe('a: "yes"\nb: "on"\nc: "0644"\nd: "1.10"\ne: "x: y"\nf: "# no"\ng: plain\n');
  });
});
