import type { StepOutputV1 } from '@kubenode/core';
import type { K8sEvent, K8sLease, K8sList, K8sNode } from '../kubernetes/kubernetes-objects.js';
import type {
  ClusterClientV1,
  EvictionV1,
  ListOptionsV1,
  NodeMergePatchV1,
  PodDeletionV1,
  ResourceKindV1,
  ResourceTypesV1,
  WatchEventV1,
  WatchHandleV1,
  WatchOptionsV1,
} from '../ports/cluster-client-v1.js';
import type { NodeAgentV1, RunStepInputV1 } from '../ports/node-agent-v1.js';
import type { SimulatedCluster } from './simulated-cluster.js';

/**
 * A {@link ClusterClientV1} backed by a {@link SimulatedCluster}, acting as one actor (its field
 * manager): requests are counted per actor and subject to the fault profile's transient errors.
 * Calls complete without virtual latency; their promises settle before virtual time advances.
 */
export class SimulatedClusterClient implements ClusterClientV1 {
  readonly specificationVersion = 'v1' as const;

  constructor(
    private readonly cluster: SimulatedCluster,
    /** The actor name, e.g. `kubenode`. */
    readonly actor: string,
  ) {}

  async list<K extends ResourceKindV1>(
    kind: K,
    options?: ListOptionsV1,
  ): Promise<K8sList<ResourceTypesV1[K]>> {
    this.cluster.request(this.actor, 'list', `list ${kind}`);
    return this.cluster.apiList(kind, options);
  }

  watch<K extends ResourceKindV1>(
    kind: K,
    options: WatchOptionsV1,
    onEvent: (event: WatchEventV1<ResourceTypesV1[K]>) => void,
  ): WatchHandleV1 {
    this.cluster.request(this.actor, 'watch', `watch ${kind}`);
    return this.cluster.apiWatch(kind, options, onEvent);
  }

  async getNode(name: string): Promise<K8sNode> {
    this.cluster.request(this.actor, 'get', `get nodes/${name}`);
    return this.cluster.apiGetNode(name);
  }

  async patchNode(name: string, patch: NodeMergePatchV1): Promise<K8sNode> {
    this.cluster.request(this.actor, 'patch', `patch nodes/${name}`);
    return this.cluster.apiPatchNode(this.actor, name, patch);
  }

  async evictPod(eviction: EvictionV1): Promise<void> {
    this.cluster.request(this.actor, 'evict', `create pods/${eviction.name}/eviction`);
    this.cluster.apiEvict(this.actor, eviction);
  }

  async deletePod(deletion: PodDeletionV1): Promise<void> {
    this.cluster.request(this.actor, 'delete', `delete pods/${deletion.name}`);
    this.cluster.apiDeletePod(this.actor, deletion);
  }

  async getLease(namespace: string, name: string): Promise<K8sLease> {
    this.cluster.request(this.actor, 'get', `get leases/${name}`);
    return this.cluster.apiGetLease(namespace, name);
  }

  async createLease(lease: K8sLease): Promise<K8sLease> {
    this.cluster.request(this.actor, 'create', 'create leases');
    return this.cluster.apiCreateLease(lease);
  }

  async updateLease(lease: K8sLease): Promise<K8sLease> {
    this.cluster.request(this.actor, 'update', `update leases/${lease.metadata.name}`);
    return this.cluster.apiUpdateLease(lease);
  }

  async createEvent(event: K8sEvent): Promise<K8sEvent> {
    this.cluster.request(this.actor, 'create', 'create events');
    return this.cluster.apiCreateEvent(event);
  }
}

/**
 * A {@link NodeAgentV1} backed by a {@link SimulatedCluster}'s hosts, acting as one actor
 * (reboots it requests count as that actor's disruptions).
 */
export class SimulatedNodeAgent implements NodeAgentV1 {
  readonly specificationVersion = 'v1' as const;

  constructor(
    private readonly cluster: SimulatedCluster,
    /** The actor name. */
    readonly actor: string,
  ) {}

  /** Runs the step on the simulated host, attributed to this agent's actor (reboots included). */
  runStep(input: RunStepInputV1): Promise<StepOutputV1> {
    return this.cluster.apiRunStep(this.actor, input.node, input.step, input.signal, input.bootID);
  }
}
