import { readFileSync } from 'node:fs';
import { parseNodePool } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { cloudInitSchema } from '../test/support/cloud-init-schema.js';
import { createUbuntu } from './ubuntu-adapter.js';

const adapter = createUbuntu();

describe('golden output (refresh with vitest -u after a reviewed change)', () => {
  it.each(['minimal', 'labels-taints', 'files-units', 'network', 'hostile-strings'])(
    'canonical %s',
    async (id) => {
      await expect(adapter.provision(canonicalPool(id, 'ubuntu')).artifacts[0]!.contents).toMatchFileSnapshot(
        `../golden/${id}.cloud-config`,
      );
    },
  );

  it('examples/ubuntu-pool.yaml', async () => {
    const pool = parseNodePool(
      readFileSync(new URL('../../../examples/ubuntu-pool.yaml', import.meta.url), 'utf8'),
      {
        source: 'ubuntu-pool.yaml',
      },
    );
    const text = adapter.provision(pool).artifacts[0]!.contents;
    expect(cloudInitSchema(text).status).toBe(0);
    await expect(text).toMatchFileSnapshot('../golden/ubuntu-pool.cloud-config');
  });
});
