/** Options of {@link TokenBucketRateLimiter}. */
export interface TokenBucketOptions {
  /** Sustained requests per second; `Infinity` disables the limit. */
  readonly qps: number;
  /** Requests allowed at once after an idle period (bucket size, ≥ 1). */
  readonly burst: number;
  /** Milliseconds on a monotonic clock (`performance.now` by default). */
  readonly now?: () => number;
  /** Waits `ms`; rejects with the signal's reason when it aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Client-side rate limiting as client-go's `flowcontrol` token bucket: a bucket of `burst` tokens
 * refilled at `qps` per second; every request takes one, waiting its turn (first come, first
 * served) when the bucket is empty. Keeps a controller from flooding the API server when a
 * thousand nodes change at once; the API server's own priority and fairness (429) still applies.
 */
export class TokenBucketRateLimiter {
  private tokens: number;
  private last: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds all callers waited in total. */
  waitedMs = 0;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? defaultSleep;
    this.tokens = Math.max(1, options.burst);
    this.last = this.now();
  }

  /** Takes a token, waiting until one is available; resolves with the milliseconds waited. */
  async acquire(signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const { qps } = this.options;
    if (!Number.isFinite(qps)) return 0;
    const now = this.now();
    this.tokens = Math.min(Math.max(1, this.options.burst), this.tokens + ((now - this.last) * qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    // A reservation: this caller's token arrives after those reserved before it.
    const wait = (-this.tokens * 1000) / qps;
    try {
      await this.sleep(wait, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
    this.waitedMs += wait;
    return wait;
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
