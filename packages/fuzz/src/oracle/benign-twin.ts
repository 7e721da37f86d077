import type { NodePoolInput } from '@kubenode/core';

/** Which free-form values {@link benignTwin} leaves alone (where an adapter checks them against a model). */
export interface BenignTwinOptions {
  /** Keep kubelet pass-through values (Bottlerocket validates them against its settings model). */
  readonly keepKubelet?: boolean;
  /** Keep sysctl values. */
  readonly keepSysctls?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The same pool with every free-form text replaced by a distinct, harmless value of the same
 * class (UTF-8 text stays text; base64 stays untouched): file, unit and drop-in contents,
 * kubelet string values, sysctl values, SSH key comments, metadata labels and annotations, and
 * command strings in adapter options (equal texts get equal twins). Rendering both must give the same structure: whatever the
 * hostile text changed beyond its own value was injected.
 */
export function benignTwin(input: NodePoolInput, options: BenignTwinOptions = {}): NodePoolInput {
  const pool = structuredClone(input) as unknown as {
    metadata: Record<string, Json>;
    spec: Record<string, Json>;
  };
  // Equal texts get equal twins, so whatever an adapter de-duplicates stays de-duplicated.
  const twins = new Map<string, string>();
  const benign = (prefix: string, original: string) => {
    const key = `${prefix}\u0000${original}`;
    let twin = twins.get(key);
    if (twin === undefined) twins.set(key, (twin = `${prefix}${twins.size}`));
    return twin;
  };
  const replaceStrings = (value: Json): Json => {
    if (typeof value === 'string') return benign('benign', value);
    if (Array.isArray(value)) return value.map(replaceStrings);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceStrings(item)]));
    }
    return value;
  };
  for (const field of ['labels', 'annotations']) {
    const map = pool.metadata[field];
    if (map && typeof map === 'object' && !Array.isArray(map)) {
      pool.metadata[field] = Object.fromEntries(
        Object.entries(map).map(([key, value], index) => [
          `benign-${field}-${index}-${key.length}`,
          benign('v', String(value)),
        ]),
      );
    }
  }
  const spec = pool.spec as Record<string, Record<string, Json> | undefined>;
  const kubernetes = spec.kubernetes as Record<string, Json> | undefined;
  if (kubernetes?.kubelet && !options.keepKubelet) kubernetes.kubelet = replaceStrings(kubernetes.kubelet);
  const os = spec.os as Record<string, Json> | undefined;
  if (os) {
    if (Array.isArray(os.files)) {
      for (const file of os.files as Record<string, Json>[]) {
        if (file.encoding !== 'base64' && !String(file.contents).includes('PRIVATE KEY'))
          file.contents = `${benign('file ', String(file.contents))}\n`;
      }
    }
    if (Array.isArray(os.units)) {
      for (const unit of os.units as Record<string, Json>[]) {
        if (typeof unit.contents === 'string')
          unit.contents = `[Unit]\nDescription=${benign('unit ', unit.contents)}\n`;
        if (Array.isArray(unit.dropins)) {
          for (const dropin of unit.dropins as Record<string, Json>[])
            dropin.contents = `[Service]\nX-Benign=${benign('d', String(dropin.contents))}\n`;
        }
      }
    }
    if (os.sysctls && typeof os.sysctls === 'object' && !Array.isArray(os.sysctls) && !options.keepSysctls) {
      os.sysctls = Object.fromEntries(
        Object.entries(os.sysctls).map(([key, value]) => [key, benign('v', String(value))]),
      );
    }
    if (Array.isArray(os.users)) {
      for (const user of os.users as Record<string, Json>[]) {
        if (Array.isArray(user.sshAuthorizedKeys)) {
          user.sshAuthorizedKeys = user.sshAuthorizedKeys.map((key) => {
            const [type, body] = String(key).split(' ');
            return `${type} ${body} ${benign('comment', String(key))}`;
          });
        }
      }
    }
  }
  const adapterOptions = spec.adapterOptions as Record<string, Json> | undefined;
  const k3os = adapterOptions?.k3os as Record<string, Json> | undefined;
  if (k3os) {
    for (const key of ['initCmd', 'bootCmd', 'runCmd']) {
      if (Array.isArray(k3os[key]))
        k3os[key] = (k3os[key] as Json[]).map((command) => `true ${benign('c', String(command))}`);
    }
  }
  return pool as unknown as NodePoolInput;
}
