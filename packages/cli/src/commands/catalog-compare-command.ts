import { CATALOG_DISTROS, compareDistros, isCatalogDistro, renderComparison } from '@kubenode/catalog';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import {
  catalogNow,
  loadCliCatalog,
  withCatalogOptions,
  type CatalogCommandOptions,
} from './catalog-context.js';

interface CompareOptions extends CatalogCommandOptions {
  output: string;
  width: string;
}

const FORMATS = ['table', 'markdown', 'json'] as const;

/**
 * `kubenode catalog compare <distro>...`: the node-OS comparison (image size, security model,
 * read-only root, A/B updates, package manager, SSH by default, init system, container runtime,
 * release cadence, support lifecycle, maintainer) from catalog data, offline. Table cells carry an
 * evidence tag; markdown and json add each cell's sources.
 */
export function registerCatalogCompareCommand(catalogCommand: Command, context: CliContext): void {
  withCatalogOptions(
    catalogCommand
      .command('compare')
      .description('compare node operating systems from sourced catalog data (offline)')
      .argument('[distros...]', `distros to compare (default: all: ${CATALOG_DISTROS.join(' ')})`)
      .option('--output <format>', 'table, markdown or json', 'table')
      .option('--width <columns>', 'width of the text table', '160'),
  ).action((distros: string[], options: CompareOptions) => {
    if (!(FORMATS as readonly string[]).includes(options.output))
      throw new CliUsageError(`--output: expected ${FORMATS.join(', ')}; got '${options.output}'`);
    const width = Number(options.width);
    if (!Number.isInteger(width) || width < 60)
      throw new CliUsageError(`--width: expected a whole number of at least 60; got '${options.width}'`);
    const unknown = distros.filter((distro) => !isCatalogDistro(distro));
    if (unknown.length > 0)
      throw new CliUsageError(
        `unknown distro${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `'${id}'`).join(', ')}; the catalog has ${CATALOG_DISTROS.join(', ')}`,
      );
    const catalog = loadCliCatalog(context, options);
    const comparison = compareDistros(catalog, distros.length > 0 ? [...new Set(distros)] : CATALOG_DISTROS, {
      now: catalogNow(context, options.now),
    });
    context.out(renderComparison(comparison, options.output as (typeof FORMATS)[number], { width }));
  });
}
