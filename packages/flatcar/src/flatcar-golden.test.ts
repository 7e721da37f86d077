import { readFileSync } from 'node:fs';
import { parseNodePool } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { serializeIgnitionConfig, parseIgnitionConfig } from 'ignition-config-ts';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';

const adapter = createFlatcar();

/** Goldens are pretty-printed so reviews show what changed; the artifact itself is compact. */
const pretty = (json: string) =>
  `${serializeIgnitionConfig(parseIgnitionConfig(json).config, { pretty: true })}\n`;

describe('golden output (refresh with vitest -u after a reviewed change)', () => {
  it.each(['minimal', 'labels-taints', 'files-units', 'network', 'hostile-strings'])(
    'canonical %s',
    async (id) => {
      await expect(
        pretty(adapter.provision(canonicalPool(id, 'flatcar')).artifacts[0]!.contents),
      ).toMatchFileSnapshot(`../golden/${id}.ign`);
    },
  );

  it('examples/flatcar-pool.yaml', async () => {
    const pool = parseNodePool(
      readFileSync(new URL('../../../examples/flatcar-pool.yaml', import.meta.url), 'utf8'),
      { source: 'flatcar-pool.yaml' },
    );
    await expect(pretty(adapter.provision(pool).artifacts[0]!.contents)).toMatchFileSnapshot(
      '../golden/flatcar-pool.ign',
    );
  });
});
