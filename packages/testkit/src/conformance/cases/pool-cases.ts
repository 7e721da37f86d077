import { redactSecrets, validateNodePool } from '@kubenode/core';
import { goldenText, type RenderOutcome } from '../../golden/golden-text.js';
import { UPDATE_GOLDENS_ENV } from '../../golden/golden-store.js';
import type { ConformancePool } from '../../pools/conformance-pool.js';
import { reverseKeyOrder } from '../../pools/reverse-key-order.js';
import { runExternalValidator } from '../../external/run-external-validator.js';
import { errorTexts } from '../../text/describe-error.js';
import { firstDifference } from '../../text/first-difference.js';
import { checkHonesty } from '../check-honesty.js';
import type { ConformanceCase } from '../conformance-case.js';
import { ConformanceError } from '../conformance-error.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

function leaks(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => text.includes(secret));
}

/** The per-pool cases: honest, golden, deterministic, secrets, and (for pools declared renderable) validate. */
export function poolCases(suite: ConformanceSuite<unknown>, entry: ConformancePool): ConformanceCase[] {
  const id = entry.id;
  const cases: ConformanceCase[] = [
    {
      id: `honest:${id}`,
      title: 'renders or refuses exactly as the declared capabilities say, and carries every supported value',
      timeout: suite.defaultTimeout,
      async run() {
        const problems = new Problems(`honest:${id}`);
        const adapter = suite.newAdapter();
        checkHonesty(suite, adapter, entry, suite.render(adapter, entry.pool), problems);
        problems.throwIfAny();
      },
    },
    {
      id: `golden:${id}`,
      title: `matches the adapter's golden file ${id}.golden`,
      timeout: suite.defaultTimeout,
      async run(context) {
        const adapter = suite.newAdapter();
        const actual = goldenText(id, suite.render(adapter, entry.pool));
        if (suite.golden.update) {
          suite.golden.write(id, actual);
          return;
        }
        const expected = suite.golden.read(id);
        if (expected === undefined) {
          throw new ConformanceError({
            caseId: `golden:${id}`,
            problems: [
              `no golden file ${suite.golden.pathOf(id)}: run the suite once with ${UPDATE_GOLDENS_ENV}=1, review the files and commit them`,
            ],
          });
        }
        if (actual === expected) return;
        const message = `[golden:${id}] the output differs from ${suite.golden.pathOf(id)} (after reviewing the change, regenerate with ${UPDATE_GOLDENS_ENV}=1)`;
        if (context.expect) context.expect(actual, message).toBe(expected);
        throw new ConformanceError({
          caseId: `golden:${id}`,
          problems: [`${message}\n${firstDifference(actual, expected)}`],
        });
      },
    },
    {
      id: `deterministic:${id}`,
      title: 'renders byte-identically: twice, with two adapters, and with the input keys in another order',
      timeout: suite.defaultTimeout,
      async run() {
        const problems = new Problems(`deterministic:${id}`);
        const first = suite.newAdapter();
        const reference = goldenText(id, suite.render(first, entry.pool));
        const again = goldenText(id, suite.render(first, entry.pool));
        problems.check(
          again === reference,
          () =>
            `rendering pool '${id}' twice with one adapter gives different output (${firstDifference(again, reference)})`,
        );
        const second = goldenText(id, suite.render(suite.newAdapter(), entry.pool));
        problems.check(
          second === reference,
          () =>
            `two adapters from the factory render pool '${id}' differently: state is shared or leaks between calls (${firstDifference(second, reference)})`,
        );
        const reordered = validateNodePool(reverseKeyOrder(structuredClone(entry.input)));
        const permuted = goldenText(id, suite.render(suite.newAdapter(), reordered));
        problems.check(
          permuted === reference,
          () =>
            `reversing the key order of pool '${id}' (labels, mirrors, sysctls, kubelet fields, ...) changes the output: sort keys where order has no meaning (${firstDifference(permuted, reference)})`,
        );
        problems.throwIfAny();
      },
    },
    {
      id: `secrets:${id}`,
      title: 'keeps secrets out of errors and warnings, and flags artifacts that hold them',
      timeout: suite.defaultTimeout,
      async run() {
        const problems = new Problems(`secrets:${id}`);
        const adapter = suite.newAdapter();
        const secrets = suite.secretsOf(entry.pool);
        const outcome: RenderOutcome = suite.render(adapter, entry.pool);
        if (outcome.kind === 'refused') {
          problems.check(
            !errorTexts(outcome.error).some((text) => leaks(text, secrets)),
            `the error provision() threw for pool '${id}' contains a secret (bootstrap token, password hash, private key or an adapter secret)`,
          );
        } else {
          for (const warning of outcome.result.warnings) {
            problems.check(
              !leaks(`${warning.code} ${warning.path ?? ''} ${warning.message}`, secrets),
              `warning '${warning.code}' of pool '${id}' contains a secret`,
            );
          }
          for (const artifact of outcome.result.artifacts) {
            if (artifact.containsSecrets) continue;
            const haystack = suite.haystack([artifact]);
            problems.check(
              !secrets.some((secret) => haystack.includes(secret)),
              `artifact '${artifact.name}' of pool '${id}' holds a secret but says containsSecrets: false (it would be written world-readable and could be printed)`,
            );
          }
          for (const issue of adapter.validate(outcome.result)) {
            problems.check(
              !leaks(`${issue.path} ${issue.message}`, secrets),
              `validate() reports an issue for pool '${id}' whose text contains a secret`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
  ];
  if (suite.declaredRenderable(entry)) {
    const external = suite.options.probes?.externalValidators === true;
    cases.push({
      id: `validate:${id}`,
      title: external
        ? "passes the adapter's own validate() and its declared external validators"
        : "passes the adapter's own validate()",
      timeout: external ? (suite.options.timeouts?.externalValidators ?? 120_000) : suite.defaultTimeout,
      async run() {
        const problems = new Problems(`validate:${id}`);
        const adapter = suite.newAdapter();
        const outcome = suite.render(adapter, entry.pool);
        if (outcome.kind === 'refused') {
          // A pool may be refused for a value of a restricted feature; then there is no output
          // to validate, and the refusal itself must be the honest one.
          const honesty = new Problems(`validate:${id}`);
          checkHonesty(suite, adapter, entry, outcome, honesty);
          if (honesty.count > 0) {
            problems.add(`pool '${id}' did not render, so its output cannot be validated (see honest:${id})`);
          }
          problems.throwIfAny();
          return;
        }
        for (const issue of adapter.validate(outcome.result)) {
          problems.add(
            `the adapter's own validate() rejects its output for pool '${id}': ${issue.artifact} ${issue.path}: ${issue.message}`,
          );
        }
        if (external) {
          for (const validator of adapter.externalValidators) {
            const artifact = outcome.result.artifacts.find(
              (candidate) => candidate.name === validator.artifact,
            );
            if (!artifact) continue;
            const run = runExternalValidator(validator, artifact, {
              timeoutMs: suite.options.timeouts?.externalValidators,
            });
            if (run.status === 'missing') {
              problems.add(
                `external validator ${validator.tool} is not installed${validator.debianPackage ? ` (install it with: apt-get install ${validator.debianPackage})` : ''}: a skipped validator is a failed check`,
              );
            } else if (run.status === 'failed') {
              const output = redactSecrets(
                run.output.split('\n').slice(0, 40).join('\n'),
                suite.secretsOf(entry.pool),
              );
              problems.add(
                `${validator.tool} rejects ${artifact.name} of pool '${id}' (exit code ${run.exitCode}):\n${output.replace(/^/gm, '      ')}`,
              );
            }
          }
        }
        problems.throwIfAny();
      },
    });
  }
  return cases;
}
