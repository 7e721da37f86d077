import type { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterApiError,
  type ClusterClientV1,
  type EvictionV1,
  type K8sEvent,
  type K8sLease,
  type K8sList,
  type K8sNode,
  type ListOptionsV1,
  type NodeMergePatchV1,
  type PodDeletionV1,
  type ResourceKindV1,
  type ResourceTypesV1,
  type WatchEventV1,
  type WatchHandleV1,
  type WatchOptionsV1,
} from '@kubenode/rollout';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';
import { VERSION } from '../version.js';
import { kubeClientSettingsSchema, type KubeClientSettings } from './kube-client-settings.js';
import { KubeHttpTransport, type KubeRequest, type KubeRequestRecord } from './kube-http-transport.js';
import { startKubeWatch } from './kube-watch.js';
import type { K8sConfigMap, K8sSecret } from './k8s-config-objects.js';
import { loadKubeConfig } from './load-kube-config.js';
import { RESOURCE_LOCATIONS, resourcePath, type ClientResourceKind } from './resource-paths.js';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

/**
 * Options of {@link createKubeClusterClient}: the client settings plus what cannot come from a
 * settings file. (An intersection, not an interface extending the zod-inferred settings type:
 * TypeDoc's hierarchy page has no entry for such an interface, and its page linked there.)
 */
export type KubeClusterClientOptions = KubeClientSettings & {
  /** Credentials already loaded (tests, embedding); replaces `kubeconfig` and `context`. */
  readonly kubeConfig?: KubeConfig;
  /** Environment for finding the kubeconfig; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called after every request (metrics). */
  readonly onRequest?: (record: KubeRequestRecord) => void;
  /** Uniform [0, 1) for watch timeout jitter. */
  readonly random?: () => number;
};

/** Requests the client made, by verb and HTTP status. */
export interface KubeClientStats {
  readonly requests: number;
  readonly byVerb: Readonly<Record<string, number>>;
  readonly byCode: Readonly<Record<string, number>>;
  /** Seconds spent waiting for the client-side rate limiter. */
  readonly throttledSeconds: number;
}

const API_VERSIONS: Readonly<Record<ClientResourceKind, string>> = {
  Node: 'v1',
  Pod: 'v1',
  PodDisruptionBudget: 'policy/v1',
  Lease: 'coordination.k8s.io/v1',
  Event: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
};

/**
 * The rollout engine's {@link ClusterClientV1} on a real cluster, over `@kubernetes/client-node`
 * (kubeconfig loading, authentication, TLS, watch streams), plus the few objects kubenode's
 * controller and agents keep (ConfigMaps, Secrets). Objects travel in their JSON wire form, so
 * what the executor reads is exactly what the API server sent.
 */
export class KubeClusterClient implements ClusterClientV1 {
  readonly specificationVersion = 'v1' as const;
  private readonly transport: KubeHttpTransport;
  private readonly limiter: TokenBucketRateLimiter;
  private readonly settings: ReturnType<typeof kubeClientSettingsSchema.parse>;
  private readonly random: () => number;
  private readonly watches = new Set<WatchHandleV1>();
  private readonly counts = {
    requests: 0,
    byVerb: new Map<string, number>(),
    byCode: new Map<string, number>(),
  };
  private eventCounter = 0;

  constructor(
    readonly kubeConfig: KubeConfig,
    options: Omit<KubeClusterClientOptions, 'kubeConfig' | 'kubeconfig' | 'context' | 'env'> = {},
  ) {
    const parsed = kubeClientSettingsSchema.safeParse({
      ...(options.qps !== undefined ? { qps: options.qps } : {}),
      ...(options.burst !== undefined ? { burst: options.burst } : {}),
      ...(options.requestTimeoutSeconds !== undefined
        ? { requestTimeoutSeconds: options.requestTimeoutSeconds }
        : {}),
      ...(options.watchTimeoutSeconds !== undefined
        ? { watchTimeoutSeconds: options.watchTimeoutSeconds }
        : {}),
      ...(options.listPageSize !== undefined ? { listPageSize: options.listPageSize } : {}),
      ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new KubeClientConfigError({
        setting: issue?.path.join('.') || 'options',
        message: issue?.message ?? 'invalid',
      });
    }
    this.settings = parsed.data;
    this.random = options.random ?? Math.random;
    this.limiter = new TokenBucketRateLimiter({ qps: this.settings.qps, burst: this.settings.burst });
    const onRequest = options.onRequest;
    this.transport = new KubeHttpTransport(kubeConfig, {
      limiter: this.limiter,
      timeoutMs: this.settings.requestTimeoutSeconds * 1000,
      userAgent: this.settings.userAgent ?? `kubenode/${VERSION}`,
      onRequest: (record) => {
        this.count(record.verb, record.code);
        onRequest?.(record);
      },
    });
    this.onRequest = onRequest;
  }

  private readonly onRequest: ((record: KubeRequestRecord) => void) | undefined;

  /** The API server URL. */
  get server(): string {
    return this.transport.server;
  }

  /** Requests made so far. */
  stats(): KubeClientStats {
    return {
      requests: this.counts.requests,
      byVerb: Object.fromEntries([...this.counts.byVerb].sort(([a], [b]) => (a < b ? -1 : 1))),
      byCode: Object.fromEntries([...this.counts.byCode].sort(([a], [b]) => (a < b ? -1 : 1))),
      throttledSeconds: Math.round(this.limiter.waitedMs) / 1000,
    };
  }

  /** Resolves once no request is in flight, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    return this.transport.idle(timeoutMs);
  }

  /** Stops every watch and closes idle connections. */
  close(): void {
    for (const watch of [...this.watches]) watch.stop();
    this.transport.close();
  }

  // ---------------------------------------------------------------------------------------------
  // ClusterClientV1

  async list<K extends ResourceKindV1>(
    kind: K,
    options: ListOptionsV1 = {},
  ): Promise<K8sList<ResourceTypesV1[K]>> {
    return this.listAny(kind, options) as Promise<K8sList<ResourceTypesV1[K]>>;
  }

  watch<K extends ResourceKindV1>(
    kind: K,
    options: WatchOptionsV1,
    onEvent: (event: WatchEventV1<ResourceTypesV1[K]>) => void,
  ): WatchHandleV1 {
    const timeout = Math.floor(this.settings.watchTimeoutSeconds * (1 + this.random()));
    const started = performance.now();
    const handle = startKubeWatch<ResourceTypesV1[K]>(
      {
        transport: this.transport,
        path: resourcePath(kind, options.namespace),
        query: {
          resourceVersion: options.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: timeout,
          ...(options.labelSelector !== undefined ? { labelSelector: options.labelSelector } : {}),
          ...(options.fieldSelector !== undefined ? { fieldSelector: options.fieldSelector } : {}),
        },
        description: `watch ${RESOURCE_LOCATIONS[kind].plural}`,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      onEvent,
    );
    this.watches.add(handle);
    const record = (code: number) => {
      this.watches.delete(handle);
      this.count('watch', code);
      this.onRequest?.({ verb: 'watch', code, durationMs: performance.now() - started, throttledMs: 0 });
    };
    handle.done.then(
      () => record(200),
      (error: unknown) => record(ClusterApiError.isInstance(error) ? error.code : 0),
    );
    return handle;
  }

  getNode(name: string): Promise<K8sNode> {
    return this.get('Node', undefined, name);
  }

  async patchNode(name: string, patch: NodeMergePatchV1): Promise<K8sNode> {
    return this.send<K8sNode>({
      method: 'PATCH',
      path: resourcePath('Node', undefined, name),
      body: patch,
      contentType: 'application/merge-patch+json',
      verb: 'patch',
      description: `patch nodes/${name}`,
    });
  }

  async evictPod(eviction: EvictionV1): Promise<void> {
    const deleteOptions = {
      ...(eviction.gracePeriodSeconds !== undefined
        ? { gracePeriodSeconds: eviction.gracePeriodSeconds }
        : {}),
      ...(eviction.uid !== undefined ? { preconditions: { uid: eviction.uid } } : {}),
    };
    await this.send<unknown>({
      method: 'POST',
      path: `${resourcePath('Pod', eviction.namespace, eviction.name)}/eviction`,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: eviction.name, namespace: eviction.namespace },
        ...(Object.keys(deleteOptions).length > 0 ? { deleteOptions } : {}),
      },
      verb: 'create',
      description: `create pods/${eviction.name}/eviction -n ${eviction.namespace}`,
    });
  }

  async deletePod(deletion: PodDeletionV1): Promise<void> {
    await this.send<unknown>({
      method: 'DELETE',
      path: resourcePath('Pod', deletion.namespace, deletion.name),
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        ...(deletion.gracePeriodSeconds !== undefined
          ? { gracePeriodSeconds: deletion.gracePeriodSeconds }
          : {}),
        ...(deletion.uid !== undefined ? { preconditions: { uid: deletion.uid } } : {}),
      },
      verb: 'delete',
      description: `delete pods/${deletion.name} -n ${deletion.namespace}`,
    });
  }

  getLease(namespace: string, name: string): Promise<K8sLease> {
    return this.get('Lease', namespace, name);
  }

  createLease(lease: K8sLease): Promise<K8sLease> {
    return this.create('Lease', lease);
  }

  updateLease(lease: K8sLease): Promise<K8sLease> {
    return this.replace('Lease', lease);
  }

  /**
   * Records an Event. An Event without a name gets one as client-go's recorder names them
   * (`<object>.<unique hex>`): the API server requires a name.
   */
  createEvent(event: K8sEvent): Promise<K8sEvent> {
    const named: K8sEvent = event.metadata.name
      ? event
      : {
          ...event,
          metadata: {
            ...event.metadata,
            name: `${event.involvedObject.name}.${(Date.now() * 1000 + (this.eventCounter++ % 1000)).toString(16)}`,
          },
        };
    return this.create('Event', named);
  }

  // ---------------------------------------------------------------------------------------------
  // ConfigMaps and Secrets

  /** Reads a ConfigMap (404 when absent). */
  getConfigMap(namespace: string, name: string): Promise<K8sConfigMap> {
    return this.get('ConfigMap', namespace, name);
  }

  /** Creates a ConfigMap (409 AlreadyExists when present). */
  createConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap> {
    return this.create('ConfigMap', configMap);
  }

  /** Replaces a ConfigMap; `metadata.resourceVersion` must match (409 Conflict). */
  replaceConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap> {
    return this.replace('ConfigMap', configMap);
  }

  /** Reads a Secret (404 when absent). */
  getSecret(namespace: string, name: string): Promise<K8sSecret> {
    return this.get('Secret', namespace, name);
  }

  /** Creates a Secret (409 AlreadyExists when present). */
  createSecret(secret: K8sSecret): Promise<K8sSecret> {
    return this.create('Secret', secret);
  }

  // ---------------------------------------------------------------------------------------------

  private async listAny(kind: ClientResourceKind, options: ListOptionsV1): Promise<K8sList<unknown>> {
    const plural = RESOURCE_LOCATIONS[kind].plural;
    const path = resourcePath(kind, options.namespace);
    const query = {
      ...(options.labelSelector !== undefined ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector !== undefined ? { fieldSelector: options.fieldSelector } : {}),
    };
    for (let paged = true; ; paged = false) {
      const items: unknown[] = [];
      let resourceVersion = '';
      let next: string | undefined;
      let listKind = `${kind}List`;
      try {
        do {
          const page = await this.send<{
            kind?: string;
            metadata?: { resourceVersion?: string; continue?: string };
            items?: unknown[];
          }>({
            method: 'GET',
            path,
            query: { ...query, ...(paged ? { limit: this.settings.listPageSize } : {}), continue: next },
            verb: 'list',
            description: `list ${plural}`,
          });
          for (const item of page.items ?? [])
            items.push({ apiVersion: API_VERSIONS[kind], kind, ...(item as object) });
          resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
          listKind = page.kind ?? listKind;
          next = page.metadata?.continue || undefined;
        } while (next !== undefined);
      } catch (error) {
        // A continue token the server no longer honours: read the whole list at once.
        if (paged && next !== undefined && ClusterApiError.isInstance(error) && error.code === 410) continue;
        throw error;
      }
      return { apiVersion: API_VERSIONS[kind], kind: listKind, metadata: { resourceVersion }, items };
    }
  }

  private async get<T>(kind: ClientResourceKind, namespace: string | undefined, name: string): Promise<T> {
    const object = await this.send<T>({
      method: 'GET',
      path: resourcePath(kind, namespace, name),
      verb: 'get',
      description: `get ${RESOURCE_LOCATIONS[kind].plural}/${name}${namespace ? ` -n ${namespace}` : ''}`,
    });
    return object;
  }

  private create<T extends { metadata: { name: string; namespace?: string } }>(
    kind: ClientResourceKind,
    object: T,
  ): Promise<T> {
    const namespace = object.metadata.namespace ?? 'default';
    return this.send<T>({
      method: 'POST',
      path: resourcePath(kind, namespace),
      body: object,
      verb: 'create',
      description: `create ${RESOURCE_LOCATIONS[kind].plural}/${object.metadata.name} -n ${namespace}`,
    });
  }

  private replace<T extends { metadata: { name: string; namespace?: string } }>(
    kind: ClientResourceKind,
    object: T,
  ): Promise<T> {
    const namespace = object.metadata.namespace ?? 'default';
    return this.send<T>({
      method: 'PUT',
      path: resourcePath(kind, namespace, object.metadata.name),
      body: object,
      verb: 'update',
      description: `update ${RESOURCE_LOCATIONS[kind].plural}/${object.metadata.name} -n ${namespace}`,
    });
  }

  private send<T>(request: KubeRequest): Promise<T> {
    return this.transport.request<T>(request);
  }

  private count(verb: string, code: number): void {
    this.counts.requests++;
    this.counts.byVerb.set(verb, (this.counts.byVerb.get(verb) ?? 0) + 1);
    const key = String(code);
    this.counts.byCode.set(key, (this.counts.byCode.get(key) ?? 0) + 1);
  }
}

/**
 * Creates the Kubernetes client: loads credentials ({@link loadKubeConfig}) unless `kubeConfig`
 * is given, validates the settings, and sets up the rate limiter.
 */
export function createKubeClusterClient(options: KubeClusterClientOptions = {}): KubeClusterClient {
  const kubeConfig =
    options.kubeConfig ??
    loadKubeConfig({
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
  const { kubeConfig: _k, kubeconfig: _f, context: _c, env: _e, ...rest } = options;
  return new KubeClusterClient(kubeConfig, rest);
}
