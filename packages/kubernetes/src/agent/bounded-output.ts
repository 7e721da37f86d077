/**
 * Collects a stream's output up to `maxBytes`, keeping the first quarter and the last three
 * quarters (the end of a failing command's output usually says why) and noting what was left out.
 */
export class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(maxBytes: number) {
    this.headLimit = Math.floor(maxBytes / 4);
    this.tailLimit = maxBytes - this.headLimit;
  }

  /** Appends a chunk. */
  push(chunk: Buffer): void {
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const take = rest.subarray(0, this.headLimit - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      rest = rest.subarray(take.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    if (this.tailBytes > this.tailLimit * 2) this.compact();
  }

  /** Whether anything was left out. */
  get truncated(): boolean {
    this.compact();
    return this.dropped > 0;
  }

  /**
   * The collected text (UTF-8). Output within the limit is returned whole; beyond it, a character
   * cut where bytes were left out shows as U+FFFD.
   */
  text(): string {
    this.compact();
    // Decoded in one piece when nothing was left out: a character may straddle head and tail.
    if (this.dropped === 0) return Buffer.concat([...this.head, ...this.tail]).toString('utf8');
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return `${head}\n[… ${this.dropped} bytes left out …]\n${tail}`;
  }

  private compact(): void {
    if (this.tailBytes <= this.tailLimit) return;
    const all = Buffer.concat(this.tail);
    const excess = all.length - this.tailLimit;
    this.dropped += excess;
    this.tail = [all.subarray(excess)];
    this.tailBytes = this.tailLimit;
  }
}
