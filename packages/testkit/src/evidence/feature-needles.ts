import { createHash } from 'node:crypto';
import { caCertHash, splitPemBlocks, type NodePool, type NodePoolFeature } from '@kubenode/core';
import type { Haystack } from './artifact-haystack.js';

/** One value that must be findable in the decoded output. */
export interface Needle {
  /** What is looked for, in words, for the failure message. */
  readonly what: string;
  /** True when the haystack carries it. */
  found(haystack: Haystack): boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Text(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function literal(value: string, what: string): Needle {
  return { what: `${what} ${JSON.stringify(value)}`, found: (haystack) => haystack.includes(value) };
}

/** `key` then `value`, separated by what key/value syntaxes put between them (`: `, ` = `, `=`, quotes). */
function keyValue(key: string | RegExp, value: string, what: string): Needle {
  const keyPattern = typeof key === 'string' ? escapeRegExp(key) : key.source;
  const pattern = new RegExp(
    `${keyPattern}["']?\\s*[:=]\\s*\\[?\\s*["']?${escapeRegExp(value)}(?![A-Za-z0-9])`,
    'i',
  );
  return { what: `${what} (${String(key)} = ${value})`, found: (haystack) => haystack.matches(pattern) };
}

function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((line) => !line.startsWith('-----'))
    .join('');
}

/**
 * The CA certificate, as a node can be given it: the PEM itself (any line wrapping, any encoding
 * the haystack decodes), the sha256 of its public key (kubeadm's `caCertHashes`), or the sha256
 * of the PEM text (k3s secure tokens).
 */
function caNeedle(pem: string, what: string): Needle {
  const body = pemBody(pem);
  const spki = caCertHash(pem).replace(/^sha256:/, '');
  const fileHash = createHash('sha256').update(pem).digest('hex');
  return {
    what: `${what} (the PEM, its public-key sha256 ${spki} or its file sha256)`,
    found: (haystack) =>
      haystack.includesIgnoringWhitespace(body) || haystack.includes(spki) || haystack.includes(fileHash),
  };
}

/** What proves the node can join: the bootstrap token, the API server and the cluster CA. */
export function joinNeedles(pool: NodePool): Needle[] {
  const { kubernetes } = pool.spec;
  return [
    literal(kubernetes.bootstrapToken, 'the bootstrap token'),
    literal(new URL(kubernetes.apiServer).host, 'the API server host and port'),
    caNeedle(kubernetes.caCert, 'the cluster CA'),
  ];
}

/**
 * The values of pass-through kubelet fields: nested map keys (e.g. `memory.available`) and leaf
 * strings and numbers. Top-level field names are not required, since formats rename them
 * (Bottlerocket's `system-reserved`), and booleans are too common to prove anything.
 */
function kubeletNeedles(value: unknown, path: string, out: Needle[], depth = 0): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (depth > 0) out.push(literal(key, `kubelet field ${path}${key}:`));
      kubeletNeedles(item, `${path}${key}.`, out, depth + 1);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) kubeletNeedles(item, path, out, depth + 1);
  } else if (typeof value === 'string' || typeof value === 'number') {
    out.push(literal(String(value), `kubelet value ${path.slice(0, -1)}:`));
  }
}

/**
 * The values of one feature that must appear in a pool's decoded output when the adapter
 * declares the feature supported. `os.rootDisk` carries no value to find (growth off is the
 * absence of growth), so it has no needles: its honesty is that the pool renders.
 */
export function featureNeedles(pool: NodePool, feature: NodePoolFeature): Needle[] {
  const { kubernetes, runtime, os } = pool.spec;
  switch (feature) {
    case 'kubernetes.nodeLabels':
      return Object.entries(kubernetes.nodeLabels).map(([key, value]) => keyValue(key, value, 'node label'));
    case 'kubernetes.nodeTaints':
      return kubernetes.nodeTaints.flatMap((taint) => [
        literal(taint.key, 'taint key'),
        ...(taint.value === undefined ? [] : [literal(taint.value, `value of taint ${taint.key}:`)]),
        literal(taint.effect, `effect of taint ${taint.key}:`),
      ]);
    case 'kubernetes.maxPods':
      return kubernetes.maxPods === undefined
        ? []
        : [keyValue(/max[-_]?pods/, String(kubernetes.maxPods), 'max pods')];
    case 'kubernetes.clusterDNS':
      return kubernetes.clusterDNS.map((ip) => literal(ip, 'cluster DNS address'));
    case 'kubernetes.kubelet': {
      const out: Needle[] = [];
      kubeletNeedles(kubernetes.kubelet, '', out);
      return out;
    }
    case 'runtime.registryMirrors':
      return Object.entries(runtime.registryMirrors).flatMap(([registry, mirrors]) => [
        ...(registry === '*' ? [] : [literal(registry, 'mirrored registry')]),
        ...mirrors.map((mirror) => literal(mirror, `mirror of ${registry}:`)),
      ]);
    case 'runtime.sandboxImage':
      return runtime.sandboxImage === undefined ? [] : [literal(runtime.sandboxImage, 'sandbox image')];
    case 'os.hostname':
      return os.hostname === null ? [] : [literal(os.hostname, 'host name')];
    case 'os.users':
      return os.users.flatMap((user) => [
        literal(user.name, 'user name'),
        ...user.sshAuthorizedKeys.map((key) => literal(key, `SSH key of ${user.name}:`)),
        ...user.groups.map((group) => literal(group, `group of ${user.name}:`)),
      ]);
    case 'os.users.passwordHash':
      return os.users.flatMap((user) =>
        user.passwordHash === undefined
          ? []
          : [
              {
                what: `the password hash of ${user.name}`,
                found: (h: Haystack) => h.includes(user.passwordHash!),
              },
            ],
      );
    case 'os.files':
      return os.files.flatMap((file) => {
        const path = literal(file.path, 'file path');
        if (file.encoding === 'base64') {
          const raw = Buffer.from(file.contents, 'base64');
          const bytes = raw.toString('latin1');
          // Bytes that are UTF-8 text may be written as that text (formats without binary files).
          const text = utf8Text(raw);
          return [
            path,
            {
              what: `the contents of ${file.path} (${file.contents.length} base64 characters)`,
              found: (h: Haystack) =>
                h.includes(bytes) ||
                h.includes(file.contents) ||
                (text !== undefined && text !== '' && h.includes(text)),
            },
          ];
        }
        return [
          path,
          {
            what: `the contents of ${file.path} (${file.contents.length} characters, byte-identical)`,
            found: (h: Haystack) => h.includes(file.contents),
          },
        ];
      });
    case 'os.units':
      return os.units.flatMap((unit) => [
        literal(unit.name, 'unit name'),
        ...(unit.contents === undefined
          ? []
          : [
              {
                what: `the contents of unit ${unit.name}`,
                found: (h: Haystack) => h.includes(unit.contents!),
              },
            ]),
        ...unit.dropins.flatMap((dropin) => [
          literal(dropin.name, `drop-in name of ${unit.name}:`),
          {
            what: `the contents of drop-in ${unit.name}/${dropin.name}`,
            found: (h: Haystack) => h.includes(dropin.contents),
          },
        ]),
      ]);
    case 'os.sysctls':
      return Object.entries(os.sysctls).map(([key, value]) => keyValue(key, value, 'sysctl'));
    case 'os.kernelModules':
      return os.kernelModules.map((module) => literal(module, 'kernel module'));
    case 'os.kernelArgs':
      return os.kernelArgs.map((arg) => {
        const whole = literal(arg, 'kernel argument');
        const equals = arg.indexOf('=');
        if (equals <= 0) return whole;
        // Formats that model arguments as name → values (Bottlerocket's kernel-parameters).
        const split = keyValue(arg.slice(0, equals), arg.slice(equals + 1), 'kernel argument');
        return { what: whole.what, found: (h: Haystack) => whole.found(h) || split.found(h) };
      });
    case 'os.ntpServers':
      return os.ntpServers.map((server) => literal(server, 'NTP server'));
    case 'os.proxy':
      return [
        ...(os.proxy.http === null ? [] : [literal(os.proxy.http, 'HTTP proxy')]),
        ...(os.proxy.https === null ? [] : [literal(os.proxy.https, 'HTTPS proxy')]),
        ...os.proxy.noProxy.map((entry) => literal(entry, 'no-proxy entry')),
      ];
    case 'os.caCerts':
      return os.caCerts.flatMap((bundle) =>
        splitPemBlocks(bundle).map((block, index) => ({
          what: `extra CA certificate ${index + 1} (PEM body)`,
          found: (h: Haystack) => h.includesIgnoringWhitespace(pemBody(block.text)),
        })),
      );
    case 'os.rootDisk':
      return [];
    case 'os.packages':
      return os.packages.map((name) => literal(name.split('=')[0]!, 'package'));
  }
}
