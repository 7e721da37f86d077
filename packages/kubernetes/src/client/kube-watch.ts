import type { IncomingMessage } from 'node:http';
import { ClusterApiError, type K8sStatus, type WatchEventV1, type WatchHandleV1 } from '@kubenode/rollout';
import { reasonForCode, unreachable, type KubeHttpTransport } from './kube-http-transport.js';

/** What {@link startKubeWatch} needs. */
export interface KubeWatchRequest {
  /** Authenticates, rate-limits and opens the stream. */
  readonly transport: KubeHttpTransport;
  /** Collection path, e.g. `/api/v1/pods`. */
  readonly path: string;
  /** Query besides `watch=true`: resourceVersion, timeoutSeconds, selectors, allowWatchBookmarks. */
  readonly query: Readonly<Record<string, string | number | boolean | undefined>>;
  /** How errors name the watch, e.g. `watch pods`. */
  readonly description: string;
  readonly signal?: AbortSignal;
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Streams a watch (`?watch=true`, one JSON event per line), with the semantics of the
 * `ClusterClientV1` port: events in order; `done` resolves when the server closes the stream (its
 * `timeoutSeconds`) or the watch is stopped, and rejects with a {@link ClusterApiError}: 410
 * Expired when the resourceVersion is too old (sent as an ERROR event or as the HTTP status), the
 * API's Status for a refused watch (403 with the API server's message), 503 when the API server
 * cannot be reached or the connection breaks, 500 for a line that is not a watch event (as
 * client-go's stream watcher ends on a decoding error: an event skipped silently would leave the
 * caller's cache wrong until its next relist). Events after an ERROR are not delivered.
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
  const controller = new AbortController();
  let response: IncomingMessage | undefined;
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    request.signal?.removeEventListener('abort', stop);
    controller.abort(new Error('watch ended'));
    response?.destroy();
    if (error === undefined || stopped) settle.resolve();
    else settle.reject(error);
  };
  const stop = () => {
    stopped = true;
    finish();
  };
  request.signal?.addEventListener('abort', stop, { once: true });
  if (request.signal?.aborted) stop();

  const origin = () => new URL(request.transport.server || 'http://unknown');
  const decodeError = (line: number, problem: string) =>
    ClusterApiError.of(
      request.description,
      500,
      'InternalError',
      `unable to decode an event from the watch stream: line ${line} ${problem}`,
    );

  const deliver = (text: string, line: number) => {
    if (text.trim() === '') return;
    let event: { type?: unknown; object?: unknown };
    try {
      event = JSON.parse(text) as typeof event;
    } catch {
      // The line's text is not quoted: it may hold anything the server sent.
      finish(decodeError(line, `is not JSON (${Buffer.byteLength(text)} bytes)`));
      return;
    }
    if (
      typeof event !== 'object' ||
      event === null ||
      typeof event.type !== 'string' ||
      typeof event.object !== 'object' ||
      event.object === null
    ) {
      finish(decodeError(line, 'is not a watch event (expected {"type": ..., "object": {...}})'));
      return;
    }
    if (!EVENT_TYPES.has(event.type)) return; // a newer server's event type: not ours to act on
    try {
      if (event.type === 'ERROR') {
        const status = event.object as Partial<K8sStatus>;
        const code = status.code || 500;
        const full: K8sStatus = {
          apiVersion: 'v1',
          kind: 'Status',
          status: 'Failure',
          code,
          reason: code === 410 ? 'Expired' : status.reason || reasonForCode(code),
          message: status.message ?? 'watch failed',
          ...(status.details ? { details: status.details } : {}),
        };
        onEvent({ type: 'ERROR', object: full });
        finish(new ClusterApiError({ request: request.description, status: full }));
        return;
      }
      onEvent(event as WatchEventV1<T>);
    } catch (error) {
      finish(error);
    }
  };

  void (async () => {
    let opened: IncomingMessage;
    try {
      opened = await request.transport.stream({
        method: 'GET',
        path: request.path,
        query: { ...request.query, watch: true },
        verb: 'watch',
        description: request.description,
        signal: controller.signal,
      });
    } catch (error) {
      finish(stopped || controller.signal.aborted ? undefined : error);
      return;
    }
    if (finished) {
      opened.destroy();
      return;
    }
    response = opened;
    opened.setEncoding('utf8');
    let buffer = '';
    let line = 0;
    opened.on('data', (chunk: string) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0 && !finished; newline = buffer.indexOf('\n')) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        deliver(text, ++line);
      }
    });
    opened.on('end', () => {
      if (!finished && buffer !== '') deliver(buffer, ++line);
      finish();
    });
    opened.on('error', (error) => finish(unreachable(request.description, origin(), error)));
    opened.on('close', () => {
      if (!opened.complete)
        finish(
          unreachable(
            request.description,
            origin(),
            new Error('the watch connection broke before the server ended the stream'),
          ),
        );
    });
  })();
  return { stop, done };
}
