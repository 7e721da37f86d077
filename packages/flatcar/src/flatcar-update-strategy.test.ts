import {
  ExternalToolError,
  validateNodePool,
  type NodeObservationV1,
  type NodePoolInput,
} from '@kubenode/core';
import { canonicalPool, TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';
import { renderUpdateConf } from './flatcar-update-strategy.js';
import { compareFlatcarVersions, flatcarVersionOf, parseUpdateEngineStatus } from './update-engine-status.js';

const { updates } = createFlatcar();

function pool(spec: Partial<NodePoolInput['spec']> = {}) {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'u' },
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
  });
}

const status = (op: string, version = '0.0.0') =>
  `LAST_CHECKED_TIME=1732450000\nPROGRESS=0.000000\nCURRENT_OP=${op}\nNEW_VERSION=${version}\nNEW_SIZE=0\n`;

const node = (osImage: string, bootID: string): NodeObservationV1 => ({
  name: 'n1',
  osImage,
  kernelVersion: '6.6.60-flatcar',
  bootID,
  annotations: {},
});

describe('Flatcar update configuration', () => {
  it('writes update.conf: GROUP from the channel, the server, REBOOT_STRATEGY=off', () => {
    expect(renderUpdateConf(pool({ updates: { channel: 'beta' } }), 'flatcar')).toContain(
      'GROUP=beta\nSERVER=https://public.update.flatcar-linux.net/v1/update/\nREBOOT_STRATEGY=off\n',
    );
    expect(renderUpdateConf(pool({ image: { channel: 'lts' } }), 'flatcar')).toContain('GROUP=lts\n');
    expect(renderUpdateConf(canonicalPool('minimal', 'flatcar'), 'flatcar')).toContain('GROUP=stable\n');
    const nebraska = pool({
      adapterOptions: {
        flatcar: {
          updateServer: 'https://nebraska.example/v1/update/',
          updateGroup: '5b810680-e36a-4879-b98a-4f989e80b899',
        },
      },
    });
    expect(renderUpdateConf(nebraska, 'flatcar')).toContain(
      'GROUP=5b810680-e36a-4879-b98a-4f989e80b899\nSERVER=https://nebraska.example/v1/update/\n',
    );
    expect(renderUpdateConf(pool({ updates: { strategy: 'replace' } }), 'flatcar')).toContain(
      'SERVER=disabled\n',
    );
    const config = updates.nodeConfiguration(pool());
    expect(config.files.map((f) => [f.path, f.mode])).toEqual([['/etc/flatcar/update.conf', 0o644]]);
    expect(config.units).toEqual([{ name: 'locksmithd.service', mask: true, dropins: [] }]);
  });

  it('declares A/B updates verified by osImage and bootID', () => {
    expect(updates.kind).toBe('ab-partition');
    expect(updates.capabilities).toEqual({
      inPlace: true,
      abPartitions: true,
      stageWhileServing: true,
      rollback: true,
      requiresReboot: true,
      livepatch: false,
    });
    expect(updates.verificationKeys).toEqual(['osImage', 'bootID']);
  });
});

describe('Flatcar update steps', () => {
  it('plans detect, stage, apply, reboot, verify and rollback, staging while serving', () => {
    const plan = updates.planNode({
      pool: pool(),
      node: node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'a'),
      target: {},
    });
    expect(plan.node).toBe('n1');
    expect(plan.steps.map((s) => [s.phase, s.whileServing])).toEqual([
      ['detect', true],
      ['stage', true],
      ['apply', false],
      ['reboot', false],
      ['verify', false],
      ['rollback', false],
    ]);
    expect(plan.steps[1]!.command).toEqual(['/usr/bin/update_engine_client', '-update']);
    expect(plan.steps[3]!.command).toEqual([]);
    expect(plan.steps[5]!.command.join(' ')).toContain('cgpt prioritize');
    const pinned = updates.planNode({ pool: pool(), node: node('x', 'a'), target: { version: '4459.2.3' } });
    expect(pinned.steps[1]!.command).toEqual(['/usr/bin/flatcar-update', '--to-version', '4459.2.3']);
  });

  it('reads update_engine_client -status', () => {
    expect(
      updates.interpretDetect({ exitCode: 0, stdout: status('UPDATE_STATUS_IDLE'), stderr: '' }),
    ).toEqual({ available: false, version: undefined, rebootRequired: false });
    expect(
      updates.interpretDetect({
        exitCode: 0,
        stdout: status('UPDATE_STATUS_DOWNLOADING', '4459.2.3'),
        stderr: '',
      }),
    ).toEqual({
      available: true,
      version: '4459.2.3',
      rebootRequired: false,
    });
    expect(
      updates.interpretDetect({
        exitCode: 0,
        stdout: status('UPDATE_STATUS_UPDATED_NEED_REBOOT', '4459.2.3'),
        stderr: '',
      }),
    ).toEqual({
      available: true,
      version: '4459.2.3',
      rebootRequired: true,
    });
    expect(parseUpdateEngineStatus(status('UPDATE_STATUS_CHECKING_FOR_UPDATE'))?.lastCheckedTime).toBe(
      1732450000,
    );
    for (const output of [
      { exitCode: 1, stdout: '', stderr: 'Failed to connect to update_engine' },
      { exitCode: 0, stdout: 'garbage', stderr: '' },
    ]) {
      let error: unknown;
      try {
        updates.interpretDetect(output);
      } catch (caught) {
        error = caught;
      }
      expect(ExternalToolError.isInstance(error)).toBe(true);
    }
  });

  it('verifies by the version in osImage and a new boot id', () => {
    const before = node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'boot-a');
    const after = node('Flatcar Container Linux by Kinvolk 4459.2.3 (Oklo)', 'boot-b');
    expect(updates.verify({ before, after, target: {} })).toEqual({ ok: true, reasons: [] });
    expect(updates.verify({ before, after, target: { version: '4459.2.3' } }).ok).toBe(true);
    expect(updates.verify({ before, after, target: { version: '4593.1.0' } }).reasons).toEqual([
      'osImage reports Flatcar 4459.2.3, expected 4593.1.0',
    ]);
    expect(updates.verify({ before, after: { ...after, bootID: 'boot-a' }, target: {} }).reasons[0]).toMatch(
      /bootID unchanged/,
    );
    expect(updates.verify({ before, after: { ...before, bootID: 'boot-b' }, target: {} }).reasons[0]).toMatch(
      /did not take effect/,
    );
    expect(
      updates.verify({ before, after: node('Debian GNU/Linux 12 (bookworm)', 'boot-b'), target: {} }).ok,
    ).toBe(false);
    expect(flatcarVersionOf('Flatcar Container Linux by Kinvolk 3975.2.1 (Oklo)')).toBe('3975.2.1');
    expect(compareFlatcarVersions('4459.10.0', '4459.9.9')).toBeGreaterThan(0);
  });
});
