import { afterAll, describe, expect, it } from 'vitest';
import { nodePoolArbitrary } from '../arbitraries/node-pool-arbitrary.js';
import { avoidKnownBugs } from '../known-bugs/known-bugs.js';
import { poolMutationArbitrary } from '../arbitraries/pool-mutations.js';
import { checkValidCase } from '../oracle/check-case.js';
import { checkInvalidCase } from '../oracle/check-invalid-case.js';
import { visible } from '../oracle/compare.js';
import type { FuzzSubject, UpstreamJudges } from '../subjects/fuzz-subject.js';
import { IgnitionValidator } from '../upstream/ignition-validate.js';
import { UpstreamOracle } from '../upstream/upstream-oracle.js';
import { fuzzRuns, judgeEvery } from './fuzz-budget.js';
import { recordFuzzCounts } from './fuzz-counts.js';
import { runProperty, type Survey } from './run-property.js';

/** Environment variable: `1` runs every case and prints the distinct problems instead of stopping at the first (triage). */
export const FUZZ_SURVEY_ENV = 'KUBENODE_FUZZ_SURVEY';

/** Cases checked at once per adapter (each waits on upstream tools in other processes). */
const CONCURRENCY = 4;

/**
 * The fuzz properties of one adapter setup: valid-by-construction pools with hostile strings in
 * every free-form field (render faithfully, pass every judge, same structure as a benign twin,
 * or a typed refusal naming the field), and mutated pools that must be refused naming the
 * mutated field. Budget: `KUBENODE_FUZZ_RUNS`; a failure prints the seed and path that replay it.
 */
export function describeAdapterFuzz(subject: FuzzSubject, testFile: string): void {
  describe(`${subject.id} fuzz`, () => {
    const runs = fuzzRuns();
    const mutations = Math.ceil(runs / 4);
    const every = judgeEvery();
    const judges: UpstreamJudges = { oracle: new UpstreamOracle(), ignition: new IgnitionValidator(2) };
    const counts = new Map<string, number>();
    const survey: Survey | undefined = process.env[FUZZ_SURVEY_ENV] === '1' ? new Map() : undefined;
    afterAll(() => {
      for (const [kind, { count, sample }] of [...(survey ?? [])].sort((a, b) => b[1].count - a[1].count)) {
        console.info(`[kubenode fuzz survey] ${subject.id} ×${count}: ${kind}\n    e.g. ${visible(sample)}`);
      }
      judges.oracle.close();
      judges.ignition.close();
      recordFuzzCounts(subject.id, counts);
    });

    it(`valid: ${runs} hostile pools render faithfully (upstream judges, read-back, benign twin) or are refused naming the field`, async () => {
      await runProperty(
        nodePoolArbitrary(subject.profile).map((input) => avoidKnownBugs(subject.id, input)),
        (input, index) => checkValidCase(subject, input, judges, { upstream: index % every === 0 }),
        {
          runs,
          concurrency: CONCURRENCY,
          counts,
          ...(survey ? { survey } : {}),
          replayHint: `npx vitest run ${testFile} -t '${subject.id} fuzz valid'`,
        },
      );
      expect(counts.get('crashed') ?? 0).toBe(0);
    });

    it(`invalid: ${mutations} mutated pools are refused with a SpecValidationError naming the mutated field`, async () => {
      await runProperty(
        poolMutationArbitrary(subject),
        async (mutation) => checkInvalidCase(subject, mutation),
        {
          runs: mutations,
          concurrency: 1,
          counts,
          ...(survey ? { survey } : {}),
          replayHint: `npx vitest run ${testFile} -t '${subject.id} fuzz invalid'`,
        },
      );
    });
  });
}
