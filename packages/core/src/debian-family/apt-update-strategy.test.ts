import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodeObservationV1 } from '../adapter/v1/update-strategy-v1.js';
import { ExternalToolError } from '../errors/external-tool-error.js';
import { pool } from '../test-support/fixtures.js';
import { APT_NODE_ANNOTATIONS, readAptStepReport } from './apt-node-annotations.js';
import { createAptUpdateStrategy } from './apt-update-strategy.js';

const strategy = createAptUpdateStrategy({ livepatch: false, osVersionCommand: 'cat /etc/debian_version' });
const node: NodeObservationV1 = {
  name: 'worker-1',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0-25-amd64',
  bootID: 'b0000000-0000-4000-8000-000000000001',
  annotations: {
    [APT_NODE_ANNOTATIONS.packageState]: 'sha256:aaaa',
    [APT_NODE_ANNOTATIONS.osVersion]: '12.7',
  },
};
/** Real output of the detect step on Debian 12 (first lines), plus needrestart's batch format. */
const DETECT = readFileSync(new URL('../__fixtures__/apt/detect-bookworm.txt', import.meta.url), 'utf8');

describe('createAptUpdateStrategy', () => {
  it('configures unattended-upgrades without reboots and with the Kubernetes packages left alone', () => {
    const { files, units } = strategy.nodeConfiguration(pool());
    expect(units).toEqual([]);
    expect(Object.fromEntries(files.map((file) => [file.path, file.contents]))).toEqual({
      '/etc/apt/apt.conf.d/20auto-upgrades':
        '// Written by kubenode: refresh package lists and install security updates daily;\n// reboots are done by the rollout (see 52kubenode-unattended-upgrades).\nAPT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n',
      '/etc/apt/apt.conf.d/52kubenode-unattended-upgrades':
        '// Written by kubenode: the rollout drains and reboots nodes; unattended-upgrades never does.\nUnattended-Upgrade::Automatic-Reboot "false";\nUnattended-Upgrade::Automatic-Reboot-WithUsers "false";\n// Kubernetes packages change only with the pool (spec.kubernetes.version).\nUnattended-Upgrade::Package-Blacklist { "^kubelet$"; "^kubeadm$"; "^kubectl$"; };\n',
      '/etc/needrestart/conf.d/90-kubenode.conf':
        "# Written by kubenode: list services that need a restart after library updates, restart none;\n# the rollout restarts the node.\n$nrconf{restart} = 'l';\n",
    });
    const replaced = strategy.nodeConfiguration(
      pool({ updates: { strategy: 'replace', maxUnavailable: 1 } }),
    );
    expect(replaced.files[0]!.contents).toContain('APT::Periodic::Unattended-Upgrade "0";');
  });

  it('plans detect and stage while serving, apply after the drain, reboot, verify', () => {
    const plan = strategy.planNode({ pool: pool(), node, target: {} });
    expect(plan.node).toBe('worker-1');
    expect(plan.steps.map((step) => [step.phase, step.whileServing])).toEqual([
      ['detect', true],
      ['stage', true],
      ['apply', false],
      ['reboot', false],
      ['verify', false],
    ]);
    const [detect, stage, apply, reboot] = plan.steps;
    expect(detect!.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(detect!.command[2]).toContain('apt-get -s -o Debug::NoLocking=1 upgrade --with-new-pkgs');
    expect(stage!.command[2]).toContain('apt-get -d -y -q upgrade --with-new-pkgs');
    expect(apply!.command[2]).toContain('apt-get --no-download -y -q -o Dpkg::Options::=--force-confold');
    expect(reboot!.command).toEqual([]);
    for (const step of plan.steps) {
      if (step.command.length === 0) continue;
      const syntax = spawnSync('/bin/sh', ['-n', '-c', step.command[2]!]);
      expect(syntax.status, `${step.phase}: ${String(syntax.stderr)}`).toBe(0);
    }
    expect(strategy.capabilities).toEqual({
      inPlace: true,
      abPartitions: false,
      stageWhileServing: true,
      rollback: false,
      requiresReboot: true,
      livepatch: false,
    });
    expect(
      createAptUpdateStrategy({ livepatch: true, osVersionCommand: 'true' }).capabilities.livepatch,
    ).toBe(true);
  });

  it('runs the verify step on this Debian machine and reads its report', () => {
    const verify = strategy.planNode({ pool: pool(), node, target: {} }).steps.at(-1)!;
    const run = spawnSync(verify.command[0]!, verify.command.slice(1), { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = readAptStepReport(run.stdout);
    expect(report[APT_NODE_ANNOTATIONS.packageState]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report[APT_NODE_ANNOTATIONS.osVersion]).toBe(readFileSync('/etc/debian_version', 'utf8').trim());
    expect(report[APT_NODE_ANNOTATIONS.rebootRequired]).toMatch(/^(true|false)$/);
  });

  it('requires a reboot when the running kernel is not the newest installed one, without needrestart', () => {
    const verify = strategy.planNode({ pool: pool(), node, target: {} }).steps.at(-1)!;
    const bin = mkdtempSync(join(tmpdir(), 'kubenode-apt-kernel-'));
    try {
      // linux-version (linux-base) lists the installed kernels; uname -r is the running one.
      writeFileSync(
        join(bin, 'linux-version'),
        '#!/bin/sh\ncase "$1" in list) printf "6.1.0-26-cloud-amd64\\n6.1.0-25-cloud-amd64\\n" ;; sort) sort -V ;; esac\n',
      );
      chmodSync(join(bin, 'linux-version'), 0o755);
      const sentinel = existsSync('/var/run/reboot-required');
      const rebootRequired = (running: string) => {
        writeFileSync(join(bin, 'uname'), `#!/bin/sh\necho ${running}\n`);
        chmodSync(join(bin, 'uname'), 0o755);
        const run = spawnSync(verify.command[0]!, verify.command.slice(1), {
          encoding: 'utf8',
          env: { PATH: `${bin}:/usr/bin:/bin` },
        });
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).not.toMatch(/NEEDRESTART/);
        return readAptStepReport(run.stdout)[APT_NODE_ANNOTATIONS.rebootRequired];
      };
      expect(rebootRequired('6.1.0-25-cloud-amd64')).toBe('true');
      expect(rebootRequired('6.1.0-26-cloud-amd64')).toBe(sentinel ? 'true' : 'false');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('reads detect output: upgrades, the reboot-required sentinel and needrestart', () => {
    expect(strategy.interpretDetect({ exitCode: 0, stdout: DETECT, stderr: '' })).toEqual({
      available: true,
      rebootRequired: false,
    });
    const needrestart =
      'KUBENODE-REBOOT-REQUIRED: false\nNEEDRESTART-VER: 3.6\nNEEDRESTART-KCUR: 6.1.0-25-amd64\nNEEDRESTART-KEXP: 6.1.0-26-amd64\nNEEDRESTART-KSTA: 3\n';
    expect(strategy.interpretDetect({ exitCode: 0, stdout: needrestart, stderr: '' })).toEqual({
      available: true,
      rebootRequired: true,
    });
    expect(
      strategy.interpretDetect({ exitCode: 0, stdout: 'KUBENODE-REBOOT-REQUIRED: true\n', stderr: '' }),
    ).toEqual({ available: true, rebootRequired: true });
    expect(
      strategy.interpretDetect({
        exitCode: 0,
        stdout: 'KUBENODE-REBOOT-REQUIRED: false\nNEEDRESTART-KSTA: 1\n',
        stderr: '',
      }),
    ).toEqual({ available: false, rebootRequired: false });
    expect(() =>
      strategy.interpretDetect({ exitCode: 100, stdout: '', stderr: 'E: Could not get lock' }),
    ).toThrow(ExternalToolError);
  });

  it('verifies by bootID, the recorded kernel, package state and the OS point release', () => {
    const after: NodeObservationV1 = {
      ...node,
      kernelVersion: '6.1.0-26-amd64',
      bootID: 'b0000000-0000-4000-8000-000000000002',
      annotations: {
        [APT_NODE_ANNOTATIONS.packageState]: 'sha256:bbbb',
        [APT_NODE_ANNOTATIONS.osVersion]: '12.8',
        [APT_NODE_ANNOTATIONS.expectedKernel]: '6.1.0-26-amd64',
        [APT_NODE_ANNOTATIONS.rebootRequired]: 'false',
      },
    };
    expect(strategy.verify({ before: node, after, target: { version: '12.8' } })).toEqual({
      ok: true,
      reasons: [],
    });
    expect(strategy.verify({ before: node, after, target: {} }).ok).toBe(true);
    expect(strategy.verify({ before: node, after: node, target: {} })).toEqual({
      ok: false,
      reasons: [
        'bootID b0000000-0000-4000-8000-000000000001 did not change: the node did not reboot',
        "no kubenode.dev/expected-kernel annotation: the apply step's report was not recorded",
        'the installed packages did not change',
      ],
    });
    expect(
      strategy.verify({ before: node, after: { ...after, kernelVersion: '6.1.0-25-amd64' }, target: {} })
        .reasons,
    ).toEqual(['the node runs kernel 6.1.0-25-amd64, the update installed 6.1.0-26-amd64']);
    expect(strategy.verify({ before: node, after, target: { version: '12.9' } }).reasons).toEqual([
      'OS version is 12.8, expected 12.9',
    ]);
    expect(
      strategy.verify({
        before: node,
        after: {
          ...after,
          annotations: { ...after.annotations, [APT_NODE_ANNOTATIONS.rebootRequired]: 'true' },
        },
        target: {},
      }).reasons,
    ).toEqual(['the node still reports that a reboot is required']);
  });

  it('reads step reports line by line, last value wins, unknown keys ignored', () => {
    expect(
      readAptStepReport('x\nKUBENODE-OS-VERSION: 12.7\nKUBENODE-OS-VERSION: 12.8 \nKUBENODE-OTHER: 1\n'),
    ).toEqual({
      [APT_NODE_ANNOTATIONS.osVersion]: '12.8',
    });
  });
});
