import { aptMirrorShape, aptShape, aptSourceShape } from './schema/apt-schema.js';
import { MODELLED_TOP_LEVEL_KEYS } from './schema/cloud-config-schema.js';
import { ntpShape } from './schema/ntp-schema.js';
import { userShape } from './schema/users-schema.js';
import { writeFileShape } from './schema/write-files-schema.js';

type Order = readonly string[];

const ORDERS = {
  writeFile: Object.keys(writeFileShape),
  user: Object.keys(userShape),
  ntp: Object.keys(ntpShape),
  ntpConfig: ['confpath', 'check_exe', 'packages', 'service_name', 'template'],
  apt: Object.keys(aptShape),
  aptSource: Object.keys(aptSourceShape),
  aptMirror: Object.keys(aptMirrorShape),
  growpart: ['mode', 'devices', 'ignore_growroot_disabled'],
  caCerts: ['remove_defaults', 'trusted'],
  powerState: ['mode', 'delay', 'timeout', 'condition', 'message'],
  swap: ['filename', 'size', 'maxsize'],
} satisfies Record<string, Order>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** Keys in the given order first, then any others sorted; undefined values dropped. */
function ordered(
  value: Record<string, unknown>,
  order: Order,
  child: (key: string, item: unknown) => unknown = (_key, item) => sortedDeep(item),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rest = Object.keys(value)
    .filter((key) => !order.includes(key))
    .sort();
  for (const key of [...order, ...rest]) {
    if (!(key in value) || value[key] === undefined) continue;
    out[key] = child(key, value[key]);
  }
  return out;
}

/** Objects with sorted keys, recursively; arrays keep their order. */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (isPlainObject(value)) return ordered(value, []);
  return value;
}

function objectIn(order: Order, child?: (key: string, item: unknown) => unknown) {
  return (value: unknown): unknown =>
    isPlainObject(value) ? ordered(value, order, child) : sortedDeep(value);
}

function eachOf(map: (item: unknown) => unknown) {
  return (value: unknown): unknown => (Array.isArray(value) ? value.map(map) : sortedDeep(value));
}

const user = objectIn(ORDERS.user);
const mirrors = eachOf(objectIn(ORDERS.aptMirror));
const apt = objectIn(ORDERS.apt, (key, item) => {
  if (key === 'sources' && isPlainObject(item))
    return ordered(item, [], (_name, source) => objectIn(ORDERS.aptSource)(source));
  if (key === 'primary' || key === 'security') return mirrors(item);
  return sortedDeep(item);
});

const TOP_LEVEL: Readonly<Record<string, (value: unknown) => unknown>> = {
  write_files: eachOf(objectIn(ORDERS.writeFile)),
  users: eachOf((item) => user(item)),
  user,
  ntp: objectIn(ORDERS.ntp, (key, item) =>
    key === 'config' ? objectIn(ORDERS.ntpConfig)(item) : sortedDeep(item),
  ),
  apt,
  growpart: objectIn(ORDERS.growpart),
  ca_certs: objectIn(ORDERS.caCerts),
  power_state: objectIn(ORDERS.powerState),
  swap: objectIn(ORDERS.swap),
};

/**
 * The canonical form of a cloud-config: top-level keys in the order cloud-init's stages use them
 * (other keys after, sorted), each module's keys in their documented order, maps keyed by name
 * (apt sources, debconf selections) sorted, lists kept in order, undefined values dropped. Two
 * configs with the same content have the same canonical form, so they serialise byte-identically.
 */
export function canonicalizeCloudConfig(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return ordered(config, MODELLED_TOP_LEVEL_KEYS, (key, value) => (TOP_LEVEL[key] ?? sortedDeep)(value));
}
