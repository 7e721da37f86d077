import * as http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startControllerHttpServer, type ControllerHttpServer } from './controller-http-server.js';
import { ControllerMetrics } from './controller-metrics.js';

let server: ControllerHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  options: Partial<Parameters<typeof startControllerHttpServer>[0]> = {},
): Promise<ControllerHttpServer> {
  server = await startControllerHttpServer({
    metrics: new ControllerMetrics({ processMetrics: false }),
    status: () => ({ pool: 'workers', total: 3 }),
    ready: () => true,
    address: '127.0.0.1:0',
    ...options,
  });
  return server;
}

/** One request with node:http (fetch hides HEAD bodies and some headers). */
function request(
  url: string,
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startControllerHttpServer', () => {
  it('listens on the given host, port 0 picking a free port', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
  });

  it('/metrics: the Prometheus text exposition with its content type', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    metrics.recordRequest({ verb: 'get', code: 200, durationMs: 20, throttledMs: 0 });
    const { url } = await start({ metrics });
    const response = await request(`${url}/metrics?debug=1`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE kubenode_kube_api_requests_total counter\n');
    expect(response.body).toContain('kubenode_kube_api_requests_total{verb="get",code="200"} 1\n');
  });

  it('/status: the status document as JSON', async () => {
    let total = 3;
    const { url } = await start({ status: () => ({ pool: 'workers', total }) });
    const first = await request(`${url}/status`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body).toBe('{\n  "pool": "workers",\n  "total": 3\n}\n');
    total = 4;
    expect(JSON.parse((await request(`${url}/status`)).body)).toEqual({ pool: 'workers', total: 4 });
  });

  it('/healthz is always ok; /readyz follows readiness (503 until the caches are synced)', async () => {
    let ready = false;
    const { url } = await start({ ready: () => ready });
    expect(await request(`${url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    const notReady = await request(`${url}/readyz`);
    expect(notReady).toMatchObject({ status: 503, body: 'caches not synced\n' });
    expect(notReady.headers['content-type']).toBe('text/plain');
    ready = true;
    expect(await request(`${url}/readyz`)).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('unknown paths are 404; other methods than GET and HEAD are 405 with Allow', async () => {
    const { url } = await start();
    expect(await request(`${url}/`)).toMatchObject({ status: 404, body: 'not found\n' });
    expect((await request(`${url}/metrics/`)).status).toBe(404);
    const post = await request(`${url}/metrics`, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await request(`${url}/readyz`, 'DELETE')).status).toBe(405);
  });

  it('HEAD answers the status and headers without a body', async () => {
    const { url } = await start({ ready: () => false });
    const head = await request(`${url}/readyz`, 'HEAD');
    expect(head).toMatchObject({ status: 503, body: '' });
    expect((await request(`${url}/metrics`, 'HEAD')).status).toBe(200);
  });

  it('a status document that cannot be built is a 500, and the server keeps serving', async () => {
    const { url } = await start({
      status: () => {
        throw new Error('summary failed');
      },
    });
    const response = await request(`${url}/status`);
    expect(response.status).toBe(500);
    expect(response.body).toBe('cannot build the status: summary failed\n');
    expect((await request(`${url}/healthz`)).status).toBe(200);
  });

  it('metrics that cannot be collected are a 500', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    metrics.text = () => Promise.reject(new Error('collector failed'));
    const { url } = await start({ metrics });
    const response = await request(`${url}/metrics`);
    expect(response).toMatchObject({ status: 500, body: 'cannot collect the metrics: collector failed\n' });
  });

  it('close() stops listening even with a keep-alive connection open', async () => {
    const { url } = await start();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      http.get(`${url}/healthz`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject),
    );
    await server?.close();
    server = undefined;
    await expect(request(`${url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('refuses an address it cannot bind', async () => {
    const first = await start();
    const port = new URL(first.url).port;
    await expect(
      startControllerHttpServer({
        metrics: new ControllerMetrics({ processMetrics: false }),
        status: () => ({}),
        ready: () => true,
        address: `127.0.0.1:${port}`,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
