import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeExec } from '../node-exec.js';
import { assembleGptDisk, GPT_PARTITION_TYPES } from './assemble-gpt-disk.js';
import { buildExt4Image } from './build-ext4-image.js';
import { buildNoCloudSeed } from './build-nocloud-seed.js';
import { buildVfatImage } from './build-vfat-image.js';
import { convertDiskImage } from './convert-disk-image.js';
import { deterministicUuid, deterministicVolumeId } from './deterministic-uuid.js';
import { treeSize } from './tree-size.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubenode-disk-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('disk image building blocks (real tools, no loop devices)', () => {
  const root = join(scratch, 'root');
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/hostname'), 'node\n');
  writeFileSync(join(root, 'etc/secret'), 'x\n');
  chmodSync(join(root, 'etc/secret'), 0o600);
  const esp = join(scratch, 'esp');
  mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true });
  writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), Buffer.alloc(4096, 7));
  writeFileSync(join(esp, 'loader.conf'), 'timeout 0\n');

  it('derives stable, distinct UUIDs', () => {
    expect(deterministicUuid('image', 'root')).toBe(deterministicUuid('image', 'root'));
    expect(deterministicUuid('image', 'root')).not.toBe(deterministicUuid('image', 'esp'));
    expect(deterministicUuid('a', 'root')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(deterministicVolumeId('a', 'esp')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('builds ext4 with 4 KiB blocks, the given UUID and the tree, vfat with the files, and a GPT disk holding both', async () => {
    const uuid = deterministicUuid('test', 'root');
    const ext4 = join(scratch, 'root.ext4');
    await buildExt4Image({ sourceDir: root, output: ext4, sizeMiB: 64, label: 'root', uuid, exec: nodeExec });
    const dump = run('dumpe2fs', ['-h', ext4]);
    expect(dump).toMatch(/Block size:\s+4096/);
    expect(dump).toContain(`Filesystem UUID:          ${uuid}`);
    expect(dump).toMatch(/Filesystem volume name:\s+root/);
    expect(run('debugfs', ['-R', 'cat /etc/hostname', ext4])).toBe('node\n');
    expect(run('debugfs', ['-R', 'stat /etc/secret', ext4])).toMatch(/Mode:\s+0600/);

    const vfat = join(scratch, 'esp.img');
    await buildVfatImage({
      sourceDir: esp,
      output: vfat,
      sizeMiB: 64,
      label: 'ESP',
      volumeId: 'abcd1234',
      fatSize: 32,
      exec: nodeExec,
    });
    expect(run('mtype', ['-i', vfat, '::/loader.conf'], { MTOOLS_SKIP_CHECK: '1' })).toBe('timeout 0\n');
    expect(run('minfo', ['-i', vfat, '::'], { MTOOLS_SKIP_CHECK: '1' })).toMatch(/serial number: ABCD1234/);

    const disk = join(scratch, 'disk.img');
    const layout = await assembleGptDisk({
      output: disk,
      diskUuid: deterministicUuid('test', 'disk'),
      partitions: [
        { name: 'esp', type: GPT_PARTITION_TYPES.esp, uuid: deterministicUuid('test', 'esp'), image: vfat },
        {
          name: 'root',
          type: GPT_PARTITION_TYPES['root-x86-64'],
          uuid: deterministicUuid('test', 'root-part'),
          image: ext4,
        },
      ],
      exec: nodeExec,
    });
    expect(layout.partitions).toEqual([
      { name: 'esp', startMiB: 1, sizeMiB: 64 },
      { name: 'root', startMiB: 65, sizeMiB: 64 },
    ]);
    expect(statSync(disk).size).toBe(130 * 1024 * 1024);
    const table = JSON.parse(run('sfdisk', ['--json', disk])) as {
      partitiontable: {
        label: string;
        id: string;
        partitions: { start: number; size: number; type: string; uuid: string; name: string }[];
      };
    };
    expect(table.partitiontable.label).toBe('gpt');
    expect(table.partitiontable.id).toBe(deterministicUuid('test', 'disk').toUpperCase());
    expect(table.partitiontable.partitions.map((p) => [p.name, p.start, p.size, p.type])).toEqual([
      ['esp', 2048, 131072, GPT_PARTITION_TYPES.esp],
      ['root', 133120, 131072, GPT_PARTITION_TYPES['root-x86-64']],
    ]);
    // The partition contents are the filesystem images, byte for byte (read back at the offset).
    const extracted = join(scratch, 'extracted.ext4');
    run('dd', [`if=${disk}`, `of=${extracted}`, 'bs=1M', 'skip=65', 'count=64', 'status=none']);
    expect(run('debugfs', ['-R', 'cat /etc/hostname', extracted])).toBe('node\n');

    const qcow2 = join(scratch, 'disk.qcow2');
    const size = await convertDiskImage({ source: disk, output: qcow2, format: 'qcow2', exec: nodeExec });
    expect(size).toBeLessThan(statSync(disk).size / 4);
    const info = JSON.parse(run('qemu-img', ['info', '--output=json', qcow2])) as {
      format: string;
      'virtual-size': number;
    };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 130 * 1024 * 1024 });
    run('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', disk, qcow2]);
  });

  it('builds a NoCloud seed labelled cidata with user-data and meta-data', async () => {
    const seed = join(scratch, 'seed.img');
    await buildNoCloudSeed({
      userData: '#cloud-config\nhostname: n1\n',
      metaData: 'instance-id: n1\n',
      networkConfig: 'version: 2\n',
      output: seed,
      exec: nodeExec,
    });
    const env = { MTOOLS_SKIP_CHECK: '1' };
    expect(run('mlabel', ['-s', '-i', seed, '::'], env)).toMatch(/Volume label is CIDATA/i);
    expect(run('mtype', ['-i', seed, '::/user-data'], env)).toBe('#cloud-config\nhostname: n1\n');
    expect(run('mtype', ['-i', seed, '::/meta-data'], env)).toBe('instance-id: n1\n');
    expect(run('mtype', ['-i', seed, '::/network-config'], env)).toBe('version: 2\n');
  });

  it('measures a tree', () => {
    const size = treeSize(root);
    expect(size.entries).toBe(4);
    expect(size.bytes).toBe(4096 * 2 + 5 + 2);
  });
});
