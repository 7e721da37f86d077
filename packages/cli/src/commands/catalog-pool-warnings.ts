import { checkPoolImage, isCatalogDistro } from '@kubenode/catalog';
import type { NodePool } from '@kubenode/core';
import type { CliContext } from '../cli-context.js';
import { catalogNow, loadCliCatalog } from './catalog-context.js';

/**
 * Warns on stderr when a pool targets an image that is end of life, ends within 90 days, is past
 * regular support, or does not fit `spec.kubernetes.version` (catalog data, `KUBENODE_NOW` for the
 * date). Never changes the exit code: a catalog problem becomes one more warning.
 */
export function warnAboutPoolImage(context: CliContext, pool: NodePool): void {
  try {
    if (!isCatalogDistro(pool.spec.distro)) return;
    const catalog = loadCliCatalog(context, { distros: [pool.spec.distro] });
    for (const warning of checkPoolImage(catalog, pool, { now: catalogNow(context) }))
      context.warn(`${warning.path}: ${warning.message}`);
  } catch (error) {
    context.warn(
      `catalog check skipped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
}
