import { ClusterApiError, type K8sObjectMeta } from '@kubenode/rollout';

interface StoredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: K8sObjectMeta;
  readonly [field: string]: unknown;
}

/**
 * The test double's store of the namespaced objects the simulator does not model (ConfigMaps and
 * Secrets): create (409 AlreadyExists), get (404), update with an optional resourceVersion
 * precondition (409 Conflict), delete, list. Secrets' `stringData` is folded into base64 `data`
 * on write, as the API server does. ResourceVersions come from a counter of this store's own.
 */
export class NamespacedObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private revision = 1_000_000_000;
  private uid = 0;

  constructor(
    private readonly kind: 'ConfigMap' | 'Secret',
    private readonly resource: string,
    private readonly now: () => string,
  ) {}

  /** Objects of one namespace, or of all. */
  list(namespace: string | undefined): { items: StoredObject[]; resourceVersion: string } {
    const items = [...this.objects.values()]
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    return { items, resourceVersion: String(this.revision) };
  }

  get(namespace: string, name: string, request: string): StoredObject {
    const object = this.objects.get(`${namespace}/${name}`);
    if (!object) throw this.notFound(name, request);
    return object;
  }

  create(namespace: string, body: StoredObject, request: string): StoredObject {
    const name = this.checkBody(namespace, body, request);
    if (this.objects.has(`${namespace}/${name}`))
      throw ClusterApiError.of(request, 409, 'AlreadyExists', `${this.resource} "${name}" already exists`, {
        name,
        kind: this.resource,
      });
    const stored = this.normalise(namespace, body, {
      uid: `00000000-0000-4000-9000-${(++this.uid).toString(16).padStart(12, '0')}`,
      creationTimestamp: this.now(),
    });
    this.objects.set(`${namespace}/${name}`, stored);
    return stored;
  }

  update(namespace: string, name: string, body: StoredObject, request: string): StoredObject {
    const bodyName = this.checkBody(namespace, body, request);
    if (bodyName !== name)
      throw ClusterApiError.of(
        request,
        400,
        'BadRequest',
        `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
      );
    const current = this.get(namespace, name, request);
    const expected = body.metadata.resourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion)
      throw ClusterApiError.of(
        request,
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${this.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, kind: this.resource },
      );
    if (current.immutable === true)
      throw ClusterApiError.of(
        request,
        422,
        'Invalid',
        `${this.kind} "${name}" is invalid: field is immutable when \`immutable\` is set`,
      );
    const stored = this.normalise(namespace, body, {
      uid: current.metadata.uid as string,
      creationTimestamp: current.metadata.creationTimestamp as string,
    });
    this.objects.set(`${namespace}/${name}`, stored);
    return stored;
  }

  delete(namespace: string, name: string, request: string): StoredObject {
    const current = this.get(namespace, name, request);
    this.objects.delete(`${namespace}/${name}`);
    return current;
  }

  private checkBody(namespace: string, body: StoredObject, request: string): string {
    const name = body?.metadata?.name;
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253)
      throw ClusterApiError.of(
        request,
        422,
        'Invalid',
        `${this.kind} "${String(name)}" is invalid: metadata.name: Invalid value: a lowercase RFC 1123 subdomain is required`,
      );
    if (body.metadata.namespace !== undefined && body.metadata.namespace !== namespace)
      throw ClusterApiError.of(
        request,
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    if (body.kind !== undefined && body.kind !== this.kind)
      throw ClusterApiError.of(
        request,
        400,
        'BadRequest',
        `expected kind ${this.kind}, got ${String(body.kind)}`,
      );
    for (const field of this.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
      const map = body[field];
      if (map === undefined) continue;
      if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string'))
        throw ClusterApiError.of(
          request,
          422,
          'Invalid',
          `${this.kind} "${name}" is invalid: ${field}: values must be strings`,
        );
      if (this.kind === 'Secret' && field === 'data')
        for (const [key, value] of Object.entries(map as Record<string, string>))
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
            throw ClusterApiError.of(
              request,
              422,
              'Invalid',
              `Secret "${name}" is invalid: data[${key}]: illegal base64 data`,
            );
    }
    return name;
  }

  private normalise(
    namespace: string,
    body: StoredObject,
    fixed: { uid: string; creationTimestamp: string },
  ): StoredObject {
    const { stringData, ...rest } = body as StoredObject & { stringData?: Record<string, string> };
    const data = { ...((rest.data as Record<string, string> | undefined) ?? {}) };
    if (stringData)
      for (const [key, value] of Object.entries(stringData))
        data[key] = Buffer.from(value).toString('base64');
    return {
      ...rest,
      apiVersion: 'v1',
      kind: this.kind,
      metadata: {
        ...body.metadata,
        namespace,
        uid: fixed.uid,
        creationTimestamp: fixed.creationTimestamp,
        resourceVersion: String(++this.revision),
      },
      ...(Object.keys(data).length > 0 || rest.data !== undefined ? { data } : {}),
    };
  }

  private notFound(name: string, request: string): ClusterApiError {
    return ClusterApiError.of(request, 404, 'NotFound', `${this.resource} "${name}" not found`, {
      name,
      kind: this.resource,
    });
  }
}

function keyOf(object: StoredObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
