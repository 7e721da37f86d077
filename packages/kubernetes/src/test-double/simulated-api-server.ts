import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { toYaml } from '@kubenode/core';
import {
  ClusterApiError,
  rfc3339,
  type K8sEvent,
  type K8sLease,
  type K8sStatus,
  type NodeMergePatchV1,
  type ResourceKindV1,
  type SimulatedCluster,
  type SimulatedClusterClient,
  type WatchHandleV1,
} from '@kubenode/rollout';
import { apiGroupList, apiResourceList, apiVersions, SERVED_GROUPS, versionInfo } from './api-discovery.js';
import { toTable, wantsTable } from './api-tables.js';
import { ListPager } from './list-pager.js';
import { NamespacedObjectStore } from './namespaced-object-store.js';
import { checkNodePatch } from './check-node-patch.js';

/** Options of {@link createSimulatedApiServer}. */
export interface SimulatedApiServerOptions {
  /** The simulated cluster served (its engine's virtual time is the server's time). */
  readonly cluster: SimulatedCluster;
  /**
   * Bearer tokens and the actor each authenticates as; the actor is the simulator's field manager
   * (who cordoned a node, who evicted a pod), so safety metrics attribute every change.
   */
  readonly tokens: Readonly<Record<string, string>>;
  /** Reported by `/version` (default `v1.32.4`). */
  readonly kubernetesVersion?: string;
  /** Called with one line per request (debugging). */
  readonly log?: (line: string) => void;
}

/** Where and how the server listens. */
export interface SimulatedApiServerListenOptions {
  /** Loopback only (default `127.0.0.1`). */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Serve HTTPS with this certificate (PEM), which kubeconfigs then trust as their CA. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A running test double. */
export interface SimulatedApiServer {
  /** Starts listening; resolves with the server URL. */
  listen(options?: SimulatedApiServerListenOptions): Promise<string>;
  /** The server URL (after `listen`). */
  readonly url: string;
  /** A kubeconfig (YAML) that authenticates with `token`. */
  kubeconfig(token: string, options?: { readonly namespace?: string }): string;
  /** Requests served so far. */
  requests(): number;
  /** Ends every watch and connection and stops listening. */
  close(): Promise<void>;
}

const KINDS: Readonly<Record<string, ResourceKindV1 | 'ConfigMap' | 'Secret'>> = {
  nodes: 'Node',
  pods: 'Pod',
  poddisruptionbudgets: 'PodDisruptionBudget',
  leases: 'Lease',
  events: 'Event',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
};

const API_VERSION_OF: Readonly<Record<string, string>> = {
  Node: 'v1',
  Pod: 'v1',
  PodDisruptionBudget: 'policy/v1',
  Lease: 'coordination.k8s.io/v1',
  Event: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
};

const MAX_BODY = 3 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: K8sStatus) {
    super(status.message);
  }
}

function failure(code: number, reason: string, message: string): HttpError {
  return new HttpError({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason, message });
}

/**
 * A **test double** of the Kubernetes API server, serving a {@link SimulatedCluster} over HTTP(S)
 * on loopback: it is not Kubernetes, and implements only the subset kubenode's client, kubectl
 * `get` and `cordon` use. JSON wire format; resourceVersions from the simulator; 404, 409
 * (conflicts, AlreadyExists), 410 (expired watch resourceVersions and continue tokens), 422 and
 * 429 (an eviction its PodDisruptionBudget refuses, with the `DisruptionBudget` cause) with
 * `Status` bodies; list pagination (limit/continue); watch streams (`?watch=true`, one JSON event
 * per line, chunked, resumable from a resourceVersion, ERROR 410 when too old, closed after
 * `timeoutSeconds` of virtual time); label and field selectors; the Eviction subresource
 * (policy/v1 and v1beta1 bodies); Leases; Events; ConfigMaps and Secrets; discovery, `/version`
 * and server-side printing (`as=Table`) for kubectl; bearer-token authentication (no
 * authorization: every token may do everything). Node patches may set labels, annotations,
 * `spec.unschedulable` and `spec.taints` (merge patches; strategic merge patches without lists);
 * anything else is refused with 422, never silently ignored.
 */
export function createSimulatedApiServer(options: SimulatedApiServerOptions): SimulatedApiServer {
  return new Server(options);
}

class Server implements SimulatedApiServer {
  private server: http.Server | undefined;
  private address = '';
  private tls: { cert: string; key: string } | undefined;
  private served = 0;
  private readonly clients = new Map<string, SimulatedClusterClient>();
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<WatchHandleV1>();
  private readonly pager = new ListPager();
  private readonly configMaps: NamespacedObjectStore;
  private readonly secrets: NamespacedObjectStore;
  private readonly version: string;

  constructor(private readonly options: SimulatedApiServerOptions) {
    const now = () => rfc3339(options.cluster.engine.now);
    this.configMaps = new NamespacedObjectStore('ConfigMap', 'configmaps', now);
    this.secrets = new NamespacedObjectStore('Secret', 'secrets', now);
    this.version = options.kubernetesVersion ?? 'v1.32.4';
  }

  get url(): string {
    return this.address;
  }

  requests(): number {
    return this.served;
  }

  async listen(listen: SimulatedApiServerListenOptions = {}): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
    };
    this.tls = listen.tls ? { cert: listen.tls.cert, key: listen.tls.key } : undefined;
    const server = this.tls
      ? https.createServer({ cert: this.tls.cert, key: this.tls.key }, handler)
      : http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    server.on(this.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    const host = listen.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.address = `${this.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return this.address;
  }

  kubeconfig(token: string, options: { readonly namespace?: string } = {}): string {
    if (!this.address) throw new Error('the simulated API server is not listening');
    const actor = this.options.tokens[token];
    if (actor === undefined)
      throw new Error('unknown token: pass one of the tokens the server was created with');
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'kubenode-simulated',
          cluster: {
            server: this.address,
            ...(this.tls
              ? { 'certificate-authority-data': Buffer.from(this.tls.cert).toString('base64') }
              : { 'insecure-skip-tls-verify': true }),
          },
        },
      ],
      users: [{ name: actor, user: { token } }],
      contexts: [
        {
          name: 'kubenode-simulated',
          context: { cluster: 'kubenode-simulated', user: actor, namespace: options.namespace ?? 'default' },
        },
      ],
      'current-context': 'kubenode-simulated',
    });
  }

  async close(): Promise<void> {
    for (const watch of [...this.watches]) watch.stop();
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.server = undefined;
  }

  // ---------------------------------------------------------------------------------------------

  private client(actor: string): SimulatedClusterClient {
    let client = this.clients.get(actor);
    if (!client) {
      client = this.options.cluster.client(actor);
      this.clients.set(actor, client);
    }
    return client;
  }

  private now(): number {
    return this.options.cluster.engine.now;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.served++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    this.options.log?.(`${method} ${url.pathname}${url.search}`);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (['healthz', 'readyz', 'livez'].includes(parts[0] ?? '') && parts.length === 1) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (parts[0] === 'version' && parts.length === 1) return this.json(res, 200, versionInfo(this.version));
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const actor = auth === undefined ? undefined : this.options.tokens[auth];
    if (actor === undefined) throw failure(401, 'Unauthorized', 'Unauthorized');
    if (parts[0] === 'api' && parts.length === 1) return this.json(res, 200, apiVersions(url.host));
    if (parts[0] === 'apis' && parts.length === 1) return this.json(res, 200, apiGroupList());
    let groupVersion: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') {
      groupVersion = 'v1';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      groupVersion = `${parts[1]}/${parts[2]}`;
      rest = parts.slice(3);
    } else throw notFoundPath();
    if (rest.length === 0) {
      const list = apiResourceList(groupVersion);
      if (!list) throw notFoundPath();
      return this.json(res, 200, list);
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest as [string, string | undefined, string | undefined];
    const served = SERVED_GROUPS[groupVersion]?.find((resource) => resource.name === plural);
    const kind = KINDS[plural];
    if (!served || !kind || extra.length > 0) throw notFoundPath();
    if (!served.namespaced && namespace !== undefined) throw notFoundPath();
    const client = this.client(actor);
    const request = `${method.toLowerCase()} ${plural}${name ? `/${name}` : ''}${subresource ? `/${subresource}` : ''}`;

    if (kind === 'ConfigMap' || kind === 'Secret') {
      const store = kind === 'ConfigMap' ? this.configMaps : this.secrets;
      if (subresource !== undefined) throw notFoundPath();
      if (name === undefined) {
        if (method === 'GET') {
          if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1')
            throw failure(405, 'MethodNotAllowed', `this test double does not watch ${plural}`);
          const { items, resourceVersion } = store.list(namespace);
          return this.sendList(req, res, kind, items, resourceVersion, url);
        }
        if (method === 'POST') {
          if (namespace === undefined) throw notFoundPath();
          return this.json(res, 201, store.create(namespace, (await readJson(req)) as never, request));
        }
        throw methodNotAllowed(method, plural);
      }
      if (namespace === undefined) throw notFoundPath();
      if (method === 'GET') return this.sendObject(req, res, kind, store.get(namespace, name, request));
      if (method === 'PUT')
        return this.json(res, 200, store.update(namespace, name, (await readJson(req)) as never, request));
      if (method === 'DELETE') return this.json(res, 200, store.delete(namespace, name, request));
      throw methodNotAllowed(method, plural);
    }

    if (name === undefined) {
      if (method === 'GET') {
        const listOptions = {
          ...(namespace !== undefined ? { namespace } : {}),
          ...(url.searchParams.get('labelSelector')
            ? { labelSelector: url.searchParams.get('labelSelector') as string }
            : {}),
          ...(url.searchParams.get('fieldSelector')
            ? { fieldSelector: url.searchParams.get('fieldSelector') as string }
            : {}),
        };
        const watch = url.searchParams.get('watch');
        if (watch === 'true' || watch === '1') return this.watch(req, res, client, kind, listOptions, url);
        const token = url.searchParams.get('continue');
        const limit = Number(url.searchParams.get('limit') ?? 0) || 0;
        if (token) {
          const page = this.pager.next(token, limit, request);
          return this.sendList(
            req,
            res,
            kind,
            page.items,
            page.resourceVersion,
            url,
            page.continue,
            page.remaining,
          );
        }
        const list = await client.list(kind, listOptions);
        const page = this.pager.first(list.items, list.metadata.resourceVersion, limit);
        return this.sendList(
          req,
          res,
          kind,
          page.items,
          page.resourceVersion,
          url,
          page.continue,
          page.remaining,
        );
      }
      if (method === 'POST' && kind === 'Lease') {
        if (namespace === undefined) throw notFoundPath();
        const body = (await readJson(req)) as K8sLease;
        checkNamespace(body.metadata?.namespace, namespace);
        const created = await client.createLease({ ...body, metadata: { ...body.metadata, namespace } });
        return this.json(res, 201, created);
      }
      if (method === 'POST' && kind === 'Event') {
        if (namespace === undefined) throw notFoundPath();
        const body = (await readJson(req)) as K8sEvent & { metadata: { generateName?: string } };
        checkNamespace(body.metadata?.namespace, namespace);
        let eventName = body.metadata?.name;
        if (!eventName && body.metadata?.generateName)
          eventName = `${body.metadata.generateName}${Math.floor(this.now() % 1e9).toString(36)}${this.served.toString(36)}`;
        if (!eventName)
          throw failure(
            422,
            'Invalid',
            'Event "" is invalid: metadata.name: Required value: name or generateName is required',
          );
        if (!body.involvedObject?.name || !body.reason)
          throw failure(
            422,
            'Invalid',
            `Event "${eventName}" is invalid: involvedObject and reason are required`,
          );
        const created = await client.createEvent({
          ...body,
          metadata: { ...body.metadata, name: eventName, namespace },
        });
        return this.json(res, 201, created);
      }
      throw methodNotAllowed(method, plural);
    }

    if (subresource === 'eviction') {
      if (kind !== 'Pod' || namespace === undefined) throw notFoundPath();
      if (method !== 'POST') throw methodNotAllowed(method, 'pods/eviction');
      const body = (await readJson(req)) as {
        apiVersion?: string;
        kind?: string;
        metadata?: { name?: string; namespace?: string };
        deleteOptions?: { gracePeriodSeconds?: number; preconditions?: { uid?: string } };
      };
      if (body.kind !== 'Eviction' || !['policy/v1', 'policy/v1beta1'].includes(body.apiVersion ?? ''))
        throw failure(400, 'BadRequest', 'the body of an eviction must be a policy/v1 (or v1beta1) Eviction');
      if (body.metadata?.name !== name)
        throw failure(400, 'BadRequest', `name in URL does not match name in Eviction object`);
      checkNamespace(body.metadata?.namespace, namespace);
      const grace = body.deleteOptions?.gracePeriodSeconds;
      const uid = body.deleteOptions?.preconditions?.uid;
      await client.evictPod({
        namespace,
        name,
        ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
        ...(uid !== undefined ? { uid } : {}),
      });
      return this.json(res, 201, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      });
    }
    if (subresource !== undefined) throw notFoundPath();

    if (method === 'GET') {
      if (kind === 'Node') return this.sendObject(req, res, kind, await client.getNode(name));
      if (kind === 'Lease') {
        if (namespace === undefined) throw notFoundPath();
        return this.sendObject(req, res, kind, await client.getLease(namespace, name));
      }
      if (namespace === undefined) throw notFoundPath();
      const found = await client.list(kind, { namespace, fieldSelector: `metadata.name=${name}` });
      const object = found.items[0];
      if (!object) throw failure(404, 'NotFound', `${plural} "${name}" not found`);
      return this.sendObject(req, res, kind, object);
    }
    if (method === 'PATCH' && kind === 'Node') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json')
        throw failure(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json (this test double supports no others)`,
        );
      const patch = (await readJson(req)) as NodeMergePatchV1;
      const problem = checkNodePatch(patch, type === 'application/strategic-merge-patch+json');
      if (problem) throw failure(422, 'Invalid', `Node "${name}" is invalid: ${problem}`);
      return this.json(res, 200, await client.patchNode(name, patch));
    }
    if (method === 'PUT' && kind === 'Lease') {
      if (namespace === undefined) throw notFoundPath();
      const body = (await readJson(req)) as K8sLease;
      checkNamespace(body.metadata?.namespace, namespace);
      if (body.metadata?.name !== name)
        throw failure(
          400,
          'BadRequest',
          `the name of the object (${String(body.metadata?.name)}) does not match the name on the URL (${name})`,
        );
      return this.json(
        res,
        200,
        await client.updateLease({ ...body, metadata: { ...body.metadata, namespace } }),
      );
    }
    if (method === 'DELETE' && kind === 'Pod') {
      if (namespace === undefined) throw notFoundPath();
      const body = (await readJson(req, true)) as
        { gracePeriodSeconds?: number; preconditions?: { uid?: string } } | undefined;
      const grace = body?.gracePeriodSeconds ?? numberParam(url, 'gracePeriodSeconds');
      const uid = body?.preconditions?.uid;
      await client.deletePod({
        namespace,
        name,
        ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
        ...(uid !== undefined ? { uid } : {}),
      });
      const after = await client.list('Pod', { namespace, fieldSelector: `metadata.name=${name}` });
      const pod = after.items[0];
      return this.json(
        res,
        200,
        pod ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 },
      );
    }
    throw methodNotAllowed(method, plural);
  }

  private watch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    client: SimulatedClusterClient,
    kind: ResourceKindV1,
    listOptions: { namespace?: string; labelSelector?: string; fieldSelector?: string },
    url: URL,
  ): Promise<void> {
    let resourceVersion = url.searchParams.get('resourceVersion') ?? '';
    const initial: object[] = [];
    if (resourceVersion === '' || resourceVersion === '0') {
      // "Any" version: the current state as ADDED events, then changes.
      return client.list(kind, listOptions).then((list) => {
        for (const item of list.items) initial.push({ type: 'ADDED', object: item });
        resourceVersion = list.metadata.resourceVersion;
        this.stream(req, res, client, kind, listOptions, resourceVersion, initial, url);
      });
    }
    this.stream(req, res, client, kind, listOptions, resourceVersion, initial, url);
    return Promise.resolve();
  }

  private stream(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    client: SimulatedClusterClient,
    kind: ResourceKindV1,
    listOptions: { namespace?: string; labelSelector?: string; fieldSelector?: string },
    resourceVersion: string,
    initial: readonly object[],
    url: URL,
  ): void {
    // Counted (and subject to injected API errors) before the stream opens, as a refused watch.
    let errorSent = false;
    const handle = client.watch(kind, { ...listOptions, resourceVersion }, (event) => {
      if (event.type === 'ERROR') errorSent = true;
      res.write(`${JSON.stringify(event)}\n`);
    });
    this.watches.add(handle);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    for (const event of initial) res.write(`${JSON.stringify(event)}\n`);
    const timeoutSeconds = numberParam(url, 'timeoutSeconds');
    const timer =
      timeoutSeconds !== undefined && timeoutSeconds > 0
        ? this.options.cluster.engine.after(timeoutSeconds * 1000, () => handle.stop())
        : undefined;
    const onClose = () => handle.stop();
    req.on('close', onClose);
    res.on('close', onClose);
    handle.done
      .then(
        () => undefined,
        (error: unknown) => {
          if (errorSent || res.writableEnded) return;
          const status: K8sStatus = ClusterApiError.isInstance(error)
            ? error.status
            : {
                apiVersion: 'v1',
                kind: 'Status',
                status: 'Failure',
                code: 500,
                reason: 'InternalError',
                message: String(error),
              };
          res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
        },
      )
      .finally(() => {
        timer?.cancel();
        this.watches.delete(handle);
        req.off('close', onClose);
        if (!res.writableEnded) res.end();
      });
  }

  private sendList(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    kind: string,
    items: readonly object[],
    resourceVersion: string,
    _url: URL,
    next?: string,
    remaining?: number,
  ): void {
    if (wantsTable(req.headers.accept))
      return this.json(res, 200, toTable(kind, items, resourceVersion, this.now()));
    this.json(res, 200, {
      apiVersion: API_VERSION_OF[kind],
      kind: `${kind}List`,
      metadata: {
        resourceVersion,
        ...(next ? { continue: next, remainingItemCount: remaining ?? 0 } : {}),
      },
      // As the API server: list items carry no apiVersion and kind.
      items: items.map((item) => {
        const { apiVersion: _a, kind: _k, ...rest } = item as { apiVersion?: string; kind?: string };
        return rest;
      }),
    });
  }

  private sendObject(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    kind: string,
    object: object,
  ): void {
    const version = (object as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? '';
    if (wantsTable(req.headers.accept))
      return this.json(res, 200, toTable(kind, [object], version, this.now()));
    this.json(res, 200, object);
  }

  private json(res: http.ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private fail(res: http.ServerResponse, error: unknown): void {
    let status: K8sStatus;
    if (error instanceof HttpError) status = error.status;
    else if (ClusterApiError.isInstance(error)) status = error.status;
    else
      status = {
        apiVersion: 'v1',
        kind: 'Status',
        status: 'Failure',
        code: 500,
        reason: 'InternalError',
        message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
      };
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    const text = JSON.stringify({ ...status, metadata: {} });
    res.writeHead(status.code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...(status.details?.retryAfterSeconds !== undefined
        ? { 'Retry-After': String(status.details.retryAfterSeconds) }
        : {}),
    });
    res.end(text);
  }
}

function notFoundPath(): HttpError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

function methodNotAllowed(method: string, resource: string): HttpError {
  return failure(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method} ${resource})`,
  );
}

function checkNamespace(bodyNamespace: string | undefined, urlNamespace: string): void {
  if (bodyNamespace !== undefined && bodyNamespace !== urlNamespace)
    throw failure(
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
}

function numberParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

async function readJson(req: http.IncomingMessage, optional = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw failure(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    if (optional) return undefined;
    throw failure(400, 'BadRequest', 'the request has no body');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw failure(
      400,
      'BadRequest',
      `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
