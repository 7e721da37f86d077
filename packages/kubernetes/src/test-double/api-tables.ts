import {
  parseTime,
  type K8sLease,
  type K8sNode,
  type K8sPod,
  type K8sPodDisruptionBudget,
} from '@kubenode/rollout';

interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly format?: string;
  readonly priority?: number;
  readonly cell: (object: Record<string, unknown>, now: number) => string | number;
}

/** kubectl's human durations (`k8s.io/apimachinery/pkg/util/duration.HumanDuration`). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 3) return `${minutes}m`;
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (days < 730) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => meta(o).name as string };
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => {
    const created = parseTime(meta(o).creationTimestamp as string | undefined);
    return created === undefined ? '<unknown>' : humanDuration(now - created);
  },
};

function meta(object: Record<string, unknown>): Record<string, unknown> {
  return (object.metadata ?? {}) as Record<string, unknown>;
}

const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (o) => {
        const node = o as unknown as K8sNode;
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        const status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
        return node.spec.unschedulable ? `${status},SchedulingDisabled` : status;
      },
    },
    {
      name: 'Roles',
      type: 'string',
      cell: (o) => {
        const roles = Object.keys((meta(o).labels ?? {}) as Record<string, string>)
          .filter((key) => key.startsWith('node-role.kubernetes.io/'))
          .map((key) => key.slice('node-role.kubernetes.io/'.length));
        return roles.length > 0 ? roles.join(',') : '<none>';
      },
    },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: (o) => (o as unknown as K8sNode).status?.nodeInfo?.kubeletVersion ?? '',
    },
    {
      name: 'OS-Image',
      type: 'string',
      priority: 1,
      cell: (o) => (o as unknown as K8sNode).status?.nodeInfo?.osImage ?? '<unknown>',
    },
    {
      name: 'Kernel-Version',
      type: 'string',
      priority: 1,
      cell: (o) => (o as unknown as K8sNode).status?.nodeInfo?.kernelVersion ?? '<unknown>',
    },
  ],
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const pod = o as unknown as K8sPod;
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        return `${ready ? pod.spec.containers.length : 0}/${pod.spec.containers.length}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      cell: (o) => {
        const pod = o as unknown as K8sPod;
        return pod.metadata.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
      },
    },
    { name: 'Restarts', type: 'integer', cell: () => 0 },
    age,
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: (o) => (o as unknown as K8sPod).spec.nodeName ?? '<none>',
    },
  ],
  PodDisruptionBudget: [
    name,
    {
      name: 'Min Available',
      type: 'string',
      cell: (o) => String((o as unknown as K8sPodDisruptionBudget).spec.minAvailable ?? 'N/A'),
    },
    {
      name: 'Max Unavailable',
      type: 'string',
      cell: (o) => String((o as unknown as K8sPodDisruptionBudget).spec.maxUnavailable ?? 'N/A'),
    },
    {
      name: 'Allowed Disruptions',
      type: 'integer',
      cell: (o) => (o as unknown as K8sPodDisruptionBudget).status?.disruptionsAllowed ?? 0,
    },
    age,
  ],
  Lease: [
    name,
    { name: 'Holder', type: 'string', cell: (o) => (o as unknown as K8sLease).spec.holderIdentity ?? '' },
    age,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o, now) => humanDuration(now - (parseTime(o.lastTimestamp as string) ?? now)),
    },
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
    {
      name: 'Object',
      type: 'string',
      cell: (o) => {
        const involved = (o.involvedObject ?? {}) as { kind?: string; name?: string };
        return `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`;
      },
    },
    { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
  ],
  ConfigMap: [
    name,
    { name: 'Data', type: 'integer', cell: (o) => Object.keys((o.data ?? {}) as object).length },
    age,
  ],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? 'Opaque') },
    { name: 'Data', type: 'integer', cell: (o) => Object.keys((o.data ?? {}) as object).length },
    age,
  ],
};

/** Whether an `Accept` header asks for server-side printing (`as=Table`), as kubectl does. */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

/** A meta.k8s.io/v1 Table of objects of one kind (kubectl's `get` output, printed by the server). */
export function toTable(
  kind: string,
  objects: readonly object[],
  resourceVersion: string,
  now: number,
): object {
  const columns = COLUMNS[kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((column) => ({
      name: column.name,
      type: column.type,
      format: column.format ?? '',
      description: column.name,
      priority: column.priority ?? 0,
    })),
    rows: objects.map((object) => {
      const record = object as Record<string, unknown>;
      return {
        cells: columns.map((column) => column.cell(record, now)),
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta(record) },
      };
    }),
  };
}
