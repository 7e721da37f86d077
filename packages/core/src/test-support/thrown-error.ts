/**
 * Runs `run` and returns the error it throws when `errorClass.isInstance` recognises it; another
 * error is rethrown, returning normally fails. Core's own tests only: adapters use
 * `@kubenode/testkit`'s published `thrownError` (core cannot depend on the testkit, which
 * depends on core).
 */
export function thrownError<E>(
  run: () => unknown,
  errorClass: { readonly name: string; isInstance(error: unknown): error is E },
): E {
  try {
    run();
  } catch (error) {
    if (errorClass.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected ${errorClass.name}, but nothing was thrown`);
}
