import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_NODE_POOL_BYTES } from '@kubenode/core';
import {
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
} from '@kubenode/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { talosSubject } from '../subjects/talos-subject.js';

/** The built CLI (`nx test` builds @kubenode/cli first: this package depends on it). */
const BIN = new URL('../../../cli/dist/bin.js', import.meta.url).pathname;
const BUILTIN_DISTROS = ['bottlerocket', 'debian', 'flatcar', 'gardenlinux', 'k3os', 'talos', 'ubuntu'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kubenode(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

const SECRETS = [
  TEST_BOOTSTRAP_TOKEN,
  TEST_BOOTSTRAP_TOKEN.split('.')[1]!,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
];
const PRIVATE_KEY_BODY = TEST_PRIVATE_KEY.split('\n')[1]!;

function expectNoSecret(text: string): void {
  for (const secret of [...SECRETS, PRIVATE_KEY_BODY]) expect(text).not.toContain(secret);
}

function pool(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'cli-hostile' },
    spec: {
      distro: 'flatcar',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
      ...spec,
    },
  };
}

/** A pool with five wrong-typed or malformed fields (a secret among them), in YAML. */
const WRONG_TYPES = `apiVersion: kubenode.dev/v1alpha1
kind: NodePool
metadata:
  name: wrong-types
spec:
  distro: flatcar
  kubernetes:
    version: 1.32
    apiServer: https://10.0.0.1:6443
    caCert: ${JSON.stringify(TEST_CLUSTER_CA)}
    bootstrapToken: ${TEST_BOOTSTRAP_TOKEN}x
    maxPods: lots
    nodeLabels: [a, b]
  os:
    users:
      - name: ops
        passwordHash: 42
`;

/** Inputs that are not a NodePool, the number of problems each must report (one line each). */
const BAD_INPUTS: readonly { name: string; contents?: string | Buffer; directory?: true; lines: number }[] = [
  { name: 'malformed YAML', contents: 'spec: [a\n  kind: {\n', lines: 3 },
  { name: 'wrong types', contents: WRONG_TYPES, lines: 5 },
  { name: 'an empty file', contents: '', lines: 1 },
  { name: 'only a comment', contents: '# nothing here\n', lines: 1 },
  {
    name: 'a binary file',
    contents: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe, 0]),
    lines: 1,
  },
  {
    name: 'invalid UTF-8',
    contents: Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
    lines: 1,
  },
  { name: 'a huge file', contents: `# ${'x'.repeat(MAX_NODE_POOL_BYTES)}\n`, lines: 1 },
  {
    name: 'an alias bomb',
    contents: `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${(i === 0 ? '*a' : `*b${i - 1}`).concat(', ').repeat(9).slice(0, -2)}]`).join('\n')}\n`,
    lines: 1,
  },
  {
    name: 'two documents',
    contents: `${JSON.stringify(pool({}))}\n---\n${JSON.stringify(pool({}))}\n`,
    lines: 1,
  },
  { name: 'a list instead of a mapping', contents: '- apiVersion: kubenode.dev/v1alpha1\n', lines: 1 },
  { name: 'a missing file', lines: 1 },
  { name: 'a directory', directory: true, lines: 1 },
];

let work: string;

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build @kubenode/cli first (npx nx run @kubenode/cli:build)`);
  work = mkdtempSync(join(tmpdir(), 'kubenode-fuzz-cli-'));
});

describe('the kubenode CLI on inputs that are not a NodePool', () => {
  it.each(BAD_INPUTS.map((input, index) => [input.name, input, index] as const))(
    '%s: exit 1, one line per problem, no stack trace, no secret, nothing written',
    async (_name, input, index) => {
      const dir = mkdtempSync(join(work, 'case-'));
      const file = join(dir, 'pool.yaml');
      if (input.directory) mkdirSync(file);
      else if (input.contents !== undefined) writeFileSync(file, input.contents);
      const existing = join(dir, 'existing');
      mkdirSync(existing);
      const runs = await Promise.all([
        kubenode(['validate', 'pool.yaml'], dir),
        kubenode(['render', 'pool.yaml', '-o', index % 2 === 0 ? 'out' : 'existing'], dir),
      ]);
      for (const run of runs) {
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toBe('');
        const lines = run.stderr.trimEnd().split('\n');
        expect(lines, run.stderr).toHaveLength(input.lines);
        for (const line of lines) expect(line).toMatch(/^error: pool\.yaml(:\d+:\d+)?: /);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.stderr.length).toBeLessThan(4000);
        expectNoSecret(run.stderr);
      }
      expect(existsSync(join(dir, 'out'))).toBe(false);
      expect(readdirSync(existing)).toEqual([]);
    },
  );
});

describe('secrets through the CLI, for every built-in adapter', () => {
  it.each(BUILTIN_DISTROS)(
    '%s: never on stdout or stderr, and every written file that holds one is mode 0600',
    async (distro) => {
      const dir = mkdtempSync(join(work, `secrets-${distro}-`));
      const filePath = distro === 'talos' ? '/var/lib/app/tls.key' : '/etc/app/tls.key';
      // Bottlerocket writes no host files and Talos has no users: each gets what it can carry.
      const input = pool({
        distro,
        os: {
          ...(distro === 'bottlerocket'
            ? {}
            : { files: [{ path: filePath, contents: TEST_PRIVATE_KEY, mode: '0600' }] }),
          ...(distro === 'talos'
            ? {}
            : {
                users: [
                  {
                    name: distro === 'k3os' ? 'rancher' : distro === 'bottlerocket' ? 'ec2-user' : 'ops',
                    sshAuthorizedKeys: [TEST_SSH_KEY_ED25519],
                  },
                ],
              }),
        },
        ...(distro === 'talos' ? { adapterOptions: talosSubject.requiredAdapterOptions } : {}),
      });
      writeFileSync(join(dir, 'pool.json'), JSON.stringify(input, null, 2));
      // A user with a password hash, and a file any adapter refuses: the refusal must not show them.
      const refused = pool({
        distro,
        os: {
          users: [{ name: 'ops', passwordHash: TEST_PASSWORD_HASH }],
          files: [{ path: '/etc/app/tls.key', contents: TEST_PRIVATE_KEY, mode: '0644' }],
        },
      });
      writeFileSync(join(dir, 'refused.json'), JSON.stringify(refused, null, 2));
      const runs = await Promise.all([
        kubenode(['render', 'pool.json', '-o', 'out'], dir),
        kubenode(['validate', 'pool.json', '--output', 'json'], dir),
        kubenode(['render', 'refused.json', '-o', 'refused-out'], dir),
      ]);
      const [rendered, validated, refusal] = runs;
      expect(rendered!.code, rendered!.stderr).toBe(0);
      expect(validated!.code, validated!.stderr).toBe(0);
      expect(refusal!.code, refusal!.stderr).toBe(1);
      expect(refusal!.stderr).toContain('spec.os.files[0]');
      expect(existsSync(join(dir, 'refused-out'))).toBe(false);
      for (const run of runs) {
        expectNoSecret(run.stderr);
        expectNoSecret(run.stdout);
      }
      const written = readdirSync(join(dir, 'out'));
      expect(written.length).toBeGreaterThan(0);
      let holding = 0;
      for (const name of written) {
        const path = join(dir, 'out', name);
        const text = readFileSync(path, 'utf8');
        const bytes = readFileSync(path);
        const holds =
          text.includes(TEST_BOOTSTRAP_TOKEN) ||
          text.includes(PRIVATE_KEY_BODY) ||
          bytes.includes(Buffer.from(PRIVATE_KEY_BODY, 'base64')) ||
          text.includes(Buffer.from(TEST_PRIVATE_KEY).toString('base64').slice(0, 40));
        if (holds) {
          holding++;
          expect(statSync(path).mode & 0o777, `${name} holds a secret`).toBe(0o600);
        }
      }
      expect(holding, 'the join token reaches some artifact').toBeGreaterThan(0);
    },
  );
});
