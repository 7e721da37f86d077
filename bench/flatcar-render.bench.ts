// Renders per second of the largest Flatcar example against JSON.stringify of the same output,
// measured in one process and reported as a ratio (goal: rendering within 3x of JSON.stringify).
// Run: npm run bench -- flatcar-render
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The sources are run directly (no build), so provide what tsup would inject.
(globalThis as { __PACKAGE_VERSION__?: string }).__PACKAGE_VERSION__ ??= '0.0.0-bench';
const { parseNodePool } = await import('@kubenode/core');
const { createFlatcar } = await import('@kubenode/flatcar');

const root = new URL('..', import.meta.url).pathname;
const pool = parseNodePool(readFileSync(join(root, 'examples/flatcar-pool.yaml'), 'utf8'), {
  source: 'flatcar-pool.yaml',
});
const adapter = createFlatcar();
const output = JSON.parse(adapter.provision(pool).artifacts[0]!.contents) as unknown;

function rate(run: () => unknown, seconds: number): { perSecond: number; iterations: number } {
  for (let i = 0; i < 50; i++) run(); // warm-up
  let iterations = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 20; i++) run();
    iterations += 20;
    elapsed = process.hrtime.bigint() - start;
  }
  return { perSecond: iterations / (Number(elapsed) / 1e9), iterations };
}

const seconds = Number(process.env.KUBENODE_BENCH_SECONDS ?? 3);
const render = rate(() => adapter.provision(pool), seconds);
const stringify = rate(() => JSON.stringify(output), seconds);
const ratio = stringify.perSecond / render.perSecond;
const result = {
  name: 'flatcar-render',
  input: 'examples/flatcar-pool.yaml',
  outputBytes: Buffer.byteLength(JSON.stringify(output)),
  rendersPerSecond: Math.round(render.perSecond),
  stringifyPerSecond: Math.round(stringify.perSecond),
  ratio: Number(ratio.toFixed(2)),
  goal: 'ratio <= 3',
  goalMet: ratio <= 3,
  node: process.version,
};
console.log(
  `flatcar-render: ${result.rendersPerSecond} renders/s, JSON.stringify ${result.stringifyPerSecond}/s of the same ${result.outputBytes}-byte output: ratio ${result.ratio} (goal <= 3: ${result.goalMet ? 'met' : 'NOT met'})`,
);
const dir = process.env.KUBENODE_BENCH_RESULTS ?? join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'flatcar-render.json'), `${JSON.stringify(result, null, 2)}\n`);
