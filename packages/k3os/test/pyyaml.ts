import { spawnSync } from 'node:child_process';

/**
 * Loads YAML with PyYAML (`yaml.safe_load`, YAML 1.1 like k3OS's Go yaml.v2), as an independent
 * reader of kubenode's output. Fails (never skips) when python3-yaml is missing.
 */
export function pyYamlLoad(text: string): unknown {
  const run = spawnSync(
    'python3',
    [
      '-c',
      'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout, ensure_ascii=False)',
    ],
    { input: text, encoding: 'utf8' },
  );
  if (run.error || run.status !== 0) {
    throw new Error(
      `PyYAML could not read the YAML (install the Debian package python3-yaml): ${run.error?.message ?? run.stderr}`,
    );
  }
  return JSON.parse(run.stdout);
}
