import { readFileSync } from 'node:fs';
import { parseNodePool } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { cloudInitSchema } from '../test/support/cloud-init-schema.js';
import { createDebian } from './debian-adapter.js';

const adapter = createDebian();

describe('golden output (refresh with vitest -u after a reviewed change)', () => {
  it.each(['minimal', 'labels-taints', 'files-units', 'kernel', 'hostile-strings'])(
    'canonical %s',
    async (id) => {
      await expect(adapter.provision(canonicalPool(id, 'debian')).artifacts[0]!.contents).toMatchFileSnapshot(
        `../golden/${id}.cloud-config`,
      );
    },
  );

  it('examples/debian-pool.yaml', async () => {
    const pool = parseNodePool(
      readFileSync(new URL('../../../examples/debian-pool.yaml', import.meta.url), 'utf8'),
      {
        source: 'debian-pool.yaml',
      },
    );
    const text = adapter.provision(pool).artifacts[0]!.contents;
    expect(cloudInitSchema(text).status).toBe(0);
    await expect(text).toMatchFileSnapshot('../golden/debian-pool.cloud-config');
  });
});
