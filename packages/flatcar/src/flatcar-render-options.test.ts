import { readFileSync } from 'node:fs';
import { parseNodePool, SpecValidationError, type NodePool } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';
import { flatcarAdapterOptionsSchema } from './flatcar-adapter-options.js';
import { flatcarOptionsOf, rememberFlatcarOptions } from './flatcar-render-options.js';

const EXAMPLE = parseNodePool(
  readFileSync(new URL('../../../examples/flatcar-pool.yaml', import.meta.url), 'utf8'),
  {
    source: 'flatcar-pool.yaml',
  },
);

function withOptions(options: Record<string, unknown>): NodePool {
  return { ...EXAMPLE, spec: { ...EXAMPLE.spec, adapterOptions: { flatcar: options } } };
}

describe('options parsed once per render', () => {
  it('are read back only for the render pool object they were remembered for, and only for that adapter id', () => {
    const renderPool = withOptions({ containerdVersion: '2.0' });
    const remembered = flatcarAdapterOptionsSchema.parse({ containerdVersion: '1.6' });
    rememberFlatcarOptions(renderPool, 'flatcar', remembered);
    expect(flatcarOptionsOf(renderPool, 'flatcar')).toBe(remembered);
    // Another object with the same contents, or another adapter id, is parsed.
    expect(flatcarOptionsOf(withOptions({ containerdVersion: '2.0' }), 'flatcar').containerdVersion).toBe(
      '2.0',
    );
    expect(flatcarOptionsOf(renderPool, 'flatcar-fork').containerdVersion).toBe('1.7');
  });

  it('are still validated when the runtime and the update strategy are called on their own', () => {
    const adapter = createFlatcar();
    const invalid = withOptions({ containerdVersion: 'three' });
    expect(() => adapter.runtime.render(invalid)).toThrow(SpecValidationError);
    expect(() => adapter.updates.nodeConfiguration(invalid)).toThrow(SpecValidationError);
    expect(() => adapter.provision(invalid)).toThrow(SpecValidationError);
  });

  it('give the same output as parsing in each part', () => {
    const adapter = createFlatcar();
    const pool = withOptions({ containerdVersion: '2.0', updateGroup: 'beta-nodes' });
    const config = adapter.provision(pool).artifacts[0]!.contents;
    const runtime = adapter.runtime.render(pool).files.find((f) => f.path === '/etc/containerd/config.toml')!;
    expect(runtime.contents).toMatch(/^version = 3/m);
    expect(config).toContain(encodeURIComponent('GROUP=beta-nodes'));
    expect(config).toContain(encodeURIComponent('version = 3'));
  });
});
