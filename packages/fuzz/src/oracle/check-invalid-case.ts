import { SpecValidationError, validateNodePool, type NodePool } from '@kubenode/core';
import { TEST_PASSWORD_HASH, TEST_PRIVATE_KEY } from '@kubenode/testkit';
import type { PoolMutation } from '../arbitraries/pool-mutations.js';
import type { FuzzSubject } from '../subjects/fuzz-subject.js';
import { errorTexts, secretsOf, type CaseReport } from './check-case.js';

function names(issuePath: readonly (string | number)[], expected: readonly (string | number)[]): boolean {
  const issue = issuePath.map(String);
  const want = expected.map(String);
  // The field itself or something below it; a record's own issue may name the record (its key is the value).
  if (want.every((segment, index) => issue[index] === segment)) return true;
  return issue.length === want.length - 1 && issue.every((segment, index) => want[index] === segment);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 800) : String(error);
}

/**
 * A mutated pool must be refused with a SpecValidationError with an issue naming the mutated
 * field, by the schema (or, for adapter options, by provision), with no secret in any message.
 */
export function checkInvalidCase(subject: FuzzSubject, mutation: PoolMutation): CaseReport {
  const problems: string[] = [];
  const where = `${mutation.description} (${mutation.path.map(String).join('.')})`;
  const secrets = [...mutation.secrets, TEST_PRIVATE_KEY, TEST_PASSWORD_HASH];
  let refusal: unknown;
  let pool: NodePool | undefined;
  try {
    pool = validateNodePool(mutation.input);
  } catch (error) {
    refusal = error;
  }
  if (pool !== undefined) {
    if (mutation.by === 'schema') {
      return { outcome: 'rendered', problems: [`the schema accepts ${where}`], judges: [] };
    }
    secrets.push(...secretsOf(subject, pool));
    try {
      subject.create().provision(pool);
      return {
        outcome: 'rendered',
        problems: [`${subject.adapterId} renders ${where} instead of refusing it`],
        judges: [],
      };
    } catch (error) {
      refusal = error;
    }
  }
  if (!SpecValidationError.isInstance(refusal)) {
    return {
      outcome: 'crashed',
      problems: [`${where} is refused with ${describe(refusal)}, not a SpecValidationError`],
      judges: [],
    };
  }
  if (!refusal.issues.some((issue) => names(issue.path, mutation.path))) {
    problems.push(
      `the refusal of ${where} names ${refusal.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`).join('; ')}`,
    );
  }
  const texts = errorTexts(refusal);
  for (const secret of secrets) {
    if (secret.length >= 8 && texts.some((text) => text.includes(secret)))
      problems.push(`the refusal of ${where} shows a secret`);
  }
  return { outcome: 'refused:spec', problems, judges: [] };
}
