import { SpecValidationError, validateNodePool } from '@kubenode/core';
import { afterAll, describe, expect, it } from 'vitest';
import { avoidKnownBugs } from '../known-bugs/known-bugs.js';
import { checkValidCase } from '../oracle/check-case.js';
import { visible } from '../oracle/compare.js';
import { ALL_SUBJECTS } from '../subjects/all-subjects.js';
import type { UpstreamJudges } from '../subjects/fuzz-subject.js';
import { IgnitionValidator } from '../upstream/ignition-validate.js';
import { UpstreamOracle } from '../upstream/upstream-oracle.js';
import { corpusPool, INJECTION_CORPUS } from './injection-corpus.js';

const judges: UpstreamJudges = { oracle: new UpstreamOracle(), ignition: new IgnitionValidator(2) };
afterAll(() => {
  judges.oracle.close();
  judges.ignition.close();
});

/** How each render-expected case ended per subject (every case must render somewhere). */
const rendered = new Map<string, string[]>();

describe.each(ALL_SUBJECTS.map((subject) => [subject.id, subject] as const))(
  'injection corpus: %s',
  (_id, subject) => {
    it.each(INJECTION_CORPUS.map((corpusCase) => [corpusCase.id, corpusCase] as const))(
      '%s',
      async (_caseId, corpusCase) => {
        const input = corpusPool(subject, corpusCase);
        if (corpusCase.expect.kind === 'schema-refuses') {
          const want = corpusCase.expect.path;
          let refusal: unknown;
          try {
            validateNodePool(input);
          } catch (error) {
            refusal = error;
          }
          expect(
            SpecValidationError.isInstance(refusal),
            `${corpusCase.attack} is refused by the schema`,
          ).toBe(true);
          const paths = (refusal as SpecValidationError).issues.map((issue) => issue.path.map(String));
          expect(
            paths.some((path) => want.every((segment, index) => path[index] === segment)),
            `an issue names ${want.join('.')}: ${JSON.stringify(paths)}`,
          ).toBe(true);
          return;
        }
        // Open known bugs are steered around here too (each keeps its own witness in known-bugs.test.ts).
        const report = await checkValidCase(subject, avoidKnownBugs(subject.id, input), judges);
        expect(visible(report.problems.join('\n')), corpusCase.attack).toBe('');
        expect(report.outcome).not.toBe('crashed');
        expect(report.outcome).not.toBe('generator');
        if (report.outcome === 'rendered') {
          rendered.set(corpusCase.id, [...(rendered.get(corpusCase.id) ?? []), subject.id]);
        }
      },
    );
  },
);

describe('injection corpus coverage', () => {
  it('renders every render-expected case on at least one adapter, with the upstream judges', () => {
    const missing = INJECTION_CORPUS.filter(
      (corpusCase) => corpusCase.expect.kind === 'render' && !rendered.has(corpusCase.id),
    ).map((corpusCase) => corpusCase.id);
    expect(missing).toEqual([]);
  });
});
