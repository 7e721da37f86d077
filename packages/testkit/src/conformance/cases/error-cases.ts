import {
  formatJsonPath,
  InvalidAdapterOptionsError,
  SpecValidationError,
  validateNodePool,
  type SpecIssue,
} from '@kubenode/core';
import { errorTexts, describeError } from '../../text/describe-error.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

const UNKNOWN_KEY = 'kubenodeConformanceUnknownKey';

function typedIssues(error: unknown): readonly SpecIssue[] | undefined {
  if (SpecValidationError.isInstance(error) || InvalidAdapterOptionsError.isInstance(error))
    return error.issues;
  return undefined;
}

/** Typed errors for invalid adapter options and settings, without secrets. */
export function errorCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  const timeout = suite.defaultTimeout;
  const minimal = suite.pools.find((entry) => entry.id === 'minimal')!;
  const withOptions = (value: unknown) =>
    validateNodePool({
      ...minimal.input,
      spec: {
        ...minimal.input.spec,
        adapterOptions: { ...(minimal.input.spec.adapterOptions ?? {}), [suite.adapterId]: value },
      },
    });
  const cases: ConformanceCase[] = [
    {
      id: 'errors:adapter-options',
      title:
        'rejects an unknown spec.adapterOptions key with a typed error naming it, without echoing secrets',
      timeout,
      async run() {
        const problems = new Problems('errors:adapter-options');
        const adapter = suite.newAdapter();
        const token = minimal.pool.spec.kubernetes.bootstrapToken;
        const pool = withOptions({ ...(suite.options.adapterOptions ?? {}), [UNKNOWN_KEY]: token });
        const outcome = suite.render(adapter, pool);
        if (outcome.kind === 'rendered') {
          problems.add(
            `spec.adapterOptions.${suite.adapterId}.${UNKNOWN_KEY} was accepted silently: read the options with parseAdapterOptions(pool, '${suite.adapterId}', strictSchema) so a typo is an error`,
          );
        } else {
          const issues = typedIssues(outcome.error);
          if (issues === undefined) {
            problems.add(
              `an unknown adapter option throws ${describeError(outcome.error, [token])}, expected SpecValidationError or InvalidAdapterOptionsError`,
            );
          } else {
            problems.check(
              issues.some((issue) => issue.path.includes(UNKNOWN_KEY)),
              () =>
                `the error's issues do not name the unknown key ${UNKNOWN_KEY} (issues: ${issues.map((issue) => formatJsonPath(issue.path)).join(', ')})`,
            );
          }
          problems.check(
            !errorTexts(outcome.error).some((text) => text.includes(token)),
            'the error for an adapter option whose value is the bootstrap token echoes the value: never put input values into messages',
          );
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'errors:settings',
      title: 'validates its factory settings: an unknown setting is an InvalidAdapterOptionsError naming it',
      timeout,
      async run() {
        const problems = new Problems('errors:settings');
        const bad = {
          ...((suite.options.settings as Record<string, unknown> | undefined) ?? {}),
          [UNKNOWN_KEY]: true,
        };
        try {
          suite.factory(bad as never);
          problems.add(
            `the factory accepted the unknown setting ${UNKNOWN_KEY}: validate settings with a strict zod schema and throw InvalidAdapterOptionsError`,
          );
        } catch (error) {
          if (!InvalidAdapterOptionsError.isInstance(error)) {
            problems.add(
              `an unknown setting throws ${describeError(error)}, expected InvalidAdapterOptionsError (recognised by isInstance)`,
            );
          } else {
            problems.check(
              error.adapterId === suite.adapterId,
              `InvalidAdapterOptionsError.adapterId is '${error.adapterId}', expected '${suite.adapterId}'`,
            );
            problems.check(
              error.issues.some((issue) => issue.path.includes(UNKNOWN_KEY)),
              () =>
                `the error's issues do not name ${UNKNOWN_KEY} (issues: ${error.issues.map((issue) => formatJsonPath(issue.path)).join(', ')})`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
  ];
  const samples = suite.options.invalidAdapterOptions ?? [];
  if (samples.length > 0) {
    cases.push({
      id: 'errors:invalid-adapter-options',
      title: 'rejects each invalid adapter-options sample with a typed error naming the field',
      timeout,
      async run() {
        const problems = new Problems('errors:invalid-adapter-options');
        for (const sample of samples) {
          const adapter = suite.newAdapter();
          const pool = withOptions(sample.value);
          const secrets = suite.secretsOf(pool);
          const outcome = suite.render(adapter, pool);
          if (outcome.kind === 'rendered') {
            problems.add(`invalid adapter options (${sample.path}) were accepted`);
            continue;
          }
          const issues = typedIssues(outcome.error);
          if (issues === undefined) {
            problems.add(
              `invalid adapter options (${sample.path}) throw ${describeError(outcome.error, secrets)}, expected SpecValidationError or InvalidAdapterOptionsError`,
            );
            continue;
          }
          const paths = issues.map((issue) => formatJsonPath(issue.path));
          problems.check(
            paths.some(
              (path) =>
                path === sample.path ||
                path.endsWith(`.${sample.path}`) ||
                (sample.path.startsWith('[') && path.endsWith(sample.path)),
            ),
            `invalid adapter options: expected an issue at ${sample.path}, got ${paths.join(', ')}`,
          );
          problems.check(
            !errorTexts(outcome.error).some((text) => secrets.some((secret) => text.includes(secret))),
            `the error for invalid adapter options (${sample.path}) contains a secret`,
          );
        }
        problems.throwIfAny();
      },
    });
  }
  return cases;
}
