import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GRUB_KERNEL_ARGS_FILE,
  renderNodeKernelArgs,
  SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT,
  withKernelArgs,
} from './node-kernel-args.js';

const SENTINEL = '/run/cluster-api/bootstrap-success.complete';
const work = mkdtempSync(join(tmpdir(), 'kubenode-kernel-args-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A sandbox for the systemd-boot script: its absolute paths (/etc/kernel, /proc/cmdline) moved
 * below a directory, and a `bootctl` that prints the sandbox's boot partition.
 */
function sandbox(files: Record<string, string>): { root: string; run: (args: string[]) => number | null } {
  const root = mkdtempSync(join(work, 'root-'));
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin/bootctl'), `#!/bin/sh\n[ "$1" = --print-boot-path ] && echo ${root}/boot\n`);
  chmodSync(join(root, 'bin/bootctl'), 0o755);
  // Files the glob in an argument would match, were it ever expanded.
  writeFileSync(join(root, 'glob-match'), '');
  const kernelArgs = renderNodeKernelArgs(['x'], 'systemd-boot', SENTINEL)!;
  const script = kernelArgs.files[0]!.contents.replace(
    /\/(etc|usr\/lib)\/kernel/g,
    `${root}/$1/kernel`,
  ).replace('/proc/cmdline', `${root}/proc/cmdline`);
  return {
    root,
    run: (args) =>
      spawnSync('/bin/sh', ['-c', script, 'sh', ...args], {
        cwd: root,
        env: { PATH: `${root}/bin:/usr/bin:/bin` },
      }).status,
  };
}

const ENTRY = [
  'title      Debian GNU/Linux 12 (bookworm)',
  'version    6.1.0-25-cloud-amd64',
  'options    root=PARTLABEL=root rw console=tty0 console=ttyS0,115200',
  'linux      /debian/6.1.0-25-cloud-amd64/linux',
  '',
].join('\n');

describe('withKernelArgs', () => {
  it('appends arguments not yet on the line, once, keeping the line as it is', () => {
    expect(withKernelArgs('root=PARTLABEL=root rw  quiet\n', ['quiet', 'a=1', 'a=1', 'quiet=0'])).toBe(
      'root=PARTLABEL=root rw quiet a=1 quiet=0',
    );
    expect(withKernelArgs('', ['a'])).toBe('a');
  });
});

describe('renderNodeKernelArgs', () => {
  it('writes nothing without arguments', () => {
    expect(renderNodeKernelArgs([], 'grub', SENTINEL)).toBeUndefined();
    expect(renderNodeKernelArgs([], 'systemd-boot', SENTINEL)).toBeUndefined();
  });

  it('GRUB: a grub.d drop-in and update-grub', () => {
    const grub = renderNodeKernelArgs(['quiet', 'a=1'], 'grub', SENTINEL)!;
    expect(grub.files).toEqual([
      expect.objectContaining({
        path: GRUB_KERNEL_ARGS_FILE,
        contents:
          '# Written by kubenode: spec.os.kernelArgs\nGRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX quiet a=1"\n',
        mode: 0o644,
      }),
    ]);
    expect(grub.command).toEqual(['update-grub']);
  });

  it('systemd-boot: adds the missing arguments to /etc/kernel/cmdline and every boot entry, once', () => {
    const box = sandbox({
      'etc/kernel/cmdline': 'root=PARTLABEL=root rw console=tty0 console=ttyS0,115200\n',
      'boot/loader/entries/debian-6.1.0-25-cloud-amd64.conf': ENTRY,
      'boot/loader/entries/debian-6.1.0-26-cloud-amd64.conf': ENTRY.replaceAll('25', '26'),
    });
    const args = ['console=ttyS0,115200', 'glob*', 'a=(b)', 'kubenode.test=1'];
    expect(box.run(args)).toBe(0);
    const expected = 'root=PARTLABEL=root rw console=tty0 console=ttyS0,115200 glob* a=(b) kubenode.test=1';
    expect(readFileSync(join(box.root, 'etc/kernel/cmdline'), 'utf8')).toBe(`${expected}\n`);
    for (const version of ['25', '26']) {
      const entry = readFileSync(
        join(box.root, `boot/loader/entries/debian-6.1.0-${version}-cloud-amd64.conf`),
        'utf8',
      );
      expect(entry).toBe(
        `${ENTRY.replaceAll('25', version)
          .split('\n')
          .filter((line) => !line.startsWith('options'))
          .join('\n')}options ${expected}\n`,
      );
    }
    // A second run (or an image built with the same arguments) changes nothing.
    expect(box.run(args)).toBe(0);
    expect(readFileSync(join(box.root, 'etc/kernel/cmdline'), 'utf8')).toBe(`${expected}\n`);
  });

  it('systemd-boot: starts from the running command line without /etc/kernel/cmdline, and fails without a boot partition', () => {
    const box = sandbox({
      'proc/cmdline': 'initrd=\\debian\\6.1\\initrd.img root=PARTLABEL=root rw\n',
      'boot/loader/entries/debian.conf': ENTRY,
    });
    expect(box.run(['quiet'])).toBe(0);
    expect(readFileSync(join(box.root, 'etc/kernel/cmdline'), 'utf8')).toBe('root=PARTLABEL=root rw quiet\n');
    rmSync(join(box.root, 'bin/bootctl'));
    writeFileSync(
      join(box.root, 'bin/bootctl'),
      '#!/bin/sh\necho "Couldn\'t find EFI system partition." >&2\nexit 1\n',
    );
    chmodSync(join(box.root, 'bin/bootctl'), 0o755);
    expect(box.run(['quiet'])).not.toBe(0);
  });

  it('reboots only after the join, and only when the running kernel lacks an argument', () => {
    const { rebootCondition, command } = renderNodeKernelArgs(['a=(b)', 'glob*'], 'systemd-boot', SENTINEL)!;
    expect(command).toEqual(['sh', SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT, 'a=(b)', 'glob*']);
    const root = mkdtempSync(join(work, 'condition-'));
    const sentinel = join(root, 'sentinel');
    const condition = (cmdline: string, joined: boolean) => {
      writeFileSync(join(root, 'cmdline'), cmdline);
      if (joined) writeFileSync(sentinel, 'success\n');
      else rmSync(sentinel, { force: true });
      return spawnSync(
        '/bin/sh',
        ['-c', rebootCondition.replace(SENTINEL, sentinel).replace('/proc/cmdline', join(root, 'cmdline'))],
        { cwd: root },
      ).status;
    };
    writeFileSync(join(root, 'globbed'), '');
    expect(condition('root=x a=(b)\n', true)).toBe(0);
    expect(condition('root=x a=(b) glob*\n', true)).toBe(1);
    expect(condition('root=x\n', false)).toBe(1);
  });
});
