import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@kubenode/cli';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function kubenode(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      cwd: repository,
      env: {},
      stderrIsTty: false,
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    },
  });
  return { code, stdout, stderr };
}

// The CLI loads the built example exactly as a user's third-party adapter: `--adapter <file>`.
describe('kubenode --adapter ./examples/custom-adapter/dist/index.js', () => {
  it('is built (npm run build -w examples/custom-adapter)', () => {
    expect(existsSync(dist), `${dist} is missing: build the example first`).toBe(true);
  });

  it('renders the example pool to an Ignition config', async () => {
    const result = await kubenode([
      '--adapter',
      './examples/custom-adapter/dist/index.js',
      'render',
      'examples/custom-adapter/pool.yaml',
      '-o',
      '-',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).ignition.version).toBe('3.3.0');
  });

  it('writes it to a directory, validates it, and refuses what the adapter declares unsupported', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubenode-example-'));
    try {
      const written = await kubenode([
        '--adapter',
        './examples/custom-adapter/dist/index.js',
        'render',
        'examples/custom-adapter/pool.yaml',
        '-o',
        out,
      ]);
      expect(written.code).toBe(0);
      expect(readFileSync(join(out, 'config.ign'), 'utf8')).toContain('"kubeadm-join.service"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const validated = await kubenode([
      '--adapter',
      './examples/custom-adapter/dist/index.js',
      'validate',
      'examples/custom-adapter/pool.yaml',
    ]);
    expect(validated.code).toBe(0);
    const unknown = await kubenode(['render', 'examples/custom-adapter/pool.yaml', '-o', '-']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no adapter for distro 'example.fcos'");
  });
});
