/**
 * The Debian node image, built for real on this machine and booted under QEMU (TCG, OVMF/UEFI)
 * with a NoCloud seed made from the Debian adapter's own rendering of a NodePool. The system
 * reports what it applied on its serial console; the test checks it against the pool.
 *
 * Needs root and the packages in tools/ci/apt-packages.d/image-build.txt; fails (does not skip)
 * when they are missing. About 3 minutes on 2 cores.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  writeFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildNoCloudSeed,
  nodeExec,
  runQemuBoot,
  runTool,
  validateNodePool,
  type CycloneDxBom,
  type NodePool,
} from '@kubenode/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createDebian } from './debian-adapter.js';
import { createDebianImageBuilder } from './debian-image-builder.js';

const CA = readFileSync(new URL('../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');
const TOKEN = 'kubent.0123456789abcdef';

const DOLLAR = '$';

/** The script the pool installs; it reports the applied state on ttyS0 and powers off. */
const REPORT_SCRIPT = String.raw`#!/bin/sh
state=$(systemctl is-system-running --wait)
exec >/dev/ttyS0 2>&1
r() { printf 'KUBENODE-REPORT %s %s\n' "$1" "$2"; }
r state "$state"
for f in /etc/motd /etc/kubenode-test/config.yaml /etc/kubenode-test/token /usr/local/sbin/kubenode-boot-report; do
  if [ -f "$f" ]; then r file "$f $(stat -c %a "$f") $(stat -c %U:%G "$f") $(sha256sum < "$f" | cut -d' ' -f1)"; else r file "$f missing"; fi
done
for k in vm/max_map_count net/ipv4/ip_forward net/bridge/bridge-nf-call-iptables fs/inotify/max_user_instances; do
  r sysctl "$k $(cat /proc/sys/$k 2>/dev/null || echo unset)"
done
for m in br_netfilter overlay ip_vs dummy; do
  if [ -d /sys/module/$m ]; then r module "$m loaded"; else r module "$m missing"; fi
done
r containerd "$(systemctl is-active containerd.service)"
r failed "$(systemctl list-units --state=failed --plain --no-legend | awk '{print $1}' | sort | tr '\n' ' ')"
r cloud-init-errors "$(python3 -c 'import json; r=json.load(open("/run/cloud-init/result.json"))["v1"]; print(" | ".join(r["errors"]))' 2>&1)"
r cloud-final-log "$(journalctl -b -u cloud-final.service --no-pager -o cat | grep -m 1 'kubelet.service')"
r kubeadm "$(command -v kubeadm || echo absent)"
r kubelet "$(command -v kubelet || echo absent)"
r image-id "$(cat /etc/kubenode/image-id)"
r root-bytes "$(df -B1 --output=size / | tail -n 1 | tr -d ' ')"
r cmdline "$(cat /proc/cmdline)"
r packages "$(dpkg-query -W -f '${DOLLAR}{db:Status-Abbrev}${DOLLAR}{Package} ${DOLLAR}{Version}\n' | grep '^ii' | cut -c4- | LC_ALL=C sort | sha256sum | cut -d' ' -f1) $(dpkg-query -W -f '${DOLLAR}{db:Status-Abbrev}\n' | grep -c '^ii')"
r hostname "$(hostname)"
echo KUBENODE-REPORT-END
systemctl poweroff --no-block
`;

function testPool(): NodePool {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'boot-test' },
    spec: {
      distro: 'debian',
      image: { channel: 'bookworm', arch: 'amd64' },
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.2.2:6443',
        caCert: CA,
        bootstrapToken: TOKEN,
        nodeLabels: { pool: 'boot-test' },
      },
      os: {
        hostname: 'boot-test-node',
        files: [
          { path: '/etc/motd', contents: 'kubenode boot test: héllo ✓\n', mode: 0o644 },
          { path: '/etc/kubenode-test/config.yaml', contents: 'key: "value"\nlist: [1, 2]\n', mode: 0o640 },
          {
            path: '/etc/kubenode-test/token',
            contents: Buffer.from('binary\0data\n').toString('base64'),
            encoding: 'base64',
            mode: 0o600,
          },
          { path: '/usr/local/sbin/kubenode-boot-report', contents: REPORT_SCRIPT, mode: 0o755 },
        ],
        units: [
          {
            name: 'kubenode-boot-report.service',
            contents:
              '[Unit]\nDescription=kubenode boot test report\n\n[Service]\nType=simple\nExecStart=/usr/local/sbin/kubenode-boot-report\n\n[Install]\nWantedBy=multi-user.target\n',
            enabled: true,
          },
        ],
        sysctls: { 'vm.max_map_count': 262144, 'fs.inotify.max_user_instances': 1024 },
        kernelModules: ['ip_vs', 'dummy'],
        rootDisk: { grow: true },
      },
    },
  });
}

/**
 * The adapter's user-data, minus what cannot work in this VM, each removal asserted so a change
 * in the adapter is noticed: the VM has no network (QEMU user networking, restricted), so
 * `package_update`/`packages` (containerd and unattended-upgrades are in the image; needrestart is
 * not) and the steps that fetch kubelet, kubeadm and kubectl from pkgs.k8s.io are removed. They
 * are not in the image either, because pkgs.k8s.io was unreachable when it was built: the rest of
 * the runcmd therefore stops at `systemctl enable kubelet.service` and the kubeadm join is never
 * reached — cloud-final.service is the one expected failure, checked below by its cause.
 */
function offlineUserData(userData: string): { text: string; removed: string[] } {
  expect(userData.startsWith('#cloud-config\n')).toBe(true);
  const config = parse(userData) as Record<string, unknown>;
  expect(config.packages).toEqual(['containerd', 'needrestart', 'unattended-upgrades']);
  expect(config.package_update).toBe(true);
  delete config.packages;
  delete config.package_update;
  const runcmd = config.runcmd as (string | string[])[];
  const removed: string[] = [];
  config.runcmd = runcmd.filter((entry) => {
    const text = Array.isArray(entry) ? entry.join(' ') : entry;
    const installsKubernetes =
      text.includes('pkgs.k8s.io') ||
      text === 'apt-get update -q' ||
      /apt-get install .*kubelet=/.test(text) ||
      text.startsWith('apt-mark hold kubelet');
    if (installsKubernetes) removed.push(text);
    return !installsKubernetes;
  });
  expect(removed).toHaveLength(4);
  const remaining = (config.runcmd as (string | string[])[]).map((entry) =>
    Array.isArray(entry) ? entry.join(' ') : entry,
  );
  expect(remaining).toContain('systemctl enable --now kubenode-boot-report.service');
  expect(remaining.at(-1)).toMatch(/^kubeadm join --config /);
  return { text: `#cloud-config\n${stringify(config)}`, removed };
}

function report(console: string): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const line of console.split(/\r?\n/)) {
    const match = /KUBENODE-REPORT (\S+) ?(.*)$/.exec(line);
    if (match) lines.set(match[1]!, [...(lines.get(match[1]!) ?? []), match[2]!.trimEnd()]);
  }
  return lines;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('Debian node image: build and boot', () => {
  const work = mkdtempSync(join(tmpdir(), 'kubenode-debian-boot-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Within one CI run the downloaded .debs are shared with the benchmark (never across machines).
  const aptCacheDir = join(tmpdir(), 'kubenode-apt-cache');
  const scratchDir = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();

  it(
    'boots under QEMU/OVMF and applies the pool rendered by the Debian adapter',
    async () => {
      const pool = testPool();
      const builder = createDebianImageBuilder({
        outputs: ['qcow2'],
        qcow2Compression: 'zstd',
        aptCacheDir,
        scratchDir,
      });
      const plan = builder.plan(pool);
      expect(builder.plan(pool).imageId).toBe(plan.imageId);
      const out = join(work, 'out');
      const steps: string[] = [];
      const result = await builder.build(plan, {
        workdir: out,
        onProgress: (event) => {
          if (event.state === 'finished') steps.push(event.step);
        },
      });
      expect(steps).toEqual(plan.steps.map((step) => step.id));
      const qcow2 = result.artifacts.find((artifact) => artifact.name.endsWith('.qcow2'))!;
      expect(qcow2.measure).toBe('compressed artifact');
      expect(qcow2.sha256).toBe(sha256(readFileSync(qcow2.path)));
      // kubelet and kubeadm: pkgs.k8s.io is not reachable here, and the result says so.
      expect(result.notes.join('\n')).toMatch(
        /kubelet, kubeadm and crictl are NOT included: their apt repository https:\/\/pkgs\.k8s\.io\/core:\/stable:\/v1\.32\/deb\//,
      );
      const bom = JSON.parse(
        readFileSync(result.artifacts.find((artifact) => artifact.name.endsWith('.cdx.json'))!.path, 'utf8'),
      ) as CycloneDxBom;
      const names = bom.components.map((component) => component.name);
      for (const name of [
        'containerd',
        'runc',
        'containernetworking-plugins',
        'cloud-init',
        'systemd',
        'systemd-boot',
      ]) {
        expect(names).toContain(name);
      }
      for (const absent of ['kubelet', 'kubeadm', 'usrmerge', 'perl']) expect(names).not.toContain(absent);

      // The seed, from the adapter's own rendering.
      const rendered = createDebian().provision(pool);
      const userData = rendered.artifacts.find((artifact) => artifact.role === 'user-data')!;
      const offline = offlineUserData(userData.contents);
      const seed = join(work, 'seed.img');
      await buildNoCloudSeed({
        userData: offline.text,
        metaData: 'instance-id: boot-test-1\nlocal-hostname: boot-test-node\n',
        output: seed,
        exec: nodeExec,
      });
      // A disk 1 GiB larger than the image, so first-boot root growth has room.
      const disk = join(work, 'disk.qcow2');
      await runTool({
        exec: nodeExec,
        tool: { name: 'qemu-img', debianPackage: 'qemu-utils', purpose: 'make the boot disk' },
        args: [
          'create',
          '-q',
          '-f',
          'qcow2',
          '-F',
          'qcow2',
          '-b',
          qcow2.path,
          disk,
          String(qcow2Virtual(qcow2.path) + 1024 ** 3),
        ],
      });

      const boot = await runQemuBoot({
        disk,
        diskFormat: 'qcow2',
        extraDisks: [seed],
        timeoutMs: 12 * 60_000,
        exec: nodeExec,
      });
      const console = boot.console;
      writeFileSync(join(tmpdir(), 'kubenode-debian-boot-console.log'), console);
      expect(boot.timedOut, console.slice(-4000)).toBe(false);
      expect(console, console.slice(-4000)).toContain('KUBENODE-REPORT-END');
      expect(boot.exitCode).toBe(0);
      const seen = report(console);
      const one = (key: string) => seen.get(key)?.[0] ?? '';

      expect(one('image-id')).toBe(plan.imageId);
      expect(one('hostname')).toBe('boot-test-node');
      expect(one('cmdline')).toContain('root=PARTLABEL=root');
      // Files: present, contents byte-identical, modes as declared.
      const files = new Map(
        (seen.get('file') ?? []).map((line) => [line.split(' ')[0]!, line.split(' ').slice(1).join(' ')]),
      );
      for (const file of pool.spec.os.files) {
        const bytes =
          file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : Buffer.from(file.contents);
        expect(files.get(file.path), file.path).toBe(`${file.mode.toString(8)} root:root ${sha256(bytes)}`);
      }
      // Kernel settings: the pool's and the Kubernetes node defaults.
      expect(seen.get('sysctl')).toEqual([
        'vm/max_map_count 262144',
        'net/ipv4/ip_forward 1',
        'net/bridge/bridge-nf-call-iptables 1',
        'fs/inotify/max_user_instances 1024',
      ]);
      expect(seen.get('module')).toEqual([
        'br_netfilter loaded',
        'overlay loaded',
        'ip_vs loaded',
        'dummy loaded',
      ]);
      expect(one('containerd')).toBe('active');
      // Root growth: the filesystem was grown into the extra gigabyte.
      expect(Number(one('root-bytes'))).toBeGreaterThan(
        builtRootBytes(result.measurements) + 512 * 1024 ** 2,
      );
      // The manifest lists exactly the packages installed on the booted system.
      const manifest = bom.components
        .map((component) => `${component.name} ${component.version}\n`)
        .sort()
        .join('');
      expect(one('packages')).toBe(`${sha256(manifest)} ${bom.components.length}`);
      // No failed units, except the one expected failure: cloud-final, whose runcmd stops where
      // the Kubernetes components are missing (kubelet.service does not exist; kubeadm absent).
      expect(one('kubeadm')).toBe('absent');
      expect(one('kubelet')).toBe('absent');
      expect(one('failed')).toBe('cloud-final.service');
      expect(one('state')).toBe('degraded');
      expect(one('cloud-init-errors')).toMatch(
        /^\('scripts-user', RuntimeError\('Runparts: 1 failures \(runcmd\)/,
      );
      expect(one('cloud-init-errors')).not.toMatch(/write.files|users|growpart|resizefs|ssh|package/);
      expect(one('cloud-final-log')).toContain('Unit file kubelet.service does not exist');
      expect(console).toMatch(
        /cloud-init\[\d+\]: Failed to enable unit: Unit file kubelet\.service does not exist\./,
      );
      // The bootstrap token never reaches the console.
      expect(console).not.toContain(TOKEN);
    },
    25 * 60_000,
  );
});

/** The virtual size recorded in a qcow2 header (bytes 24-31, big-endian). */
function qcow2Virtual(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(32);
    readSync(fd, header, 0, 32, 0);
    expect(header.subarray(0, 4).toString('latin1')).toBe('QFI\xfb');
    return Number(header.readBigUInt64BE(24));
  } finally {
    closeSync(fd);
  }
}

function builtRootBytes(measurements: readonly { what: string; bytes: number }[] | undefined): number {
  const disk = measurements?.find((measurement) => measurement.what === 'disk (virtual size)');
  expect(disk).toBeDefined();
  return disk!.bytes;
}
