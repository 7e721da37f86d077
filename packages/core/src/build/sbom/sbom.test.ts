import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debianPackagesBom, debianPackageUrl } from './cyclonedx-bom.js';
import { parseDpkgStatus } from './dpkg-status.js';

const STATUS = `Package: bash
Status: install ok installed
Priority: required
Installed-Size: 7164
Architecture: amd64
Version: 5.2.15-2+b2
Description: GNU Bourne Again SHell
 Bash is an sh-compatible command language interpreter.

Package: removed-thing
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0

Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc (2.36-9+deb12u14)
Version: 2.36-9+deb12u14
Installed-Size: 13001
Description: GNU C Library: Shared libraries

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2025b-0+deb12u1
Source: tzdata
`;

describe('parseDpkgStatus', () => {
  it('keeps installed packages only, with source and size', () => {
    expect(parseDpkgStatus(STATUS)).toEqual([
      {
        name: 'bash',
        version: '5.2.15-2+b2',
        architecture: 'amd64',
        source: 'bash',
        sourceVersion: '5.2.15-2+b2',
        installedSizeKiB: 7164,
        summary: 'GNU Bourne Again SHell',
      },
      {
        name: 'libc6',
        version: '2.36-9+deb12u14',
        architecture: 'amd64',
        source: 'glibc',
        sourceVersion: '2.36-9+deb12u14',
        installedSizeKiB: 13001,
        summary: 'GNU C Library: Shared libraries',
      },
      {
        name: 'tzdata',
        version: '2025b-0+deb12u1',
        architecture: 'all',
        source: 'tzdata',
        sourceVersion: '2025b-0+deb12u1',
        installedSizeKiB: undefined,
        summary: '',
      },
    ]);
  });

  it('lists exactly what dpkg-query lists on this machine', () => {
    const expected = spawnSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}|${Package}|${Version}\\n'], {
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .filter((line) => line.startsWith('ii'))
      .map((line) => line.split('|').slice(1).join(' '))
      .sort();
    const parsed = parseDpkgStatus(readFileSync('/var/lib/dpkg/status', 'utf8'))
      .map((pkg) => `${pkg.name} ${pkg.version}`)
      .sort();
    expect(parsed.length).toBeGreaterThan(50);
    expect(parsed).toEqual(expected);
  });
});

describe('debianPackagesBom', () => {
  const packages = parseDpkgStatus(STATUS);
  it('writes purls with encoded versions and epochs', () => {
    expect(debianPackageUrl(packages[0]!, { vendor: 'debian', distro: 'debian-12' })).toBe(
      'pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12',
    );
    expect(
      debianPackageUrl(
        { ...packages[0]!, name: 'login', version: '1:4.13+dfsg1-1' },
        { vendor: 'debian', distro: 'debian-12' },
      ),
    ).toBe('pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1?arch=amd64&distro=debian-12');
  });

  it('is a deterministic CycloneDX 1.5 document with one component per package', () => {
    const options = {
      packages,
      image: { name: 'kubenode-debian-bookworm-amd64', version: 'abc' },
      distro: { vendor: 'debian', distro: 'debian-12' },
      timestamp: 0,
      toolVersion: '0.1.0',
      properties: [{ name: 'kubenode:image-id', value: 'abc' }],
    };
    const bom = debianPackagesBom(options);
    expect(JSON.stringify(bom)).toBe(JSON.stringify(debianPackagesBom(options)));
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(bom.metadata.timestamp).toBe('1970-01-01T00:00:00Z');
    expect(bom.components.map((c) => c.name)).toEqual(['bash', 'libc6', 'tzdata']);
    expect(bom.components[1]?.properties).toContainEqual({ name: 'kubenode:deb:source', value: 'glibc' });
    expect(new Set(bom.components.map((c) => c['bom-ref'])).size).toBe(3);
  });
});
