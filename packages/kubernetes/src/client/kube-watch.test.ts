import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { ClusterApiError, type WatchEventV1 } from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { startStubApiServer, writeStatus, type StubApiServer } from './__fixtures__/stub-api-server.js';
import { KubeHttpTransport } from './kube-http-transport.js';
import { startKubeWatch } from './kube-watch.js';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

const TOKEN = 'kubenode-watch-token-b41c97e2';

interface Pod {
  readonly metadata: { readonly name: string; readonly resourceVersion: string };
}

const pod = (name: string, resourceVersion: string): Pod => ({ metadata: { name, resourceVersion } });
const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;

let server: StubApiServer | undefined;
let transport: KubeHttpTransport | undefined;
afterEach(async () => {
  transport?.close();
  await server?.close();
  server = undefined;
  transport = undefined;
});

/** A stub whose watch answers are scripted by `respond`, and a watch of pods on it. */
async function watchPods(
  respond: (response: ServerResponse) => void,
  options: { signal?: AbortSignal; onEvent?: (event: WatchEventV1<Pod>) => void } = {},
) {
  server = await startStubApiServer((_request, response) => respond(response));
  transport = new KubeHttpTransport(server.kubeConfig({ token: TOKEN }), {
    limiter: new TokenBucketRateLimiter({ qps: Infinity, burst: 1 }),
    timeoutMs: 5000,
    userAgent: 'kubenode/test',
  });
  const events: WatchEventV1<Pod>[] = [];
  const handle = startKubeWatch<Pod>(
    {
      transport,
      path: '/api/v1/namespaces/team/pods',
      query: {
        resourceVersion: '10',
        allowWatchBookmarks: true,
        timeoutSeconds: 317,
        labelSelector: 'app=web',
      },
      description: 'watch pods',
      ...(options.signal ? { signal: options.signal } : {}),
    },
    (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  );
  return { handle, events, server };
}

async function rejection(done: Promise<void>): Promise<ClusterApiError> {
  const error = await done.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ClusterApiError.isInstance(error)).toBe(true);
  return error as ClusterApiError;
}

describe('startKubeWatch', () => {
  it('asks for the watch as client-go does and delivers events in order until the server ends it', async () => {
    const { handle, events, server } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('ADDED', pod('a', '11')));
      response.write(line('MODIFIED', pod('a', '12')));
      response.write(line('BOOKMARK', { metadata: { resourceVersion: '15' } }));
      response.end(line('DELETED', pod('a', '16')));
    });
    await handle.done;
    expect(events).toEqual([
      { type: 'ADDED', object: pod('a', '11') },
      { type: 'MODIFIED', object: pod('a', '12') },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } },
      { type: 'DELETED', object: pod('a', '16') },
    ]);
    const [request] = server.requests;
    expect(request?.url.pathname).toBe('/api/v1/namespaces/team/pods');
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      watch: 'true',
      resourceVersion: '10',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '317',
      labelSelector: 'app=web',
    });
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reassembles events split across chunks, and a last line without a newline', async () => {
    const text =
      line('ADDED', pod('a', '11')) +
      line('ADDED', pod('b', '12')) +
      JSON.stringify({ type: 'ADDED', object: pod('c', '13') });
    const { handle, events } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const pieces = [7, 40, 41, 90];
      let offset = 0;
      for (const end of pieces) {
        response.write(text.slice(offset, end));
        offset = end;
      }
      response.end(text.slice(offset));
    });
    await handle.done;
    expect(events.map((event) => (event.object as Pod).metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('an ERROR 410 event ends the watch with 410 Expired (relist), delivering nothing after it', async () => {
    const { handle, events } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('ADDED', pod('a', '11')));
      response.write(
        line('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'too old resource version: 10 (200)',
          reason: 'Expired',
          code: 410,
        }),
      );
      response.end(line('ADDED', pod('b', '12')));
    });
    const error = await rejection(handle.done);
    expect({ code: error.code, reason: error.reason, message: error.message }).toEqual({
      code: 410,
      reason: 'Expired',
      message: 'watch pods: 410 Expired: too old resource version: 10 (200)',
    });
    expect(events.map((event) => event.type)).toEqual(['ADDED', 'ERROR']);
  });

  it('a refused watch rejects with the API server’s Status (410 as HTTP status, 403 with its message)', async () => {
    const gone = await watchPods((response) =>
      writeStatus(response, 410, 'Expired', 'too old resource version: 10 (200)'),
    );
    const expired = await rejection(gone.handle.done);
    expect([expired.code, expired.reason]).toEqual([410, 'Expired']);
    await server?.close();
    const forbidden = await watchPods((response) =>
      writeStatus(
        response,
        403,
        'Forbidden',
        'pods is forbidden: User "system:serviceaccount:kubenode-system:controller" cannot watch resource "pods"',
      ),
    );
    const error = await rejection(forbidden.handle.done);
    expect(error.message).toBe(
      'watch pods: 403 Forbidden: pods is forbidden: User "system:serviceaccount:kubenode-system:controller" cannot watch resource "pods"',
    );
    expect(forbidden.events).toEqual([]);
  });

  it('a line that is not JSON ends the watch with an error instead of silently losing the event', async () => {
    const { handle, events } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('ADDED', pod('a', '11')));
      response.write(`{"type":"MODIFIED","object":{"token":"${TOKEN}"\n`);
      response.end(line('ADDED', pod('b', '13')));
    });
    const error = await rejection(handle.done);
    expect(error.code).toBe(500);
    expect(error.status.message).toMatch(
      /^unable to decode an event from the watch stream: line 2 is not JSON \(\d+ bytes\)$/,
    );
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
    expect(events).toHaveLength(1);
  });

  it('a JSON line that is not an event is a decoding error; an unknown event type is skipped', async () => {
    const { handle, events } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('FUTURE', pod('x', '11')));
      response.write(line('ADDED', pod('a', '12')));
      response.end('{"type":"ADDED"}\n');
    });
    const error = await rejection(handle.done);
    expect(error.status.message).toBe(
      'unable to decode an event from the watch stream: line 3 is not a watch event (expected {"type": ..., "object": {...}})',
    );
    expect(events.map((event) => event.type)).toEqual(['ADDED']);
  });

  it('a connection that breaks mid-stream rejects with 503 (watch again from the last version)', async () => {
    const { handle, events } = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('ADDED', pod('a', '11')), () => setTimeout(() => response.socket?.destroy(), 10));
    });
    const error = await rejection(handle.done);
    expect(error.code).toBe(503);
    expect(error.status.message).toMatch(/^cannot reach the API server at http:\/\/127\.0\.0\.1:\d+: /);
    expect(events).toHaveLength(1);
  });

  it('stops on abort or stop(): done resolves and the server sees the connection closed', async () => {
    const abort = new AbortController();
    let closed = 0;
    const { handle } = await watchPods(
      (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write(line('ADDED', pod('a', '11')));
        response.on('close', () => closed++);
      },
      { signal: abort.signal, onEvent: () => abort.abort(new Error('shutdown')) },
    );
    await handle.done;
    await expect.poll(() => closed).toBe(1);

    await server?.close();
    const second = await watchPods((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write(line('ADDED', pod('a', '11')));
    });
    await expect.poll(() => second.events.length).toBe(1);
    second.handle.stop();
    await second.handle.done;
  });

  it('an already aborted signal opens no stream', async () => {
    const { handle, server } = await watchPods(() => undefined, { signal: AbortSignal.abort() });
    await handle.done;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
  });

  it('an error thrown by the event handler ends the watch with that error', async () => {
    const failure = new Error('handler failed');
    const { handle } = await watchPods(
      (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write(line('ADDED', pod('a', '11')));
      },
      {
        onEvent: () => {
          throw failure;
        },
      },
    );
    await expect(handle.done).rejects.toBe(failure);
  });
});
