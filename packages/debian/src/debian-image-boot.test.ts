/**
 * The Debian node image, built for real on this machine and booted under QEMU (TCG, OVMF/UEFI)
 * with a NoCloud seed holding the Debian adapter's user-data for a NodePool, unchanged. The
 * system reports what it applied on its serial console; the test checks it against the pool.
 *
 * Needs root and the packages in tools/ci/apt-packages.d/image-build.txt; fails (does not skip)
 * when they are missing. About 3 minutes on 2 idle cores (the build about a minute, the boot
 * under software emulation about two), up to 7 on a loaded machine.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APT_NODE_ANNOTATIONS,
  buildNoCloudSeed,
  nodeExec,
  readAptStepReport,
  runQemuBoot,
  runTool,
  validateNodePool,
  type CycloneDxBom,
  type NodePool,
  type NodePoolInput,
} from '@kubenode/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDebian } from './debian-adapter.js';
import { createDebianImageBuilder } from './debian-image-builder.js';

const CA = readFileSync(new URL('../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');
const TOKEN = 'kubent.0123456789abcdef';

const DOLLAR = '$';
/** A kernel argument baked into the image by the builder (spec.os.kernelArgs at build time). */
const BUILT_ARG = 'kubenode.boottest=built';
/** A kernel argument the pool gains after the image was built: added at first boot. */
const FIRST_BOOT_ARG = 'kubenode.boottest=firstboot';
/** A kernel newer than the image's, "installed" by the report script to see reboot-required turn true. */
const NEWER_KERNEL = '6.99.0-0-cloud-amd64';

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
journalctl -b -u cloud-final.service --no-pager -o cat | grep '^kubenode: ' | while read -r line; do r runcmd-message "$line"; done
r kubeadm "$(command -v kubeadm || echo absent)"
r kubelet "$(command -v kubelet || echo absent)"
r needrestart "$(command -v needrestart || echo absent)"
r image-id "$(cat /etc/kubenode/image-id)"
r root-bytes "$(df -B1 --output=size / | tail -n 1 | tr -d ' ')"
r cmdline "$(cat /proc/cmdline)"
r kernel-install-cmdline "$(cat /etc/kernel/cmdline)"
for entry in /boot/efi/loader/entries/*.conf; do r boot-entry-options "$(sed -n 's/^options[[:space:]]*//p' "$entry")"; done
r packages "$(dpkg-query -W -f '${DOLLAR}{db:Status-Abbrev}${DOLLAR}{Package} ${DOLLAR}{Version}\n' | grep '^ii' | cut -c4- | LC_ALL=C sort | sha256sum | cut -d' ' -f1) $(dpkg-query -W -f '${DOLLAR}{db:Status-Abbrev}\n' | grep -c '^ii')"
r hostname "$(hostname)"
/bin/sh /usr/local/sbin/kubenode-update-verify 2>&1 | while read -r line; do r update-verify "$line"; done
touch /boot/vmlinuz-${NEWER_KERNEL}
/bin/sh /usr/local/sbin/kubenode-update-verify 2>&1 | while read -r line; do r update-newer-kernel "$line"; done
rm -f /boot/vmlinuz-${NEWER_KERNEL}
echo KUBENODE-REPORT-END
systemctl poweroff --no-block
`;

/** The Debian update strategy's verify step (package state, point release, reboot required), as a script. */
function updateVerifyScript(pool: NodePool): string {
  const step = createDebian()
    .updates.planNode({
      pool,
      node: { name: 'boot-test-node', osImage: '', kernelVersion: '', bootID: '', annotations: {} },
      target: {},
    })
    .steps.find((candidate) => candidate.phase === 'verify')!;
  expect(step.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  return `${step.command[2]}\n`;
}

/**
 * The pool the image is built for: only what an image carries for every pool of a cluster: the
 * Kubernetes version, root growth, a kernel argument, and the options of a kubenode-built image
 * (kubelet/kubeadm/containerd in the image, systemd-boot).
 */
function imagePool(kernelArgs: readonly string[]): NodePoolInput {
  return {
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
      os: { kernelArgs: [...kernelArgs], rootDisk: { grow: true } },
      adapterOptions: { debian: { kubernetesPackages: 'preinstalled', bootLoader: 'systemd-boot' } },
    },
  };
}

/**
 * The pool the node boots with: the image's, plus what only its user-data brings: files of every
 * kind, a unit, sysctls, modules, a host name, the update strategy's verify step.
 */
function nodePool(kernelArgs: readonly string[]): NodePool {
  const base = imagePool(kernelArgs);
  const files: NonNullable<NodePoolInput['spec']['os']>['files'] = [
    { path: '/etc/motd', contents: 'kubenode boot test: héllo ✓\n', mode: 0o644 },
    { path: '/etc/kubenode-test/config.yaml', contents: 'key: "value"\nlist: [1, 2]\n', mode: 0o640 },
    {
      path: '/etc/kubenode-test/token',
      contents: Buffer.from('binary\0data\n').toString('base64'),
      encoding: 'base64',
      mode: 0o600,
    },
    { path: '/usr/local/sbin/kubenode-boot-report', contents: REPORT_SCRIPT, mode: 0o755 },
  ];
  const os = {
    ...base.spec.os,
    hostname: 'boot-test-node',
    files,
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
  };
  const pool = validateNodePool({ ...base, spec: { ...base.spec, os } });
  return validateNodePool({
    ...base,
    spec: {
      ...base.spec,
      os: {
        ...os,
        files: [
          ...files,
          { path: '/usr/local/sbin/kubenode-update-verify', contents: updateVerifyScript(pool), mode: 0o755 },
        ],
      },
    },
  });
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
      const started = Date.now();
      // The image is built once, for what every node of the pool shares, with one kernel argument.
      // The node boots with the pool's user-data, which brings everything the test checks below,
      // and a kernel argument the pool gained after the image was built.
      const builtPool = validateNodePool(imagePool([BUILT_ARG]));
      const pool = nodePool([BUILT_ARG, FIRST_BOOT_ARG]);
      // The raw disk only: the test boots it directly (the qcow2 conversion is covered by core's
      // disk tests and measured by the debian-image benchmark).
      const builder = createDebianImageBuilder({ outputs: ['raw'], aptCacheDir, scratchDir });
      const plan = builder.plan(builtPool);
      expect(builder.plan(builtPool).imageId).toBe(plan.imageId);
      expect(builder.plan(pool).imageId).not.toBe(plan.imageId);
      const out = join(work, 'out');
      const steps: string[] = [];
      const result = await builder.build(plan, {
        workdir: out,
        onProgress: (event) => {
          if (event.state === 'finished') steps.push(event.step);
        },
      });
      const built = Date.now();
      expect(steps).toEqual(plan.steps.map((step) => step.id));
      expect(steps.some((step) => step.startsWith('convert-'))).toBe(false);
      const raw = result.artifacts.find((artifact) => artifact.name.endsWith('.raw'))!;
      expect(raw.measure).toBe('disk');
      expect(raw.sha256).toBe(sha256(readFileSync(raw.path)));
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
        'unattended-upgrades',
      ]) {
        expect(names).toContain(name);
      }
      for (const absent of ['kubelet', 'kubeadm', 'usrmerge', 'perl', 'needrestart']) {
        expect(names).not.toContain(absent);
      }

      // The seed: the adapter's user-data, unchanged. With kubernetesPackages: preinstalled it
      // installs nothing (the VM has no network), so nothing needs removing.
      const rendered = createDebian().provision(pool);
      expect(rendered.artifacts.map((artifact) => artifact.name)).toEqual(['user-data']);
      const userData = rendered.artifacts[0]!.contents;
      const config = parse(userData) as Record<string, unknown>;
      expect(userData.startsWith('#cloud-config\n')).toBe(true);
      expect(config).not.toHaveProperty('packages');
      expect(config).not.toHaveProperty('package_update');
      expect(JSON.stringify(config.runcmd)).not.toMatch(/apt-get|curl|pkgs\.k8s\.io/);
      const seed = join(work, 'seed.img');
      await buildNoCloudSeed({
        userData,
        metaData: 'instance-id: boot-test-1\nlocal-hostname: boot-test-node\n',
        output: seed,
        exec: nodeExec,
      });
      // A copy-on-write disk 1 GiB larger than the image, so first-boot root growth has room.
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
          'raw',
          '-b',
          raw.path,
          disk,
          String(raw.sizeBytes + 1024 ** 3),
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
      process.stdout.write(
        `debian boot test: build ${((built - started) / 1000).toFixed(0)} s, seed and boot ${((Date.now() - built) / 1000).toFixed(0)} s\n`,
      );
      expect(boot.timedOut, console.slice(-4000)).toBe(false);
      expect(console, console.slice(-4000)).toContain('KUBENODE-REPORT-END');
      expect(boot.exitCode).toBe(0);
      const seen = report(console);
      const one = (key: string) => seen.get(key)?.[0] ?? '';

      expect(one('image-id')).toBe(plan.imageId);
      expect(one('hostname')).toBe('boot-test-node');
      // Files: present, contents byte-identical, modes as declared.
      const files = new Map(
        (seen.get('file') ?? []).map((line) => [line.split(' ')[0]!, line.split(' ').slice(1).join(' ')]),
      );
      for (const file of pool.spec.os.files.filter(
        (entry) => entry.path !== '/usr/local/sbin/kubenode-update-verify',
      )) {
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
      // Kernel arguments: the built one is on the running kernel's command line; the one the pool
      // gained is added at first boot (once each) to /etc/kernel/cmdline and the boot entry, which
      // the next boot reads. No reboot here: the join did not succeed.
      const cmdline = one('cmdline').split(' ');
      expect(cmdline).toEqual(expect.arrayContaining(['root=PARTLABEL=root', BUILT_ARG]));
      expect(cmdline).not.toContain(FIRST_BOOT_ARG);
      const next = `root=PARTLABEL=root rw console=tty0 console=ttyS0,115200 ${BUILT_ARG} ${FIRST_BOOT_ARG}`;
      expect(one('kernel-install-cmdline')).toBe(next);
      expect(seen.get('boot-entry-options')).toEqual([next]);
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
      // The update strategy's verify step on the node: the package state (the manifest's
      // packages), the point release, no reboot pending; with a newer kernel in /boot, a reboot
      // is required. No needrestart (and so no perl) on the node.
      expect(one('needrestart')).toBe('absent');
      const verified = readAptStepReport((seen.get('update-verify') ?? []).join('\n'));
      const state = bom.components
        .map((component) => `${component.name}=${component.version}\n`)
        .sort()
        .join('');
      expect(verified).toEqual({
        [APT_NODE_ANNOTATIONS.packageState]: `sha256:${sha256(state)}`,
        [APT_NODE_ANNOTATIONS.osVersion]: expect.stringMatching(/^12\.\d+$/),
        [APT_NODE_ANNOTATIONS.rebootRequired]: 'false',
      });
      expect(readAptStepReport((seen.get('update-newer-kernel') ?? []).join('\n'))).toMatchObject({
        [APT_NODE_ANNOTATIONS.rebootRequired]: 'true',
      });
      // The one expected failure: kubelet and kubeadm are not in this image (pkgs.k8s.io was not
      // reachable at build time), so the preinstalled check stops runcmd before the join; every
      // OS configuration step before it succeeded.
      expect(one('kubeadm')).toBe('absent');
      expect(one('kubelet')).toBe('absent');
      expect(seen.get('runcmd-message')).toEqual([
        'kubenode: the image must carry kubelet and kubeadm v1.32.4 (kubernetesPackages: preinstalled); it has kubelet none, kubeadm none',
      ]);
      expect(one('failed')).toBe('cloud-final.service');
      expect(one('state')).toBe('degraded');
      expect(one('cloud-init-errors')).toMatch(
        /^\('scripts-user', RuntimeError\('Runparts: 1 failures \(runcmd\)/,
      );
      expect(one('cloud-init-errors')).not.toMatch(/write.files|users|growpart|resizefs|ssh|package/);
      // The bootstrap token never reaches the console.
      expect(console).not.toContain(TOKEN);
    },
    25 * 60_000,
  );
});

function builtRootBytes(measurements: readonly { what: string; bytes: number }[] | undefined): number {
  const disk = measurements?.find((measurement) => measurement.what === 'disk (virtual size)');
  expect(disk).toBeDefined();
  return disk!.bytes;
}
