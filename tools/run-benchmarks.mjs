#!/usr/bin/env node
// Runs every benchmark in bench/ (or those named on the command line), one after another, each in
// its own Node process with the workspace packages resolved to their sources. Benchmarks report
// ratios measured within one run; they are not tests and never gate CI on time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmarks matched ${wanted.join(' ') || '(all)'} in bench/`);
  process.exit(2);
}
mkdirSync(join(benchDir, 'results'), { recursive: true });
let failed = 0;
for (const file of files) {
  console.error(`\n==> bench/${file}`);
  const run = spawnSync(
    process.execPath,
    ['--conditions=@kubenode/source', '--import', 'tsx', join(benchDir, file)],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KUBENODE_BENCH_RESULTS: join(benchDir, 'results') },
    },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
