import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';

/** Where to find credentials. */
export interface LoadKubeConfigOptions {
  /** An explicit kubeconfig file. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig; its current context when omitted. */
  readonly context?: string;
  /** Environment (KUBECONFIG, KUBERNETES_SERVICE_HOST); `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads credentials the way kubectl and client-go look for them: an explicit file, else
 * `$KUBECONFIG` (colon-separated files, merged), else the pod's service account when running in
 * a cluster, else `~/.kube/config`. Throws {@link KubeClientConfigError} naming what is missing
 * instead of silently falling back to `http://localhost:8080`.
 */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  let source: string;
  try {
    if (options.kubeconfig !== undefined) {
      source = `--kubeconfig ${options.kubeconfig}`;
      if (!existsSync(options.kubeconfig))
        throw new KubeClientConfigError({ setting: source, message: 'no such file' });
      kc.loadFromFile(options.kubeconfig);
    } else if (env.KUBECONFIG) {
      source = `KUBECONFIG=${env.KUBECONFIG}`;
      const files = env.KUBECONFIG.split(delimiter).filter(Boolean);
      const missing = files.filter((file) => !existsSync(file));
      if (missing.length === files.length)
        throw new KubeClientConfigError({ setting: source, message: 'none of these files exists' });
      const present = files.filter((file) => existsSync(file));
      kc.loadFromFile(present[0] as string);
      for (const file of present.slice(1)) {
        const other = new KubeConfig();
        other.loadFromFile(file);
        kc.mergeConfig(other);
      }
    } else if (env.KUBERNETES_SERVICE_HOST) {
      source = 'the in-cluster service account';
      kc.loadFromCluster();
    } else {
      const file = join(env.HOME ?? homedir(), '.kube', 'config');
      source = file;
      if (!existsSync(file))
        throw new KubeClientConfigError({
          setting: 'kubeconfig',
          message: `no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ${file}`,
        });
      kc.loadFromFile(file);
    }
  } catch (error) {
    if (KubeClientConfigError.isInstance(error)) throw error;
    throw new KubeClientConfigError({
      setting: options.kubeconfig !== undefined ? `--kubeconfig ${options.kubeconfig}` : 'kubeconfig',
      message: `cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      cause: error,
    });
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context))
      throw new KubeClientConfigError({
        setting: `context "${options.context}"`,
        message: `not found in ${source}; it has ${
          kc
            .getContexts()
            .map((c) => `"${c.name}"`)
            .join(', ') || 'no contexts'
        }`,
      });
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new KubeClientConfigError({
      setting: source,
      message: 'names no cluster server for the current context',
    });
  return kc;
}
