/** The assertion object the suite needs from the injected `expect`. */
export interface ConformanceAssertion {
  /** Asserts identity (`Object.is`). */
  toBe(expected: unknown): void;
  /** Asserts deep equality. */
  toEqual(expected: unknown): void;
}

/**
 * The test runner the suite registers its cases with, injected by the caller so the suite never
 * binds its own copy of vitest (the keyv pattern): pass `{ describe, it, expect }` from `vitest`
 * (jest's globals fit too).
 */
export interface ConformanceTestApi {
  /** Groups cases (vitest's or jest's `describe`). */
  readonly describe: (name: string, body: () => void) => void;
  /** Registers one case with an optional timeout in milliseconds (`it`). */
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  /** Starts an assertion, with an optional message shown on failure (`expect`). */
  readonly expect: (actual: unknown, message?: string) => ConformanceAssertion;
}
