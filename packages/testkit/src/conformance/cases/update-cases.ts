import {
  KubenodeError,
  type NodeObservationV1,
  type StepOutputV1,
  type UpdatePhaseV1,
  type UpdateTargetV1,
} from '@kubenode/core';
import { isDeepStrictEqual } from 'node:util';
import { deepFreeze } from '../../pools/deep-freeze.js';
import { describeError } from '../../text/describe-error.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

const PHASES: readonly UpdatePhaseV1[] = ['detect', 'stage', 'apply', 'reboot', 'verify', 'rollback'];

/** The node and target the suite plans with, unless the adapter's probes give its own. */
function sampleNode(suite: ConformanceSuite<unknown>): { node: NodeObservationV1; target: UpdateTargetV1 } {
  return {
    node: suite.options.probes?.updates?.node ?? {
      name: 'conformance-node-1',
      osImage: `${suite.displayName} 1.0.0`,
      kernelVersion: '6.1.0',
      bootID: '00000000-0000-4000-8000-000000000001',
      annotations: {},
    },
    target: suite.options.probes?.updates?.target ?? { version: '1.0.1' },
  };
}

/** The update strategy: node configuration, plans, detect interpretation and verification. */
export function updateCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  const timeout = suite.defaultTimeout;
  const minimal = suite.pools.find((entry) => entry.id === 'minimal')!;
  return [
    {
      id: 'updates:node-configuration',
      title:
        'hands update control to the orchestrator with configuration that is pure and part of the output',
      timeout,
      async run() {
        const problems = new Problems('updates:node-configuration');
        const adapter = suite.newAdapter();
        const pool = deepFreeze(structuredClone(minimal.pool));
        const first = adapter.updates.nodeConfiguration(pool);
        problems.check(
          isDeepStrictEqual(adapter.updates.nodeConfiguration(pool), first),
          'updates.nodeConfiguration() is not pure: two calls differ',
        );
        const outcome = suite.render(adapter, minimal.pool);
        if (outcome.kind === 'refused') {
          problems.add(
            `the minimal pool does not render: ${describeError(outcome.error, suite.secretsOf(minimal.pool))}`,
          );
        } else {
          const haystack = suite.haystack(outcome.result.artifacts);
          for (const file of first.files) {
            problems.check(
              file.path.startsWith('/'),
              `updates.nodeConfiguration() returns a relative path ${JSON.stringify(file.path)}`,
            );
            problems.check(
              haystack.includes(file.path),
              `updates.nodeConfiguration() returns ${file.path}, but the provisioning output does not contain it`,
            );
          }
          for (const unit of first.units) {
            problems.check(
              haystack.includes(unit.name),
              `updates.nodeConfiguration() returns unit ${unit.name}, but the provisioning output does not contain it`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'updates:plan',
      title: 'plans the steps its declared update capabilities need, in phase order, purely',
      timeout,
      async run() {
        const problems = new Problems('updates:plan');
        const adapter = suite.newAdapter();
        const { capabilities } = adapter.updates;
        const { node, target } = sampleNode(suite);
        const input = deepFreeze({
          pool: structuredClone(minimal.pool),
          node: structuredClone(node),
          target: structuredClone(target),
        });
        let plan;
        try {
          plan = adapter.updates.planNode(input);
        } catch (error) {
          problems.add(`updates.planNode() throws ${describeError(error)}`);
          problems.throwIfAny();
          return;
        }
        problems.check(
          isDeepStrictEqual(adapter.updates.planNode(input), plan),
          'updates.planNode() is not pure: two calls differ',
        );
        problems.check(
          plan.node === node.name,
          `the plan is for node '${plan.node}', expected '${node.name}'`,
        );
        const phases = plan.steps.map((step) => step.phase);
        const has = (phase: UpdatePhaseV1) => phases.includes(phase);
        plan.steps.forEach((step, index) => {
          problems.check(
            PHASES.includes(step.phase),
            `step ${index} has an unknown phase ${JSON.stringify(step.phase)}`,
          );
          problems.check(
            typeof step.description === 'string' && step.description.trim() !== '',
            `step ${index} (${step.phase}) has no description`,
          );
          problems.check(
            Array.isArray(step.command) && step.command.every((arg) => typeof arg === 'string' && arg !== ''),
            `step ${index} (${step.phase}) has a command that is not a list of non-empty strings`,
          );
          problems.check(
            Number.isFinite(step.timeoutSeconds) && step.timeoutSeconds > 0,
            `step ${index} (${step.phase}) has no positive timeout`,
          );
          if (step.whileServing) {
            problems.check(
              step.phase === 'detect' || step.phase === 'stage',
              `step ${index} (${step.phase}) claims it may run while the node serves workloads; only detect and stage may`,
            );
          }
          if (step.phase === 'stage' && step.whileServing) {
            problems.check(
              capabilities.stageWhileServing,
              `step ${index} stages while serving, but updates.capabilities.stageWhileServing is false`,
            );
          }
          if (index > 0) {
            const previous = PHASES.indexOf(plan.steps[index - 1]!.phase);
            problems.check(
              PHASES.indexOf(step.phase) >= previous,
              `step ${index} (${step.phase}) comes after ${plan.steps[index - 1]!.phase}: phases must be in the order ${PHASES.join(' → ')}`,
            );
          }
        });
        if (capabilities.inPlace) {
          for (const phase of ['detect', 'verify'] as const) {
            problems.check(
              has(phase),
              `updates.capabilities.inPlace is true but the plan has no ${phase} step`,
            );
          }
          problems.check(
            has('stage') || has('apply'),
            'updates.capabilities.inPlace is true but the plan has neither a stage nor an apply step: nothing changes the node',
          );
          // A reboot step needs the declaration; the declaration does not need a step of its
          // own: on some OSes the apply call reboots the node itself (Talos' upgrade API).
          problems.check(
            !has('reboot') || capabilities.requiresReboot,
            'the plan reboots, but updates.capabilities.requiresReboot is false',
          );
          problems.check(
            has('rollback') === capabilities.rollback,
            capabilities.rollback
              ? 'updates.capabilities.rollback is true but the plan has no rollback step'
              : 'the plan has a rollback step, but updates.capabilities.rollback is false',
          );
          if (capabilities.stageWhileServing) {
            problems.check(
              plan.steps.some((step) => step.phase === 'stage' && step.whileServing),
              'updates.capabilities.stageWhileServing is true but no stage step runs while serving',
            );
          }
        }
        problems.check(
          adapter.updates.verificationKeys.length > 0,
          'updates.verificationKeys is empty: verify must compare something (osImage, kernelVersion, bootID or an annotation)',
        );
        problems.throwIfAny();
      },
    },
    {
      id: 'updates:interpret-detect',
      title: "reads the detect step's output: the adapter's samples, and garbage without an untyped error",
      timeout,
      async run() {
        const problems = new Problems('updates:interpret-detect');
        const adapter = suite.newAdapter();
        const generic: StepOutputV1[] = [
          { exitCode: 0, stdout: '', stderr: '' },
          { exitCode: 1, stdout: '', stderr: 'error: something failed\n' },
          { exitCode: 0, stdout: '\u0000{not: [valid\n', stderr: '' },
        ];
        for (const output of generic) {
          try {
            const result = adapter.updates.interpretDetect(deepFreeze(structuredClone(output)));
            problems.check(
              typeof result.available === 'boolean' && typeof result.rebootRequired === 'boolean',
              `interpretDetect(${JSON.stringify(output)}) returns ${JSON.stringify(result)}, not { available: boolean, rebootRequired: boolean }`,
            );
            problems.check(
              isDeepStrictEqual(adapter.updates.interpretDetect(output), result),
              'interpretDetect() is not pure',
            );
          } catch (error) {
            problems.check(
              KubenodeError.isInstance(error),
              `interpretDetect(${JSON.stringify(output)}) throws an untyped ${describeError(error)}: return a result or throw a KubenodeError`,
            );
          }
        }
        for (const sample of suite.options.probes?.updates?.detect ?? []) {
          try {
            const result = adapter.updates.interpretDetect(deepFreeze(structuredClone(sample.output)));
            for (const [key, value] of Object.entries(sample.expected)) {
              problems.check(
                isDeepStrictEqual((result as unknown as Record<string, unknown>)[key], value),
                `interpretDetect() on sample "${sample.description}": ${key} is ${JSON.stringify((result as unknown as Record<string, unknown>)[key])}, expected ${JSON.stringify(value)}`,
              );
            }
          } catch (error) {
            problems.add(
              `interpretDetect() on sample "${sample.description}" throws ${describeError(error)}`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'updates:verify',
      title: 'refuses an update that did not take effect and accepts the samples that did',
      timeout,
      async run() {
        const problems = new Problems('updates:verify');
        const adapter = suite.newAdapter();
        const { node, target } = sampleNode(suite);
        const unchanged = adapter.updates.verify(
          deepFreeze({
            before: structuredClone(node),
            after: structuredClone(node),
            target: structuredClone(target),
          }),
        );
        problems.check(
          !unchanged.ok,
          'verify() accepts a node that did not change at all (same bootID, osImage and kernel): an update that did not happen must not pass',
        );
        problems.check(
          unchanged.ok || unchanged.reasons.length > 0,
          'verify() rejects without giving a reason',
        );
        for (const sample of suite.options.probes?.updates?.verify ?? []) {
          const result = adapter.updates.verify(
            deepFreeze(
              structuredClone({ before: sample.before, after: sample.after, target: sample.target }),
            ),
          );
          problems.check(
            result.ok === sample.ok,
            `verify() on sample "${sample.description}" says ok: ${result.ok}, expected ${sample.ok} (reasons: ${result.reasons.join('; ') || 'none'})`,
          );
          problems.check(
            result.ok ? result.reasons.length === 0 : result.reasons.length > 0,
            `verify() on sample "${sample.description}" returns ok: ${result.ok} with ${result.reasons.length} reasons`,
          );
        }
        problems.throwIfAny();
      },
    },
  ];
}
