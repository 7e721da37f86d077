// Builds the bootable Debian node disk (cloud-init, containerd, runc, CNI plugins, the cloud
// kernel; kubelet/kubeadm when pkgs.k8s.io answers) for examples/debian-pool.yaml without the
// pool's own extra packages (spec.os.packages: the goal is about the node disk itself; the example
// adds jq and nfs-common, about 4 MB more) with the default settings, and reports the compressed qcow2 size (goal <= 200 MB; general-purpose node images are
// commonly 500-600 MB) and the build time, split by step. The qcow2 is written with the builder's
// default, zlib (readable by every qemu-img); the same raw disk converted with zstd (qemu >= 5.1)
// is reported beside it. Needs root and the packages in tools/ci/apt-packages.d/image-build.txt.
// Run: npm run bench -- debian-image
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The sources are run directly (no build), so provide what tsup would inject.
(globalThis as { __PACKAGE_VERSION__?: string }).__PACKAGE_VERSION__ ??= '0.0.0-bench';
const { convertDiskImage, nodeExec, parseNodePool } = await import('@kubenode/core');
const { createDebianImageBuilder } = await import('@kubenode/debian');

const root = new URL('..', import.meta.url).pathname;
const example = parseNodePool(readFileSync(join(root, 'examples/debian-pool.yaml'), 'utf8'), {
  source: 'debian-pool.yaml',
});
const pool = { ...example, spec: { ...example.spec, os: { ...example.spec.os, packages: [] } } };
const scratchDir = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : tmpdir();
const builder = createDebianImageBuilder({
  outputs: ['raw', 'qcow2'],
  scratchDir,
  // Shared with the boot test within one run on one machine; never across machines.
  aptCacheDir: join(tmpdir(), 'kubenode-apt-cache'),
});
const plan = builder.plan(pool);
const out = mkdtempSync(join(tmpdir(), 'kubenode-bench-debian-'));
const steps: Record<string, number> = {};
const started = new Map<string, number>();
const t0 = Date.now();
const result = await builder.build(plan, {
  workdir: out,
  onProgress: (event) => {
    if (event.state === 'started') started.set(event.step, Date.now());
    else steps[event.step] = (Date.now() - (started.get(event.step) ?? Date.now())) / 1000;
  },
});
const buildSeconds = (Date.now() - t0) / 1000;
const qcow2 = result.artifacts.find((artifact) => artifact.name.endsWith('.qcow2'))!;
const raw = result.artifacts.find((artifact) => artifact.name.endsWith('.raw'))!;
const zstdStarted = Date.now();
const zstdBytes = await convertDiskImage({
  source: raw.path,
  output: join(out, 'zstd.qcow2'),
  format: 'qcow2',
  compression: 'zstd',
  exec: nodeExec,
});
const zstdSeconds = (Date.now() - zstdStarted) / 1000;
const rootfs = result.measurements?.find((measurement) => measurement.measure === 'uncompressed rootfs');
const bom = JSON.parse(
  readFileSync(result.artifacts.find((artifact) => artifact.name.endsWith('.cdx.json'))!.path, 'utf8'),
) as { components: unknown[] };
const mb = (bytes: number) => Number((bytes / 1e6).toFixed(1));
const output = {
  name: 'debian-image',
  input: 'examples/debian-pool.yaml without spec.os.packages',
  imageId: plan.imageId,
  qcow2Compression: 'zlib',
  compressedQcow2MB: mb(qcow2.sizeBytes),
  compressedQcow2ZstdMB: mb(zstdBytes),
  zstdConvertSeconds: Number(zstdSeconds.toFixed(1)),
  rawDiskMB: mb(raw.sizeBytes),
  uncompressedRootfsMB: rootfs ? mb(rootfs.bytes) : null,
  packages: bom.components.length,
  buildSeconds: Number(buildSeconds.toFixed(1)),
  stepSeconds: Object.fromEntries(Object.entries(steps).map(([step, s]) => [step, Number(s.toFixed(1))])),
  qcow2ToRawRatio: Number((qcow2.sizeBytes / raw.sizeBytes).toFixed(3)),
  notes: result.notes,
  goal: 'compressed qcow2 <= 200 MB',
  goalMet: qcow2.sizeBytes <= 200e6,
  node: process.version,
};
console.log(
  `debian-image: compressed qcow2 ${output.compressedQcow2MB} MB (zlib; goal <= 200 MB: ${output.goalMet ? 'met' : 'NOT met'}; zstd ${output.compressedQcow2ZstdMB} MB in ${output.zstdConvertSeconds} s), ` +
    `raw disk ${output.rawDiskMB} MB, uncompressed rootfs ${output.uncompressedRootfsMB} MB, ${output.packages} packages, ` +
    `built in ${output.buildSeconds} s (${Object.entries(output.stepSeconds)
      .map(([step, s]) => `${step} ${s}s`)
      .join(', ')})`,
);
for (const note of result.notes) console.log(`  note: ${note}`);
const resultsDir = process.env.KUBENODE_BENCH_RESULTS ?? join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'debian-image.json'), `${JSON.stringify(output, null, 2)}\n`);
rmSync(out, { recursive: true, force: true });
