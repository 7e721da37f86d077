/** A k3OS config value type, with k3OS's coercions (pkg/config/coerce.go). */
export type K3osFieldType =
  | 'string'
  /** A list of strings; a single string is read as a one-item list. */
  | 'string-list'
  /** A map of strings; numbers and booleans become text. */
  | 'string-map'
  /** `true`/`false`; the string "true" is true and any other string false. */
  | 'bool'
  | { readonly table: readonly K3osField[] }
  | { readonly tableList: readonly K3osField[] };

/** One accepted key of k3OS `config.yaml`. */
export interface K3osField {
  /** The README (snake_case) spelling kubenode writes. */
  readonly name: string;
  /** The struct's JSON tag (camelCase), always accepted, also case-insensitively. */
  readonly structKey: string;
  /** Further spellings `FuzzyNames` (pkg/config/rename.go) accepts. */
  readonly aliases: readonly string[];
  readonly type: K3osFieldType;
}

const f = (name: string, structKey: string, aliases: string[], type: K3osFieldType): K3osField => ({
  name,
  structKey,
  aliases,
  type,
});

const WRITE_FILE_FIELDS: readonly K3osField[] = [
  f('encoding', 'encoding', [], 'string'),
  f('content', 'content', [], 'string'),
  f('owner', 'owner', [], 'string'),
  f('path', 'path', [], 'string'),
  f('permissions', 'permissions', ['permission'], 'string'),
];

const WIFI_FIELDS: readonly K3osField[] = [
  f('name', 'name', [], 'string'),
  f('passphrase', 'passphrase', ['pass', 'password'], 'string'),
];

const INSTALL_FIELDS: readonly K3osField[] = [
  f('force_efi', 'forceEfi', ['forceefi'], 'bool'),
  f('device', 'device', [], 'string'),
  f('config_url', 'configUrl', ['configurl'], 'string'),
  f('silent', 'silent', [], 'bool'),
  f('iso_url', 'isoUrl', ['isourl'], 'string'),
  f('power_off', 'powerOff', ['poweroff'], 'bool'),
  f('no_format', 'noFormat', ['noformat'], 'bool'),
  f('debug', 'debug', [], 'bool'),
  f('tty', 'tty', [], 'string'),
];

const K3OS_FIELDS: readonly K3osField[] = [
  f(
    'data_sources',
    'dataSources',
    ['data_source', 'datasources', 'datasource', 'data_sourc', 'datasourc'],
    'string-list',
  ),
  f('modules', 'modules', ['module', 'modul'], 'string-list'),
  f('sysctls', 'sysctls', ['sysctl'], 'string-map'),
  f('ntp_servers', 'ntpServers', ['ntp_server', 'ntpservers', 'ntpserver'], 'string-list'),
  f(
    'dns_nameservers',
    'dnsNameservers',
    ['dns_nameserver', 'dnsnameservers', 'dnsnameserver'],
    'string-list',
  ),
  f('wifi', 'wifi', [], { tableList: WIFI_FIELDS }),
  f('password', 'password', [], 'string'),
  f('server_url', 'serverUrl', ['serverurl'], 'string'),
  f('token', 'token', [], 'string'),
  f('labels', 'labels', ['label'], 'string-map'),
  f('k3s_args', 'k3sArgs', ['k3s_arg', 'k3sargs', 'k3sarg'], 'string-list'),
  f('environment', 'environment', [], 'string-map'),
  f('taints', 'taints', ['taint'], 'string-list'),
  f('install', 'install', [], { table: INSTALL_FIELDS }),
];

/**
 * Every key k3OS reads from `config.yaml` (37 paths: 7 top-level, 5 per write_files item, 14
 * under k3os, 2 per wifi item, 9 under k3os.install), with the aliases its FuzzyNames mapper
 * accepts. Written from kubenode's table `k3os-config-fields.md`, derived from rancher/k3os
 * `pkg/config/config.go` and `rename.go` at its final commit 8cdfdf2 (2023-12-08).
 */
export const K3OS_CONFIG_FIELDS: readonly K3osField[] = [
  f(
    'ssh_authorized_keys',
    'sshAuthorizedKeys',
    ['ssh_authorized_key', 'sshauthorizedkeys', 'sshauthorizedkey'],
    'string-list',
  ),
  f('write_files', 'writeFiles', ['write_file', 'writefiles', 'writefile', 'write_fil', 'writefil'], {
    tableList: WRITE_FILE_FIELDS,
  }),
  f('hostname', 'hostname', [], 'string'),
  f('run_cmd', 'runCmd', ['runcmd'], 'string-list'),
  f('boot_cmd', 'bootCmd', ['bootcmd'], 'string-list'),
  f('init_cmd', 'initCmd', ['initcmd'], 'string-list'),
  f('k3os', 'k3os', ['k3o'], { table: K3OS_FIELDS }),
];

/** `write_files[].encoding` values k3OS decodes (pkg/util/decode.go). */
export const K3OS_FILE_ENCODINGS: readonly string[] = [
  '',
  'b64',
  'base64',
  'gz',
  'gzip',
  'gz+base64',
  'gzip+base64',
  'gz+b64',
  'gzip+b64',
];

/** Every key path with its README spelling (`k3os.install.force_efi`, `write_files[].path`). */
export function k3osConfigPaths(fields: readonly K3osField[] = K3OS_CONFIG_FIELDS, prefix = ''): string[] {
  return fields.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    if (typeof field.type === 'object') {
      const nested = 'table' in field.type ? field.type.table : field.type.tableList;
      const child = 'table' in field.type ? `${path}.` : `${path}[].`;
      return [path, ...k3osConfigPaths(nested, child)];
    }
    return [path];
  });
}
