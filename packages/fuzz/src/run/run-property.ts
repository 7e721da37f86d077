import fc from 'fast-check';
import type { CaseReport } from '../oracle/check-case.js';
import { visible } from '../oracle/compare.js';
import { FUZZ_PATH_ENV, FUZZ_SEED_ENV, fuzzReplay } from './fuzz-budget.js';

/** Distinct problems of a survey run (`KUBENODE_FUZZ_SURVEY=1`), by kind. */
export type Survey = Map<string, { count: number; sample: string }>;

/** Options of {@link runProperty}. */
export interface RunPropertyOptions {
  /** Cases to run. */
  readonly runs: number;
  /** Cases checked at once (their upstream judges run in other processes). */
  readonly concurrency: number;
  /** Outcome counts, updated as cases finish. */
  readonly counts: Map<string, number>;
  /** Collect problems instead of failing (triage). */
  readonly survey?: Survey;
  /** How to rerun just this property, for the replay hint. */
  readonly replayHint: string;
}

function tally(counts: Map<string, number>, report: CaseReport): void {
  counts.set(report.outcome, (counts.get(report.outcome) ?? 0) + 1);
  for (const judge of report.judges) counts.set(`judge:${judge}`, (counts.get(`judge:${judge}`) ?? 0) + 1);
}

function problemKind(problem: string): string {
  return problem
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
}

function throwIfProblems(report: CaseReport): void {
  if (report.problems.length > 0) {
    throw new Error(`${report.outcome}:\n- ${visible(report.problems.join('\n- '))}`);
  }
}

/**
 * Runs a property over `runs` generated cases, several at once (`check` gets the case's index,
 * so expensive judges can run on a sample; a replayed or shrunk case keeps its index): the cases are fast-check samples
 * of one seed, so a failing case `i` replays as fast-check's path `i`, which is then shrunk by
 * fast-check itself. The error names the seed and the path; `KUBENODE_FUZZ_SEED` and
 * `KUBENODE_FUZZ_PATH` replay exactly that case.
 */
export async function runProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T, index: number) => Promise<CaseReport>,
  options: RunPropertyOptions,
): Promise<void> {
  const { runs, counts, survey } = options;
  const replay = fuzzReplay();
  const shrink = async (seed: number, path: string) => {
    // Replayed and shrunk cases are checked as the case they come from (same judges).
    const index = Number(path.split(':')[0]);
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => throwIfProblems(await check(value, index))),
      { seed, path, numRuns: runs },
    );
  };
  if (replay.path !== undefined) {
    if (replay.seed === undefined) throw new Error(`${FUZZ_PATH_ENV} needs ${FUZZ_SEED_ENV} too`);
    await shrink(replay.seed, replay.path);
    return;
  }
  const seed = replay.seed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const samples = fc.sample(arbitrary, { seed, numRuns: runs });
  let failed: number | undefined;
  let failure: CaseReport | undefined;
  let next = 0;
  const worker = async () => {
    while (next < samples.length && (failed === undefined || survey)) {
      const index = next++;
      const report = await check(samples[index]!, index);
      tally(counts, report);
      if (report.problems.length === 0) continue;
      if (survey) {
        for (const problem of report.problems) {
          const kind = problemKind(problem);
          const entry = survey.get(kind) ?? {
            count: 0,
            sample: `[${FUZZ_SEED_ENV}=${seed} ${FUZZ_PATH_ENV}=${index}] ${problem.slice(0, 600)}`,
          };
          entry.count++;
          survey.set(kind, entry);
        }
      } else if (failed === undefined || index < failed) {
        failed = index;
        failure = report;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (failed === undefined) return;
  const hint = `${FUZZ_SEED_ENV}=${seed} ${FUZZ_PATH_ENV}=${failed} ${options.replayHint}`;
  try {
    await shrink(seed, String(failed));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // fast-check 4 keeps the property's own error (the problems) as the cause, not in the message.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    throw new Error(
      `case ${failed} of seed ${seed} fails (replay: ${hint}; fast-check's shrunk case below)\n${cause}\n${message}`,
    );
  }
  throw new Error(
    `case ${failed} of seed ${seed} failed, but not when replayed alone (replay: ${hint}):\n- ${visible((failure?.problems ?? []).join('\n- '))}`,
  );
}
