// Renders per second of the largest Flatcar example against JSON.stringify of the same output,
// measured in one process and reported as a ratio (goal: rendering within 3x of JSON.stringify).
// Run: npm run bench -- flatcar-render
//
// The two are measured in alternating rounds of about 20 ms each; the ratio is that of the median
// times per call (and, as a best case, of the fastest rounds). On a shared, loaded machine a long
// block of one followed by a long block of the other measures the load as much as the code.
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

/**
 * CPU seconds per call of `run` (this process's user + system time, garbage collector threads
 * included), timed over `iterations` calls: other processes on a shared machine do not count.
 */
function secondsPerCall(run: () => unknown, iterations: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 / iterations;
}

/** Iterations of `run` that take about `seconds`. */
function calibrate(run: () => unknown, seconds: number): number {
  for (let iterations = 1; ; iterations *= 2) {
    const perCall = secondsPerCall(run, iterations);
    if (perCall * iterations >= seconds / 4) return Math.max(1, Math.round(seconds / perCall));
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const render = () => adapter.provision(pool);
const stringify = () => JSON.stringify(output);
// Warm up until both run optimised code: V8 compiles the render's many functions over its first
// few thousand calls (on a loaded machine, later still), and those slow calls are not the steady
// state the rate describes.
const warmUpUntil = process.cpuUsage().user + 2e6;
for (let i = 0; i < 2000 || process.cpuUsage().user < warmUpUntil; i++) {
  render();
  stringify();
}
const seconds = Number(process.env.KUBENODE_BENCH_SECONDS ?? 6);
const roundSeconds = 0.02;
const renderIterations = calibrate(render, roundSeconds);
const stringifyIterations = calibrate(stringify, roundSeconds);
const rounds = Math.max(10, Math.round(seconds / (2 * roundSeconds)));
const renderTimes: number[] = [];
const stringifyTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  const r = secondsPerCall(render, renderIterations);
  const s = secondsPerCall(stringify, stringifyIterations);
  renderTimes.push(r);
  stringifyTimes.push(s);
}
const ratio = median(renderTimes) / median(stringifyTimes);
const bestCaseRatio = Math.min(...renderTimes) / Math.min(...stringifyTimes);
const result = {
  name: 'flatcar-render',
  input: 'examples/flatcar-pool.yaml',
  outputBytes: Buffer.byteLength(JSON.stringify(output)),
  rendersPerSecond: Math.round(1 / median(renderTimes)),
  stringifyPerSecond: Math.round(1 / median(stringifyTimes)),
  ratio: Number(ratio.toFixed(2)),
  bestCaseRatio: Number(bestCaseRatio.toFixed(2)),
  rounds,
  goal: 'ratio <= 3',
  goalMet: ratio <= 3,
  node: process.version,
};
console.log(
  `flatcar-render: ${result.rendersPerSecond} renders/s, JSON.stringify ${result.stringifyPerSecond}/s of the same ${result.outputBytes}-byte output: ratio ${result.ratio} (medians of ${rounds} alternating rounds; fastest rounds ${result.bestCaseRatio}; goal <= 3: ${result.goalMet ? 'met' : 'NOT met'})`,
);
const dir = process.env.KUBENODE_BENCH_RESULTS ?? join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'flatcar-render.json'), `${JSON.stringify(result, null, 2)}\n`);
