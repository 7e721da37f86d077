import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ExternalToolError, KubenodeError, type BuildPlanV1 } from '@kubenode/core';
import { deepFreeze } from '../../pools/deep-freeze.js';
import { describeError } from '../../text/describe-error.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

function checkPlan(plan: BuildPlanV1, adapterId: string, problems: Problems, where: string): void {
  problems.check(
    plan.distro === adapterId,
    `${where}: plan.distro is '${plan.distro}', expected '${adapterId}'`,
  );
  problems.check(plan.steps.length > 0, `${where}: the plan has no steps`);
  const ids = plan.steps.map((step) => step.id);
  problems.check(
    new Set(ids).size === ids.length && ids.every((id) => typeof id === 'string' && id !== ''),
    `${where}: step ids must be unique and non-empty (${ids.join(', ')})`,
  );
  const tools = plan.requiredTools.map((tool) => tool.name);
  problems.check(new Set(tools).size === tools.length, `${where}: requiredTools lists a tool twice`);
  for (const tool of plan.requiredTools) {
    problems.check(
      tool.name !== '' && tool.purpose.trim() !== '',
      `${where}: required tool ${JSON.stringify(tool)} needs a name and a purpose`,
    );
  }
  for (const step of plan.steps) {
    problems.check(step.description.trim() !== '', `${where}: step '${step.id}' has no description`);
    if (step.tool !== undefined) {
      problems.check(
        tools.includes(step.tool),
        `${where}: step '${step.id}' runs ${step.tool}, which requiredTools does not list`,
      );
    }
  }
  problems.check(plan.outputs.length > 0, `${where}: the plan lists no outputs`);
  for (const output of plan.outputs)
    problems.check(
      output.name !== '' && output.format !== '',
      `${where}: output ${JSON.stringify(output)} needs a name and a format`,
    );
  if (plan.kind === 'recipe')
    problems.check(plan.recipeFiles.length > 0, `${where}: a recipe plan has no recipe files`);
  for (const file of plan.recipeFiles) {
    problems.check(
      !isAbsolute(file.path) && !file.path.split('/').includes('..') && file.path !== '',
      `${where}: recipe file path ${JSON.stringify(file.path)} must be relative, without '..'`,
    );
    problems.check(
      Number.isInteger(file.mode) && file.mode >= 0 && file.mode <= 0o7777,
      `${where}: recipe file ${file.path} has an invalid mode`,
    );
  }
  if (plan.imageId !== undefined)
    problems.check(plan.imageId.trim() !== '', `${where}: plan.imageId is empty`);
}

/** The image builder: a pure, complete plan, and a build that works or names the missing tool. */
export function builderCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  const minimal = suite.pools.find((entry) => entry.id === 'minimal')!;
  return [
    {
      id: 'builder:plan',
      title: 'plans builds purely, listing steps, tools and outputs, for every pool or with a typed refusal',
      timeout: suite.defaultTimeout,
      async run() {
        const problems = new Problems('builder:plan');
        const adapter = suite.newAdapter();
        const pool = deepFreeze(structuredClone(minimal.pool));
        try {
          const plan = adapter.builder.plan(pool);
          problems.check(
            isDeepStrictEqual(adapter.builder.plan(pool), plan),
            'builder.plan() is not pure: two calls differ',
          );
          checkPlan(plan, adapter.id, problems, 'builder.plan(minimal)');
        } catch (error) {
          problems.add(`builder.plan() throws for the minimal pool: ${describeError(error)}`);
        }
        for (const entry of suite.pools) {
          try {
            adapter.builder.plan(deepFreeze(structuredClone(entry.pool)));
          } catch (error) {
            problems.check(
              KubenodeError.isInstance(error),
              () =>
                `builder.plan() throws an untyped error for pool '${entry.id}': ${describeError(error, suite.secretsOf(entry.pool))}`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'builder:build',
      title:
        'builds the plan (artifacts with true sizes and sha256) or throws ExternalToolError naming a required tool',
      timeout: suite.options.timeouts?.build ?? 600_000,
      async run() {
        const problems = new Problems('builder:build');
        const adapter = suite.newAdapter();
        const plan = adapter.builder.plan(deepFreeze(structuredClone(minimal.pool)));
        const workdir = mkdtempSync(join(tmpdir(), 'kubenode-conformance-build-'));
        try {
          const result = await adapter.builder.build(plan, { workdir });
          problems.check(
            result.artifacts.length > 0,
            'build() resolved without artifacts: say what is missing with ExternalToolError instead',
          );
          for (const artifact of result.artifacts) {
            const path = artifact.path;
            if (!isAbsolute(path) || relative(workdir, path).startsWith('..')) {
              problems.add(`build() artifact ${artifact.name} is at ${path}, outside the workdir`);
              continue;
            }
            if (!existsSync(path)) {
              problems.add(`build() artifact ${artifact.name} does not exist at ${path}`);
              continue;
            }
            const stat = statSync(path);
            if (stat.isFile()) {
              problems.check(
                stat.size === artifact.sizeBytes,
                `build() artifact ${artifact.name} says ${artifact.sizeBytes} bytes, the file has ${stat.size}`,
              );
              const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
              problems.check(
                sha256 === artifact.sha256,
                `build() artifact ${artifact.name} says sha256 ${artifact.sha256}, the file's is ${sha256}`,
              );
            }
          }
          for (const note of result.notes)
            problems.check(typeof note === 'string' && note.trim() !== '', 'build() returned an empty note');
        } catch (error) {
          if (ExternalToolError.isInstance(error)) {
            const tools = plan.requiredTools.map((tool) => tool.name);
            problems.check(
              tools.includes(error.tool),
              `build() failed with ExternalToolError for '${error.tool}', which the plan's requiredTools (${tools.join(', ') || 'none'}) does not list`,
            );
            problems.check(
              error.message.includes(error.tool),
              'the ExternalToolError message does not name the tool',
            );
          } else {
            problems.add(
              `build() failed with ${describeError(error)}: a build either works or throws ExternalToolError naming the missing or failing tool`,
            );
          }
        } finally {
          rmSync(workdir, { recursive: true, force: true });
        }
        problems.throwIfAny();
      },
    },
  ];
}
