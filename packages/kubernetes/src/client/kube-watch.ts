import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { ClusterApiError, type K8sStatus, type WatchEventV1, type WatchHandleV1 } from '@kubenode/rollout';
import { reasonForCode, unreachable } from './kube-http-transport.js';
import type { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

/** What {@link startKubeWatch} needs. */
export interface KubeWatchRequest {
  readonly kubeConfig: KubeConfig;
  readonly limiter: TokenBucketRateLimiter;
  /** Collection path, e.g. `/api/v1/pods`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | number | boolean | undefined>>;
  /** How errors name the watch, e.g. `watch pods`. */
  readonly description: string;
  readonly signal?: AbortSignal;
}

/**
 * Streams a watch (`?watch=true`, one JSON event per line) through `@kubernetes/client-node`'s
 * `Watch`, with the semantics of the `ClusterClientV1` port: events in order; `done` resolves
 * when the server closes the stream (its `timeoutSeconds`) or the watch is stopped, and rejects
 * with a {@link ClusterApiError}: 410 Expired when the resourceVersion is too old (sent as an
 * ERROR event or as the HTTP status), the HTTP status for a refused watch, 503 when the API
 * server cannot be reached.
 */
export function startKubeWatch<T>(
  request: KubeWatchRequest,
  onEvent: (event: WatchEventV1<T>) => void,
): WatchHandleV1 {
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let finished = false;
  let stopped = false;
  let controller: AbortController | undefined;
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    request.signal?.removeEventListener('abort', stop);
    controller?.abort();
    if (error === undefined || stopped) settle.resolve();
    else settle.reject(error);
  };
  const stop = () => {
    stopped = true;
    finish();
  };
  request.signal?.addEventListener('abort', stop, { once: true });
  if (request.signal?.aborted) stop();

  void (async () => {
    try {
      await request.limiter.acquire(request.signal);
    } catch {
      stop();
      return;
    }
    if (finished) return;
    const watch = new Watch(request.kubeConfig);
    const server = request.kubeConfig.getCurrentCluster()?.server ?? '';
    try {
      controller = await watch.watch(
        request.path,
        { ...request.query },
        (type: string, object: unknown) => {
          if (finished) return;
          try {
            if (type === 'ERROR') {
              const status = object as K8sStatus;
              onEvent({ type: 'ERROR', object: status });
              const code = status.code || 500;
              finish(
                new ClusterApiError({
                  request: request.description,
                  status: {
                    apiVersion: 'v1',
                    kind: 'Status',
                    status: 'Failure',
                    code,
                    reason: code === 410 ? 'Expired' : status.reason || reasonForCode(code),
                    message: status.message ?? 'watch failed',
                  },
                }),
              );
              return;
            }
            if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK') return;
            onEvent({ type, object } as WatchEventV1<T>);
          } catch (error) {
            finish(error);
          }
        },
        (error: unknown) => {
          if (finished) return;
          if (error === null || error === undefined || stopped) {
            finish();
            return;
          }
          const statusCode = (error as { statusCode?: number }).statusCode;
          if (statusCode !== undefined) {
            finish(
              ClusterApiError.of(
                request.description,
                statusCode,
                reasonForCode(statusCode),
                `the API server refused the watch: ${statusCode} ${(error as Error).message}`,
              ),
            );
            return;
          }
          if ((error as { name?: string }).name === 'AbortError') {
            finish();
            return;
          }
          finish(unreachable(request.description, new URL(server || 'http://unknown'), error));
        },
      );
      if (finished) controller.abort();
    } catch (error) {
      finish(unreachable(request.description, new URL(server || 'http://unknown'), error));
    }
  })();
  return { stop, done };
}
