import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;

async function render(adapterModule: string, cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--adapter', adapterModule, 'render', join(examples, 'minimal-pool.yaml'), '--distro', 'x'],
    {
      io: {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        env: {},
        cwd,
        stderrIsTty: false,
      },
      adapters: () => [],
    },
  );
  return { code, stdout, stderr };
}

describe('--adapter', () => {
  it.each([
    [
      'throws when imported',
      'throw new Error("boom at import");\n',
      'the module failed to load: boom at import',
    ],
    ['is not JavaScript', 'this is not( javascript\n', 'the module failed to load: '],
    [
      'exports a factory that throws',
      'export default () => { throw new TypeError("boom in factory"); };\n',
      'the adapter factory failed: boom in factory',
    ],
  ])(
    'names a module that %s as the problem (exit 2), not as a kubenode bug',
    async (_name, source, message) => {
      const dir = mkdtempSync(join(tmpdir(), 'kubenode-adapter-'));
      writeFileSync(join(dir, 'adapter.mjs'), source);
      const result = await render('./adapter.mjs', dir);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain(`error: --adapter ./adapter.mjs: ${message}`);
      expect(result.stderr).not.toMatch(/internal error|bug in kubenode|\n\s+at /);
    },
  );

  it('names a module path that does not exist (exit 2)', async () => {
    const result = await render('./missing.mjs', mkdtempSync(join(tmpdir(), 'kubenode-adapter-')));
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('error: --adapter ./missing.mjs: no such file');
  });
});
