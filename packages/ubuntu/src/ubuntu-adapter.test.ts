import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidAdapterOptionsError, NODE_POOL_FEATURES } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createUbuntu } from './ubuntu-adapter.js';
import { UBUNTU_OS_VERSION_COMMAND } from './ubuntu-update-strategy.js';

describe('createUbuntu', () => {
  it('is a v1 adapter with every feature declared and an honest build kind', () => {
    const adapter = createUbuntu();
    expect(adapter.specificationVersion).toBe('v1');
    expect(adapter.id).toBe('ubuntu');
    expect(Object.keys(adapter.capabilities.features).sort()).toEqual([...NODE_POOL_FEATURES].sort());
    expect(
      Object.values(adapter.capabilities.features).every((support) => support.level !== 'unsupported'),
    ).toBe(true);
    expect(adapter.capabilities.build).toBe('recipe');
    expect(adapter.runtime.containerdVersion).toBe('1.7');
    expect(adapter.externalValidators).toEqual([
      expect.objectContaining({
        tool: 'cloud-init',
        debianPackage: 'cloud-init',
        artifact: 'user-data',
        args: ['schema', '--config-file', '{file}'],
      }),
    ]);
    expect(createUbuntu({ id: 'acme.ubuntu' }).id).toBe('acme.ubuntu');
  });

  it('refuses bad settings with InvalidAdapterOptionsError naming the setting', () => {
    let error: unknown;
    try {
      createUbuntu({ makeTarget: 'rm -rf /' });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidAdapterOptionsError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/makeTarget/);
    expect(() => createUbuntu({ unknown: true } as never)).toThrow(InvalidAdapterOptionsError);
  });

  it('reads the Ubuntu point release from os-release', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kubenode-os-release-'));
    try {
      const file = join(directory, 'os-release');
      writeFileSync(file, 'NAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\n');
      const run = spawnSync('/bin/sh', ['-c', UBUNTU_OS_VERSION_COMMAND.replace('/etc/os-release', file)], {
        encoding: 'utf8',
      });
      expect(run.stdout).toBe('24.04.1\n');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
