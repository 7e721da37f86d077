import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { InvalidAdapterOptionsError, NODE_POOL_FEATURES } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createDebian } from './debian-adapter.js';
import { DEBIAN_OS_VERSION_COMMAND } from './debian-update-strategy.js';

describe('createDebian', () => {
  it('is a v1 adapter with every feature declared, the mmdebstrap builder and cloud-init as judge', () => {
    const adapter = createDebian();
    expect(adapter.specificationVersion).toBe('v1');
    expect(adapter.id).toBe('debian');
    expect(Object.keys(adapter.capabilities.features).sort()).toEqual([...NODE_POOL_FEATURES].sort());
    expect(
      Object.values(adapter.capabilities.features).every((support) => support.level !== 'unsupported'),
    ).toBe(true);
    expect(adapter.capabilities.build).toBe('real');
    expect(adapter.updates.kind).toBe('package-manager');
    expect(adapter.updates.verificationKeys).toEqual(['bootID', 'kernelVersion', 'annotation']);
    expect(adapter.externalValidators).toEqual([
      expect.objectContaining({
        tool: 'cloud-init',
        debianPackage: 'cloud-init',
        artifact: 'user-data',
        args: ['schema', '--config-file', '{file}'],
      }),
    ]);
    expect(typeof adapter.builder.plan).toBe('function');
  });

  it('refuses bad settings with InvalidAdapterOptionsError naming the setting', () => {
    for (const [settings, path] of [
      [{ id: 'Debian!' }, 'id'],
      [{ imageBuilder: { outputs: ['iso'] } }, 'imageBuilder.outputs'],
    ] as const) {
      let error: unknown;
      try {
        createDebian(settings as never);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidAdapterOptionsError.isInstance(error), path).toBe(true);
      expect(String(error)).toContain(path);
    }
  });

  it('reads the Debian point release', () => {
    const run = spawnSync('/bin/sh', ['-c', DEBIAN_OS_VERSION_COMMAND], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe(readFileSync('/etc/debian_version', 'utf8').trim());
  });
});
