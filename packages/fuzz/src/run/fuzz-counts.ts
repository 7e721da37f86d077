import { appendFileSync } from 'node:fs';

/** Environment variable: a file the runs append their case counts to (one JSON line per adapter). */
export const FUZZ_REPORT_ENV = 'KUBENODE_FUZZ_REPORT';

/** Prints how the cases of one adapter ended (and appends them to {@link FUZZ_REPORT_ENV} when set). */
export function recordFuzzCounts(subject: string, counts: ReadonlyMap<string, number>): void {
  const entries = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  console.info(`[kubenode fuzz] ${subject}: ${JSON.stringify(entries)}`);
  const file = process.env[FUZZ_REPORT_ENV];
  if (file) appendFileSync(file, `${JSON.stringify({ subject, ...entries })}\n`);
}
