import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControllerMetrics } from './controller-metrics.js';

/** Options of {@link startControllerHttpServer}. */
export interface ControllerHttpServerOptions {
  readonly metrics: ControllerMetrics;
  /** The `/status` document. */
  readonly status: () => unknown;
  /** `/readyz` answers 200 only when this holds (caches synced). */
  readonly ready: () => boolean;
  /** `host:port`; `0.0.0.0:8080` in a pod, port 0 picks a free one. */
  readonly address: string;
}

/** The controller's HTTP endpoint. */
export interface ControllerHttpServer {
  /** `http://host:port`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus text exposition), `/status` (the rollout summary as JSON),
 * `/healthz` (the process is alive) and `/readyz` (its caches are synced).
 */
export async function startControllerHttpServer(
  options: ControllerHttpServerOptions,
): Promise<ControllerHttpServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      options.metrics.text().then(
        (text) => res.writeHead(200, { 'Content-Type': options.metrics.contentType }).end(text),
        (error: unknown) =>
          res
            .writeHead(500, { 'Content-Type': 'text/plain' })
            .end(`cannot collect the metrics: ${describe(error)}\n`),
      );
    } else if (path === '/status') {
      // A failure here must not escape the request handler: it would end the controller process.
      let body: string;
      try {
        body = `${JSON.stringify(options.status(), null, 2)}\n`;
      } catch (error) {
        res
          .writeHead(500, { 'Content-Type': 'text/plain' })
          .end(`cannot build the status: ${describe(error)}\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    } else if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ready = options.ready();
      res
        .writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain' })
        .end(ready ? 'ok\n' : 'caches not synced\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  });
  const match = /^(.*):(\d+)$/.exec(options.address);
  const host = (match?.[1] ?? '0.0.0.0').replace(/^\[|\]$/g, '') || '0.0.0.0';
  const port = Number(match?.[2] ?? 8080);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
