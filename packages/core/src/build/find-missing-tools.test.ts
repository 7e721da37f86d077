import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExternalToolError } from '../errors/external-tool-error.js';
import { BUILD_TOOLS, buildTool } from './build-tools.js';
import { assertToolsInstalled, findMissingTools } from './find-missing-tools.js';

describe('findMissingTools / assertToolsInstalled', () => {
  const bin = mkdtempSync(join(tmpdir(), 'kubenode-tools-'));
  writeFileSync(join(bin, 'present-tool'), '#!/bin/sh\n');
  chmodSync(join(bin, 'present-tool'), 0o755);
  writeFileSync(join(bin, 'not-executable'), '');
  const present = { name: 'present-tool', purpose: 'be there' };
  const absent = { name: 'kubenode-absent-tool', debianPackage: 'absent-pkg', purpose: 'be absent' };
  const plain = { name: 'not-executable', debianPackage: 'plain-pkg', purpose: 'not run' };

  it('finds tools on the given path and by absolute path', () => {
    expect(findMissingTools([present, absent, plain], { path: bin })).toEqual([absent, plain]);
    expect(findMissingTools([{ name: join(bin, 'present-tool'), purpose: 'x' }], { path: '' })).toEqual([]);
  });

  it('names the first missing tool, its package, and every other one with one apt-get line', () => {
    expect(() => assertToolsInstalled([present], { path: bin })).not.toThrow();
    let error: unknown;
    try {
      assertToolsInstalled([present, absent, plain], { path: bin });
    } catch (caught) {
      error = caught;
    }
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect((error as ExternalToolError).debianPackage).toBe('absent-pkg');
    expect((error as Error).message).toBe(
      'kubenode-absent-tool is not installed (install it with: apt-get install absent-pkg): needed to be absent; also missing: not-executable (apt-get install absent-pkg plain-pkg)',
    );
  });

  it('knows the Debian package of each build tool', () => {
    expect(buildTool('mksquashfs').debianPackage).toBe('squashfs-tools');
    expect(buildTool('mcopy', 'copy the boot loader').purpose).toBe('copy the boot loader');
    expect(BUILD_TOOLS['qemu-img'].debianPackage).toBe('qemu-utils');
    expect(BUILD_TOOLS.sfdisk.debianPackage).toBe('fdisk');
  });
});
