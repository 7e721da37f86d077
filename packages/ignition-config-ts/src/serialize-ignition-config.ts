import type { IgnitionConfig } from './ignition-config-types.js';

/** Key order of each object kind: Ignition's Go types (fields sorted, the embedded node first). */
type Kind = keyof typeof ORDER;
const RESOURCE = {
  compression: null,
  httpHeaders: 'httpHeader',
  source: null,
  verification: 'verification',
} as const;
const NODE = { group: 'owner', overwrite: null, path: null, user: 'owner' } as const;
const ORDER = {
  config: {
    ignition: 'ignition',
    kernelArguments: 'kernelArguments',
    passwd: 'passwd',
    storage: 'storage',
    systemd: 'systemd',
  },
  ignition: {
    config: 'ignitionConfig',
    proxy: 'proxy',
    security: 'security',
    timeouts: 'timeouts',
    version: null,
  },
  ignitionConfig: { merge: 'resource', replace: 'resource' },
  resource: RESOURCE,
  httpHeader: { name: null, value: null },
  verification: { hash: null },
  proxy: { httpProxy: null, httpsProxy: null, noProxy: null },
  security: { tls: 'tls' },
  tls: { certificateAuthorities: 'resource' },
  timeouts: { httpResponseHeaders: null, httpTotal: null },
  kernelArguments: { shouldExist: null, shouldNotExist: null },
  passwd: { groups: 'group', users: 'user' },
  group: { gid: null, name: null, passwordHash: null, shouldExist: null, system: null },
  user: {
    gecos: null,
    groups: null,
    homeDir: null,
    name: null,
    noCreateHome: null,
    noLogInit: null,
    noUserGroup: null,
    passwordHash: null,
    primaryGroup: null,
    sshAuthorizedKeys: null,
    shell: null,
    shouldExist: null,
    system: null,
    uid: null,
  },
  storage: {
    directories: 'directory',
    disks: 'disk',
    files: 'file',
    filesystems: 'filesystem',
    links: 'link',
    luks: 'luks',
    raid: 'raid',
  },
  owner: { id: null, name: null },
  file: { ...NODE, append: 'resource', contents: 'resource', mode: null },
  directory: { ...NODE, mode: null },
  link: { ...NODE, hard: null, target: null },
  disk: { device: null, partitions: 'partition', wipeTable: null },
  partition: {
    guid: null,
    label: null,
    number: null,
    resize: null,
    shouldExist: null,
    sizeMiB: null,
    startMiB: null,
    typeGuid: null,
    wipePartitionEntry: null,
  },
  filesystem: {
    device: null,
    format: null,
    label: null,
    mountOptions: null,
    options: null,
    path: null,
    uuid: null,
    wipeFilesystem: null,
  },
  luks: {
    cex: 'cex',
    clevis: 'clevis',
    device: null,
    discard: null,
    keyFile: 'resource',
    label: null,
    name: null,
    openOptions: null,
    options: null,
    uuid: null,
    wipeVolume: null,
  },
  cex: { enabled: null },
  clevis: { custom: 'clevisCustom', tang: 'tang', threshold: null, tpm2: null },
  clevisCustom: { config: null, needsNetwork: null, pin: null },
  tang: { advertisement: null, thumbprint: null, url: null },
  raid: { devices: null, level: null, name: null, options: null, spares: null },
  systemd: { units: 'unit' },
  unit: { contents: null, dropins: 'dropin', enabled: null, mask: null, name: null },
  dropin: { contents: null, name: null },
} as const satisfies Record<string, Record<string, string | null>>;

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const NEEDS_GO_ESCAPE = /[<>&\u2028\u2029]|\\[bf]/;

/** A JSON string literal escaped as Go's encoding/json writes it (what Ignition and Butane emit). */
function goString(value: string): string {
  let json = JSON.stringify(value);
  if (!NEEDS_GO_ESCAPE.test(json)) return json;
  if (/[<>&\u2028\u2029]/.test(json)) json = json.replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
  if (json.includes('\\b') || json.includes('\\f')) {
    json = json.replace(
      /(?<!\\)((?:\\\\)*)\\([bf])/g,
      (_m, slashes: string, c: string) => `${slashes}\\u000${c === 'b' ? '8' : 'c'}`,
    );
  }
  return json;
}

/**
 * Emits a value; undefined means "leave the field out" (unset, null, an empty list, or an object
 * whose fields are all left out). Inside lists an empty object is still written as `{}`.
 */
function emit(value: unknown, kind: Kind | null, indent: string, step: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const nl = step === '' ? '' : '\n';
  const inner = indent + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    let out = `[${nl}`;
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += `,${nl}`;
      out += inner + (emit(value[i], kind, inner, step) ?? (typeof value[i] === 'object' ? '{}' : 'null'));
    }
    return `${out}${nl}${indent}]`;
  }
  if (kind === null) throw new TypeError('unexpected object in a scalar field');
  const order = ORDER[kind] as Record<string, Kind | null>;
  const record = value as Record<string, unknown>;
  const colon = step === '' ? ':' : ': ';
  let out = '';
  for (const key in order) {
    const field = record[key];
    if (field === undefined || field === null) continue;
    const text = emit(field, order[key] ?? null, inner, step);
    if (text === undefined) continue;
    out += `${out === '' ? '' : ','}${nl}${inner}"${key}"${colon}${text}`;
  }
  if (out === '') return undefined;
  return `{${out}${nl}${indent}}`;
}

/** Options of {@link serializeIgnitionConfig}. */
export interface SerializeOptions {
  /** Indent with two spaces (like `butane --pretty`); compact by default. */
  readonly pretty?: boolean;
}

/**
 * Serialises a config deterministically, exactly as Ignition's Go types marshal: keys in the
 * upstream field order, unset fields and empty lists and objects left out, strings escaped as
 * Go's encoding/json does (`<`, `>` and `&` as `\u003c`…). Unknown keys are dropped. Array order
 * is kept. The same config always gives the same bytes; `pretty` output equals `butane --pretty`.
 */
export function serializeIgnitionConfig(config: IgnitionConfig, options: SerializeOptions = {}): string {
  return emit(config, 'config', '', options.pretty ? '  ' : '') ?? '{}';
}
