import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExternalToolError } from '../../errors/external-tool-error.js';
import type { ExecFunction, ExecRequest } from '../exec-function.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';
import { buildSysextImage, type BuildSysextImageOptions } from './build-sysext-image.js';
import { SYSEXT_RELOAD_HOOK_UNIT } from './sysext-reload-hook.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubenode-sysext-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function directory(prefix: string): string {
  const path = join(scratch, `${prefix}-${++counter}`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** A small extension tree; `variant` changes only metadata a reproducible build must ignore. */
function makeTree(variant: 'a' | 'b'): string {
  const root = directory(`tree-${variant}`);
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  mkdirSync(join(root, 'usr/lib/systemd/system/multi-user.target.wants'), { recursive: true });
  mkdirSync(join(root, 'opt/demo'), { recursive: true });
  // Written in a different order in each variant.
  const files: [string, string, number][] = [
    ['usr/bin/demo', '#!/bin/sh\necho demo\n', 0o755],
    ['usr/lib/systemd/system/demo.service', '[Service]\nExecStart=/usr/bin/demo\n', 0o644],
    ['opt/demo/data', 'x'.repeat(10_000), 0o640],
  ];
  for (const [path, contents, mode] of variant === 'a' ? files : [...files].reverse()) {
    writeFileSync(join(root, path), contents);
    chmodSync(join(root, path), mode);
  }
  linkSync(join(root, 'usr/bin/demo'), join(root, 'usr/bin/demo-hardlink'));
  symlinkSync('../demo.service', join(root, 'usr/lib/systemd/system/multi-user.target.wants/demo.service'));
  if (variant === 'b') {
    const when = new Date('2001-02-03T04:05:06Z');
    for (const path of ['usr/bin/demo', 'opt/demo/data', 'usr/bin', 'opt'])
      utimesSync(join(root, path), when, when);
  }
  return root;
}

function options(sourceDir: string, outputDir: string, extra: Partial<BuildSysextImageOptions> = {}) {
  return {
    name: 'demo',
    version: 'v1.2.3',
    sourceDir,
    outputDir,
    extensionRelease: { id: 'debian', versionId: '12', architecture: 'x86-64' as const },
    ...extra,
  };
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The ExternalToolError a promise rejects with (fails the test when it resolves or rejects otherwise). */
async function toolErrorOf(promise: Promise<unknown>): Promise<ExternalToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ExternalToolError.isInstance(error), String(error)).toBe(true);
  return error as ExternalToolError;
}

describe('buildSysextImage (squashfs, real mksquashfs)', () => {
  it('is byte-identical across two builds of the same tree with different mtimes and write order', async () => {
    const first = await buildSysextImage(options(makeTree('a'), directory('out')));
    const second = await buildSysextImage(options(makeTree('b'), directory('out')));
    expect(first.fileName).toBe('demo-v1.2.3-x86-64.raw');
    expect(second.sha256).toBe(first.sha256);
    expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(true);
    expect(first.artifact).toEqual({
      name: 'demo-v1.2.3-x86-64.raw',
      path: first.path,
      sizeBytes: first.sizeBytes,
      sha256: first.sha256,
      measure: 'compressed artifact',
    });
  });

  it('writes SHA256SUMS that sha256sum verifies, the <name>.raw link, and keeps other entries', async () => {
    const out = directory('out');
    const demo = await buildSysextImage(options(makeTree('a'), out));
    const other = await buildSysextImage(options(makeTree('a'), out, { name: 'other', version: '2' }));
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toBe(
      `${demo.sha256}  demo-v1.2.3-x86-64.raw\n${other.sha256}  other-2-x86-64.raw\n`,
    );
    const check = spawnSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
    expect(readlinkSync(join(out, 'demo.raw'))).toBe('demo-v1.2.3-x86-64.raw');
    expect(demo.stableName).toBe('demo.raw');
    // Rebuilding a new version moves the link.
    await buildSysextImage(options(makeTree('a'), out, { version: 'v1.2.4' }));
    expect(readlinkSync(join(out, 'demo.raw'))).toBe('demo-v1.2.4-x86-64.raw');
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('packs the tree as root-owned files with fixed times, modes kept, and the extension-release', async () => {
    const result = await buildSysextImage(
      options(makeTree('b'), directory('out'), { sourceDateEpoch: 86_400 }),
    );
    const listing = run('unsquashfs', ['-lln', '-no-progress', result.path]);
    const lines = listing.split('\n').filter((line) => line.includes('squashfs-root'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatch(/^\S+ 0\/0 .* 1970-01-02 00:00 squashfs-root/);
    expect(listing).toMatch(/-rwxr-xr-x 0\/0 +\d+ 1970-01-02 00:00 squashfs-root\/usr\/bin\/demo\n/);
    expect(listing).toMatch(/-rw-r----- 0\/0 +10000 1970-01-02 00:00 squashfs-root\/opt\/demo\/data\n/);
    expect(listing).toContain(
      'squashfs-root/usr/lib/systemd/system/multi-user.target.wants/demo.service -> ../demo.service',
    );
    const extracted = join(directory('extract'), 'root');
    run('unsquashfs', ['-no-progress', '-d', extracted, result.path]);
    const release = readFileSync(
      join(extracted, 'usr/lib/extension-release.d/extension-release.demo'),
      'utf8',
    );
    expect(release).toBe('ID=debian\nVERSION_ID=12\nARCHITECTURE=x86-64\nEXTENSION_RELOAD_MANAGER=1\n');
    expect(result.extensionRelease).toBe(release);
    expect(readFileSync(join(extracted, 'usr/bin/demo'), 'utf8')).toBe('#!/bin/sh\necho demo\n');
    expect(run('unsquashfs', ['-s', result.path])).toMatch(/Compression gzip/);
  });

  it('returns the daemon-reload hook for systemd older than 255 (Debian 12) and not for 255+', async () => {
    const tree = makeTree('a');
    const old = await buildSysextImage(
      options(tree, directory('out'), { targetSystemdVersion: 252, startUnits: ['demo.service'] }),
    );
    expect(old.reloadHook?.name).toBe(SYSEXT_RELOAD_HOOK_UNIT);
    expect(old.reloadHook?.enabled).toBe(true);
    expect(old.reloadHook?.contents).toContain('\nAfter=systemd-sysext.service\n');
    expect(old.reloadHook?.contents).toContain('\nExecStart=systemctl daemon-reload\n');
    expect(old.reloadHook?.contents).toContain('\nExecStart=systemctl start --no-block demo.service\n');
    const unknown = await buildSysextImage(options(tree, directory('out')));
    expect(unknown.reloadHook?.name).toBe(SYSEXT_RELOAD_HOOK_UNIT);
    const fresh = await buildSysextImage(options(tree, directory('out'), { targetSystemdVersion: 256 }));
    expect(fresh.reloadHook).toBeUndefined();
    expect(fresh.sha256).toBe(old.sha256);
  });

  it('supports SYSEXT_LEVEL and _any instead of VERSION_ID', async () => {
    const result = await buildSysextImage(
      options(makeTree('a'), directory('out'), {
        extensionRelease: { id: '_any', architecture: '_any', reloadManager: false },
      }),
    );
    expect(result.fileName).toBe('demo-v1.2.3-_any.raw');
    expect(result.extensionRelease).toBe('ID=_any\nARCHITECTURE=_any\n');
    const level = await buildSysextImage(
      options(makeTree('a'), directory('out'), {
        extensionRelease: { id: 'flatcar', sysextLevel: '1.0', architecture: 'arm64' },
      }),
    );
    expect(level.extensionRelease).toBe(
      'ID=flatcar\nSYSEXT_LEVEL=1.0\nARCHITECTURE=arm64\nEXTENSION_RELOAD_MANAGER=1\n',
    );
  });
});

describe('buildSysextImage (erofs, real mkfs.erofs)', () => {
  it('is byte-identical across builds and readable by fsck.erofs', async () => {
    const first = await buildSysextImage(options(makeTree('a'), directory('out'), { format: 'erofs' }));
    const second = await buildSysextImage(options(makeTree('b'), directory('out'), { format: 'erofs' }));
    expect(second.sha256).toBe(first.sha256);
    expect(first.compression).toBe('lz4hc');
    const extracted = join(directory('extract'), 'root');
    run('fsck.erofs', [`--extract=${extracted}`, first.path]);
    expect(
      readFileSync(join(extracted, 'usr/lib/extension-release.d/extension-release.demo'), 'utf8'),
    ).toContain('ID=debian\n');
    expect(readFileSync(join(extracted, 'opt/demo/data'), 'utf8')).toBe('x'.repeat(10_000));
  });
});

describe('buildSysextImage input checks', () => {
  const expectInvalid = async (promise: Promise<unknown>, pattern: RegExp) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(InvalidBuildInputError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  };

  it('rejects top-level entries other than usr/ and opt/', async () => {
    const tree = makeTree('a');
    mkdirSync(join(tree, 'etc'));
    await expectInvalid(
      buildSysextImage(options(tree, directory('out'))),
      /sourceDir\/etc: only usr\/ and opt\//,
    );
  });

  it('rejects special files and an extension-release already in the tree', async () => {
    const fifo = makeTree('a');
    run('mkfifo', [join(fifo, 'usr/bin/pipe')]);
    await expectInvalid(buildSysextImage(options(fifo, directory('out'))), /usr\/bin\/pipe: a regular file/);
    const release = makeTree('a');
    mkdirSync(join(release, 'usr/lib/extension-release.d'));
    writeFileSync(join(release, 'usr/lib/extension-release.d/extension-release.x'), 'ID=x\n');
    await expectInvalid(
      buildSysextImage(options(release, directory('out'))),
      /no extension-release file in the tree/,
    );
  });

  it('rejects bad options with their path', async () => {
    const tree = makeTree('a');
    await expectInvalid(
      buildSysextImage(options(tree, directory('out'), { name: 'a/b' })),
      /name: expected an extension name/,
    );
    await expectInvalid(
      buildSysextImage(
        options(tree, directory('out'), { extensionRelease: { id: 'debian', architecture: 'x86-64' } }),
      ),
      /extensionRelease\.versionId: .*needs versionId/,
    );
    await expectInvalid(
      buildSysextImage(options(tree, directory('out'), { format: 'erofs', compression: 'xz' })),
      /compression: erofs supports lz4hc, lz4/,
    );
    await expectInvalid(
      buildSysextImage(options(join(scratch, 'nope'), directory('out'))),
      /an existing directory/,
    );
  });
});

describe('buildSysextImage tool failures (injected exec)', () => {
  const fake =
    (result: Awaited<ReturnType<ExecFunction>>, seen: ExecRequest[] = []): ExecFunction =>
    async (request) => {
      seen.push(request);
      return result;
    };

  it('reports a missing mksquashfs naming squashfs-tools, and leaves no partial output', async () => {
    const out = directory('out');
    const error = await toolErrorOf(
      buildSysextImage({ ...options(makeTree('a'), out), exec: fake({ kind: 'not-found' }) }),
    );
    expect(error.failure).toBe('missing');
    expect(error.tool).toBe('mksquashfs');
    expect(error.debianPackage).toBe('squashfs-tools');
    expect(error.message).toContain('apt-get install squashfs-tools');
    expect(existsSync(join(out, 'SHA256SUMS'))).toBe(false);
    expect(existsSync(join(out, 'demo-v1.2.3-x86-64.raw'))).toBe(false);
  });

  it('reports a missing mkfs.erofs naming erofs-utils', async () => {
    const error = await toolErrorOf(
      buildSysextImage({
        ...options(makeTree('a'), directory('out'), { format: 'erofs' }),
        exec: fake({ kind: 'not-found' }),
      }),
    );
    expect(error.debianPackage).toBe('erofs-utils');
  });

  it('maps a non-zero exit to failed (with stderr) and a kill to timeout', async () => {
    const failed = await toolErrorOf(
      buildSysextImage({
        ...options(makeTree('a'), directory('out')),
        exec: fake({ kind: 'exited', exitCode: 1, stdout: '', stderr: 'FATAL ERROR: out of space\n' }),
      }),
    );
    expect(failed.failure).toBe('failed');
    expect(failed.exitCode).toBe(1);
    expect(failed.message).toContain('FATAL ERROR: out of space');
    const timedOut = await toolErrorOf(
      buildSysextImage({
        ...options(makeTree('a'), directory('out'), { timeoutMs: 5 }),
        exec: fake({ kind: 'timed-out', stdout: '', stderr: '' }),
      }),
    );
    expect(timedOut.failure).toBe('timeout');
  });

  it('passes SOURCE_DATE_EPOCH and the reproducibility flags to mksquashfs', async () => {
    const seen: ExecRequest[] = [];
    await buildSysextImage({
      ...options(makeTree('a'), directory('out'), { sourceDateEpoch: 42, compression: 'zstd' }),
      exec: fake({ kind: 'exited', exitCode: 1, stdout: '', stderr: '' }, seen),
    }).catch(() => undefined);
    expect(seen[0]?.command).toBe('mksquashfs');
    expect(seen[0]?.env).toEqual({ SOURCE_DATE_EPOCH: '42' });
    expect(seen[0]?.args).toEqual(
      expect.arrayContaining(['-all-root', '-no-xattrs', '-noappend', '-comp', 'zstd']),
    );
  });
});
