import type { SimulationEngine } from '@kubenode/rollout';

/** Options of {@link startRealtimeDriver}. */
export interface RealtimeDriverOptions {
  /** Virtual milliseconds per wall-clock millisecond (time compression), e.g. 60. */
  readonly speed: number;
  /** Wall-clock milliseconds between steps (default 5). */
  readonly tickMs?: number;
  /**
   * Most virtual time one step may add (default: 50 wall-clock milliseconds' worth): when the
   * process falls behind (a loaded machine, a GC pause), virtual time slows down instead of
   * jumping, so leases and timeouts never expire because the host was busy. `null` ties virtual
   * time strictly to the wall clock (`epochVirtual + (Date.now() - epochWall) × speed`), which
   * other processes can reproduce with {@link createScaledClock} from {@link RealtimeDriver.epoch}.
   */
  readonly maxStepMs?: number | null;
}

/** A running driver. */
export interface RealtimeDriver {
  /** Virtual time now (ms since the epoch). */
  now(): number;
  /** Where virtual time started, on both clocks (for {@link createScaledClock} in other processes). */
  epoch(): { readonly wallMs: number; readonly virtualMs: number; readonly speed: number };
  /** Stops advancing time; resolves after the current step. */
  stop(): Promise<void>;
}

/**
 * Runs a {@link SimulationEngine} against the wall clock, compressed by `speed`, so code that
 * does real I/O (HTTP clients of the simulated API server, node agents, kubectl, other processes)
 * and code on the engine's clock share one virtual time: each step advances virtual time by the
 * wall-clock time elapsed × `speed` and fires every event due, letting I/O run between instants.
 */
export function startRealtimeDriver(
  engine: SimulationEngine,
  options: RealtimeDriverOptions,
): RealtimeDriver {
  const tick = options.tickMs ?? 5;
  const maxStep = options.maxStepMs === undefined ? options.speed * 50 : options.maxStepMs;
  const epochWall = Date.now();
  const epochVirtual = engine.now;
  let stopped = false;
  let target = engine.now;
  let last = performance.now();
  const loop = (async () => {
    while (!stopped) {
      const wall = performance.now();
      if (maxStep === null) target = epochVirtual + (Date.now() - epochWall) * options.speed;
      else target += Math.min(Math.max(0, wall - last) * options.speed, maxStep);
      last = wall;
      // Keeps the engine's clock moving even when no event is due.
      engine.at(target, () => undefined);
      await engine.run({ untilMs: target });
      await new Promise((resolve) => setTimeout(resolve, tick));
    }
  })();
  return {
    now: () => engine.now,
    epoch: () => ({ wallMs: epochWall, virtualMs: epochVirtual, speed: options.speed }),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
