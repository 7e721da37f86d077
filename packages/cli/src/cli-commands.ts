import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { registerAgentCommand } from './commands/agent-command.js';
import { registerBuildCommand } from './commands/build-command.js';
import { registerCatalogCommand } from './commands/catalog-command.js';
import { registerControllerCommand } from './commands/controller-command.js';
import { registerManifestsCommand } from './commands/manifests-command.js';
import { registerRenderCommand } from './commands/render-command.js';
import { registerRolloutCommand } from './commands/rollout-command.js';
import { registerSchemaCommand } from './commands/schema-command.js';
import { registerValidateCommand } from './commands/validate-command.js';

/** Every `kubenode` command, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly ((program: Command, context: CliContext) => void)[] = [
  registerRenderCommand,
  registerValidateCommand,
  registerSchemaCommand,
  registerBuildCommand,
  registerCatalogCommand,
  registerRolloutCommand,
  registerControllerCommand,
  registerManifestsCommand,
  registerAgentCommand,
];
