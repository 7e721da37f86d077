import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

const BLOCK = 1024 * 1024;
const ZERO = Buffer.alloc(BLOCK);

/**
 * Copies a file into another at a byte offset, like `dd conv=notrunc,sparse`: all-zero 1 MiB
 * blocks are skipped, so a sparse partition image stays sparse inside the disk image.
 */
export function copyIntoImage(source: string, target: string, offsetBytes: number): void {
  const input = openSync(source, 'r');
  const output = openSync(target, 'r+');
  try {
    const size = fstatSync(input).size;
    const buffer = Buffer.alloc(BLOCK);
    for (let position = 0; position < size; position += BLOCK) {
      const length = readSync(input, buffer, 0, Math.min(BLOCK, size - position), position);
      const chunk = buffer.subarray(0, length);
      if (!chunk.equals(ZERO.subarray(0, length)))
        writeSync(output, chunk, 0, length, offsetBytes + position);
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}
