/** The outcome of checking one candidate for admission. */
export type AdmissionVerdict =
  | { readonly admit: true }
  /** Not now: wait under `parkOn` (e.g. `pdb:ns/name`, `zone:a`, `window`) until it is opened. */
  | { readonly admit: false; readonly parkOn: string };

/**
 * A binary min-heap by rank. With `fixed` ranks (an item's rank never changes while it is queued)
 * each item's rank is computed once, on push, and kept beside it; otherwise it is asked for at
 * every comparison.
 */
class RankHeap<T> {
  readonly items: T[] = [];
  /** The items' ranks (same positions), when ranks are fixed. */
  private readonly ranks: number[] = [];

  constructor(
    private readonly rank: (item: T) => number,
    private readonly fixed: boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The rank of the item at `index`. */
  rankAt(index: number): number {
    return this.fixed ? (this.ranks[index] as number) : this.rank(this.items[index] as T);
  }

  push(item: T): void {
    const heap = this.items;
    const ranks = this.ranks;
    heap.push(item);
    const r = this.rank(item);
    if (this.fixed) ranks.push(r);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.rankAt(parent) <= r) break;
      heap[i] = heap[parent] as T;
      if (this.fixed) ranks[i] = ranks[parent] as number;
      i = parent;
    }
    heap[i] = item;
    if (this.fixed) ranks[i] = r;
  }

  pop(): T | undefined {
    const heap = this.items;
    const top = heap[0];
    const last = heap.pop();
    const lastRank = this.fixed ? this.ranks.pop() : undefined;
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      if (this.fixed) this.ranks[0] = lastRank as number;
      this.siftDown(0);
    }
    return top;
  }

  remove(match: (item: T) => boolean): boolean {
    const index = this.items.findIndex(match);
    if (index < 0) return false;
    const last = this.items.pop() as T;
    const lastRank = this.fixed ? this.ranks.pop() : undefined;
    if (index < this.items.length) {
      this.items[index] = last;
      if (this.fixed) this.ranks[index] = lastRank as number;
      for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    return true;
  }

  private siftDown(start: number): void {
    const heap = this.items;
    const ranks = this.ranks;
    const n = heap.length;
    let i = start;
    const item = heap[i] as T;
    const r = this.rankAt(i);
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.rankAt(right) < this.rankAt(left) ? right : left;
      if (this.rankAt(child) >= r) break;
      heap[i] = heap[child] as T;
      if (this.fixed) ranks[i] = ranks[child] as number;
      i = child;
    }
    heap[i] = item;
    if (this.fixed) ranks[i] = r;
  }
}

/**
 * Candidates in priority order (lowest rank first) with wait lists: a candidate that cannot start
 * now waits under the constraint that stopped it (a PodDisruptionBudget, a zone's capacity, the
 * maintenance window). Opening a wait list does not move anything: the next selection considers
 * the list's best candidate beside the queue's, and closes the list again as soon as a candidate
 * from it is stopped by the same constraint. So each selection examines a handful of nodes even
 * when thousands wait on one budget. Used by the executor and the planner's prediction alike.
 */
export class CandidateQueue<T> {
  private readonly queue: RankHeap<T>;
  private readonly lists = new Map<string, RankHeap<T>>();
  private readonly opened = new Set<string>();
  private readonly where = new Map<string, string | null>();

  private readonly fixedRanks: boolean;

  /**
   * @param rank - an item's priority, lowest first.
   * @param key - an item's identity.
   * @param options - `fixedRanks`: an item's rank never changes once it is pushed, so it is
   *   computed once per push rather than at every comparison (same order, less work).
   */
  constructor(
    private readonly rank: (item: T) => number,
    private readonly key: (item: T) => string,
    options: { readonly fixedRanks?: boolean } = {},
  ) {
    this.fixedRanks = options.fixedRanks ?? false;
    this.queue = new RankHeap(rank, this.fixedRanks);
  }

  /** Queued plus waiting candidates. */
  get size(): number {
    return this.where.size;
  }

  /** Candidates in the queue (not waiting). */
  get queued(): number {
    return this.queue.size;
  }

  /** Whether the candidate is queued or waiting. */
  has(key: string): boolean {
    return this.where.has(key);
  }

  /** Wait-list keys with at least one candidate. */
  parkingKeys(): string[] {
    return [...this.lists.keys()];
  }

  /** Number of candidates waiting under `parkOn`. */
  parkedUnder(parkOn: string): number {
    return this.lists.get(parkOn)?.size ?? 0;
  }

  /** Adds a candidate to the queue (no-op when present). */
  push(item: T): void {
    const key = this.key(item);
    if (this.where.has(key)) return;
    this.where.set(key, null);
    this.queue.push(item);
  }

  /** Removes a candidate wherever it is. */
  remove(key: string): void {
    const at = this.where.get(key);
    if (at === undefined) return;
    this.where.delete(key);
    const match = (item: T) => this.key(item) === key;
    if (at === null) this.queue.remove(match);
    else {
      const list = this.lists.get(at);
      list?.remove(match);
      if (list?.size === 0) {
        this.lists.delete(at);
        this.opened.delete(at);
      }
    }
  }

  /** Lets the next selections consider candidates waiting under `parkOn`. */
  open(parkOn: string): void {
    if (this.lists.has(parkOn)) this.opened.add(parkOn);
  }

  /** Opens every wait list the predicate selects. */
  openWhere(predicate: (parkOn: string) => boolean): void {
    for (const key of this.lists.keys()) if (predicate(key)) this.opened.add(key);
  }

  /** Moves every candidate waiting under `parkOn` back to the queue. */
  release(parkOn: string): void {
    const list = this.lists.get(parkOn);
    if (!list) return;
    this.lists.delete(parkOn);
    this.opened.delete(parkOn);
    for (const item of list.items) {
      this.where.set(this.key(item), null);
      this.queue.push(item);
    }
  }

  /**
   * Takes candidates in rank order (from the queue and the open wait lists) while `limit` allows,
   * admitting those `check` accepts and moving the others to the wait list it names. `check` may
   * change state that later checks see.
   */
  select(limit: number, check: (item: T) => AdmissionVerdict): T[] {
    const admitted: T[] = [];
    while (admitted.length < limit) {
      let source: string | null | undefined;
      let best: T | undefined = this.queue.peek();
      let bestRank = best === undefined ? Number.POSITIVE_INFINITY : this.queue.rankAt(0);
      if (best !== undefined) source = null;
      // Usually no list is open: skip building an iterator for nothing.
      if (this.opened.size > 0)
        for (const key of this.opened) {
          const list = this.lists.get(key);
          const top = list?.peek();
          if (list === undefined || top === undefined) {
            this.opened.delete(key);
            continue;
          }
          const r = list.rankAt(0);
          if (r < bestRank) {
            best = top;
            bestRank = r;
            source = key;
          }
        }
      if (best === undefined || source === undefined) break;
      if (source === null) this.queue.pop();
      else {
        const list = this.lists.get(source) as RankHeap<T>;
        list.pop();
        if (list.size === 0) {
          this.lists.delete(source);
          this.opened.delete(source);
        }
      }
      const key = this.key(best);
      const verdict = check(best);
      if (verdict.admit) {
        this.where.delete(key);
        admitted.push(best);
        continue;
      }
      this.where.set(key, verdict.parkOn);
      let list = this.lists.get(verdict.parkOn);
      if (!list) {
        list = new RankHeap(this.rank, this.fixedRanks);
        this.lists.set(verdict.parkOn, list);
      }
      list.push(best);
      // Stopped by the very constraint its list was opened for: that constraint is not open.
      if (source !== null && verdict.parkOn === source) this.opened.delete(source);
    }
    return admitted;
  }
}
