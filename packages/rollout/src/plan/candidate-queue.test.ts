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

  it('selects the same candidates in the same order with fixed ranks (ranks kept beside the items)', () => {
    // A seeded run of pushes, removals, selections and openings, replayed on both queues.
    let state = 7;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const ranks = new Map<string, number>();
    const make = (fixedRanks: boolean) =>
      new CandidateQueue<string>(
        (name) => ranks.get(name) ?? 0,
        (name) => name,
        { fixedRanks },
      );
    const plain = make(false);
    const fixed = make(true);
    const blocked = new Map<string, string>();
    const check = (name: string) => {
      const parkOn = blocked.get(name);
      return parkOn === undefined ? ({ admit: true } as const) : ({ admit: false, parkOn } as const);
    };
    const trace: string[][] = [];
    for (let step = 0; step < 2000; step++) {
      const action = next(10);
      if (action < 4) {
        const name = `n${next(300)}`;
        if (!ranks.has(name)) ranks.set(name, next(50));
        if (next(3) === 0) blocked.set(name, `pdb:${next(4)}`);
        plain.push(name);
        fixed.push(name);
      } else if (action < 5) {
        const name = `n${next(300)}`;
        plain.remove(name);
        fixed.remove(name);
      } else if (action < 7) {
        const key = `pdb:${next(4)}`;
        if (next(2) === 0) for (const [name, parkOn] of blocked) if (parkOn === key) blocked.delete(name);
        plain.open(key);
        fixed.open(key);
      } else {
        const limit = 1 + next(4);
        const a = plain.select(limit, check);
        expect(fixed.select(limit, check)).toEqual(a);
        trace.push(a);
      }
      expect(fixed.size).toBe(plain.size);
    }
    // The replay exercised admissions, not only parking.
    expect(trace.flat().length).toBeGreaterThan(100);
  });
});
