import { isIP } from 'node:net';
import { checkLabelKey, checkLabelValue, hasControlCharacter } from '@kubenode/core';

/** String formats of Bottlerocket's modeled value types. */
export type StringFormat =
  | 'single-line'
  | 'url'
  | 'base64'
  | 'ip'
  | 'dns-name'
  | 'host-or-ip'
  | 'proxy'
  | 'label-key'
  | 'label-value'
  | 'taint-key'
  | 'taint-value'
  | 'quantity'
  | 'eviction-signal'
  | 'threshold'
  | 'duration'
  | 'version-lock'
  | 'bootstrap-token'
  | 'cluster-name'
  | 'identifier'
  | 'sysctl-key'
  | 'kernel-module'
  | 'kernel-parameter'
  | 'image'
  | 'cpuset'
  | 'byte-size';

/** A Bottlerocket setting's value type, as kubenode checks it. */
export type SettingType =
  | { readonly kind: 'string'; readonly format?: StringFormat; readonly enum?: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'list'; readonly of: SettingType; readonly minItems?: number }
  | { readonly kind: 'tuple'; readonly items: readonly SettingType[] }
  | { readonly kind: 'map'; readonly key: StringFormat; readonly value: SettingType }
  | {
      readonly kind: 'table';
      readonly fields: Readonly<Record<string, SettingType>>;
      readonly required?: readonly string[];
    }
  | { readonly kind: 'one-of'; readonly options: readonly SettingType[]; readonly expected: string };

/** Builders for the type table. */
export const t = {
  string: (format?: StringFormat, values?: readonly string[]): SettingType => ({
    kind: 'string',
    ...(format ? { format } : {}),
    ...(values ? { enum: values } : {}),
  }),
  boolean: (): SettingType => ({ kind: 'boolean' }),
  integer: (min: number, max: number): SettingType => ({ kind: 'integer', min, max }),
  number: (min: number, max: number): SettingType => ({ kind: 'number', min, max }),
  list: (of: SettingType, minItems?: number): SettingType => ({
    kind: 'list',
    of,
    ...(minItems === undefined ? {} : { minItems }),
  }),
  tuple: (...items: SettingType[]): SettingType => ({ kind: 'tuple', items }),
  map: (key: StringFormat, value: SettingType): SettingType => ({ kind: 'map', key, value }),
  table: (fields: Record<string, SettingType>, required?: readonly string[]): SettingType => ({
    kind: 'table',
    fields,
    ...(required ? { required } : {}),
  }),
  oneOf: (expected: string, ...options: SettingType[]): SettingType => ({
    kind: 'one-of',
    options,
    expected,
  }),
} as const;

/** Integer ranges of Rust integer types used by the settings model. */
export const U32_MAX = 4_294_967_295;
/** i32 maximum. */
export const I32_MAX = 2_147_483_647;
/** The largest integer a JavaScript number holds exactly (TOML integers are i64). */
export const I64_SAFE_MAX = Number.MAX_SAFE_INTEGER;

const DNS_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.?$/;
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const EVICTION_SIGNALS = [
  'memory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'containerfs.available',
  'containerfs.inodesFree',
  'pid.available',
];

/** Checks a string against a format; returns what was expected, or undefined when it fits. */
export function checkStringFormat(value: string, format: StringFormat): string | undefined {
  if (format !== 'base64' && hasControlCharacter(value))
    return 'a single-line string (no control characters)';
  switch (format) {
    case 'single-line':
      return undefined;
    case 'url':
      return /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(value)
        ? undefined
        : 'a URL such as https://example.com/path';
    case 'base64':
      return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? undefined : 'base64 data';
    case 'ip':
      return isIP(value) !== 0 ? undefined : 'an IPv4 or IPv6 address';
    case 'dns-name':
      return value.length <= 253 && DNS_NAME.test(value) ? undefined : 'a DNS name';
    case 'host-or-ip':
      return isIP(value) !== 0 || (value.length <= 253 && DNS_NAME.test(value))
        ? undefined
        : 'a host name or IP address';
    case 'proxy': {
      const bare = value.replace(/^https?:\/\//, '').replace(/\/$/, '');
      const hostPort = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/@[\]]+)(:\d{1,5})?$/;
      return hostPort.test(bare) ? undefined : 'a proxy host[:port], optionally with http:// or https://';
    }
    case 'label-key':
    case 'taint-key': {
      const problem = checkLabelKey(value);
      return problem === undefined ? undefined : `a label key (${problem})`;
    }
    case 'label-value': {
      const problem = checkLabelValue(value);
      return problem === undefined ? undefined : `a label value (${problem})`;
    }
    case 'taint-value': {
      const colon = value.lastIndexOf(':');
      if (colon < 0) return 'a taint "value:Effect" (value may be empty)';
      const effect = value.slice(colon + 1);
      if (!TAINT_EFFECTS.includes(effect)) return `a taint effect of ${TAINT_EFFECTS.join(', ')} after ":"`;
      const problem = checkLabelValue(value.slice(0, colon));
      return problem === undefined ? undefined : `a taint value: ${problem}`;
    }
    case 'quantity':
      return QUANTITY.test(value) ? undefined : 'a Kubernetes quantity such as 100m, 256Mi or 1Gi';
    case 'eviction-signal':
      return EVICTION_SIGNALS.includes(value)
        ? undefined
        : `an eviction signal: ${EVICTION_SIGNALS.join(', ')}`;
    case 'threshold':
      return /^(\d+(\.\d+)?%)$/.test(value) || QUANTITY.test(value)
        ? undefined
        : 'a quantity (200Mi) or a percentage (10%)';
    case 'duration':
      return /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/.test(value)
        ? undefined
        : 'a duration such as 30s, 5m or 1h30m';
    case 'version-lock':
      return /^(latest|v?\d+\.\d+\.\d+)$/.test(value) ? undefined : '"latest" or a version such as v1.26.1';
    case 'bootstrap-token':
      return /^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(value)
        ? undefined
        : 'a bootstrap token [a-z0-9]{6}.[a-z0-9]{16} (value not shown)';
    case 'cluster-name':
      return /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(value)
        ? undefined
        : 'a cluster name of letters, digits, "-" or "_"';
    case 'identifier':
      return /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value) ? undefined : 'a name of letters, digits, "-" or "_"';
    case 'sysctl-key':
      return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(value)
        ? undefined
        : 'a sysctl key such as net.ipv4.ip_forward';
    case 'kernel-module':
      return /^[A-Za-z0-9_-]+$/.test(value) ? undefined : 'a kernel module name';
    case 'kernel-parameter':
      return /^[^\s"'=]+$/.test(value) ? undefined : 'a kernel parameter name without spaces, quotes or "="';
    case 'image':
      return /^[^\s]+$/.test(value) ? undefined : 'a container image reference';
    case 'cpuset':
      return /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value) ? undefined : 'a cpuset such as 0,3-5,8';
    case 'byte-size':
      return /^\d+([kmgt]i?b?)?$/i.test(value) ? undefined : 'a byte size such as 1024, 1kb or 3mib';
  }
}
