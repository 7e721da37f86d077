import { readFileSync } from 'node:fs';
import { parseNodePool, validateNodePool, type NodePool } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { cloudInitSchema } from '../test/support/upstream-tools.js';
import { createGardenLinux } from './index.js';

const example = parseNodePool(
  readFileSync(new URL('../../../examples/gardenlinux-pool.yaml', import.meta.url), 'utf8'),
  { source: 'gardenlinux-pool.yaml' },
);

function standalone(pool: NodePool): NodePool {
  return validateNodePool({
    ...pool,
    spec: {
      ...pool.spec,
      adapterOptions: { gardenlinux: { mode: 'standalone', flavor: 'openstack-gardener_prod_usi' } },
    },
  });
}

/** Artifacts, then warnings: what a reviewer needs to see of a render. */
function rendered(pool: NodePool): string {
  const result = createGardenLinux().provision(pool);
  return [
    ...result.artifacts.map((artifact) => `@@ ${artifact.name} (${artifact.role})\n${artifact.contents}`),
    ...result.warnings.map(
      (warning) => `@@ warning ${warning.code} ${warning.path ?? ''}\n${warning.message}\n`,
    ),
  ].join('');
}

describe('golden output of examples/gardenlinux-pool.yaml (refresh with vitest -u after a reviewed change)', () => {
  it('under Gardener: OperatingSystemConfig and Shoot patch', async () => {
    await expect(rendered(example)).toMatchFileSnapshot('../golden/gardenlinux-pool.gardener.txt');
  });

  it('standalone on openstack-gardener_prod_usi: #cloud-config accepted by cloud-init', async () => {
    const text = rendered(standalone(example));
    await expect(text).toMatchFileSnapshot('../golden/gardenlinux-pool.standalone.txt');
    const userData = createGardenLinux().provision(standalone(example)).artifacts[0]!.contents;
    expect(cloudInitSchema(userData).status).toBe(0);
  });

  it('the image recipe (kubenode build)', async () => {
    const plan = createGardenLinux().builder.plan(standalone(example));
    const text = plan.recipeFiles
      .map((file) => `@@ ${file.path} (${file.mode.toString(8).padStart(4, '0')})\n${file.contents}`)
      .join('');
    await expect(text).toMatchFileSnapshot('../golden/gardenlinux-pool.recipe.txt');
  });
});
