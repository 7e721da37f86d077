import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerRolloutPlanCommand } from './rollout-plan-command.js';
import { registerRolloutRunCommand } from './rollout-run-command.js';
import { registerRolloutSimulateCommand } from './rollout-simulate-command.js';

/**
 * `kubenode rollout plan|simulate|run`: plan a pool update, simulate one on a generated cluster
 * (against emulations of other tools), or run one on a cluster (`run` comes from @kubenode/kubernetes).
 */
export function registerRolloutCommand(program: Command, context: CliContext): void {
  const rollout = program
    .command('rollout')
    .description(
      'plan a pool update (lower bound, predicted makespan), simulate one against other tools, or run one on a cluster',
    );
  registerRolloutPlanCommand(rollout, context);
  registerRolloutSimulateCommand(rollout, context);
  registerRolloutRunCommand(rollout, context);
  for (const command of rollout.commands) command.exitOverride();
  rollout.exitOverride();
}
