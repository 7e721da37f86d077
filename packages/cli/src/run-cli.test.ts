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
import { describe, expect, it } from 'vitest';
import type { DistroAdapterV1, NodePool } from '@kubenode/core';
import { UnsupportedFeatureError } from '@kubenode/core';
import { runCli } from './run-cli.js';
import { testAdapter } from './__fixtures__/test-adapter.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;

/** A small adapter for exercising the CLI's wiring; real adapters are tested in their packages. */
function echoAdapter(): DistroAdapterV1 {
  return testAdapter('echo', {
    provision(pool: NodePool) {
      if (pool.spec.os.packages.length > 0) {
        throw new UnsupportedFeatureError({
          field: 'spec.os.packages',
          distro: 'echo',
          alternative: 'nothing',
        });
      }
      return {
        artifacts: [
          {
            name: 'user-data.json',
            mediaType: 'application/json',
            role: 'user-data',
            containsSecrets: true,
            contents: JSON.stringify({ token: pool.spec.kubernetes.bootstrapToken }),
          },
          {
            name: 'notes.txt',
            mediaType: 'text/plain',
            role: 'auxiliary',
            containsSecrets: false,
            contents: `pool ${pool.metadata.name}\n`,
          },
        ],
        warnings: [{ code: 'leak-test', message: `token is ${pool.spec.kubernetes.bootstrapToken}` }],
      };
    },
  });
}

async function run(args: string[], cwd = examples) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      cwd,
      stderrIsTty: false,
    },
    adapters: () => [echoAdapter()],
  });
  return { code, stdout, stderr };
}

function withDistro(file: string, distro: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
  const path = join(dir, 'pool.yaml');
  writeFileSync(
    path,
    readFileSync(join(examples, file), 'utf8').replace('distro: flatcar', `distro: ${distro}`),
  );
  return path;
}

describe('kubenode validate', () => {
  it('prints the four problems of the invalid example, one line each, and exits 1', async () => {
    const result = await run(['validate', 'invalid-pool.yaml']);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'error: invalid-pool.yaml:12:13: spec.kubernetes.caCert: expected a PEM certificate ("-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----")',
      'error: invalid-pool.yaml:13:21: spec.kubernetes.bootstrapToken: expected a bootstrap token of the form [a-z0-9]{6}.[a-z0-9]{16} (value not shown: it is a secret)',
      'error: invalid-pool.yaml:14:14: spec.kubernetes.maxPods: expected number, received string',
      "error: invalid-pool.yaml:16:5: spec.runtime.registryMirors: unknown field 'registryMirors'; did you mean 'registryMirrors'?",
    ]);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['an empty file', '', 'file is empty'],
    ['a binary file', '\u0000\u0001ELF', 'not a text file'],
    ['malformed YAML', 'spec: [a\n', 'malformed YAML'],
  ])('exits 1 on %s with a clear message', async (_name, contents, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
    writeFileSync(join(dir, 'pool.yaml'), contents);
    const result = await run(['validate', 'pool.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('exits 1 on a missing file', async () => {
    const result = await run(['validate', 'nope.yaml']);
    expect(result).toMatchObject({ code: 1, stderr: 'error: nope.yaml: no such file\n' });
  });

  it('reports valid output and redacts secrets in warnings', async () => {
    const result = await run(['validate', withDistro('minimal-pool.yaml', 'echo')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("valid NodePool 'workers-minimal' for echo");
    expect(result.stderr).toContain('token is [redacted]');
    expect(result.stderr).not.toContain('0123456789abcdef');
  });

  it('never prints the pool secrets in its report on stdout (json, yaml, table)', async () => {
    const pool = withDistro('minimal-pool.yaml', 'echo');
    for (const format of ['json', 'yaml', 'table']) {
      const result = await run(['validate', pool, '--output', format]);
      expect(result.code).toBe(0);
      expect(result.stdout, format).not.toContain('0123456789abcdef');
    }
    const json = await run(['validate', pool, '--output', 'json']);
    expect(JSON.parse(json.stdout).warnings).toEqual([{ code: 'leak-test', message: 'token is [redacted]' }]);
  });

  it('prints JSON reports', async () => {
    const result = await run(['validate', withDistro('minimal-pool.yaml', 'echo'), '--output', 'json']);
    expect(JSON.parse(result.stdout)).toMatchObject({
      distro: 'echo',
      valid: true,
      artifacts: ['user-data.json', 'notes.txt'],
    });
  });

  it('names an unknown spec.distro with exit 1 and an unknown --distro with exit 2', async () => {
    expect(await run(['validate', 'minimal-pool.yaml'])).toMatchObject({ code: 1 });
    expect((await run(['validate', 'minimal-pool.yaml'])).stderr).toContain(
      "spec.distro: no adapter for distro 'flatcar'",
    );
    expect(await run(['validate', 'minimal-pool.yaml', '--distro', 'nope'])).toMatchObject({ code: 2 });
  });
});

describe('kubenode render', () => {
  it('prints the user-data artifact with -o - and says what else exists', async () => {
    const result = await run(['render', 'minimal-pool.yaml', '--distro', 'echo', '-o', '-']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ token: 'abcdef.0123456789abcdef' });
    expect(result.stderr).toContain('1 more artifact');
  });

  it('writes every artifact to a directory, secrets with mode 0600', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kubenode-cli-')), 'out');
    const result = await run(['render', 'minimal-pool.yaml', '--distro', 'echo', '-o', dir]);
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'user-data.json']);
    expect(statSync(join(dir, 'user-data.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'notes.txt')).mode & 0o777).toBe(0o644);
  });

  it('writes nothing and exits 3 when the distro cannot express a field', async () => {
    const source = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
    writeFileSync(
      join(source, 'pool.yaml'),
      `${readFileSync(join(examples, 'minimal-pool.yaml'), 'utf8')}  os:\n    packages: [jq]\n`,
    );
    const dir = join(source, 'out');
    const result = await run(['render', 'pool.yaml', '--distro', 'echo', '-o', dir], source);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error: spec.os.packages: not supported on echo; instead: nothing\n');
    expect(existsSync(dir)).toBe(false);
  });

  it('writes nothing when the input is invalid', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kubenode-cli-')), 'out');
    const result = await run(['render', 'invalid-pool.yaml', '-o', dir]);
    expect(result.code).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses an -o that is a file or lies below one (exit 2), rendering and writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
    writeFileSync(join(dir, 'taken'), 'keep\n');
    const pool = withDistro('minimal-pool.yaml', 'echo');
    const file = await run(['render', pool, '-o', 'taken'], dir);
    expect(file).toMatchObject({ code: 2, stdout: '' });
    expect(file.stderr).toContain('error: -o taken: exists and is not a directory\n');
    const below = await run(['render', pool, '-o', 'taken/out'], dir);
    expect(below).toMatchObject({ code: 2, stdout: '' });
    expect(below.stderr).toContain(`error: -o taken/out: ${join(dir, 'taken')} is a file, not a directory\n`);
    for (const result of [file, below]) expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('keep\n');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('writes no artifact into an existing directory when one cannot be written (exit 4)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
    writeFileSync(join(dir, 'keep.txt'), 'mine\n');
    mkdirSync(join(dir, 'notes.txt', 'inside'), { recursive: true });
    const result = await run(['render', withDistro('minimal-pool.yaml', 'echo'), '-o', dir]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`\nerror: ${join(dir, 'notes.txt')}: cannot write (is a directory)\n`);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'notes.txt']);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine\n');
  });

  it('reports a directory the system will not create as an external failure (exit 4), at once', async () => {
    const result = await run([
      'render',
      withDistro('minimal-pool.yaml', 'echo'),
      '-o',
      '/proc/kubenode-out/x',
    ]);
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toContain(
      '\nerror: /proc/kubenode-out/x: cannot write (no such file or directory)\n',
    );
  });

  it('refuses --artifact with -o DIR and an empty -o as usage errors', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kubenode-cli-')), 'out');
    const artifact = await run([
      'render',
      'minimal-pool.yaml',
      '--distro',
      'echo',
      '-o',
      dir,
      '--artifact',
      'notes.txt',
    ]);
    expect(artifact.code).toBe(2);
    expect(artifact.stderr).toContain('error: --artifact: only with -o -');
    expect(existsSync(dir)).toBe(false);
    const empty = await run(['render', 'minimal-pool.yaml', '--distro', 'echo', '-o', '']);
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toContain("error: -o: expected a directory; got ''");
  });

  it.each(['../escaped.txt', 'sub/dir.txt', '..'])(
    'writes nothing when an adapter names an artifact %j, not a plain file name (exit 4)',
    async (name) => {
      const adapter = echoAdapter();
      const escaping: DistroAdapterV1 = {
        ...adapter,
        provision: (pool, context) => {
          const result = adapter.provision(pool, context);
          return { ...result, artifacts: [...result.artifacts, { ...result.artifacts[1]!, name }] };
        },
      };
      const root = mkdtempSync(join(tmpdir(), 'kubenode-cli-'));
      const dir = join(root, 'out');
      let stderr = '';
      const code = await runCli(['render', 'minimal-pool.yaml', '--distro', 'echo', '-o', dir], {
        io: {
          stdout: () => {},
          stderr: (t) => void (stderr += t),
          env: {},
          cwd: examples,
          stderrIsTty: false,
        },
        adapters: () => [escaping],
      });
      expect(code).toBe(4);
      expect(stderr).toContain(
        `error: ${JSON.stringify(name)}: cannot write (the adapter named an artifact with something other than a plain file name; nothing was written)`,
      );
      expect(readdirSync(root)).toEqual([]);
    },
  );

  it('says how to choose with -o - when no artifact is the user data', async () => {
    const adapter = echoAdapter();
    const auxiliary: DistroAdapterV1 = {
      ...adapter,
      provision: (pool, context) => {
        const result = adapter.provision(pool, context);
        return {
          ...result,
          artifacts: result.artifacts.map((artifact) => ({ ...artifact, role: 'auxiliary' as const })),
        };
      },
    };
    let stderr = '';
    const code = await runCli(['render', 'minimal-pool.yaml', '--distro', 'echo'], {
      io: { stdout: () => {}, stderr: (t) => void (stderr += t), env: {}, cwd: examples, stderrIsTty: false },
      adapters: () => [auxiliary],
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'error: -o -: echo renders 2 artifacts and none is the user data; print one with --artifact NAME (user-data.json, notes.txt) or write them all with -o DIR',
    );
  });

  it('treats an unknown artifact name as a usage error', async () => {
    expect(await run(['render', 'minimal-pool.yaml', '--distro', 'echo', '--artifact', 'x'])).toMatchObject({
      code: 2,
    });
  });
});

describe('kubenode usage', () => {
  it('exits 2 on unknown commands, options and missing arguments', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['render'])).code).toBe(2);
    expect((await run(['render', 'x', '--nope'])).code).toBe(2);
    expect((await run(['schema', '--output', 'xml'])).code).toBe(2);
  });

  it('exits 2 with the help on stderr when a command is missing; `help` exits 0', async () => {
    for (const args of [[], ['rollout'], ['catalog']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Usage: kubenode');
    }
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kubenode');
  });

  it('colours warnings only on a terminal, and never with NO_COLOR or TERM=dumb', async () => {
    const stderrOf = async (env: Record<string, string>, tty: boolean) => {
      let stderr = '';
      await runCli(['render', 'minimal-pool.yaml', '--distro', 'echo'], {
        io: { stdout: () => {}, stderr: (t) => void (stderr += t), env, cwd: examples, stderrIsTty: tty },
        adapters: () => [echoAdapter()],
      });
      return stderr;
    };
    expect(await stderrOf({}, true)).toContain('\u001b[33mwarning\u001b[0m: token is [redacted]');
    for (const [env, tty] of [
      [{ NO_COLOR: '1' }, true],
      [{ TERM: 'dumb' }, true],
      [{}, false],
    ] as const) {
      const stderr = await stderrOf(env, tty);
      expect(stderr).toContain('warning: token is [redacted]');
      expect(stderr).not.toContain('\u001b');
    }
  });

  it('lists the exit codes in the help', async () => {
    const help = await run(['--help']);
    expect(help.stdout).toContain(
      [
        'Exit codes:',
        '  0  success',
        '  1  invalid input (each problem on stderr with its path)',
        '  2  usage error (unknown command or option, bad option value)',
        '  3  a feature the distro cannot express',
        '  4  an external failure (tool missing or failed, cluster, network or file system error)',
      ].join('\n'),
    );
  });

  it('prints help and version with exit 0', async () => {
    expect((await run(['--help'])).code).toBe(0);
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('prints the NodePool JSON Schema', async () => {
    const result = await run(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      title: 'NodePool',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });
});
