import { Informer } from '../executor/informer.js';
import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';

/**
 * A node informer with per-node waits, for emulated per-node agents that react to their node's
 * labels and annotations the way the real agents' watches do.
 */
export class NodeWatcher {
  private readonly informer: Informer<'Node'>;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(client: ClusterClientV1, clock: ClockV1) {
    this.informer = new Informer(client, 'Node', {}, clock, (change) => {
      const set = this.waiters.get(change.object.metadata.name);
      if (set) for (const wake of [...set]) wake();
    });
  }

  /** Lists the nodes and keeps watching until `signal` aborts. */
  start(signal: AbortSignal): Promise<void> {
    return this.informer.start(signal);
  }

  /** The cached node. */
  node(name: string): K8sNode | undefined {
    return this.informer.get(name);
  }

  /** All cached nodes. */
  nodes(): K8sNode[] {
    return [...this.informer.values()];
  }

  /** Resolves once `check(node)` holds for the named node; rejects when `signal` aborts. */
  async until(name: string, check: (node: K8sNode) => boolean, signal: AbortSignal): Promise<K8sNode> {
    for (;;) {
      signal.throwIfAborted();
      const node = this.informer.get(name);
      if (node && check(node)) return node;
      await new Promise<void>((resolve, reject) => {
        let set = this.waiters.get(name);
        if (!set) {
          set = new Set();
          this.waiters.set(name, set);
        }
        const onAbort = () => {
          set?.delete(wake);
          reject(signal.reason);
        };
        const wake = () => {
          set?.delete(wake);
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        set.add(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}
