import type { ProvisioningResultV1 } from '@kubenode/core';
import { UPDATE_GOLDENS_ENV } from '../../golden/golden-store.js';
import { describeError } from '../../text/describe-error.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

/** Text no native provisioning format accepts (no cloud-config header, unbalanced YAML/TOML/JSON). */
const CORRUPTED = 'kubenode conformance: corrupted [\n\u0000';

/** The adapter's validators: own validate() catches corruption, external validators are reachable; golden files are complete. */
export function validationCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  const timeout = suite.defaultTimeout;
  const minimal = suite.pools.find((entry) => entry.id === 'minimal')!;
  return [
    {
      id: 'validate:detects-corruption',
      title: 'its own validate() rejects a corrupted user-data artifact, without quoting secrets',
      timeout,
      async run() {
        const problems = new Problems('validate:detects-corruption');
        const adapter = suite.newAdapter();
        const outcome = suite.render(adapter, minimal.pool);
        if (outcome.kind === 'refused') {
          problems.add(
            `the minimal pool does not render: ${describeError(outcome.error, suite.secretsOf(minimal.pool))}`,
          );
          problems.throwIfAny();
          return;
        }
        const secrets = suite.secretsOf(minimal.pool);
        const userData = outcome.result.artifacts.filter((artifact) => artifact.role === 'user-data');
        problems.check(
          userData.length > 0,
          "the minimal pool's output has no artifact with role 'user-data'",
        );
        for (const target of userData) {
          const corrupted: ProvisioningResultV1 = {
            ...outcome.result,
            artifacts: outcome.result.artifacts.map((artifact) =>
              artifact === target ? { ...artifact, contents: CORRUPTED } : artifact,
            ),
          };
          const issues = adapter.validate(corrupted);
          problems.check(
            issues.length > 0,
            `validate() finds nothing wrong when ${target.name} is replaced by garbage: the adapter's own validator must check the output`,
          );
          for (const issue of issues) {
            problems.check(
              typeof issue.artifact === 'string' &&
                typeof issue.path === 'string' &&
                typeof issue.message === 'string' &&
                issue.message !== '',
              `validate() returns a malformed issue ${JSON.stringify(issue)}`,
            );
            problems.check(
              !secrets.some((secret) => `${issue.path} ${issue.message}`.includes(secret)),
              'a validate() issue quotes a secret',
            );
          }
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'validate:external-validators',
      title: 'declares external validators that name a tool, a {file} argument and an artifact it produces',
      timeout,
      async run() {
        const problems = new Problems('validate:external-validators');
        const adapter = suite.newAdapter();
        const produced = new Set<string>();
        for (const entry of suite.pools) {
          const outcome = suite.render(adapter, entry.pool);
          if (outcome.kind === 'rendered')
            for (const artifact of outcome.result.artifacts) produced.add(artifact.name);
        }
        for (const validator of adapter.externalValidators) {
          problems.check(
            validator.tool.trim() !== '' && !/\s/.test(validator.tool),
            `external validator tool ${JSON.stringify(validator.tool)} must be an executable name`,
          );
          problems.check(
            validator.args.some((arg) => arg.includes('{file}')),
            `external validator ${validator.tool} has no {file} argument: it would never see the artifact`,
          );
          problems.check(
            validator.description.trim() !== '',
            `external validator ${validator.tool} has no description`,
          );
          problems.check(
            produced.has(validator.artifact),
            `external validator ${validator.tool} checks artifact '${validator.artifact}', which no canonical pool's output contains (${[...produced].join(', ') || 'none'}): it would never run`,
          );
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'golden:files',
      title: 'keeps no golden file for a pool that does not exist',
      timeout,
      async run() {
        const problems = new Problems('golden:files');
        const ids = suite.pools.map((entry) => entry.id);
        const stale = suite.golden.stale(ids);
        if (suite.golden.update) {
          for (const name of stale) suite.golden.remove(name);
          return;
        }
        problems.check(
          stale.length === 0,
          `${suite.golden.directory} holds golden files for no pool: ${stale.join(', ')} (remove them, or run with ${UPDATE_GOLDENS_ENV}=1)`,
        );
        problems.throwIfAny();
      },
    },
  ];
}
