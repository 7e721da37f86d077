import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpecValidationError } from '../errors/spec-validation-error.js';
import { KubenodeError } from '../errors/kubenode-error.js';
import type { SpecIssue } from '../errors/spec-issue.js';
import { TEST_CA_PEM } from '../test-support/fixtures.js';
import { parseNodePool } from './parse-node-pool.js';

const examples = new URL('../../../../examples/', import.meta.url);

function issuesOf(text: string | Uint8Array): SpecIssue[] {
  try {
    parseNodePool(text, { source: 'pool.yaml' });
  } catch (error) {
    expect(SpecValidationError.isInstance(error)).toBe(true);
    expect(KubenodeError.isInstance(error)).toBe(true);
    return [...(error as SpecValidationError).issues];
  }
  throw new Error('expected a SpecValidationError');
}

const indentedCa = TEST_CA_PEM.trim()
  .split('\n')
  .map((line) => `      ${line}`)
  .join('\n');
const base = (extra = '', kubernetesExtra = '') => `apiVersion: kubenode.dev/v1alpha1
kind: NodePool
metadata:
  name: workers
spec:
  distro: flatcar
  kubernetes:
    version: "1.32.4"
    apiServer: https://10.0.0.1:6443
    caCert: |
${indentedCa}
    bootstrapToken: abcdef.0123456789abcdef
${kubernetesExtra}${extra}`;

describe('parseNodePool', () => {
  it('reads the full example with every default applied', () => {
    const pool = parseNodePool(readFileSync(new URL('full-pool.yaml', examples)));
    expect(pool.metadata.name).toBe('workers-a');
    expect(pool.spec.kubernetes.nodeTaints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ]);
    expect(pool.spec.os.files[0]).toMatchObject({
      path: '/etc/motd',
      mode: 0o644,
      owner: 'root',
      encoding: 'utf-8',
    });
    expect(pool.spec.os.files[1]?.mode).toBe(0o755);
    expect(pool.spec.os.sysctls['vm.max_map_count']).toBe('262144');
    expect(pool.spec.updates.maxUnavailable).toBe('10%');
    expect(pool.spec.updates.window).toEqual({
      days: ['Mon', 'Tue'],
      start: '02:00',
      duration: '4h',
      timeZone: 'Europe/Amsterdam',
    });
  });

  it('applies defaults to a minimal pool', () => {
    const pool = parseNodePool(readFileSync(new URL('minimal-pool.yaml', examples)));
    expect(pool.spec.image).toEqual({ arch: 'amd64' });
    expect(pool.spec.os.hostname).toBeNull();
    expect(pool.spec.os.rootDisk).toEqual({ grow: true });
    expect(pool.spec.os.proxy).toEqual({ http: null, https: null, noProxy: [] });
    expect(pool.spec.updates).toEqual({ strategy: 'in-place', maxUnavailable: 1 });
    expect(pool.spec.kubernetes.clusterDNS).toEqual([]);
  });

  it('reports the four mistakes of the invalid example, each with path, line and column', () => {
    const issues = issuesOf(readFileSync(new URL('invalid-pool.yaml', examples)));
    expect(issues.map((issue) => [issue.path.join('.'), issue.line, issue.column])).toEqual([
      ['spec.kubernetes.caCert', 12, 13],
      ['spec.kubernetes.bootstrapToken', 13, 21],
      ['spec.kubernetes.maxPods', 14, 14],
      ['spec.runtime.registryMirors', 16, 5],
    ]);
    expect(issues[3]?.message).toContain("did you mean 'registryMirrors'");
  });

  it('never repeats a malformed bootstrap token in the error', () => {
    const issues = issuesOf(base().replace('abcdef.0123456789abcdef', 'SECRET-xyzzy-TOKEN'));
    expect(JSON.stringify(issues)).not.toContain('xyzzy');
    expect(issues[0]?.path).toEqual(['spec', 'kubernetes', 'bootstrapToken']);
  });

  it.each([
    ['0644', 0o644],
    ['0o644', 0o644],
    ['420', 0o644],
    ['"0644"', 0o644],
    ['"644"', 0o644],
    ['"0o755"', 0o755],
    ['"4755"', 0o4755],
    ['0755', 0o755],
  ])('reads mode %s as %o', (written, expected) => {
    const pool = parseNodePool(
      base(`  os:\n    files:\n      - { path: /etc/x, contents: "x", mode: ${written} }\n`),
    );
    expect(pool.spec.os.files[0]?.mode).toBe(expected);
  });

  it('refuses a plain integer mode that would be misread as decimal', () => {
    const issues = issuesOf(base(`  os:\n    files:\n      - { path: /etc/x, contents: "x", mode: 644 }\n`));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['spec', 'os', 'files', 0, 'mode']);
    expect(issues[0]?.message).toContain('"0644"');
  });

  it('refuses unknown keys at every level with a suggestion', () => {
    const issues = issuesOf(base('  distor: x\n', '    maxpods: 3\n'));
    expect(issues.map((issue) => issue.message)).toEqual([
      "unknown field 'maxpods'; did you mean 'maxPods'?",
      "unknown field 'distor'; did you mean 'distro'?",
    ]);
  });

  it('lists the known keys when no key is close', () => {
    const issues = issuesOf(base('  zzzzzzzzz: 1\n'));
    expect(issues[0]?.message).toMatch(
      /^unknown field 'zzzzzzzzz'; expected one of: distro, image, kubernetes/,
    );
  });

  it('reads JSON as well as YAML, with positions', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'kubenode.dev/v1alpha1',
        kind: 'NodePool',
        metadata: { name: 'w' },
        spec: {
          distro: 'flatcar',
          kubernetes: {
            version: 'one',
            apiServer: 'https://a:6443',
            caCert: TEST_CA_PEM,
            bootstrapToken: 'abcdef.0123456789abcdef',
          },
        },
      },
      null,
      2,
    );
    const issues = issuesOf(json);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ['spec', 'kubernetes', 'version'], line: 10, column: 18 });
  });

  it.each([
    ['empty', '', 'file is empty'],
    ['whitespace only', '  \n\n', 'file is empty'],
    ['comments only', '# nothing\n', 'file is empty'],
    ['binary', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), 'not a text file'],
    ['invalid UTF-8', new Uint8Array([0x61, 0xff, 0xfe]), 'invalid UTF-8'],
    ['a list', '- a\n- b\n', 'expected a NodePool mapping'],
    ['a scalar', 'hello\n', 'expected a NodePool mapping'],
    ['two documents', `${base()}---\n${base()}`, 'expected one NodePool document, found 2'],
    ['duplicate keys', 'a: 1\na: 2\n', 'malformed YAML'],
    ['malformed YAML', 'a: [b\n', 'malformed YAML'],
  ])('refuses %s input with one clear issue', (_name, input, message) => {
    const issues = issuesOf(input);
    expect(issues[0]?.message).toContain(message);
  });

  it('refuses oversized input before parsing', () => {
    const issues = issuesOf('#'.repeat(5 * 1024 * 1024));
    expect(issues[0]?.code).toBe('too_large');
  });

  it('refuses labels the kubelet cannot set itself', () => {
    const issues = issuesOf(base('', '    nodeLabels: { node-role.kubernetes.io/worker: "" }\n'));
    expect(issues[0]?.message).toContain('NodeRestriction');
  });

  it('accepts kubelet-settable kubernetes.io labels', () => {
    const pool = parseNodePool(
      base('', '    nodeLabels: { topology.kubernetes.io/zone: eu-1a, node.kubernetes.io/pool: a }\n'),
    );
    expect(Object.keys(pool.spec.kubernetes.nodeLabels)).toHaveLength(2);
  });

  it('refuses kubelet fields the pool owns, naming the field to use', () => {
    const issues = issuesOf(base('', '    kubelet: { maxPods: 10 }\n'));
    expect(issues[0]).toMatchObject({ path: ['spec', 'kubernetes', 'kubelet', 'maxPods'] });
    expect(issues[0]?.message).toContain('spec.kubernetes.maxPods');
  });

  it('refuses a private key where a public SSH key is expected, without echoing it', () => {
    const issues = issuesOf(
      base(
        '  os:\n    users: [{ name: ops, sshAuthorizedKeys: ["-----BEGIN OPENSSH PRIVATE KEY----- abc"] }]\n',
      ),
    );
    expect(issues[0]?.message).toContain('private key');
    expect(issues[0]?.message).not.toContain('abc');
  });

  it('finds duplicate file paths and units', () => {
    const issues = issuesOf(
      base(
        '  os:\n    files: [{ path: /a, contents: x }, { path: /a, contents: y }]\n    units: [{ name: a.service }, { name: a.service }]\n',
      ),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.os.files.1.path',
      'spec.os.units.1.name',
    ]);
  });

  it.each(['etc/x', '/etc/../x', '/etc//x', '/etc/x/', '/etc/a\nb'])('refuses the file path %j', (path) => {
    const issues = issuesOf(base(`  os:\n    files: [{ path: ${JSON.stringify(path)}, contents: x }]\n`));
    expect(issues[0]?.path).toEqual(['spec', 'os', 'files', 0, 'path']);
  });

  it('validates maintenance windows and maxUnavailable', () => {
    const issues = issuesOf(
      base(
        '  updates: { window: { start: "25:00", duration: "forever", timeZone: Mars/Olympus }, maxUnavailable: "0%" }\n',
      ),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.updates.window.start',
      'spec.updates.window.duration',
      'spec.updates.window.timeZone',
      'spec.updates.maxUnavailable',
    ]);
  });

  it('strips a leading v from the Kubernetes version', () => {
    expect(parseNodePool(base().replace('"1.32.4"', 'v1.30.2')).spec.kubernetes.version).toBe('1.30.2');
  });
});
