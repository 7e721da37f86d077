import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerCatalogCompareCommand } from './catalog-compare-command.js';
import { registerCatalogListCommand } from './catalog-list-command.js';
import { registerCatalogRefreshCommand } from './catalog-refresh-command.js';
import { registerCatalogShowCommand } from './catalog-show-command.js';

/** `kubenode catalog list|show|compare|refresh`: image lines, lifecycle, comparison, live feeds. */
export function registerCatalogCommand(program: Command, context: CliContext): void {
  const catalog = program
    .command('catalog')
    .description('image lines, lifecycle, Kubernetes compatibility and a sourced distro comparison');
  registerCatalogListCommand(catalog, context);
  registerCatalogShowCommand(catalog, context);
  registerCatalogCompareCommand(catalog, context);
  registerCatalogRefreshCommand(catalog, context);
  for (const command of catalog.commands) command.exitOverride();
  catalog.exitOverride();
}
