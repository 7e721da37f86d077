/** Environment variable: property cases per adapter and property (CI default: {@link DEFAULT_FUZZ_RUNS}). */
export const FUZZ_RUNS_ENV = 'KUBENODE_FUZZ_RUNS';
/** Environment variable: the seed to replay (printed by a failing run). */
export const FUZZ_SEED_ENV = 'KUBENODE_FUZZ_SEED';
/** Environment variable: the path of the case to replay (printed by a failing run, with its seed). */
export const FUZZ_PATH_ENV = 'KUBENODE_FUZZ_PATH';

/** Environment variable: run the per-document upstream validators on every Nth case (CI default: {@link DEFAULT_JUDGE_EVERY}). */
export const FUZZ_JUDGE_EVERY_ENV = 'KUBENODE_FUZZ_JUDGE_EVERY';

/**
 * The CI sampling of the upstream validators that cost a process or a full schema walk per
 * document (ignition-validate, `cloud-init schema`'s validation): every 4th case. The upstream
 * readers (cloud-init's loader and write_files decoding, PyYAML, tomllib) read every case.
 */
export const DEFAULT_JUDGE_EVERY = 4;

/** Every how many cases the per-document upstream validators run. */
export function judgeEvery(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[FUZZ_JUDGE_EVERY_ENV];
  if (raw === undefined || raw === '') return DEFAULT_JUDGE_EVERY;
  const every = Number(raw);
  if (!Number.isInteger(every) || every < 1)
    throw new Error(`${FUZZ_JUDGE_EVERY_ENV} must be a positive integer, not ${JSON.stringify(raw)}`);
  return every;
}

/** The CI budget: valid-by-construction pools per adapter (mutations get a quarter of it). */
export const DEFAULT_FUZZ_RUNS = 1000;

/** The number of cases per adapter for this run. */
export function fuzzRuns(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[FUZZ_RUNS_ENV];
  if (raw === undefined || raw === '') return DEFAULT_FUZZ_RUNS;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`${FUZZ_RUNS_ENV} must be a positive integer, not ${JSON.stringify(raw)}`);
  return runs;
}

/** The replay parameters, when set: fast-check's `seed` and `path`. */
export function fuzzReplay(env: Readonly<Record<string, string | undefined>> = process.env): {
  seed?: number;
  path?: string;
} {
  const seed = env[FUZZ_SEED_ENV];
  const path = env[FUZZ_PATH_ENV];
  return {
    ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
    ...(path === undefined || path === '' ? {} : { path }),
  };
}
