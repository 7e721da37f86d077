import { ExternalToolError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { talosPool } from './__fixtures__/talos-pool.js';
import { TEST_TALOS_OPTIONS } from './__fixtures__/talos-test-options.js';
import { createTalos, schematicId, poolSchematic, talosOsImage } from './index.js';

const node = (osImage: string, bootID: string) => ({
  name: 'worker-7',
  osImage,
  kernelVersion: '6.18.24-talos',
  bootID,
  annotations: {},
});

describe('Talos updates through the Talos API', () => {
  it('plans detect, talosctl upgrade to the installer image of the pool schematic, verify and rollback', () => {
    const pool = talosPool({
      os: { kernelArgs: ['quiet'] },
      adapterOptions: {
        talos: {
          ...TEST_TALOS_OPTIONS,
          platform: 'openstack',
          systemExtensions: ['siderolabs/qemu-guest-agent'],
        },
      },
    });
    const id = schematicId(
      poolSchematic(pool, { systemExtensions: ['siderolabs/qemu-guest-agent'], secureBoot: false }),
    );
    const plan = createTalos().updates.planNode({
      pool,
      node: node('Talos (v1.13.8)', 'a'),
      target: { version: '1.13.9' },
    });
    expect(plan.steps.map((step) => [step.phase, step.command])).toEqual([
      ['detect', ['talosctl', '--nodes', 'worker-7', 'version']],
      [
        'apply',
        [
          'talosctl',
          '--nodes',
          'worker-7',
          'upgrade',
          '--image',
          `factory.talos.dev/openstack-installer/${id}:v1.13.9`,
          '--wait',
          '--timeout',
          '30m',
        ],
      ],
      ['verify', []],
      ['rollback', ['talosctl', '--nodes', 'worker-7', 'rollback']],
    ]);
    expect(createTalos().updates.nodeConfiguration(pool)).toEqual({ files: [], units: [] });
  });

  it('reads the running release from talosctl version and fails typed when the API does not answer', () => {
    const { updates } = createTalos();
    const stdout =
      'Client:\n\tTag:         v1.13.9\nServer:\n\tNODE:        10.0.0.7\n\tTag:         v1.13.8\n\tSHA:         abc\n';
    expect(updates.interpretDetect({ exitCode: 0, stdout, stderr: '' })).toEqual({
      available: true,
      rebootRequired: false,
    });
    const failure = (() => {
      try {
        updates.interpretDetect({ exitCode: 1, stdout: '', stderr: 'rpc error: code = Unavailable' });
      } catch (error) {
        return error;
      }
    })();
    expect(ExternalToolError.isInstance(failure)).toBe(true);
    expect(() =>
      updates.interpretDetect({ exitCode: 0, stdout: 'Client:\n\tTag: v1.13.9\n', stderr: '' }),
    ).toThrow(/no Server Tag line/);
  });

  it('verifies the new boot and the osImage the kubelet reports', () => {
    const { updates } = createTalos();
    expect(talosOsImage('1.13.9')).toBe('Talos (v1.13.9)');
    expect(
      updates.verify({
        before: node('Talos (v1.13.8)', 'a'),
        after: node('Talos (v1.13.9)', 'b'),
        target: { version: '1.13.9' },
      }),
    ).toEqual({ ok: true, reasons: [] });
    expect(
      updates.verify({
        before: node('Talos (v1.13.8)', 'a'),
        after: node('Talos (v1.13.8)', 'b'),
        target: { version: 'v1.13.9' },
      }),
    ).toEqual({
      ok: false,
      reasons: ['osImage is "Talos (v1.13.8)", expected "Talos (v1.13.9)"'],
    });
    expect(
      updates.verify({
        before: node('Talos (v1.13.8)', 'a'),
        after: node('Talos (v1.13.8)', 'a'),
        target: {},
      }).reasons,
    ).toEqual(['the node did not reboot (bootID unchanged)']);
  });
});
