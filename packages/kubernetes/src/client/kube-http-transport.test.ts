import { inspect } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterApiError } from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCertificate } from '../../test/support/test-tls.js';
import {
  startStubApiServer,
  writeJson,
  writeStatus,
  type StubApiServer,
} from './__fixtures__/stub-api-server.js';
import { KubeHttpTransport, type KubeRequest, type KubeRequestRecord } from './kube-http-transport.js';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

const TOKEN = 'kubenode-transport-token-3e8d51a0';

const servers: StubApiServer[] = [];
const transports: KubeHttpTransport[] = [];
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function stub(...args: Parameters<typeof startStubApiServer>): Promise<StubApiServer> {
  const server = await startStubApiServer(...args);
  servers.push(server);
  return server;
}

function transportFor(
  kubeConfig: KubeConfig,
  options: {
    timeoutMs?: number;
    onRequest?: (record: KubeRequestRecord) => void;
    limiter?: TokenBucketRateLimiter;
  } = {},
): KubeHttpTransport {
  const transport = new KubeHttpTransport(kubeConfig, {
    limiter: options.limiter ?? new TokenBucketRateLimiter({ qps: Infinity, burst: 1 }),
    timeoutMs: options.timeoutMs ?? 5000,
    userAgent: 'kubenode/test',
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  transports.push(transport);
  return transport;
}

const getNode: KubeRequest = {
  method: 'GET',
  path: '/api/v1/nodes/node-1',
  verb: 'get',
  description: 'get nodes/node-1',
};

async function failure(promise: Promise<unknown>): Promise<ClusterApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ClusterApiError.isInstance(error)).toBe(true);
  return error as ClusterApiError;
}

describe('KubeHttpTransport: requests', () => {
  it('sends the bearer token, JSON headers, the user agent and the query; parses the JSON answer', async () => {
    const server = await stub((_request, response) =>
      writeJson(response, 200, { kind: 'Node', metadata: { name: 'node-1' } }),
    );
    const transport = transportFor(server.kubeConfig({ token: TOKEN }));
    const node = await transport.request<{ metadata: { name: string } }>({
      ...getNode,
      query: { labelSelector: 'kubenode.dev/pool=a,!b', limit: 500, watch: undefined },
    });
    expect(node.metadata.name).toBe('node-1');
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url.pathname).toBe('/api/v1/nodes/node-1');
    expect(request?.url.searchParams.get('labelSelector')).toBe('kubenode.dev/pool=a,!b');
    expect(request?.url.searchParams.get('limit')).toBe('500');
    expect(request?.url.searchParams.has('watch')).toBe(false);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('kubenode/test');
  });

  it('sends a JSON body with its content type (merge patch) and length', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const transport = transportFor(server.kubeConfig({ token: TOKEN }));
    const patch = { metadata: { resourceVersion: '42', annotations: { 'kubenode.dev/phase': null } } };
    await transport.request({
      method: 'PATCH',
      path: '/api/v1/nodes/node-1',
      body: patch,
      contentType: 'application/merge-patch+json',
      verb: 'patch',
      description: 'patch nodes/node-1',
    });
    await transport.request({
      method: 'POST',
      path: '/api/v1/namespaces/a/events',
      body: { a: 1 },
      verb: 'create',
      description: 'create',
    });
    const [patched, posted] = server.requests;
    expect(patched?.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(patched?.body ?? '')).toEqual(patch);
    expect(patched?.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(patch))));
    expect(posted?.headers['content-type']).toBe('application/json');
  });

  it('resolves undefined for an empty answer', async () => {
    const server = await stub((_request, response) => response.writeHead(204).end());
    expect(await transportFor(server.kubeConfig()).request(getNode)).toBeUndefined();
  });

  it('reads a large answer whole (a 10,000-pod list, several MB, chunked)', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      metadata: { name: `pod-${i}`, namespace: 'team', labels: { app: 'x'.repeat(200) } },
      spec: { nodeName: `node-${i % 100}` },
    }));
    const body = JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '7' }, items });
    expect(body.length).toBeGreaterThan(3_000_000);
    const server = await stub((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      for (let offset = 0; offset < body.length; offset += 65_536)
        response.write(body.slice(offset, offset + 65_536));
      response.end();
    });
    const list = await transportFor(server.kubeConfig()).request<{ items: unknown[] }>({
      ...getNode,
      path: '/api/v1/pods',
    });
    expect(list.items).toHaveLength(10_000);
    expect(list.items[9_999]).toEqual(items[9_999]);
  });

  it('keeps connections alive: sequential requests reuse one connection', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const transport = transportFor(server.kubeConfig({ token: TOKEN }));
    for (let i = 0; i < 5; i++) await transport.request(getNode);
    expect(server.requests).toHaveLength(5);
    expect(server.connections()).toBe(1);
  });

  it('reports each request to onRequest with its verb and status (0: no answer)', async () => {
    const records: KubeRequestRecord[] = [];
    const server = await stub((request, response) =>
      request.url.pathname.endsWith('missing')
        ? writeStatus(response, 404, 'NotFound', 'nope')
        : writeJson(response, 200, {}),
    );
    const transport = transportFor(server.kubeConfig(), { onRequest: (record) => records.push(record) });
    await transport.request(getNode);
    await transport.request({ ...getNode, path: '/api/v1/nodes/missing' }).catch(() => undefined);
    await server.close();
    await transport.request(getNode).catch(() => undefined);
    expect(records.map(({ verb, code, throttledMs }) => ({ verb, code, throttledMs }))).toEqual([
      { verb: 'get', code: 200, throttledMs: 0 },
      { verb: 'get', code: 404, throttledMs: 0 },
      { verb: 'get', code: 0, throttledMs: 0 },
    ]);
  });

  it('passes the rate limiter: its wait is reported as throttled', async () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter({
      qps: 10,
      burst: 1,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const records: KubeRequestRecord[] = [];
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const transport = transportFor(server.kubeConfig(), {
      limiter,
      onRequest: (record) => records.push(record),
    });
    await transport.request(getNode);
    await transport.request(getNode);
    expect(records.map((record) => record.throttledMs)).toEqual([0, 100]);
  });

  it('idle() resolves once the requests in flight are answered', async () => {
    let answer: (() => void) | undefined;
    const server = await stub((_request, response) => {
      answer = () => writeJson(response, 200, {});
    });
    const transport = transportFor(server.kubeConfig());
    const pending = transport.request(getNode);
    await expect.poll(() => answer !== undefined).toBe(true);
    expect(transport.inFlight).toBe(1);
    let idle = false;
    const waiting = transport.idle(60_000).then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    answer?.();
    await pending;
    await waiting;
    expect(transport.inFlight).toBe(0);
  });
});

describe('KubeHttpTransport: errors', () => {
  const cases: [number, string, string][] = [
    [400, 'BadRequest', 'the body of an eviction must be a policy/v1 Eviction'],
    [401, 'Unauthorized', 'Unauthorized'],
    [
      403,
      'Forbidden',
      'nodes "node-1" is forbidden: User "system:serviceaccount:x:y" cannot patch resource "nodes"',
    ],
    [404, 'NotFound', 'nodes "node-1" not found'],
    [409, 'Conflict', 'Operation cannot be fulfilled on nodes "node-1": the object has been modified'],
    [409, 'AlreadyExists', 'leases.coordination.k8s.io "kubenode" already exists'],
    [410, 'Expired', 'too old resource version: 5 (10)'],
    [422, 'Invalid', 'Node "node-1" is invalid: spec.podCIDR: Forbidden'],
    [500, 'InternalError', 'Internal error occurred: etcd leader changed'],
    [503, 'ServiceUnavailable', 'the server is currently unable to handle the request'],
    [504, 'Timeout', 'Timeout: request did not complete within requested timeout'],
  ];
  it.each(cases)('maps %i %s with its Status message', async (code, reason, message) => {
    const server = await stub((_request, response) => writeStatus(response, code, reason, message));
    const error = await failure(transportFor(server.kubeConfig({ token: TOKEN })).request(getNode));
    expect({ code: error.code, reason: error.reason, request: error.request }).toEqual({
      code,
      reason,
      request: 'get nodes/node-1',
    });
    expect(error.status.message).toBe(message);
    expect(error.message).toBe(`get nodes/node-1: ${code} ${reason}: ${message}`);
  });

  it('keeps the causes of a refused eviction (DisruptionBudget)', async () => {
    const server = await stub((_request, response) =>
      writeStatus(
        response,
        429,
        'TooManyRequests',
        "Cannot evict pod as it would violate the pod's disruption budget.",
        {
          details: {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
              },
            ],
          },
        },
      ),
    );
    const error = await failure(transportFor(server.kubeConfig()).request(getNode));
    expect(error.code).toBe(429);
    expect(error.causes).toEqual(['DisruptionBudget']);
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('takes retryAfterSeconds from the Retry-After header, unless the Status says otherwise', async () => {
    const server = await stub((request, response) =>
      request.url.pathname.endsWith('both')
        ? writeStatus(response, 429, 'TooManyRequests', 'slow down', {
            details: { retryAfterSeconds: 3 },
            headers: { 'Retry-After': '3' },
          })
        : writeStatus(response, 429, 'TooManyRequests', 'too many requests, please try again later', {
            headers: { 'Retry-After': '7' },
          }),
    );
    const transport = transportFor(server.kubeConfig());
    expect((await failure(transport.request(getNode))).retryAfterSeconds).toBe(7);
    expect((await failure(transport.request({ ...getNode, path: '/both' }))).retryAfterSeconds).toBe(3);
  });

  it('never retries by itself, whatever the verb: 429 and 503 reach the caller after one request', async () => {
    // Retrying is the caller's decision (the executor sleeps retryAfterSeconds); a POST the
    // server may have executed must not be repeated blindly underneath it.
    const server = await stub((request, response) =>
      request.url.pathname.endsWith('busy')
        ? writeStatus(response, 503, 'ServiceUnavailable', 'shutting down', {
            headers: { 'Retry-After': '1' },
          })
        : writeStatus(response, 429, 'TooManyRequests', 'too many requests', {
            headers: { 'Retry-After': '1' },
          }),
    );
    const transport = transportFor(server.kubeConfig());
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      const body = method === 'GET' || method === 'DELETE' ? {} : { body: {} };
      expect((await failure(transport.request({ ...getNode, method, ...body }))).code).toBe(429);
      expect((await failure(transport.request({ ...getNode, method, path: '/busy', ...body }))).code).toBe(
        503,
      );
    }
    expect(server.requests).toHaveLength(10);
  });

  it('a non-Status answer (a proxy page): the reason from the code, the text as the message', async () => {
    const server = await stub((request, response) => {
      if (request.url.pathname.endsWith('empty')) response.writeHead(502).end();
      else
        response
          .writeHead(502, { 'Content-Type': 'text/html' })
          .end(`<html>${'bad gateway '.repeat(100)}</html>`);
    });
    const transport = transportFor(server.kubeConfig());
    const html = await failure(transport.request(getNode));
    expect(html.code).toBe(502);
    expect(html.reason).toBe('InternalError');
    expect(html.status.message.startsWith('<html>bad gateway')).toBe(true);
    expect(html.status.message.length).toBe(300);
    const empty = await failure(transport.request({ ...getNode, path: '/empty' }));
    expect(empty.status.message).toBe('Bad Gateway');
  });

  it('a 2xx answer that is not JSON is a ClusterApiError, not a SyntaxError', async () => {
    const server = await stub((_request, response) =>
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'),
    );
    const error = await failure(transportFor(server.kubeConfig()).request(getNode));
    expect(error.code).toBe(500);
    expect(error.status.message).toBe(
      `the API server at ${server.url} answered 200 with a body that is not JSON (text/html, 18 bytes)`,
    );
  });

  it('never puts the bearer token into an error, even when the server echoes it', async () => {
    const server = await stub((request, response) => {
      const echoed = `${request.headers.authorization ?? ''}`;
      if (request.url.pathname.endsWith('text')) response.writeHead(401).end(`denied: ${echoed}`);
      else
        writeStatus(response, 403, 'Forbidden', `token ${echoed} is not allowed`, {
          details: { causes: [{ reason: 'FieldValueForbidden', message: `credential ${TOKEN}` }] },
        });
    });
    const transport = transportFor(server.kubeConfig({ token: TOKEN }));
    const errors = [
      await failure(transport.request(getNode)),
      await failure(transport.request({ ...getNode, path: '/text' })),
    ];
    expect(errors[0]?.status.message).toBe('token [redacted] is not allowed');
    expect(errors[1]?.status.message).toBe('denied: [redacted]');
    for (const error of errors) expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  });

  it('times out a request that gets no answer, and one whose answer trickles in', async () => {
    const server = await stub((request, response) => {
      if (request.url.pathname.endsWith('trickle')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('{');
        const timer = setInterval(() => response.write(' '), 20);
        response.on('close', () => clearInterval(timer));
      }
      // otherwise: never answers
    });
    const transport = transportFor(server.kubeConfig({ token: TOKEN }), { timeoutMs: 150 });
    for (const path of ['/silent', '/trickle']) {
      const error = await failure(transport.request({ ...getNode, path }));
      expect(error.code).toBe(504);
      expect(error.reason).toBe('Timeout');
      expect(error.status.message).toBe(`no answer from the API server at ${server.url} within 0.15 s`);
    }
  });

  it('an unreachable server is 503 naming the address and the socket error', async () => {
    const server = await stub(() => undefined);
    const kubeConfig = server.kubeConfig({ token: TOKEN });
    await server.close();
    const error = await failure(transportFor(kubeConfig).request(getNode));
    expect(error.code).toBe(503);
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.status.message).toMatch(
      new RegExp(`^cannot reach the API server at ${server.url}: connect ECONNREFUSED`),
    );
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  });

  it('an abort rejects with its reason and drops the connection', async () => {
    const server = await stub(() => undefined);
    const transport = transportFor(server.kubeConfig());
    const abort = new AbortController();
    const pending = transport.request({ ...getNode, signal: abort.signal });
    await expect.poll(() => server.requests.length).toBe(1);
    const reason = new Error('stop');
    abort.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(transport.inFlight).toBe(0);
  });

  it('an http:// server without insecure-skip-tls-verify is a configuration error', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const kubeConfig = server.kubeConfig();
    kubeConfig.clusters = kubeConfig.clusters.map((cluster) => ({ ...cluster, skipTLSVerify: false }));
    const error = await transportFor(kubeConfig)
      .request(getNode)
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('KubenodeKubeClientConfigError');
    expect((error as Error).message).toBe(
      `kubeconfig cluster ${server.url}: HTTP protocol is not allowed when skipTLSVerify is not set or false`,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('KubeHttpTransport: exec credential plugins', () => {
  function withExec(server: StubApiServer, script: string): KubeConfig {
    const kubeConfig = server.kubeConfig();
    kubeConfig.users = [
      {
        name: 'stub-user',
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', script] },
      },
    ];
    return kubeConfig;
  }

  it('sends the token an exec plugin prints as an ExecCredential', async () => {
    const server = await stub((request, response) =>
      writeJson(response, 200, { auth: request.headers.authorization }),
    );
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: TOKEN },
    });
    const transport = transportFor(withExec(server, `printf '%s' '${credential}'`));
    expect(await transport.request(getNode)).toEqual({ auth: `Bearer ${TOKEN}` });
  });

  it('a plugin that prints a bare token: a configuration error quoting none of it', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const error = await transportFor(withExec(server, `printf '%s' '${TOKEN}'`))
      .request(getNode)
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('KubenodeKubeClientConfigError');
    expect((error as Error).message).toBe(
      `kubeconfig user of ${server.url}: the exec credential plugin did not print an ExecCredential (JSON) on stdout`,
    );
    // JSON.parse would have quoted the output's first ten characters.
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN.slice(0, 10));
    expect(server.requests).toHaveLength(0);
  });

  it('a failing plugin: its first stderr line', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}));
    const error = await transportFor(
      withExec(server, 'echo "error: SSO session expired, run login" >&2; exit 1'),
    )
      .request(getNode)
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      `kubeconfig cluster ${server.url}: error: SSO session expired, run login`,
    );
  });
});

describe('KubeHttpTransport: HTTPS', () => {
  it('verifies the server against the kubeconfig CA and reuses the TLS connection', async () => {
    const tls = makeTestCertificate();
    const server = await stub(
      (request, response) => writeJson(response, 200, { auth: request.headers.authorization }),
      { tls },
    );
    const transport = transportFor(server.kubeConfig({ token: TOKEN, ca: tls.cert }));
    expect(await transport.request(getNode)).toEqual({ auth: `Bearer ${TOKEN}` });
    await transport.request(getNode);
    expect(server.connections()).toBe(1);
  });

  it('refuses a server whose certificate the kubeconfig does not trust', async () => {
    const server = await stub((_request, response) => writeJson(response, 200, {}), {
      tls: makeTestCertificate(),
    });
    const otherCa = makeTestCertificate().cert;
    const error = await failure(
      transportFor(server.kubeConfig({ token: TOKEN, ca: otherCa })).request(getNode),
    );
    expect(error.code).toBe(503);
    expect(error.status.message).toMatch(
      new RegExp(`^cannot reach the API server at ${server.url}: .*certificate`),
    );
    expect(server.requests).toHaveLength(0);
    expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  });
});
