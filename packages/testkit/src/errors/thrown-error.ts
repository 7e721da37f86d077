/** An error class that recognises its instances with a static `isInstance` (every kubenode error). */
export interface RecognisableErrorClass<E> {
  /** The class name, for the message when something else (or nothing) is thrown. */
  readonly name: string;
  /** True for instances, also across copies of the package that defines the class. */
  isInstance(error: unknown): error is E;
}

/**
 * Runs `run` and returns the error it throws when that is an `errorClass` (recognised with its
 * `isInstance`, not `instanceof`), for tests that assert the error's field, message or code.
 * Another error is rethrown unchanged; returning normally fails with "expected <name>".
 *
 * @example
 * const error = thrownError(() => adapter.provision(pool), UnsupportedFeatureError);
 * expect(error.field).toBe('spec.os.files[0].path');
 */
export function thrownError<E>(run: () => unknown, errorClass: RecognisableErrorClass<E>): E {
  try {
    run();
  } catch (error) {
    if (errorClass.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected ${errorClass.name}, but nothing was thrown`);
}
