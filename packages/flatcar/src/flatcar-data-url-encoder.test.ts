import { readFileSync } from 'node:fs';
import { parseNodePool, type NodePool } from '@kubenode/core';
import { TEST_PRIVATE_KEY } from '@kubenode/testkit';
import { createMemoizedDataUrlEncoder, encodeDataUrl, type DataUrlEncoder } from 'ignition-config-ts';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';
import { provisionFlatcar } from './flatcar-provision.js';

const EXAMPLE = parseNodePool(
  readFileSync(new URL('../../../examples/flatcar-pool.yaml', import.meta.url), 'utf8'),
  {
    source: 'flatcar-pool.yaml',
  },
);

function withKeyFile(pool: NodePool): NodePool {
  const files = [
    ...pool.spec.os.files,
    { path: '/etc/ssl/private/node.key', contents: TEST_PRIVATE_KEY, mode: 0o600 },
  ];
  return parseNodePool(JSON.stringify({ ...pool, spec: { ...pool.spec, os: { ...pool.spec.os, files } } }), {
    source: 'with-key.yaml',
  });
}

describe('the data URL encoder of the Flatcar adapter', () => {
  it('never sees secrets: the JoinConfiguration and files with private keys bypass it', () => {
    const adapter = createFlatcar();
    const seen: string[] = [];
    const memory = createMemoizedDataUrlEncoder();
    const recording: DataUrlEncoder = (contents, encoding, options) => {
      seen.push(typeof contents === 'string' ? contents : Buffer.from(contents).toString('utf8'));
      return memory(contents, encoding, options);
    };
    const pool = withKeyFile(EXAMPLE);
    const withEncoder = provisionFlatcar({ ...adapter, dataUrlEncoder: recording }, pool);
    const without = provisionFlatcar({ ...adapter, dataUrlEncoder: encodeDataUrl }, pool);
    expect(withEncoder).toEqual(without);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((text) => text.includes('-----BEGIN CERTIFICATE-----'))).toBe(true);
    for (const text of seen) {
      expect(text).not.toContain(pool.spec.kubernetes.bootstrapToken);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('gives the same config on every render of the same pool, remembered or not', () => {
    const adapter = createFlatcar();
    const first = adapter.provision(EXAMPLE).artifacts[0]!.contents;
    for (let i = 0; i < 3; i++) expect(adapter.provision(EXAMPLE).artifacts[0]!.contents).toBe(first);
    expect(createFlatcar().provision(EXAMPLE).artifacts[0]!.contents).toBe(first);
  });
});
