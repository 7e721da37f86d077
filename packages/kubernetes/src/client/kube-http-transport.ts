import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterApiError, type K8sStatus } from '@kubenode/rollout';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';
import type { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

/** One request to the Kubernetes API. */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/api/v1/nodes/node-1`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Content type of the body (`application/json` by default). */
  readonly contentType?: string;
  /** The API verb for metrics: get, list, watch, create, update, patch, delete. */
  readonly verb: string;
  /** How errors name the request, e.g. `patch nodes/node-1`. */
  readonly description: string;
  readonly signal?: AbortSignal;
}

/** What the transport reports about each finished request (metrics). */
export interface KubeRequestRecord {
  readonly verb: string;
  /** HTTP status; 0 when no response arrived. */
  readonly code: number;
  readonly durationMs: number;
  /** Time spent waiting for the client-side rate limiter. */
  readonly throttledMs: number;
}

/** Options of {@link KubeHttpTransport}. */
export interface KubeHttpTransportOptions {
  readonly limiter: TokenBucketRateLimiter;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly onRequest?: (record: KubeRequestRecord) => void;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The Status `reason` the API server uses for an HTTP code. */
export function reasonForCode(code: number): string {
  return REASONS[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

/**
 * The HTTP layer of the Kubernetes client: authenticates every request through
 * `@kubernetes/client-node`'s `KubeConfig` (client certificates, bearer tokens and token files
 * re-read as they rotate, exec and OIDC plugins, proxies), rate-limits it, sends JSON and maps
 * every non-2xx answer to a {@link ClusterApiError} carrying the API's `Status`. Connections are
 * kept alive and reused as long as the credentials' TLS material does not change (the
 * `KubeConfig` builds a fresh agent per request, which would cost a TLS handshake each time).
 */
export class KubeHttpTransport {
  private readonly agents = new Map<string, http.Agent>();
  private active = 0;
  private readonly idleWaiters = new Set<() => void>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubeHttpTransportOptions,
  ) {}

  /** The API server URL of the current context. */
  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '';
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.active;
  }

  /** Resolves once no request is in flight, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    if (this.active === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idleWaiters.add(done);
    });
  }

  /** Sends a request and resolves with the parsed JSON body (undefined when empty). */
  async request<T>(request: KubeRequest): Promise<T> {
    const started = performance.now();
    const throttledMs = await this.options.limiter.acquire(request.signal);
    this.active++;
    let code = 0;
    try {
      const answer = await this.send(request, false);
      code = answer.status;
      if (answer.status < 200 || answer.status >= 300) throw answer.error;
      const text = answer.body.toString('utf8');
      if (text.length === 0) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw ClusterApiError.of(
          request.description,
          500,
          'InternalError',
          `the API server at ${new URL(this.server).origin} answered ${answer.status} with a body that is not JSON (${answer.contentType || 'no content type'}, ${answer.body.length} bytes)`,
        );
      }
    } finally {
      this.active--;
      if (this.active === 0) for (const waiter of [...this.idleWaiters]) waiter();
      this.options.onRequest?.({
        verb: request.verb,
        code,
        durationMs: performance.now() - started,
        throttledMs,
      });
    }
  }

  /**
   * Opens a streaming request (a watch): resolves with the response once the server answered
   * 2xx, for the caller to read and to `destroy()` when done. The request deadline covers the
   * wait for the answer only; the socket is kept alive with TCP keep-alive probes so a peer that
   * vanished is noticed. A non-2xx answer rejects with its {@link ClusterApiError}, as
   * {@link KubeHttpTransport.request} does. Not counted in {@link KubeHttpTransport.inFlight}
   * and not reported to `onRequest` (the caller knows when the stream ended).
   */
  async stream(request: KubeRequest): Promise<http.IncomingMessage> {
    await this.options.limiter.acquire(request.signal);
    const answer = await this.send(request, true);
    if (answer.status < 200 || answer.status >= 300) throw answer.error;
    const response = answer.response as http.IncomingMessage;
    response.socket?.setKeepAlive(true, 30_000);
    return response;
  }

  /** Sends a request; a non-2xx answer comes with its error, unthrown (its status is still counted). */
  private async send(request: KubeRequest, stream: boolean): Promise<Answer & { error?: ClusterApiError }> {
    const { agent, headers } = await this.connection();
    const url = new URL(this.server.replace(/\/+$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const answer = await send(url, {
      method: request.method,
      agent,
      headers: {
        ...headers,
        Accept: 'application/json',
        'User-Agent': this.options.userAgent,
        ...(body
          ? { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': body.length }
          : {}),
      },
      body,
      timeoutMs: this.options.timeoutMs,
      signal: request.signal,
      description: request.description,
      stream,
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    return {
      ...answer,
      error: new ClusterApiError({
        request: request.description,
        status: redactStatus(statusOf(answer.status, answer.body, answer.retryAfter), credentials(headers)),
      }),
    };
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private async connection(): Promise<{ agent: http.Agent | undefined; headers: Record<string, string> }> {
    let init: Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;
    try {
      init = await this.kubeConfig.applyToFetchOptions({});
    } catch (error) {
      // Credentials or TLS settings the kubeconfig cannot provide (an http:// server without
      // insecure-skip-tls-verify, an unreadable certificate file, a failing exec plugin). An exec
      // plugin whose output is not JSON fails in JSON.parse, whose message quotes the output's
      // start (a token, if the plugin printed one bare): neither it nor the error is kept.
      if (error instanceof SyntaxError)
        throw new KubeClientConfigError({
          setting: `kubeconfig user of ${this.server}`,
          message: 'the exec credential plugin did not print an ExecCredential (JSON) on stdout',
        });
      throw new KubeClientConfigError({
        setting: `kubeconfig cluster ${this.server}`,
        message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        cause: error,
      });
    }
    const headers: Record<string, string> = {};
    (init.headers as Headers | undefined)?.forEach((value, key) => {
      headers[key] = value;
    });
    const fresh = init.agent as http.Agent | undefined;
    if (!fresh || (fresh.constructor !== https.Agent && fresh.constructor !== http.Agent))
      return { agent: fresh, headers }; // proxies: used as built
    const options = (fresh as http.Agent & { options: Record<string, unknown> }).options;
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          fresh.constructor === https.Agent ? 'https' : 'http',
          ...['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'].map((name) =>
            Buffer.isBuffer(options[name]) ? (options[name] as Buffer).toString('base64') : options[name],
          ),
        ]),
      )
      .digest('hex');
    let agent = this.agents.get(key);
    if (!agent) {
      const Agent = fresh.constructor as typeof https.Agent;
      agent = new Agent({ ...options, keepAlive: true });
      this.agents.set(key, agent);
    }
    fresh.destroy();
    return { agent, headers };
  }
}

interface SendOptions {
  readonly method: string;
  readonly agent: http.Agent | undefined;
  readonly headers: Record<string, string | number>;
  readonly body: Buffer | undefined;
  /** Deadline of the whole exchange (of the wait for the answer's head when streaming). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly description: string;
  /** Resolve on a 2xx head with the response unread. */
  readonly stream: boolean;
}

interface Answer {
  readonly status: number;
  /** The whole body (empty when streaming a 2xx answer). */
  readonly body: Buffer;
  readonly contentType: string;
  readonly retryAfter: number | undefined;
  /** The response, when streaming a 2xx answer. */
  readonly response?: http.IncomingMessage;
}

function send(url: URL, options: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const requester = url.protocol === 'https:' ? https.request : http.request;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const request = requester(
      url,
      { method: options.method, agent: options.agent, headers: options.headers },
      (response) => {
        const status = response.statusCode ?? 0;
        const retry = Number(response.headers['retry-after']);
        const head = {
          status,
          contentType: response.headers['content-type'] ?? '',
          retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
        };
        if (options.stream && status >= 200 && status < 300) {
          settle(() => resolve({ ...head, body: Buffer.alloc(0), response }));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail(unreachable(options.description, url, error)));
        response.on('end', () => settle(() => resolve({ ...head, body: Buffer.concat(chunks) })));
        response.on('close', () => {
          if (!response.complete)
            fail(
              unreachable(
                options.description,
                url,
                new Error('the connection closed before the whole answer arrived'),
              ),
            );
        });
      },
    );
    const onAbort = () => {
      request.destroy();
      fail(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // A deadline for the whole exchange, not an idle timeout: a server trickling bytes is cut off too.
    const deadline = setTimeout(() => {
      request.destroy();
      fail(
        ClusterApiError.of(
          options.description,
          504,
          'Timeout',
          `no answer from the API server at ${url.origin} within ${options.timeoutMs / 1000} s`,
        ),
      );
    }, options.timeoutMs);
    request.on('error', (error) => fail(unreachable(options.description, url, error)));
    request.end(options.body);
  });
}

/** A request that never got an answer: 503, retryable like the API server's own unavailability. */
export function unreachable(description: string, url: URL, error: unknown): ClusterApiError {
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const detail =
    code && !message.includes(code) ? `${message} (${code})` : message || (code ?? 'unknown error');
  return new ClusterApiError({
    request: description,
    status: {
      apiVersion: 'v1',
      kind: 'Status',
      status: 'Failure',
      code: 503,
      reason: 'ServiceUnavailable',
      message: `cannot reach the API server at ${url.origin}: ${detail}`,
    },
    cause: error,
  });
}

function statusOf(code: number, body: Buffer, retryAfter: number | undefined): K8sStatus {
  let parsed: Partial<K8sStatus> | undefined;
  try {
    const value = JSON.parse(body.toString('utf8')) as Partial<K8sStatus>;
    if (value && value.kind === 'Status') parsed = value;
  } catch {
    parsed = undefined;
  }
  const text = body.toString('utf8').trim().slice(0, 300);
  const details = parsed?.details ?? (retryAfter !== undefined ? {} : undefined);
  return {
    apiVersion: 'v1',
    kind: 'Status',
    status: 'Failure',
    code: parsed?.code ?? code,
    reason: parsed?.reason || reasonForCode(code),
    message: parsed?.message ?? (text || (http.STATUS_CODES[code] ?? `HTTP ${code}`)),
    ...(details
      ? {
          details: {
            ...details,
            ...(details.retryAfterSeconds === undefined && retryAfter !== undefined
              ? { retryAfterSeconds: retryAfter }
              : {}),
          },
        }
      : {}),
  };
}

/** The credentials a request carries (Authorization and the like), as they could be echoed back. */
function credentials(headers: Record<string, string>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/^(authorization|proxy-authorization)$/i.test(name)) continue;
    values.push(value);
    const credential = /^\S+\s+(.+)$/.exec(value)?.[1];
    if (credential) values.push(credential);
  }
  return values.filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
}

/** The server's text with any credential it echoed replaced (a proxy quoting the request's headers). */
function redactStatus(status: K8sStatus, secrets: readonly string[]): K8sStatus {
  if (secrets.length === 0) return status;
  const clean = (text: string) =>
    secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  return {
    ...status,
    message: clean(status.message),
    ...(status.details
      ? {
          details: {
            ...status.details,
            ...(status.details.causes
              ? {
                  causes: status.details.causes.map((cause) =>
                    cause.message === undefined ? cause : { ...cause, message: clean(cause.message) },
                  ),
                }
              : {}),
          },
        }
      : {}),
  };
}
