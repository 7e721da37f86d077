import { describe, expect, it } from 'vitest';
import { SpecValidationError } from '../errors/spec-validation-error.js';
import { poolInput } from '../test-support/fixtures.js';
import { thrownError } from '../test-support/thrown-error.js';
import type { NodePoolInput } from './node-pool-schema.js';
import { parseNodePool, validateNodePool } from './parse-node-pool.js';

const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGjulmFxnvNZtKoNjfQNrxy1M2ybIsBZZPl15cAUz663
-----END PRIVATE KEY-----
`;

const refusal = (input: unknown) => thrownError(() => validateNodePool(input), SpecValidationError);

const paths = (error: SpecValidationError) => error.issues.map((issue) => issue.path.join('.'));

// Regressions found by the hostile-input property tests (@kubenode/fuzz).
describe('hostile input the schema refuses', () => {
  it('refuses NUL anywhere, even where a field takes free text, naming each place and not echoing it', () => {
    const input = poolInput({
      os: {
        files: [{ path: '/etc/a', contents: 'before\u0000after-secret' }],
        units: [{ name: 'a.service', dropins: [{ name: 'x.conf', contents: '[Service]\u0000' }] }],
      },
      adapterOptions: { k3os: { runCmd: ['echo\u0000'] } },
    }) as NodePoolInput;
    input.metadata.annotations = { note: 'a\u0000b' };
    const error = refusal(input);
    expect(paths(error)).toEqual(
      expect.arrayContaining([
        'metadata.annotations.note',
        'spec.os.files.0.contents',
        'spec.os.units.0.dropins.0.contents',
        'spec.adapterOptions.k3os.runCmd.0',
      ]),
    );
    expect(error.message).not.toContain('after-secret');
  });

  it('refuses a NUL written as a YAML escape, with its line', () => {
    const yaml = JSON.stringify(
      poolInput({ os: { files: [{ path: '/etc/a', contents: 'x\u0000y' }] } }),
      null,
      2,
    );
    let error: unknown;
    try {
      parseNodePool(yaml, { source: 'pool.json' });
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    const issue = (error as SpecValidationError).issues.find(
      (candidate) => candidate.code === 'unrepresentable_text',
    );
    expect(issue?.path).toEqual(['spec', 'os', 'files', 0, 'contents']);
    expect(issue?.line).toBeGreaterThan(1);
  });

  it('refuses half a surrogate pair, which has no UTF-8 bytes', () => {
    const error = refusal(poolInput({ os: { files: [{ path: '/etc/a', contents: 'x\ud800y' }] } }));
    expect(paths(error)).toEqual(['spec.os.files.0.contents']);
    expect(() =>
      validateNodePool(poolInput({ os: { files: [{ path: '/etc/a', contents: '🚀 \ud83d\ude00' }] } })),
    ).not.toThrow();
  });

  it('reports a NUL the schema already refuses once', () => {
    const error = refusal(poolInput({ os: { sysctls: { 'vm.x': 'a\u0000' } } }));
    expect(paths(error)).toEqual(['spec.os.sysctls.vm.x']);
  });

  it('refuses a private key file readable by others, by default mode too', () => {
    for (const mode of [undefined, '0644', 0o604, '0777']) {
      const error = refusal(
        poolInput({
          os: {
            files: [{ path: '/etc/tls.key', contents: PRIVATE_KEY, ...(mode === undefined ? {} : { mode }) }],
          },
        }),
      );
      expect(paths(error)).toEqual(['spec.os.files.0.mode']);
      expect(error.message).not.toContain('MC4CAQAw');
    }
    const base64 = Buffer.from(PRIVATE_KEY).toString('base64');
    expect(
      paths(refusal(poolInput({ os: { files: [{ path: '/k', contents: base64, encoding: 'base64' }] } }))),
    ).toEqual(['spec.os.files.0.mode']);
    for (const mode of ['0600', '0640', '0400']) {
      expect(() =>
        validateNodePool(poolInput({ os: { files: [{ path: '/k', contents: PRIVATE_KEY, mode }] } })),
      ).not.toThrow();
    }
  });

  it('refuses kernel arguments with control characters or Unicode line separators', () => {
    for (const arg of ['a\u0001b', 'k=\u0085', 'x\u2028', 'x\u009b', 'a\u007f']) {
      expect(paths(refusal(poolInput({ os: { kernelArgs: [arg] } })))).toEqual(['spec.os.kernelArgs.0']);
    }
    expect(() =>
      validateNodePool(poolInput({ os: { kernelArgs: ['console=ttyS0,115200', 'k=%h', 'é=ü'] } })),
    ).not.toThrow();
  });

  it('refuses kernel module names a command line would read as options', () => {
    for (const module of ['-r', '--remove', '-']) {
      expect(paths(refusal(poolInput({ os: { kernelModules: [module] } })))).toEqual([
        'spec.os.kernelModules.0',
      ]);
    }
    expect(() =>
      validateNodePool(poolInput({ os: { kernelModules: ['br_netfilter', 'dm-crypt', '_x'] } })),
    ).not.toThrow();
  });

  it('refuses proxy and mirror URLs that only the lenient WHATWG parser accepts', () => {
    for (const http of [
      'http://proxy.example/%h',
      'http://proxy.example/{x}',
      'http://proxy.example:3128/a|b',
      'http://u%zz@proxy.example',
    ]) {
      expect(paths(refusal(poolInput({ os: { proxy: { http } } })))).toEqual(['spec.os.proxy.http']);
    }
    for (const mirror of [
      'https://mirror.example/%h',
      'https://mirror.example/^',
      'https://mirror.example/#',
    ]) {
      expect(paths(refusal(poolInput({ runtime: { registryMirrors: { 'docker.io': [mirror] } } })))).toEqual([
        'spec.runtime.registryMirrors.docker.io.0',
      ]);
    }
    expect(() =>
      validateNodePool(
        poolInput({
          os: { proxy: { http: 'http://user:p%40ss@proxy.example:3128/' } },
          runtime: { registryMirrors: { 'docker.io': ['https://mirror.example/a%20b/v2'] } },
        }),
      ),
    ).not.toThrow();
  });
});
