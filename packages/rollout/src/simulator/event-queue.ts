/** A scheduled simulator event. */
export interface ScheduledEvent {
  /** When it fires, in virtual milliseconds since the epoch. */
  readonly time: number;
  /** Scheduling order: among events at the same time, the lower fires first. */
  readonly seq: number;
  /** Set to skip the event when its time comes (cancellation is lazy: it stays in the heap). */
  cancelled: boolean;
  /** What runs at `time`. */
  readonly fire: () => void;
}

/** A binary min-heap of events ordered by (time, sequence): ties fire in scheduling order. */
export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;

  /** Number of events queued (cancelled ones included until they surface). */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `fire` at `time`. */
  push(time: number, fire: () => void): ScheduledEvent {
    const event: ScheduledEvent = { time, seq: this.seq++, cancelled: false, fire };
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent] as ScheduledEvent)) break;
      heap[i] = heap[parent] as ScheduledEvent;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** The earliest live event's time, dropping cancelled events on top. */
  peekTime(): number | undefined {
    while (this.heap.length > 0 && (this.heap[0] as ScheduledEvent).cancelled) this.pop();
    return this.heap[0]?.time;
  }

  /** Removes and returns the earliest event. */
  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child =
          right < n && before(heap[right] as ScheduledEvent, heap[left] as ScheduledEvent) ? right : left;
        if (!before(heap[child] as ScheduledEvent, last)) break;
        heap[i] = heap[child] as ScheduledEvent;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
