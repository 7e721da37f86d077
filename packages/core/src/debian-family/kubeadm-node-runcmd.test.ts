import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'cloud-init-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { pool } from '../test-support/fixtures.js';
import type { KubernetesPackages } from './cloud-init-node-options.js';
import { BOOTSTRAP_SUCCESS_SENTINEL, renderKubeadmNodeRuncmd } from './kubeadm-node-runcmd.js';
import { resolveKubernetesAptRepository } from './kubernetes-apt-repository.js';
import { renderNodeKernelArgs } from './node-kernel-args.js';

/** The Python that runs cloud-init here (its shebang), for cloud-init's own `util.shellify`. */
function cloudInitPython(): string {
  if (!existsSync('/usr/bin/cloud-init')) {
    throw new Error("/usr/bin/cloud-init is missing: install the Debian package 'cloud-init'");
  }
  const shebang = readFileSync('/usr/bin/cloud-init', 'utf8').split('\n', 1)[0] ?? '';
  return shebang.replace(/^#!\s*/, '').split(/\s+/)[0] ?? '/usr/bin/python3';
}

/** The script cloud-init's runcmd module writes for these commands (cc_runcmd: `util.shellify`). */
function shellify(commands: readonly Command[]): string {
  const run = spawnSync(
    cloudInitPython(),
    [
      '-c',
      'import json, sys; from cloudinit import util; sys.stdout.write(util.shellify(json.load(sys.stdin)))',
    ],
    { input: JSON.stringify(commands), encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`cloud-init's shellify failed: ${run.stderr}`);
  return run.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'kubenode-runcmd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Stand-ins for the node's programs: each logs its name and arguments, fails when its name is in
 * `FAIL`, and prints what the tests set for kubelet, kubeadm and dpkg-query.
 */
const STUB = `#!/bin/sh
name=$(basename "$0")
printf "%s\\n" "$name\${*:+ $*}" >>"$LOG"
case " $FAIL " in *" $name "*) exit 1 ;; esac
case "$name" in
  kubelet) [ -z "$KUBELET" ] && exit 127; echo "$KUBELET" ;;
  kubeadm) if [ "$1" = version ]; then [ -z "$KUBEADM" ] && exit 127; echo "$KUBEADM"; fi ;;
  dpkg-query) printf "%b" "$DPKG" ;;
esac
exit 0
`;
const bin = join(work, 'bin');
spawnSync('mkdir', ['-p', bin]);
for (const name of [
  'modprobe',
  'sysctl',
  'systemctl',
  'update-grub',
  'curl',
  'apt-get',
  'apt-mark',
  'kubeadm',
  'kubelet',
  'dpkg-query',
]) {
  writeFileSync(join(bin, name), STUB);
  chmodSync(join(bin, name), 0o755);
}

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  /** The programs the script ran, in order (`name args`). */
  readonly calls: string[];
  /** Whether the success sentinel was written. */
  readonly joined: boolean;
}

const full = pool({
  os: {
    units: [
      { name: 'hello.service', enabled: true, contents: '[Service]\nExecStart=/bin/true\n' },
      { name: 'apt-daily.timer', mask: true },
    ],
    kernelArgs: ['quiet'],
  },
});

/** Renders the runcmd, writes it as cloud-init does, and runs it with the stubs (sentinel in the sandbox). */
function run(
  kubernetesPackages: KubernetesPackages,
  env: { FAIL?: string; KUBELET?: string; KUBEADM?: string; DPKG?: string } = {},
): Run {
  const commands = renderKubeadmNodeRuncmd(full, {
    repository: resolveKubernetesAptRepository(full.spec.kubernetes.version),
    kubernetesPackages,
    units: full.spec.os.units,
    kernelArgsCommand: renderNodeKernelArgs(full.spec.os.kernelArgs, 'grub', BOOTSTRAP_SUCCESS_SENTINEL)
      ?.command,
  });
  const directory = mkdtempSync(join(work, 'run-'));
  const sentinel = join(directory, 'bootstrap-success.complete');
  const script = join(directory, 'runcmd');
  // The only change to cloud-init's script: the sentinel lands in the sandbox, not in /run.
  writeFileSync(script, shellify(commands).replace(BOOTSTRAP_SUCCESS_SENTINEL, sentinel), { mode: 0o700 });
  const log = join(directory, 'log');
  writeFileSync(log, '');
  const result = spawnSync(script, [], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, LOG: log, FAIL: '', KUBELET: '', KUBEADM: '', DPKG: '', ...env },
  });
  return {
    status: result.status,
    stderr: result.stderr,
    calls: readFileSync(log, 'utf8').trimEnd().split('\n'),
    joined: existsSync(sentinel),
  };
}

const OS_CONFIGURATION = [
  'modprobe -a br_netfilter overlay',
  'sysctl --system',
  'systemctl daemon-reload',
  'systemctl restart containerd.service',
  'systemctl enable --now -- hello.service',
  'systemctl mask --now -- apt-daily.timer',
  'update-grub',
];
const INSTALL = [
  'curl -fsSL --retry 5 --create-dirs -o /etc/apt/keyrings/kubernetes-apt-keyring.asc https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key',
  'apt-get update -q',
  'apt-get install -y -q -o Dpkg::Options::=--force-confold kubelet=1.32.4-1.1 kubeadm=1.32.4-1.1 kubectl=1.32.4-1.1',
  'apt-mark hold kubelet kubeadm kubectl',
  'systemctl enable kubelet.service',
];
const JOIN = 'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml';

describe('renderKubeadmNodeRuncmd, run as cloud-init writes it (stub programs)', () => {
  it('configures the OS, installs Kubernetes, then joins and writes the sentinel', () => {
    const result = run('install');
    expect(result.calls).toEqual([...OS_CONFIGURATION, ...INSTALL, JOIN]);
    expect(result.status).toBe(0);
    expect(result.joined).toBe(true);
  });

  it('configures the OS even when the Kubernetes packages cannot be installed, and never joins', () => {
    for (const failing of ['curl', 'apt-get']) {
      const result = run('install', { FAIL: failing });
      expect(result.calls.slice(0, OS_CONFIGURATION.length)).toEqual(OS_CONFIGURATION);
      expect(result.calls.at(-1)!.startsWith(failing)).toBe(true);
      expect(result.calls).not.toContain(JOIN);
      expect(result.status).not.toBe(0);
      expect(result.joined).toBe(false);
    }
  });

  it('runs every OS configuration step when one fails, installs the packages, but does not join', () => {
    const result = run('install', { FAIL: 'sysctl' });
    expect(result.calls).toEqual([...OS_CONFIGURATION, ...INSTALL]);
    expect(result.stderr).toContain(
      'kubenode: OS configuration step failed with exit code 1: sysctl --system',
    );
    expect(result.stderr).toContain('kubenode: not joining the cluster: the OS configuration failed');
    expect(result.status).toBe(1);
    expect(result.joined).toBe(false);
  });

  it('joins with preinstalled kubelet and kubeadm of the pool version, holding those dpkg has', () => {
    const result = run('preinstalled', {
      KUBELET: 'Kubernetes v1.32.4',
      KUBEADM: 'v1.32.4',
      DPKG: 'ii  kubelet\\nii  kubeadm\\nun  kubectl\\n',
    });
    expect(result.calls).toEqual([
      ...OS_CONFIGURATION,
      'kubelet --version',
      'kubeadm version -o short',
      'dpkg-query -W -f=${db:Status-Abbrev} ${Package}\\n kubelet kubeadm kubectl',
      'apt-mark hold kubelet kubeadm',
      'systemctl enable kubelet.service',
      JOIN,
    ]);
    expect(result.calls.join('\n')).not.toMatch(/apt-get|curl/);
    expect(result.joined).toBe(true);
  });

  it('refuses preinstalled Kubernetes of another version, or none, naming what it found', () => {
    const other = run('preinstalled', { KUBELET: 'Kubernetes v1.31.0', KUBEADM: 'v1.32.4' });
    expect(other.stderr).toContain(
      'kubenode: the image must carry kubelet and kubeadm v1.32.4 (kubernetesPackages: preinstalled); it has kubelet Kubernetes v1.31.0, kubeadm v1.32.4',
    );
    expect(other.calls).not.toContain(JOIN);
    expect(other.status).toBe(1);
    const none = run('preinstalled');
    expect(none.stderr).toContain('it has kubelet none, kubeadm none');
    expect(none.calls.slice(0, OS_CONFIGURATION.length)).toEqual(OS_CONFIGURATION);
    expect(none.joined).toBe(false);
  });
});

describe('renderKubeadmNodeRuncmd: unit names systemctl could take for options', () => {
  it("ends systemctl's options before the unit names, so real systemctl acts on units named '-…'", () => {
    if (!existsSync('/usr/bin/systemctl')) {
      throw new Error("/usr/bin/systemctl is missing: install the Debian package 'systemd'");
    }
    const units = [
      {
        name: '-x.service',
        enabled: true,
        dropins: [],
        contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
      },
      { name: '--y.timer', mask: true, dropins: [] },
    ];
    const commands = renderKubeadmNodeRuncmd(pool({ os: { units } }), {
      repository: resolveKubernetesAptRepository('1.32.4'),
      kubernetesPackages: 'install',
      units: pool({ os: { units } }).spec.os.units,
      kernelArgsCommand: undefined,
    });
    const root = mkdtempSync(join(work, 'root-'));
    spawnSync('mkdir', ['-p', join(root, 'etc/systemd/system')]);
    writeFileSync(join(root, 'etc/systemd/system/-x.service'), units[0]!.contents!);
    let ran = 0;
    for (const command of commands) {
      if (!Array.isArray(command) || command[0] !== 'kubenode_os' || command[1] !== 'systemctl') continue;
      const [verb, ...rest] = command.slice(2);
      if (verb !== 'enable' && verb !== 'mask') continue;
      // The real systemctl, offline on a root directory: it links the units, then cannot reach
      // a manager for --now (no bus here), which is not what this test is about.
      const result = spawnSync('/usr/bin/systemctl', [`--root=${root}`, verb, ...rest], { encoding: 'utf8' });
      expect(result.stderr).not.toMatch(/invalid option|unrecognized option/);
      ran++;
    }
    expect(ran).toBe(2);
    expect(readlinkSync(join(root, 'etc/systemd/system/multi-user.target.wants/-x.service'))).toBe(
      '/etc/systemd/system/-x.service',
    );
    expect(readlinkSync(join(root, 'etc/systemd/system/--y.timer'))).toBe('/dev/null');
  });
});
