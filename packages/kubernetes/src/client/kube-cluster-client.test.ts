import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterApiError,
  Informer,
  systemClock,
  type InformerChange,
  type K8sLease,
  type K8sNode,
  type K8sPod,
} from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';
import { serveSmallCluster, type ServedSmallCluster } from './__fixtures__/served-small-cluster.js';
import {
  startStubApiServer,
  writeJson,
  writeStatus,
  type StubRequest,
} from './__fixtures__/stub-api-server.js';
import {
  createKubeClusterClient,
  type KubeClusterClient,
  type KubeClusterClientOptions,
} from './kube-cluster-client.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function served(): Promise<ServedSmallCluster> {
  const cluster = await serveSmallCluster();
  cleanups.push(() => cluster.close());
  return cluster;
}

function clientOf(
  source: { kubeConfig(): ReturnType<ServedSmallCluster['kubeConfig']> },
  options: Omit<KubeClusterClientOptions, 'kubeConfig'> = {},
): KubeClusterClient {
  const client = createKubeClusterClient({
    kubeConfig: source.kubeConfig(),
    qps: 1000,
    burst: 1000,
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

async function stub(handler: (request: StubRequest, response: ServerResponse) => unknown) {
  const server = await startStubApiServer(handler);
  cleanups.push(() => server.close());
  return { server, kubeConfig: () => server.kubeConfig({ token: 'stub-token' }) };
}

async function apiError(promise: Promise<unknown>): Promise<ClusterApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ClusterApiError.isInstance(error)).toBe(true);
  return error as ClusterApiError;
}

async function podsOf(client: KubeClusterClient, app: string): Promise<K8sPod[]> {
  const list = await client.list('Pod', { namespace: 'shop' });
  return list.items.filter((pod) => pod.metadata.name.startsWith(`${app}-`));
}

describe('KubeClusterClient: lists', () => {
  it('reads a list in pages of listPageSize (limit/continue), items with their apiVersion and kind', async () => {
    const cluster = await served();
    const client = clientOf(cluster, { listPageSize: 2 });
    const nodes = await client.list('Node', { labelSelector: 'kubenode.dev/pool=workers' });
    expect(nodes.kind).toBe('NodeList');
    expect(nodes.apiVersion).toBe('v1');
    expect(nodes.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(nodes.items.map((node) => node.metadata.name).sort()).toEqual([
      'node-1',
      'node-2',
      'node-3',
      'node-4',
      'node-5',
    ]);
    for (const node of nodes.items) expect([node.apiVersion, node.kind]).toEqual(['v1', 'Node']);
    const lists = cluster.log.filter((line) => line.startsWith('GET /api/v1/nodes?'));
    expect(lists).toHaveLength(3);
    expect(lists[0]).toBe('GET /api/v1/nodes?labelSelector=kubenode.dev%2Fpool%3Dworkers&limit=2');
    expect(lists[1]).toMatch(
      /^GET \/api\/v1\/nodes\?labelSelector=kubenode.dev%2Fpool%3Dworkers&limit=2&continue=\S+$/,
    );
    expect(client.stats().byVerb).toEqual({ list: 3 });
  });

  it('lists a namespace, or all namespaces, of a namespaced kind', async () => {
    const cluster = await served();
    const client = clientOf(cluster);
    const shop = await client.list('Pod', { namespace: 'shop', fieldSelector: 'spec.nodeName=node-1' });
    for (const pod of shop.items)
      expect([pod.metadata.namespace, pod.spec.nodeName]).toEqual(['shop', 'node-1']);
    const budgets = await client.list('PodDisruptionBudget');
    expect(
      budgets.items.map((pdb) => `${pdb.apiVersion} ${pdb.metadata.namespace}/${pdb.metadata.name}`),
    ).toEqual(['policy/v1 shop/web']);
    expect(cluster.log).toContain(
      'GET /api/v1/namespaces/shop/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=500',
    );
    expect(cluster.log).toContain('GET /apis/policy/v1/poddisruptionbudgets?limit=500');
  });

  it('reads the whole list at once when the server no longer honours a continue token (410)', async () => {
    const { server, kubeConfig } = await stub((request, response) => {
      const query = request.url.searchParams;
      if (query.get('continue'))
        return writeStatus(response, 410, 'Expired', 'The provided continue parameter is too old');
      if (query.get('limit'))
        return writeJson(response, 200, {
          kind: 'NodeList',
          metadata: { resourceVersion: '10', continue: 'token-1' },
          items: [{ metadata: { name: 'a' } }],
        });
      return writeJson(response, 200, {
        kind: 'NodeList',
        metadata: { resourceVersion: '12' },
        items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }],
      });
    });
    const nodes = await clientOf({ kubeConfig }).list('Node');
    expect(nodes.items.map((node) => node.metadata.name)).toEqual(['a', 'b']);
    expect(nodes.metadata.resourceVersion).toBe('12');
    expect(server.requests.map((request) => request.url.search)).toEqual([
      '?limit=500',
      '?limit=500&continue=token-1',
      '',
    ]);
  });
});

describe('KubeClusterClient: nodes', () => {
  it('getNode: the node, or 404 NotFound naming the request', async () => {
    const client = clientOf(await served());
    expect((await client.getNode('node-2')).metadata.name).toBe('node-2');
    const error = await apiError(client.getNode('node-9'));
    expect([error.code, error.reason, error.request]).toEqual([404, 'NotFound', 'get nodes/node-9']);
  });

  it('patchNode: a JSON merge patch guarded by resourceVersion: 409 Conflict when stale, re-read and retry succeeds', async () => {
    const cluster = await served();
    const client = clientOf(cluster);
    const before = await client.getNode('node-1');
    const cordoned = await client.patchNode('node-1', {
      metadata: {
        resourceVersion: before.metadata.resourceVersion as string,
        annotations: { 'kubenode.dev/phase': 'draining' },
      },
      spec: { unschedulable: true },
    });
    expect(cordoned.spec?.unschedulable).toBe(true);
    expect(cordoned.metadata.annotations?.['kubenode.dev/phase']).toBe('draining');
    expect(cordoned.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(cluster.cluster.nodeCordon('node-1')).toEqual({ unschedulable: true, by: 'kubenode' });

    // The version read before the cordon is stale now.
    const stale = await apiError(
      client.patchNode('node-1', {
        metadata: {
          resourceVersion: before.metadata.resourceVersion as string,
          annotations: { 'kubenode.dev/phase': null },
        },
      }),
    );
    expect([stale.code, stale.reason, stale.request]).toEqual([409, 'Conflict', 'patch nodes/node-1']);
    expect((await client.getNode('node-1')).metadata.annotations?.['kubenode.dev/phase']).toBe('draining');

    // The executor's loop: re-read, patch at the new version; null removes the annotation.
    const current = await client.getNode('node-1');
    const cleared = await client.patchNode('node-1', {
      metadata: {
        resourceVersion: current.metadata.resourceVersion as string,
        annotations: { 'kubenode.dev/phase': null },
      },
      spec: { unschedulable: null },
    });
    expect(cleared.metadata.annotations?.['kubenode.dev/phase']).toBeUndefined();
    expect(cleared.spec?.unschedulable).toBeFalsy();
    expect(client.stats().byCode).toMatchObject({ '200': 5, '409': 1 });
  });
});

describe('KubeClusterClient: the Eviction API (policy/v1)', () => {
  it('posts a policy/v1 Eviction with deleteOptions to the pod’s eviction subresource', async () => {
    const { server, kubeConfig } = await stub((_request, response) =>
      writeJson(response, 201, { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 201 }),
    );
    const client = clientOf({ kubeConfig });
    await client.evictPod({ namespace: 'shop', name: 'web-0', gracePeriodSeconds: 30, uid: 'uid-1' });
    await client.evictPod({ namespace: 'shop', name: 'web-1' });
    const [first, second] = server.requests;
    expect(`${first?.method} ${first?.url.pathname}`).toBe(
      'POST /api/v1/namespaces/shop/pods/web-0/eviction',
    );
    expect(first?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(first?.body ?? '')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-0', namespace: 'shop' },
      deleteOptions: { gracePeriodSeconds: 30, preconditions: { uid: 'uid-1' } },
    });
    expect(JSON.parse(second?.body ?? '')).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'shop' },
    });
  });

  it('evicts a pod its budget allows; 429 DisruptionBudget when the budget says no; 404 gone; 409 another incarnation', async () => {
    const cluster = await served();
    const client = clientOf(cluster);
    const [batch] = await podsOf(client, 'batch');
    await client.evictPod({
      namespace: 'shop',
      name: batch?.metadata.name as string,
      uid: batch?.metadata.uid as string,
    });
    const after = (await podsOf(client, 'batch')).find((pod) => pod.metadata.name === batch?.metadata.name);
    expect(after?.metadata.deletionTimestamp).toBeDefined();

    const [web] = await podsOf(client, 'web');
    const refused = await apiError(
      client.evictPod({ namespace: 'shop', name: web?.metadata.name as string }),
    );
    expect({ code: refused.code, reason: refused.reason, causes: refused.causes }).toEqual({
      code: 429,
      reason: 'TooManyRequests',
      causes: ['DisruptionBudget'],
    });
    expect(refused.request).toBe(`create pods/${web?.metadata.name}/eviction -n shop`);
    expect(refused.status.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");

    const gone = await apiError(client.evictPod({ namespace: 'shop', name: 'web-nope' }));
    expect([gone.code, gone.reason]).toEqual([404, 'NotFound']);
    const other = await apiError(
      client.evictPod({ namespace: 'shop', name: web?.metadata.name as string, uid: 'not-this-one' }),
    );
    expect([other.code, other.reason]).toEqual([409, 'Conflict']);
  });

  it('deletePod bypasses the budget that refused the eviction', async () => {
    const cluster = await served();
    const client = clientOf(cluster);
    const [web] = await podsOf(client, 'web');
    await client.deletePod({
      namespace: 'shop',
      name: web?.metadata.name as string,
      uid: web?.metadata.uid as string,
    });
    const after = (await podsOf(client, 'web')).find((pod) => pod.metadata.name === web?.metadata.name);
    expect(after === undefined || after.metadata.deletionTimestamp !== undefined).toBe(true);
  });
});

describe('KubeClusterClient: Leases (leader election)', () => {
  const lease = (holder: string): K8sLease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kubenode-rollout-workers', namespace: 'kubenode-system' },
    spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: '2026-01-05T10:00:00.000000Z' },
  });

  it('create, 409 AlreadyExists, get, update at the read version, 409 Conflict at a stale one', async () => {
    const client = clientOf(await served());
    const missing = await apiError(client.getLease('kubenode-system', 'kubenode-rollout-workers'));
    expect([missing.code, missing.request]).toEqual([
      404,
      'get leases/kubenode-rollout-workers -n kubenode-system',
    ]);

    const created = await client.createLease(lease('replica-a'));
    expect(created.spec.holderIdentity).toBe('replica-a');
    const again = await apiError(client.createLease(lease('replica-b')));
    expect([again.code, again.reason]).toEqual([409, 'AlreadyExists']);

    const read = await client.getLease('kubenode-system', 'kubenode-rollout-workers');
    expect(read.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const renewed = await client.updateLease({
      ...read,
      spec: { ...read.spec, renewTime: '2026-01-05T10:00:02.000000Z' },
    });
    expect(renewed.spec.renewTime).toBe('2026-01-05T10:00:02.000000Z');

    // replica-b still holds the old version: its takeover loses.
    const stale = await apiError(
      client.updateLease({ ...read, spec: { ...read.spec, holderIdentity: 'replica-b' } }),
    );
    expect([stale.code, stale.reason]).toEqual([409, 'Conflict']);
    expect((await client.getLease('kubenode-system', 'kubenode-rollout-workers')).spec.holderIdentity).toBe(
      'replica-a',
    );
  });
});

describe('KubeClusterClient: Events', () => {
  it('names an unnamed Event as client-go’s recorder does (<object>.<hex>); keeps a given name', async () => {
    const cluster = await served();
    const client = clientOf(cluster);
    const event = {
      apiVersion: 'v1' as const,
      kind: 'Event' as const,
      metadata: { name: '', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-1' },
      reason: 'Cordoned',
      message: 'kubenode cordoned node-1',
      type: 'Normal' as const,
    };
    // Created at once (within a millisecond): still one name each.
    const created = await Promise.all(Array.from({ length: 5 }, () => client.createEvent(event)));
    for (const made of created) expect(made.metadata.name).toMatch(/^node-1\.[0-9a-f]+$/);
    expect(new Set(created.map((made) => made.metadata.name)).size).toBe(5);
    const named = await client.createEvent({
      ...event,
      metadata: { name: 'node-1.custom', namespace: 'default' },
    });
    expect(named.metadata.name).toBe('node-1.custom');
    expect(
      cluster.cluster
        .recordedEvents()
        .map((recorded) => recorded.metadata.name)
        .sort(),
    ).toEqual([...created.map((made) => made.metadata.name), 'node-1.custom'].sort());
  });
});

describe('KubeClusterClient: ConfigMaps and Secrets', () => {
  it('create, 409 AlreadyExists, get, replace guarded by resourceVersion', async () => {
    const client = clientOf(await served());
    const configMap = {
      apiVersion: 'v1' as const,
      kind: 'ConfigMap' as const,
      metadata: { name: 'kubenode-status-workers', namespace: 'kubenode-system' },
      data: { 'status.json': '{}' },
    };
    const created = await client.createConfigMap(configMap);
    expect((await apiError(client.createConfigMap(configMap))).reason).toBe('AlreadyExists');
    const read = await client.getConfigMap('kubenode-system', 'kubenode-status-workers');
    expect(read.data).toEqual({ 'status.json': '{}' });
    const replaced = await client.replaceConfigMap({ ...read, data: { 'status.json': '{"a":1}' } });
    expect(replaced.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
    const stale = await apiError(client.replaceConfigMap({ ...read, data: {} }));
    expect(stale.code).toBe(409);

    const secret = {
      apiVersion: 'v1' as const,
      kind: 'Secret' as const,
      metadata: { name: 'kubenode-step-signing-key', namespace: 'kubenode-system' },
      type: 'Opaque',
      data: { key: Buffer.from('k').toString('base64') },
    };
    await client.createSecret(secret);
    expect((await client.getSecret('kubenode-system', 'kubenode-step-signing-key')).data).toEqual(
      secret.data,
    );
    expect((await apiError(client.getSecret('kubenode-system', 'other'))).code).toBe(404);
  });
});

describe('KubeClusterClient: watches', () => {
  it('asks for bookmarks and a jittered timeout in [t, 2t) as client-go does', async () => {
    const { server, kubeConfig } = await stub((_request, response) => response.writeHead(200).end());
    const client = clientOf({ kubeConfig }, { watchTimeoutSeconds: 300, random: () => 0.5 });
    const handle = client.watch(
      'Pod',
      { namespace: 'shop', resourceVersion: '42', fieldSelector: 'spec.nodeName=node-1' },
      () => undefined,
    );
    await handle.done;
    expect(server.requests[0]?.url.pathname).toBe('/api/v1/namespaces/shop/pods');
    expect(Object.fromEntries(server.requests[0]?.url.searchParams ?? [])).toEqual({
      watch: 'true',
      resourceVersion: '42',
      allowWatchBookmarks: 'true',
      timeoutSeconds: '450',
      fieldSelector: 'spec.nodeName=node-1',
    });
    expect(client.stats()).toMatchObject({ byVerb: { watch: 1 }, byCode: { '200': 1 } });
  });

  it('with the rollout Informer: resumes from the last version (events, bookmarks), relists on 410', async () => {
    const node = (resourceVersion: string, label: string) => ({
      metadata: { name: 'node-1', resourceVersion, labels: { step: label } },
    });
    let watches = 0;
    let lists = 0;
    let held: ServerResponse | undefined;
    const { server, kubeConfig } = await stub((request, response) => {
      if (request.url.searchParams.get('watch') !== 'true') {
        lists++;
        return writeJson(response, 200, {
          kind: 'NodeList',
          metadata: { resourceVersion: lists === 1 ? '10' : '30' },
          items: [lists === 1 ? node('5', 'listed') : node('25', 'relisted')],
        });
      }
      watches++;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (watches === 1) {
        response.write(`${JSON.stringify({ type: 'MODIFIED', object: node('11', 'watched') })}\n`);
        response.end(
          `${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } })}\n`,
        );
      } else if (watches === 2) {
        response.end(
          `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 20 (28)' } })}\n`,
        );
      } else held = response;
    });
    const client = clientOf({ kubeConfig });
    const changes: string[] = [];
    const informer = new Informer(client, 'Node', {}, systemClock(), (change: InformerChange<K8sNode>) =>
      changes.push(`${change.type} ${change.object.metadata.labels?.step}`),
    );
    const stop = new AbortController();
    await informer.start(stop.signal);
    await expect.poll(() => held !== undefined).toBe(true);
    stop.abort(new Error('done'));
    await informer.stopped();
    expect(changes).toEqual(['ADDED listed', 'MODIFIED watched', 'MODIFIED relisted']);
    const watchVersions = server.requests
      .filter((request) => request.url.searchParams.get('watch') === 'true')
      .map((request) => request.url.searchParams.get('resourceVersion'));
    expect(watchVersions).toEqual(['10', '20', '30']);
    // Two lists, the first watch and the stopped one count as 200; the watch ended by ERROR 410 as 410.
    expect(client.stats()).toMatchObject({ byVerb: { list: 2, watch: 3 }, byCode: { '200': 4, '410': 1 } });
  });

  it('against the simulated API server: changes arrive, and a watch the server times out is resumed', async () => {
    const cluster = await served();
    const client = clientOf(cluster, { watchTimeoutSeconds: 10, random: () => 0 });
    const seen: string[] = [];
    const informer = new Informer(
      client,
      'Node',
      { labelSelector: 'kubenode.dev/pool=workers' },
      cluster.engine.clock(),
      (change) =>
        seen.push(
          `${change.type} ${change.object.metadata.name} ${change.object.metadata.labels?.['example.com/step'] ?? ''}`,
        ),
    );
    const stop = new AbortController();
    await informer.start(stop.signal);
    expect(seen).toHaveLength(5);
    await expect.poll(() => cluster.log.filter((line) => line.includes('watch=true')).length).toBe(1);
    const patched = await client.patchNode('node-3', { metadata: { labels: { 'example.com/step': 'one' } } });
    await cluster.advance(1000);
    await expect.poll(() => seen.at(-1)).toBe('MODIFIED node-3 one');
    // 10 s of virtual time later the server ends the watch; the informer watches on from node-3's version.
    await cluster.advance(10_000);
    await expect.poll(() => cluster.log.filter((line) => line.includes('watch=true')).length).toBe(2);
    const second = cluster.log.filter((line) => line.includes('watch=true'))[1] as string;
    expect(new URL(second.split(' ')[1] as string, 'http://x').searchParams.get('resourceVersion')).toBe(
      patched.metadata.resourceVersion,
    );
    await client.patchNode('node-3', { metadata: { labels: { 'example.com/step': 'two' } } });
    await cluster.advance(1000);
    await expect.poll(() => seen.at(-1)).toBe('MODIFIED node-3 two');
    stop.abort(new Error('done'));
    await informer.stopped();
    expect(informer.lists).toBe(1);
  });

  it('close() ends the watches still running', async () => {
    const { kubeConfig } = await stub((_request, response) =>
      response.writeHead(200, { 'Content-Type': 'application/json' }).write('\n'),
    );
    const client = clientOf({ kubeConfig });
    const handle = client.watch('Node', { resourceVersion: '1' }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.close();
    await handle.done;
  });
});

describe('createKubeClusterClient', () => {
  it('loads the kubeconfig file it is given', async () => {
    const cluster = await served();
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-client-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'config');
    writeFileSync(file, cluster.server.kubeconfig('kubenode-client-token-5a7e0c92'));
    const client = createKubeClusterClient({ kubeconfig: file, env: {} });
    cleanups.push(() => client.close());
    expect(client.server).toBe(cluster.server.url);
    expect((await client.getNode('node-1')).metadata.name).toBe('node-1');
  });

  it.each([
    [{ qps: 0 }, 'qps'],
    [{ burst: 0.5 }, 'burst'],
    [{ listPageSize: 0 }, 'listPageSize'],
    [{ watchTimeoutSeconds: 5 }, 'watchTimeoutSeconds'],
    [{ requestTimeoutSeconds: -1 }, 'requestTimeoutSeconds'],
  ] as const)('rejects %o naming the setting', async (settings, setting) => {
    const { kubeConfig } = await stub(() => undefined);
    let caught: unknown;
    try {
      createKubeClusterClient({ kubeConfig: kubeConfig(), ...settings });
    } catch (error) {
      caught = error;
    }
    expect(KubeClientConfigError.isInstance(caught)).toBe(true);
    expect((caught as KubeClientConfigError).setting).toBe(setting);
  });
});
