/** The assertion object the suite needs from the injected `expect`. */
export interface ConformanceAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
}

/**
 * The test runner the suite registers its cases with, injected by the caller so the suite never
 * binds its own copy of vitest (the keyv pattern): pass `{ describe, it, expect }` from `vitest`
 * (jest's globals fit too).
 */
export interface ConformanceTestApi {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  readonly expect: (actual: unknown, message?: string) => ConformanceAssertion;
}
