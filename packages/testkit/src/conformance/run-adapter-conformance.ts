import type { ConformanceAdapterFactory } from './adapter-conformance-options.js';
import { collectConformanceCases } from './collect-conformance-cases.js';
import type { ConformanceSuiteOptions } from './conformance-suite.js';

/** The result of one case run by {@link runAdapterConformance}. */
export interface ConformanceCaseResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'passed' | 'failed';
  /** The failure message, for failed cases. */
  readonly message?: string;
  /** The thrown value, for failed cases. */
  readonly error?: unknown;
}

/** What {@link runAdapterConformance} found. */
export interface ConformanceReport {
  readonly title: string;
  readonly results: readonly ConformanceCaseResult[];
  /** The failed cases. */
  readonly failures: readonly ConformanceCaseResult[];
}

/**
 * Runs the conformance suite without a test runner and reports every case: for scripts, CI
 * summaries, and tests of the suite itself. `only` selects cases by id prefix (`honest:`).
 */
export async function runAdapterConformance<Settings>(
  factory: ConformanceAdapterFactory<Settings>,
  options: ConformanceSuiteOptions<Settings> & { readonly only?: readonly string[] },
): Promise<ConformanceReport> {
  const collected = collectConformanceCases(factory, options);
  const selected = collected.cases.filter(
    (candidate) =>
      options.only === undefined ||
      options.only.some((prefix) => candidate.id === prefix || candidate.id.startsWith(prefix)),
  );
  const results: ConformanceCaseResult[] = [];
  for (const conformanceCase of selected) {
    try {
      await conformanceCase.run({});
      results.push({ id: conformanceCase.id, title: conformanceCase.title, status: 'passed' });
    } catch (error) {
      results.push({
        id: conformanceCase.id,
        title: conformanceCase.title,
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
        error,
      });
    }
  }
  return {
    title: collected.title,
    results,
    failures: results.filter((result) => result.status === 'failed'),
  };
}
