import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExternalToolError,
  InvalidBuildInputError,
  validateNodePool,
  type NodePoolInput,
} from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createK3os } from './k3os-adapter.js';
import { editK3osGrubConfig } from './k3os-grub-config.js';

/** The menu of k3OS's ISO grub.cfg (as quoted in public remastering guides), for a test ISO. */
const GRUB_CFG = [
  'set default=0',
  'set timeout=10',
  '',
  'menuentry "k3OS LiveCD & Installer" {',
  '  search.fs_label K3OS root',
  '  set sqfile=/k3os/system/kernel/current/kernel.squashfs',
  '  loopback loop0 /$sqfile',
  '  set root=($root)',
  '  linux (loop0)/vmlinuz printk.devkmsg=on k3os.mode=live console=ttyS0 console=tty1',
  '  initrd /k3os/system/kernel/current/initrd',
  '}',
  '',
  'menuentry "k3OS Rescue Shell" {',
  '  search.fs_label K3OS root',
  '  linux (loop0)/vmlinuz printk.devkmsg=on rescue console=ttyS0 console=tty1',
  '  initrd /k3os/system/kernel/current/initrd',
  '}',
  '',
].join('\n');

const directories: string[] = [];
const temporary = () => {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-k3os-'));
  directories.push(directory);
  return directory;
};
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function xorriso(args: string[]): string {
  const run = spawnSync('xorriso', args, { encoding: 'utf8' });
  if (run.error)
    throw new Error(
      `xorriso is needed for this test (install the Debian package xorriso): ${run.error.message}`,
    );
  if (run.status !== 0) throw new Error(`xorriso ${args.join(' ')} failed: ${run.stderr}`);
  return `${run.stdout}${run.stderr}`;
}

/** A small ISO laid out like k3OS's (volume K3OS, grub.cfg, /k3os/system) with an El Torito boot image. */
function testIso(): string {
  const root = join(temporary(), 'iso');
  mkdirSync(join(root, 'boot', 'grub'), { recursive: true });
  mkdirSync(join(root, 'k3os', 'system', 'kernel', 'current'), { recursive: true });
  writeFileSync(join(root, 'boot', 'grub', 'grub.cfg'), GRUB_CFG);
  writeFileSync(join(root, 'boot', 'grub', 'eltorito.img'), Buffer.alloc(2048, 0x90));
  writeFileSync(join(root, 'k3os', 'system', 'kernel', 'current', 'initrd'), 'initrd');
  const iso = join(temporary(), 'k3os-amd64.iso');
  xorriso([
    '-as',
    'mkisofs',
    '-V',
    'K3OS',
    '-R',
    '-b',
    'boot/grub/eltorito.img',
    '-no-emul-boot',
    '-boot-load-size',
    '4',
    '-o',
    iso,
    root,
  ]);
  return iso;
}

function pool(k3os: Record<string, unknown>, os: Record<string, unknown> = {}) {
  const input = structuredClone(canonicalPool('labels-taints', 'k3os')) as unknown as NodePoolInput;
  return validateNodePool({
    ...input,
    spec: { ...input.spec, os, adapterOptions: { k3os } },
  } as NodePoolInput);
}

describe('editK3osGrubConfig', () => {
  it('adds kernel arguments to every linux line and can turn the live entry into an unattended install', () => {
    const edited = editK3osGrubConfig(GRUB_CFG, {
      kernelArgs: ['intel_iommu=on'],
      install: {
        device: '/dev/sda',
        silent: true,
        powerOff: true,
        noFormat: false,
        forceEfi: false,
        debug: false,
      },
    })!;
    const linux = edited.split('\n').filter((line) => line.trim().startsWith('linux'));
    expect(linux).toEqual([
      '  linux (loop0)/vmlinuz printk.devkmsg=on k3os.mode=install console=ttyS0 console=tty1 k3os.install.device=/dev/sda k3os.install.silent k3os.install.power_off intel_iommu=on',
      '  linux (loop0)/vmlinuz printk.devkmsg=on rescue console=ttyS0 console=tty1 intel_iommu=on',
    ]);
    expect(editK3osGrubConfig(GRUB_CFG, { kernelArgs: [] })).toBe(GRUB_CFG);
    expect(editK3osGrubConfig('set timeout=1\n', { kernelArgs: ['x'] })).toBeUndefined();
  });
});

describe('the k3OS ISO remaster', () => {
  it('plans config.yaml (0600), the remaster settings and a standalone script', () => {
    const plan = createK3os().builder.plan(
      pool({ iso: { path: '/isos/k3os-amd64.iso' } }, { kernelArgs: ['quiet'] }),
    );
    expect(plan.kind).toBe('image');
    expect(plan.requiredTools).toEqual([
      { name: 'xorriso', debianPackage: 'xorriso', purpose: 'read and remaster the k3OS ISO' },
    ]);
    expect(plan.recipeFiles.map((file) => [file.path, file.mode])).toEqual([
      ['iso/k3os/system/config.yaml', 0o600],
      ['kubenode-remaster.json', 0o644],
      ['remaster.sh', 0o755],
    ]);
    // config.yaml is the pool's without the kernel arguments, which only the ISO's grub.cfg can carry.
    expect(plan.recipeFiles[0]!.contents).toBe(
      createK3os().provision(pool({ iso: { path: '/isos/k3os-amd64.iso' } })).artifacts[0]!.contents,
    );
    expect(JSON.parse(plan.recipeFiles[1]!.contents)).toEqual({
      inputIso: '/isos/k3os-amd64.iso',
      outputIso: 'k3os-labels-taints.iso',
      kernelArgs: ['quiet'],
    });
    expect(plan.recipeFiles[2]!.contents).toContain("awk -v extra='quiet'");
  });

  it('remasters a real ISO with xorriso: config.yaml embedded byte for byte, grub.cfg edited, boot record and volume id kept', async () => {
    const iso = testIso();
    const adapter = createK3os();
    const input = pool(
      { iso: { path: iso, install: { device: '/dev/vda' } } },
      { kernelArgs: ['console=ttyS1'] },
    );
    const plan = adapter.builder.plan(input);
    const workdir = temporary();
    const result = await adapter.builder.build(plan, { workdir });
    expect(result.artifacts).toHaveLength(1);
    const [artifact] = result.artifacts;
    expect(artifact!.name).toBe('k3os-labels-taints.iso');
    expect(artifact!.sizeBytes).toBe(statSync(artifact!.path).size);
    expect(artifact!.sha256).toBe(createHash('sha256').update(readFileSync(artifact!.path)).digest('hex'));
    expect(statSync(artifact!.path).mode & 0o777).toBe(0o600);
    const out = temporary();
    xorriso([
      '-osirrox',
      'on',
      '-indev',
      artifact!.path,
      '-extract',
      '/k3os/system/config.yaml',
      join(out, 'config.yaml'),
      '-extract',
      '/boot/grub/grub.cfg',
      join(out, 'grub.cfg'),
      '-extract',
      '/k3os/system/kernel/current/initrd',
      join(out, 'initrd'),
    ]);
    expect(readFileSync(join(out, 'config.yaml'), 'utf8')).toBe(
      adapter.provision(pool({ iso: { path: iso, install: { device: '/dev/vda' } } })).artifacts[0]!.contents,
    );
    expect(readFileSync(join(out, 'initrd'), 'utf8')).toBe('initrd');
    const grub = readFileSync(join(out, 'grub.cfg'), 'utf8');
    expect(grub).toContain(
      'k3os.mode=install console=ttyS0 console=tty1 k3os.install.device=/dev/vda k3os.install.silent console=ttyS1',
    );
    expect(grub).toContain('rescue console=ttyS0 console=tty1 console=ttyS1');
    const report = xorriso(['-indev', artifact!.path, '-pvd_info', '-report_el_torito', 'plain']);
    expect(report).toMatch(/Volume Id\s*:\s*K3OS/);
    expect(report).toMatch(/El Torito boot img/);
    expect(result.notes.join('\n')).toMatch(/join token/);
  });

  it('writes the recipe and names what is missing: xorriso, or the input ISO; without an ISO it writes only the recipe', async () => {
    const missingTool = createK3os({ toolPath: temporary() });
    const workdir = temporary();
    const error = await missingTool.builder
      .build(missingTool.builder.plan(pool({ iso: { path: '/nope.iso' } })), { workdir })
      .catch((e: unknown) => e);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^xorriso is not installed \(install it with: apt-get install xorriso\)/,
    );
    expect(statSync(join(workdir, 'k3os-remaster', 'remaster.sh')).mode & 0o777).toBe(0o755);
    const adapter = createK3os();
    const recipeOnly = adapter.builder.plan(pool({}));
    const recipeDir = temporary();
    const written = await adapter.builder.build(recipeOnly, { workdir: recipeDir });
    expect(written.artifacts.map((artifact) => [artifact.name, artifact.measure])).toEqual([
      ['k3os-remaster/iso/k3os/system/config.yaml', 'file'],
      ['k3os-remaster/kubenode-remaster.json', 'file'],
      ['k3os-remaster/remaster.sh', 'file'],
    ]);
    expect(written.artifacts[0]!.sha256).toBe(
      createHash('sha256').update(recipeOnly.recipeFiles[0]!.contents).digest('hex'),
    );
    expect(written.notes[0]).toMatch(
      /^No ISO was remastered: spec\.adapterOptions\.k3os\.iso\.path names none/,
    );
    expect(
      statSync(join(recipeDir, 'k3os-remaster', 'iso', 'k3os', 'system', 'config.yaml')).mode & 0o777,
    ).toBe(0o600);
    const absent = await adapter.builder
      .build(adapter.builder.plan(pool({ iso: { path: join(temporary(), 'absent.iso') } })), {
        workdir: temporary(),
      })
      .catch((e: unknown) => e);
    expect(InvalidBuildInputError.isInstance(absent)).toBe(true);
  });
});
