import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseK3osStatus } from './parse-k3os-status.js';

describe('parseK3osStatus', () => {
  const file = 'k3os/status.derived.json';

  it('reads the end-of-life record with the references it cites', () => {
    const status = parseK3osStatus(readVector(file), vectorContext('k3os/status', file));
    expect(status.lastRelease.value).toEqual({ tag: 'v0.22.2-k3s2r0', date: '2021-10-08' });
    expect(status.lastRelease.cites).toMatch(/rancher\/k3os\/issues\/854/);
    expect(status.deprecationNotice.value.date).toBe('2023-12-08');
    expect(status.deprecationNotice.cites).toMatch(/rancher\/k3os\/pull\/878/);
    expect(status.successor.value).toBe('Elemental (SUSE Rancher)');
    expect(status.lastKubernetesMinor.value).toBe('1.22');
    expect(status.maintainer).toBe('Rancher Labs (SUSE after the 2020 acquisition)');
    expect(status.design.init_system).toMatch(/^OpenRC/);
    expect(status.design.ssh).toMatch(/default user 'rancher'/);
  });

  it('refuses a record that does not say end-of-life', () => {
    const text = readVector(file).replace('"status": "end-of-life"', '"status": "supported"');
    expect(() => parseK3osStatus(text, vectorContext('k3os/status', file))).toThrow(/status: /);
  });
});
