import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';

/** Where a pod's service account credentials are mounted. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Where to find credentials. */
export interface LoadKubeConfigOptions {
  /** An explicit kubeconfig file. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig; its current context when omitted. */
  readonly context?: string;
  /**
   * Environment (KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT);
   * `process.env` by default.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Directory of the pod's service account credentials (`token`, `ca.crt`, `namespace`);
   * `/var/run/secrets/kubernetes.io/serviceaccount` by default.
   */
  readonly serviceAccountDir?: string;
}

/**
 * Loads credentials the way kubectl and client-go look for them: an explicit file, else
 * `$KUBECONFIG` (files separated by the path delimiter, merged as kubectl merges them: the first
 * file to name a cluster, user or context, or to set `current-context`, wins), else the pod's
 * service account when running in a cluster, else `~/.kube/config`. Checks what the chosen
 * context refers to (client-go's `validateContext`) and throws {@link KubeClientConfigError}
 * naming the file, the field and what was expected instead of silently falling back to
 * `http://localhost:8080` or to anonymous requests. Error messages never quote the file's
 * contents, so no token, key or password reaches them.
 */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  let kc: KubeConfig;
  let source: string;
  if (options.kubeconfig !== undefined) {
    source = `--kubeconfig ${options.kubeconfig}`;
    kc = readKubeconfigFile(options.kubeconfig, source);
  } else if (env.KUBECONFIG) {
    source = `KUBECONFIG=${env.KUBECONFIG}`;
    const files = env.KUBECONFIG.split(delimiter).filter(Boolean);
    const present = files.filter((file) => existsSync(file));
    if (present.length === 0)
      throw new KubeClientConfigError({ setting: source, message: 'none of these files exists' });
    kc = mergeKubeconfigs(present.map((file) => readKubeconfigFile(file, `KUBECONFIG file ${file}`)));
  } else if (env.KUBERNETES_SERVICE_HOST) {
    source = 'the in-cluster service account';
    kc = inClusterConfig(env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
  } else {
    const file = join(env.HOME ?? homedir(), '.kube', 'config');
    if (!existsSync(file))
      throw new KubeClientConfigError({
        setting: 'kubeconfig',
        message: `no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ${file}`,
      });
    source = file;
    kc = readKubeconfigFile(file, source);
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context))
      throw new KubeClientConfigError({
        setting: `context "${options.context}"`,
        message: `not found in ${source}; it has ${names(kc.getContexts())}`,
      });
    kc.setCurrentContext(options.context);
  }
  checkCurrentContext(kc, source);
  return kc;
}

/** Reads one kubeconfig file; `setting` names it in errors. */
function readKubeconfigFile(file: string, setting: string): KubeConfig {
  if (!existsSync(file)) throw new KubeClientConfigError({ setting, message: 'no such file' });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KubeClientConfigError({
      setting,
      message: `cannot be read: ${firstLine(error)}`,
      cause: error,
    });
  }
  if (text.trim() === '')
    throw new KubeClientConfigError({
      setting,
      message: 'is empty: expected a kubeconfig (kind: Config with clusters, users, contexts)',
    });
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    // A YAML syntax error carries the whole file (and a snippet around the error) in its fields:
    // it is not kept as the cause, so no token or key can be printed with the error.
    if ((error as { name?: string } | undefined)?.name === 'YAMLException')
      throw new KubeClientConfigError({ setting, message: `is not valid YAML: ${firstLine(error)}` });
    const io = (error as { code?: unknown } | undefined)?.code !== undefined;
    throw new KubeClientConfigError({
      setting,
      message: `${io ? 'cannot be read' : 'is invalid'}: ${firstLine(error)}`,
      cause: error,
    });
  }
  return kc;
}

/** kubectl's merge of `$KUBECONFIG` files: the first file to set a name or the current context wins. */
function mergeKubeconfigs(configs: readonly KubeConfig[]): KubeConfig {
  const firstByName = <T extends { readonly name: string }>(lists: readonly (readonly T[])[]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName<Cluster>(configs.map((kc) => kc.getClusters())),
    users: firstByName<User>(configs.map((kc) => kc.getUsers())),
    contexts: firstByName<Context>(configs.map((kc) => kc.getContexts())),
    currentContext: configs.map((kc) => kc.getCurrentContext()).find(Boolean) ?? '',
  });
  return merged;
}

/**
 * client-go's `InClusterConfig`: `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`,
 * the service account token (re-read as it rotates), its CA when mounted.
 */
function inClusterConfig(env: Readonly<Record<string, string | undefined>>, dir: string): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST as string;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!port)
    throw new KubeClientConfigError({
      setting: 'KUBERNETES_SERVICE_PORT',
      message:
        'is not set while KUBERNETES_SERVICE_HOST is: in a pod both are set; outside one, pass --kubeconfig or set KUBECONFIG',
    });
  const tokenFile = join(dir, 'token');
  if (!existsSync(tokenFile))
    throw new KubeClientConfigError({
      setting: 'the in-cluster service account',
      message: `no token at ${tokenFile}: mount the service account token (automountServiceAccountToken) or pass --kubeconfig`,
    });
  const caFile = join(dir, 'ca.crt');
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : '';
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'inCluster',
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        skipTLSVerify: false,
        ...(existsSync(caFile) ? { caFile } : {}),
      },
    ],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      {
        name: 'inClusterContext',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'inClusterContext',
  });
  return kc;
}

/** The current context must exist and name a cluster with a server and, if any, a known user. */
function checkCurrentContext(kc: KubeConfig, source: string): void {
  const name = kc.getCurrentContext();
  if (!name)
    throw new KubeClientConfigError({
      setting: source,
      message: `sets no current-context: expected current-context, or pass --context (it has ${names(kc.getContexts())})`,
    });
  const context = kc.getContextObject(name);
  if (!context)
    throw new KubeClientConfigError({
      setting: source,
      message: `current-context "${name}" is not in contexts; it has ${names(kc.getContexts())}`,
    });
  if (!kc.getCluster(context.cluster))
    throw new KubeClientConfigError({
      setting: source,
      message: `context "${name}" names cluster "${context.cluster}", which is not in clusters; it has ${names(kc.getClusters())}`,
    });
  if (context.user && !kc.getUser(context.user))
    throw new KubeClientConfigError({
      setting: source,
      message: `context "${name}" names user "${context.user}", which is not in users; it has ${names(kc.getUsers())}`,
    });
}

function names(items: readonly { readonly name: string }[]): string {
  return items.map((item) => `"${item.name}"`).join(', ') || 'none';
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
