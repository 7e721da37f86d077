import { rmSync, statSync } from 'node:fs';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';
import { runTool } from '../run-tool.js';

/** Options of {@link convertDiskImage}. */
export interface ConvertDiskImageOptions {
  /** A raw disk image. */
  readonly source: string;
  /** The file to write (replaced if it exists). */
  readonly output: string;
  /** Target format. */
  readonly format: 'qcow2' | 'vmdk' | 'vpc';
  /**
   * Compression of qcow2 clusters: `zlib` (readable by every qemu), `zstd` (qemu ≥ 5.1, about 5×
   * faster to write, similar size), or `none`.
   */
  readonly compression?: 'zlib' | 'zstd' | 'none';
  /** Runs qemu-img. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
}

/**
 * Converts a raw disk image with `qemu-img convert` (compressed qcow2 by default). Returns the
 * size of the written file in bytes.
 *
 * @throws {ExternalToolError} when qemu-img (package qemu-utils) is missing or fails.
 */
export async function convertDiskImage(options: ConvertDiskImageOptions): Promise<number> {
  rmSync(options.output, { force: true });
  const compression = options.compression ?? 'zlib';
  const args = ['convert', '-f', 'raw', '-O', options.format];
  if (options.format === 'qcow2') {
    if (compression !== 'none') args.push('-c', '-o', `compression_type=${compression}`);
  } else if (options.format === 'vmdk') {
    args.push('-o', 'subformat=streamOptimized');
  } else args.push('-o', 'subformat=fixed,force_size=on');
  args.push(options.source, options.output);
  await runTool({
    exec: options.exec,
    signal: options.signal,
    tool: buildTool('qemu-img', `convert the disk to ${options.format}`),
    args,
    timeoutMs: 30 * 60_000,
  });
  return statSync(options.output).size;
}
