import { afterAll, describe, expect, it } from 'vitest';
import { minimalPool } from '../corpus/injection-corpus.js';
import { checkValidCase } from '../oracle/check-case.js';
import { ALL_SUBJECTS } from '../subjects/all-subjects.js';
import type { UpstreamJudges } from '../subjects/fuzz-subject.js';
import { IgnitionValidator } from '../upstream/ignition-validate.js';
import { UpstreamOracle } from '../upstream/upstream-oracle.js';
import { KNOWN_BUGS } from './known-bugs.js';

/** One pool per known bug that hits it, on one of the subjects it affects. */
const WITNESSES: Readonly<Record<string, { subject: string; spec: Record<string, unknown> }>> = {};

const judges: UpstreamJudges = { oracle: new UpstreamOracle(), ignition: new IgnitionValidator(2) };
afterAll(() => {
  judges.oracle.close();
  judges.ignition.close();
});

describe('known bugs (open: each witness must still fail; when one passes, the bug is fixed: delete its entry)', () => {
  it('has a witness for every known bug, on a subject it affects', () => {
    for (const bug of KNOWN_BUGS) {
      const witness = WITNESSES[bug.id];
      expect(witness, bug.id).toBeDefined();
      expect(bug.subjects, bug.id).toContain(witness!.subject);
    }
    expect(Object.keys(WITNESSES).sort()).toEqual(KNOWN_BUGS.map((bug) => bug.id).sort());
  });

  it.each(KNOWN_BUGS.map((bug) => [bug.id, bug] as const))('%s still fails', async (id, bug) => {
    const witness = WITNESSES[id]!;
    const subject = ALL_SUBJECTS.find((candidate) => candidate.id === witness.subject)!;
    const report = await checkValidCase(subject, minimalPool(subject, 'known-bug', witness.spec), judges);
    expect(report.outcome, bug.summary).not.toBe('generator');
    expect(report.problems.length, `${id} seems fixed (${bug.location}): delete its entry`).toBeGreaterThan(
      0,
    );
    // The generators' steering really avoids it: the steered witness is clean.
    const steered = bug.avoid(minimalPool(subject, 'known-bug', witness.spec));
    const clean = await checkValidCase(subject, steered, judges);
    expect(clean.problems, `${id}: avoid() does not steer around it`).toEqual([]);
  });
});
