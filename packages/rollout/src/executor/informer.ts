import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sObjectMeta } from '../kubernetes/kubernetes-objects.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type {
  ClusterClientV1,
  ListOptionsV1,
  ResourceKindV1,
  ResourceTypesV1,
} from '../ports/cluster-client-v1.js';

/** A change the informer applied to its cache. */
export type InformerChange<T> =
  | { readonly type: 'ADDED'; readonly object: T }
  | { readonly type: 'MODIFIED'; readonly object: T; readonly previous: T }
  | { readonly type: 'DELETED'; readonly object: T };

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(metadata: K8sObjectMeta): string {
  return metadata.namespace === undefined ? metadata.name : `${metadata.namespace}/${metadata.name}`;
}

/**
 * A list-and-watch cache of one kind, like client-go's reflector: lists, watches from the list's
 * resourceVersion, re-watches from the last version seen when the server closes the watch,
 * relists (reporting the difference) on 410 Expired, and backs off on errors, which it reports
 * to `log` (a list or watch the API refuses, e.g. 403 while RBAC is missing, is retried forever,
 * and would otherwise go unnoticed). `onChange` sees every change in order.
 */
export class Informer<K extends ResourceKindV1> {
  private readonly items = new Map<string, ResourceTypesV1[K]>();
  private resourceVersion = '';
  private running: Promise<void> | undefined;
  /** Lists done (1 + relists after 410 or errors). */
  lists = 0;

  constructor(
    private readonly client: ClusterClientV1,
    private readonly kind: K,
    private readonly options: ListOptionsV1,
    private readonly clock: ClockV1,
    /** Called with each change and the object's key (`objectKey`). */
    private readonly onChange: (change: InformerChange<ResourceTypesV1[K]>, key: string) => void,
    /** Told of each failed list or watch and when it is retried (nothing by default). */
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** What the informer caches, e.g. `Pod` or `Node (kubenode.dev/pool=workers)`. */
  private describe(): string {
    const scope = this.options.namespace !== undefined ? ` in ${this.options.namespace}` : '';
    const selectors = [this.options.labelSelector, this.options.fieldSelector].filter(Boolean);
    return `${this.kind}${scope}${selectors.length > 0 ? ` (${selectors.join(', ')})` : ''}`;
  }

  /** The cached object with this key. */
  get(key: string): ResourceTypesV1[K] | undefined {
    return this.items.get(key);
  }

  /** All cached objects. */
  values(): IterableIterator<ResourceTypesV1[K]> {
    return this.items.values();
  }

  /** Number of cached objects. */
  get size(): number {
    return this.items.size;
  }

  /** Lists once (the cache is then synced) and keeps watching in the background until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await this.relist(signal);
    this.running = this.loop(signal).catch(() => undefined);
  }

  /** Resolves when the background loop has ended (after the signal aborted). */
  async stopped(): Promise<void> {
    await this.running;
  }

  private async relist(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    for (;;) {
      signal.throwIfAborted();
      try {
        const list = await this.client.list(this.kind, this.options);
        this.lists++;
        signal.throwIfAborted();
        const seen = new Set<string>();
        for (const object of list.items) {
          const key = objectKey(object.metadata);
          seen.add(key);
          const previous = this.items.get(key);
          this.items.set(key, object);
          if (!previous) this.onChange({ type: 'ADDED', object }, key);
          else if (previous.metadata.resourceVersion !== object.metadata.resourceVersion)
            this.onChange({ type: 'MODIFIED', object, previous }, key);
        }
        for (const [key, object] of [...this.items]) {
          if (!seen.has(key)) {
            this.items.delete(key);
            this.onChange({ type: 'DELETED', object }, key);
          }
        }
        this.resourceVersion = list.metadata.resourceVersion;
        return;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (!ClusterApiError.isInstance(error)) throw error;
        const wait = (error.retryAfterSeconds ?? 0) * 1000 || backoff;
        this.log(`cannot list ${this.describe()}: ${error.message}; retrying in ${wait / 1000} s`);
        await this.clock.sleep(wait, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    while (!signal.aborted) {
      let handle: ReturnType<ClusterClientV1['watch']>;
      try {
        handle = this.watch(signal);
      } catch (error) {
        // A client that throws when it opens the watch (429, 500 on the request itself) instead of
        // rejecting `done`: the same failure, retried the same way. Left uncaught it ended this
        // loop for good, and the cache froze while the rollout waited on it forever.
        if (signal.aborted) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.log(`watch of ${this.describe()} failed: ${reason}; retrying in ${backoff / 1000} s`);
        await this.clock.sleep(backoff, signal).catch(() => undefined);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      try {
        await handle.done;
        backoff = 1000;
      } catch (error) {
        if (signal.aborted) return;
        if (ClusterApiError.isInstance(error) && (error.code === 410 || error.reason === 'Expired')) {
          await this.relist(signal);
        } else {
          const reason = error instanceof Error ? error.message : String(error);
          this.log(`watch of ${this.describe()} failed: ${reason}; retrying in ${backoff / 1000} s`);
          await this.clock.sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 30_000);
        }
      }
    }
  }

  /** Opens one watch from the last resourceVersion seen, applying its events to the cache. */
  private watch(signal: AbortSignal): ReturnType<ClusterClientV1['watch']> {
    return this.client.watch(
      this.kind,
      { ...this.options, resourceVersion: this.resourceVersion, signal },
      (event) => {
        if (event.type === 'ERROR') return;
        if (event.type === 'BOOKMARK') {
          this.resourceVersion = event.object.metadata.resourceVersion;
          return;
        }
        const object = event.object;
        const key = objectKey(object.metadata);
        const previous = this.items.get(key);
        if (event.type === 'DELETED') {
          this.items.delete(key);
          if (previous) this.onChange({ type: 'DELETED', object }, key);
        } else {
          this.items.set(key, object);
          if (previous) this.onChange({ type: 'MODIFIED', object, previous }, key);
          else this.onChange({ type: 'ADDED', object }, key);
        }
        if (object.metadata.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
      },
    );
  }
}
