import { stringifyCloudConfig } from 'cloud-init-yaml';
import { describe, expect, it } from 'vitest';
import { pool } from '../test-support/fixtures.js';
import { cloudInitWrittenFiles } from '../test-support/cloud-init-schema.js';
import { createAptUpdateStrategy } from './apt-update-strategy.js';
import { createDistroContainerdRuntime } from './distro-containerd-runtime.js';
import { renderKubeadmNodeCloudConfig } from './kubeadm-node-cloud-config.js';
import { resolveKubernetesAptRepository } from './kubernetes-apt-repository.js';
import { readCloudInitNodeUserData } from './read-cloud-init-node-user-data.js';

const hostile = [
  'plain line\n',
  'crlf\r\nline\r\n',
  'bell \u0007 and escape \u001b\n',
  'nel \u0085 line separator \u2028\n',
  '  leading spaces\n\ttab\n',
  'no trailing newline',
  '',
  'yes',
  '0644',
  '#cloud-config\n---\n...\n',
  'unicode héllo 日本語 🚀\n',
  '%h %i $HOME ${X} $(id) `id` "quotes" \'single\' \\ backslash\n',
];

describe('readCloudInitNodeUserData', () => {
  it("decodes every file exactly as cloud-init 22.4's own write_files code does", () => {
    const p = pool({
      os: {
        files: [
          ...hostile.map((contents, index) => ({
            path: `/etc/hostile/${index}`,
            contents,
            mode: 0o600 + index,
          })),
          {
            path: '/etc/hostile/binary',
            contents: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0d, 0x0a]).toString('base64'),
            encoding: 'base64' as const,
            mode: '4755',
          },
          { path: '/etc/hostile/owned', contents: 'x\n', owner: 'nobody', group: 'nogroup' },
        ],
      },
    });
    const { config } = renderKubeadmNodeCloudConfig(p, {
      dialect: '22.4',
      runtime: createDistroContainerdRuntime('1.6').render(p),
      updates: createAptUpdateStrategy({ livepatch: false, osVersionCommand: 'true' }).nodeConfiguration(p),
      repository: resolveKubernetesAptRepository(p.spec.kubernetes.version),
      osPackages: ['containerd'],
      keepDefaultUser: true,
      ntpClient: 'auto',
      createHostnameFile: false,
    });
    const text = stringifyCloudConfig(config);
    const ours = readCloudInitNodeUserData(text, '22.4');
    const theirs = cloudInitWrittenFiles(text);
    expect([...ours.files.keys()].sort()).toEqual(Object.keys(theirs).sort());
    for (const [path, file] of ours.files) {
      expect(file.bytes.toString('base64'), path).toBe(theirs[path]!.content);
      expect(file.mode, path).toBe(theirs[path]!.mode);
      expect(`${file.owner}:${file.group}`, path).toBe(theirs[path]!.owner);
    }
    hostile.forEach((contents, index) => {
      const file = ours.files.get(`/etc/hostile/${index}`)!;
      expect(file.bytes.equals(Buffer.from(contents, 'utf8')), JSON.stringify(contents)).toBe(true);
      expect(file.mode).toBe(0o600 + index);
    });
    expect(ours.files.get('/etc/hostile/binary')).toEqual({
      bytes: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0d, 0x0a]),
      mode: 0o4755,
      owner: 'root',
      group: 'root',
      deferred: false,
    });
    expect(ours.files.get('/etc/hostile/owned')).toMatchObject({
      owner: 'nobody',
      group: 'nogroup',
      deferred: true,
    });
    expect(ours.joinConfiguration?.kind).toBe('JoinConfiguration');
    expect(ours.kubeletPatch).toBeUndefined();
    expect(ours.commands.at(-1)).toBe(
      'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml && echo success > /run/cluster-api/bootstrap-success.complete',
    );
  });
});
