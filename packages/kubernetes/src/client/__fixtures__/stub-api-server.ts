// Test support: a scripted HTTP(S) server on 127.0.0.1 for the transport-level tests of the
// Kubernetes client (status codes, headers, timeouts, streams). Each test answers requests itself;
// API semantics (objects, watches, evictions) come from the simulated API server, not from here.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A request the stub received, body read. */
export interface StubRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; may write slowly, stream, or never answer. */
export type StubHandler = (request: StubRequest, response: http.ServerResponse) => unknown;

/** A running stub. */
export interface StubApiServer {
  /** `http://127.0.0.1:<port>` (https with `tls`). */
  readonly url: string;
  /** Requests received so far, in order. */
  readonly requests: StubRequest[];
  /** TCP (or TLS) connections accepted so far. */
  connections(): number;
  /** Replaces the handler. */
  handle(handler: StubHandler): void;
  /** A kubeconfig for this server authenticating with `token` (none: anonymous). */
  kubeConfig(options?: { readonly token?: string; readonly ca?: string }): KubeConfig;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/** Starts a stub on 127.0.0.1, port 0 (plain HTTP, or HTTPS with `tls`). */
export async function startStubApiServer(
  handler: StubHandler,
  options: { readonly tls?: { readonly cert: string; readonly key: string } } = {},
): Promise<StubApiServer> {
  let current = handler;
  const requests: StubRequest[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: StubRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://stub'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(current(request, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599);
        res.end(String(error));
      });
    });
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : http.createServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    connections: () => accepted,
    handle: (next) => {
      current = next;
    },
    kubeConfig: ({ token, ca } = {}) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: 'stub',
            server: url,
            skipTLSVerify: !options.tls,
            ...(ca !== undefined ? { caData: Buffer.from(ca).toString('base64') } : {}),
          },
        ],
        users: [{ name: 'stub-user', ...(token !== undefined ? { token } : {}) }],
        contexts: [{ name: 'stub', cluster: 'stub', user: 'stub-user' }],
        currentContext: 'stub',
      });
      return kc;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Writes a Kubernetes `Status` answer. */
export function writeStatus(
  response: http.ServerResponse,
  code: number,
  reason: string,
  message: string,
  extra: { readonly details?: object; readonly headers?: Record<string, string> } = {},
): void {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...(extra.details ? { details: extra.details } : {}),
  });
  response.writeHead(code, { 'Content-Type': 'application/json', ...extra.headers }).end(body);
}

/** Writes a JSON answer. */
export function writeJson(response: http.ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
