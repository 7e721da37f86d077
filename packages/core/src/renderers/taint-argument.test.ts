import { describe, expect, it } from 'vitest';
import { registerWithTaintsArgument, taintArgument } from './taint-argument.js';

describe('taintArgument', () => {
  it('writes key=value:Effect, or key:Effect without a value', () => {
    expect(taintArgument({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' })).toBe(
      'dedicated=gpu:NoSchedule',
    );
    expect(taintArgument({ key: 'example.com/spot', effect: 'PreferNoSchedule' })).toBe(
      'example.com/spot:PreferNoSchedule',
    );
    expect(taintArgument({ key: 'k', value: '', effect: 'NoExecute' })).toBe('k=:NoExecute');
  });

  it('joins taints with commas in input order', () => {
    expect(
      registerWithTaintsArgument([
        { key: 'b', value: '1', effect: 'NoSchedule' },
        { key: 'a', effect: 'NoExecute' },
      ]),
    ).toBe('b=1:NoSchedule,a:NoExecute');
    expect(registerWithTaintsArgument([])).toBe('');
  });
});
