import { describe, expect, it } from 'vitest';
import { CandidateQueue } from './candidate-queue.js';

describe('CandidateQueue', () => {
  it('admits in rank order, parks the others and reconsiders a list only when it is opened', () => {
    const queue = new CandidateQueue<number>(
      (n) => n,
      (n) => String(n),
    );
    for (const n of [5, 3, 9, 1, 7]) queue.push(n);
    const blocked = new Set([1, 3]);
    let checks = 0;
    const admitted = queue.select(2, (n) => {
      checks++;
      return blocked.has(n) ? { admit: false, parkOn: 'pdb:x' } : { admit: true };
    });
    expect(admitted).toEqual([5, 7]);
    expect(checks).toBe(4);
    expect(queue.parkedUnder('pdb:x')).toBe(2);
    // Not opened: the waiting candidates are not examined again.
    checks = 0;
    expect(
      queue.select(
        5,
        (n) => (checks++, blocked.has(n) ? { admit: false, parkOn: 'pdb:x' } : { admit: true }),
      ),
    ).toEqual([9]);
    expect(checks).toBe(1);
    // Opened while still blocked: one look, and the list closes again.
    queue.open('pdb:x');
    checks = 0;
    expect(
      queue.select(
        5,
        (n) => (checks++, blocked.has(n) ? { admit: false, parkOn: 'pdb:x' } : { admit: true }),
      ),
    ).toEqual([]);
    expect(checks).toBe(1);
    blocked.clear();
    queue.open('pdb:x');
    expect(queue.select(5, () => ({ admit: true }))).toEqual([1, 3]);
    expect(queue.size).toBe(0);
  });

  it('removes a candidate wherever it waits', () => {
    const queue = new CandidateQueue<string>(
      (s) => s.charCodeAt(0),
      (s) => s,
    );
    queue.push('a');
    queue.push('b');
    queue.select(2, (s) =>
      s === 'a' ? { admit: false, parkOn: 'zone:x' } : { admit: false, parkOn: 'zone:y' },
    );
    queue.remove('a');
    queue.open('zone:x');
    queue.open('zone:y');
    expect(queue.select(5, () => ({ admit: true }))).toEqual(['b']);
  });
});
