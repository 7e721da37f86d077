import { describe, expect, it } from 'vitest';
import { kubernetesMinor } from './kubernetes-minor.js';

describe('kubernetesMinor', () => {
  it('keeps the first two dot-separated parts', () => {
    expect(kubernetesMinor('1.32.4')).toBe('1.32');
    expect(kubernetesMinor('1.32')).toBe('1.32');
    expect(kubernetesMinor('1.32.4.5')).toBe('1.32');
    expect(kubernetesMinor('1')).toBe('1');
  });
});
