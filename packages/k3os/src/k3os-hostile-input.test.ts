import { SpecValidationError, validateNodePool } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { pyYamlLoad } from '../test/pyyaml.js';
import { createK3os } from './k3os-adapter.js';

const adapter = createK3os();
const base = canonicalPool('minimal', 'k3os');

/** Go's base64.StdEncoding.DecodeString (what k3OS decodes write_files with): padding required, only \r and \n ignored. */
function goBase64(text: string): Buffer | undefined {
  const stripped = text.replace(/[\r\n]/g, '');
  return stripped.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(stripped)
    ? Buffer.from(stripped, 'base64')
    : undefined;
}

// Regressions found by the hostile-input property tests (@kubenode/fuzz).
describe('k3OS and hostile input', () => {
  it('hands k3OS base64 its Go decoder reads, whatever spacing and padding the pool used', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253]);
    const encoded = bytes.toString('base64');
    for (const contents of [
      encoded.replace(/(.{4})/g, '$1 '),
      encoded.replace(/=+$/, ''),
      `${encoded.slice(0, 4)}\n${encoded.slice(4)}`,
    ]) {
      const pool = validateNodePool({
        ...base,
        spec: { ...base.spec, os: { files: [{ path: '/etc/x.bin', contents, encoding: 'base64' }] } },
      });
      const config = pyYamlLoad(adapter.provision(pool).artifacts[0]!.contents) as {
        write_files: { path: string; content: string }[];
      };
      const file = config.write_files.find((entry) => entry.path === '/etc/x.bin')!;
      expect(goBase64(file.content)).toEqual(bytes);
    }
  });

  it('refuses a kubelet configuration path that leaves /etc/rancher', () => {
    const pool = validateNodePool({
      ...base,
      spec: { ...base.spec, adapterOptions: { k3os: { kubeletConfigPath: '/etc/rancher/../passwd.yaml' } } },
    });
    let error: unknown;
    try {
      adapter.provision(pool);
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    expect((error as SpecValidationError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'spec.adapterOptions.k3os.kubeletConfigPath',
    ]);
  });
});
