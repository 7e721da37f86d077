import type { ConformanceTestApi } from './conformance-test-api.js';

/** What a case gets when it runs. */
export interface ConformanceCaseContext {
  /** The injected `expect`, for readable diffs; absent when run programmatically. */
  readonly expect?: ConformanceTestApi['expect'];
}

/** One independent conformance case. */
export interface ConformanceCase {
  /**
   * Stable id: `identity`, `capabilities:schema`, `feature:os.users`, `honest:<pool>`,
   * `golden:<pool>`, `deterministic:<pool>`, `secrets:<pool>`, `validate:<pool>`, `updates:plan`,
   * `builder:build`, ... The test title starts with it, so `vitest -t 'honest:'` selects a group.
   */
  readonly id: string;
  /** What the case checks, in words. */
  readonly title: string;
  /** Timeout in milliseconds. */
  readonly timeout: number;
  /** Runs the case with a fresh adapter; throws `ConformanceError` (or an assertion error) on failure. */
  run(context: ConformanceCaseContext): Promise<void>;
}
