import { checkKubeletSettableLabel, checkLabelKey, checkLabelValue } from '@kubenode/core';
import {
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
} from '@kubenode/testkit';
import fc from 'fast-check';
import { hostileLine, hostileText } from './hostile-text.js';

/**
 * Arbitraries for the NodePool schema's fields, derived from its rules
 * (`packages/core/src/node-pool/*`): every value they produce is valid by construction, and
 * every free-form field carries hostile text.
 */

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);

/** A lower-case DNS subdomain (RFC 1123), short. */
export const dnsSubdomain = fc
  .array(dnsLabel, { minLength: 1, maxLength: 3 })
  .map((labels) => labels.join('.'));

/** A POSIX user or group name. */
export const posixName = fc.oneof(
  fc.constantFrom('root', 'core', 'ops', 'nobody', 'adm', 'sudo', 'wheel', 'default', '_apt', 'user-1'),
  fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/),
);

const qualifiedName = fc.oneof(
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    'y',
    'n',
    'true',
    'null',
    'Null',
    '0644',
    '1e3',
    '0x1F',
    '010',
    '1_000',
    '1.0',
    'NaN',
    '2001-01-01',
  ),
  fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?$/),
);

/** A node label key the kubelet may set. */
export const labelKey = fc
  .oneof(
    { weight: 3, arbitrary: qualifiedName },
    {
      weight: 3,
      arbitrary: fc.tuple(dnsSubdomain, qualifiedName).map(([prefix, name]) => `${prefix}/${name}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'topology.kubernetes.io/zone',
        'node.kubernetes.io/instance-type',
        'node.kubernetes.io/pool',
        'kubelet.kubernetes.io/x',
        'node-role.example.com/worker',
      ),
    },
  )
  .filter((key) => checkLabelKey(key) === undefined && checkKubeletSettableLabel(key) === undefined);

/** A label value (possibly empty). */
export const labelValue = fc
  .oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 5, arbitrary: qualifiedName })
  .filter((value) => checkLabelValue(value) === undefined);

/** A taint key. */
export const taintKey = fc
  .oneof(
    qualifiedName,
    fc.tuple(dnsSubdomain, qualifiedName).map(([prefix, name]) => `${prefix}/${name}`),
  )
  .filter((key) => checkLabelKey(key) === undefined);

/** A node taint. */
export const nodeTaint = fc.record(
  {
    key: taintKey,
    value: labelValue,
    effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
  },
  { requiredKeys: ['key', 'effect'] },
);

const ipv4 = fc.ipV4();
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc.constantFrom('fd00:10:96::a', '::1', '::ffff:10.96.0.10', 'fe80::1%eth0'),
);

/** An IP address as Node's isIP accepts it. */
export const ipAddress = fc.oneof(ipv4, ipv6);

/** An NTP server: an IP or a host name as the schema accepts it. */
export const ntpServer = fc.oneof(
  ipAddress,
  fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9.]{0,20}[A-Za-z0-9])?$/),
  fc.constantFrom('time.example', 'TIME.EXAMPLE', 'a..b', 'pool.ntp.org'),
);

/** An https URL of an API server: scheme, host and port only. */
export const apiServer = fc
  .tuple(
    fc.oneof(ipv4, dnsSubdomain, fc.constantFrom('[fd00::1]', '[::1]')),
    fc.option(fc.integer({ min: 1, max: 65535 })),
  )
  .map(([host, port]) => `https://${host}${port === null ? '' : `:${port}`}`)
  .filter((url) => {
    try {
      return new URL(url).protocol === 'https:';
    } catch {
      return false;
    }
  });

/** Path characters RFC 3986 allows (the schema's URL rule), with percent-encodings. */
const urlPathCharacters = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9;&()*!=@,.~:+_/-]{1,6}$/),
      fc.constantFrom('%20', '%25', '%2F', '%e2%80%a8', '%00'),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));

/** A registry mirror URL (http/https, no credentials, query, fragment, quotes, spaces or backslashes). */
export const mirrorUrl = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    dnsSubdomain,
    fc.option(fc.integer({ min: 1, max: 65535 })),
    urlPathCharacters,
  )
  .map(
    ([scheme, host, port, path]) =>
      `${scheme}://${host}${port === null ? '' : `:${port}`}${path ? `/${path}` : ''}`,
  )
  .filter((url) => {
    try {
      const parsed = new URL(url);
      return !parsed.username && !parsed.password && !parsed.search && !parsed.hash && !url.includes('#');
    } catch {
      return false;
    }
  });

/** A proxy URL: the schema bans whitespace, quotes, backslashes, backticks and "$", little else. */
export const proxyUrl = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.option(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}(:[A-Za-z0-9._~!;=-]{1,8})?@$/)),
    dnsSubdomain,
    fc.option(fc.integer({ min: 1, max: 65535 })),
    fc.option(urlPathCharacters),
    fc.option(fc.constantFrom('#', '#frag', '?q=1&x=%41')),
  )
  .map(
    ([scheme, userinfo, host, port, path, tail]) =>
      `${scheme}://${userinfo ?? ''}${host}${port === null ? '' : `:${port}`}${path === null ? '' : `/${path}`}${tail ?? ''}`,
  )
  .filter((url) => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:';
    } catch {
      return false;
    }
  });

/** A registry host of `runtime.registryMirrors`. */
export const registryHost = fc.oneof(
  fc.constantFrom(
    'docker.io',
    'registry.k8s.io',
    'ghcr.io',
    'quay.io',
    '*',
    'registry.example:5000',
    'Registry.Example',
  ),
  fc
    .tuple(
      fc.stringMatching(
        /^[A-Za-z0-9]([-A-Za-z0-9]{0,8}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,8}[A-Za-z0-9])?){0,2}$/,
      ),
      fc.option(fc.integer({ min: 1, max: 65535 })),
    )
    .map(([host, port]) => `${host}${port === null ? '' : `:${port}`}`),
);

/** A sandbox image reference. */
export const sandboxImage = fc.oneof(
  fc.constantFrom(
    'registry.k8s.io/pause:3.10',
    'registry.example:5000/pause:3.9',
    `registry.k8s.io/pause@sha256:${'a'.repeat(64)}`,
  ),
  fc.stringMatching(/^[a-z0-9]+(\/[a-z0-9]+){0,2}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,10})?$/),
);

/** A kernel module name. */
export const kernelModule = fc.oneof(
  fc.constantFrom('br_netfilter', 'overlay', 'ip_vs', 'nf_conntrack', 'dm-crypt'),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,15}$/),
);

/** A kernel argument: one word without whitespace, quotes or shell characters (control characters and unicode allowed). */
export const kernelArg = fc
  .oneof(
    fc.constantFrom(
      'console=ttyS0,115200',
      'quiet',
      'systemd.unified_cgroup_hierarchy=1',
      'a=b=c',
      'x=',
      'k=%h',
      'k=#x',
      'k=(1)',
      'é=ü',
      '=x',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  )
  // The schema's rule: no whitespace, quotes, shell characters, control characters or line separators.
  // eslint-disable-next-line no-control-regex
  .filter((arg) => arg.length > 0 && /^[^\s"'\\`$;&|<>\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/.test(arg));

/** A sysctl key. */
export const sysctlKey = fc.oneof(
  fc.constantFrom(
    'net.ipv4.ip_forward',
    'vm.max_map_count',
    'net/ipv4/conf/eth0.100/forwarding',
    'kernel.core_pattern',
    'fs.inotify.max_user_watches',
    'net.ipv4.ip_local_port_range',
  ),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_./-]{0,24}$/),
);

/** A sysctl value as written: a string (one line, no '#', no surrounding spaces, non-empty), a number or a boolean. */
export const sysctlValue = fc.oneof(
  {
    weight: 4,
    arbitrary: hostileLine({ maxParts: 5 })
      .map((value) => value.replaceAll('#', '').trim())
      .filter((value) => value !== ''),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '1',
      '0',
      '1024 65000',
      'yes',
      'off',
      '0644',
      '1:20',
      '1e3',
      '|/usr/bin/x %p',
      '"quoted"',
      "'q'",
      'a = b',
      '[x]',
      '{a}',
      '=',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.boolean() },
);

/** An OpenSSH public key line with a hostile comment (no line breaks, as the schema requires). */
export const sshKey = fc
  .tuple(fc.constantFrom(TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA), fc.option(hostileLine({ maxParts: 4 })))
  .map(([key, comment]) => {
    const [type, body] = key.split(' ');
    return comment === null ? `${type} ${body}` : `${type} ${body} ${comment}`;
  })
  .filter((key) => !/[\r\n\0]/.test(key) && !/PRIVATE KEY/.test(key));

/** A crypt(3) password hash: prefix, then anything but whitespace and ':'. */
export const passwordHash = fc.oneof(
  fc.constant(TEST_PASSWORD_HASH),
  fc
    .tuple(fc.constantFrom('$1$', '$5$', '$6$', '$y$', '$2b$', '$7$'), hostileLine({ maxParts: 4 }))
    .map(([prefix, tail]) => `${prefix}${tail.replace(/[\s:]/g, '')}`)
    .filter((hash) => /^\$(1|2[abxy]|5|6|y|gy|7)\$[^\s:]+$/.test(hash)),
);

const pathSegment = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/) },
  {
    weight: 2,
    arbitrary: hostileLine({ maxParts: 3 })
      .map((segment) => segment.replaceAll('/', ''))
      .filter((segment) => segment !== '' && segment !== '.' && segment !== '..' && segment.length < 80),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'space name',
      '%h.conf',
      'quote"d',
      "it's",
      '#hash',
      'a:b',
      '-dash',
      '$HOME',
      '`id`',
      'ü',
      '\u2028',
      '\u0085',
      '.hidden',
      '...',
    ),
  },
);

/** An absolute, normalized path (what the schema allows: no control characters, "." / ".." segments or "//"). */
export function absolutePath(prefix = '/'): fc.Arbitrary<string> {
  return fc
    .array(pathSegment, { minLength: 1, maxLength: 4 })
    .map((segments) => `${prefix}${segments.join('/')}`);
}

/** A file mode as the schema accepts it: an integer up to 0o777 or an octal string up to 0o7777. */
export const fileMode = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0o644, 0o600, 0o755, 0o400, 0o640, 0o700, 0, 0o777) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0o777 }) },
  { weight: 2, arbitrary: fc.constantFrom('0644', '644', '0o755', '0600', '0', '0000', '0777') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0o7777 }).map((mode) => `0${mode.toString(8)}`) },
);

/** File contents and their encoding: hostile text, or base64 (of bytes or text) in the forms the schema accepts. */
export const fileContents = fc.oneof(
  { weight: 6, arbitrary: hostileText().map((contents) => ({ contents, encoding: 'utf-8' as const })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
          hostileText({ maxParts: 4 }).map((text) => Buffer.from(text, 'utf8')),
        ),
        fc.constantFrom('plain', 'wrapped', 'spaced', 'unpadded', 'trailing-newline'),
      )
      .map(([bytes, style]) => {
        let encoded = bytes.toString('base64');
        if (style === 'wrapped') encoded = encoded.replace(/(.{8})/g, '$1\n');
        else if (style === 'spaced') encoded = encoded.replace(/(.{6})/g, '$1 ');
        else if (style === 'unpadded') encoded = encoded.replace(/=+$/, '');
        else if (style === 'trailing-newline') encoded = `${encoded}\n`;
        return { contents: encoded, encoding: 'base64' as const };
      }),
  },
);

/** A CA certificate bundle: one or two certificates, with CRLF line endings or text around the blocks. */
export const caBundle = fc
  .tuple(
    fc.subarray([TEST_EXTRA_CA, TEST_CLUSTER_CA], { minLength: 1 }),
    fc.constantFrom('lf', 'crlf', 'no-final-newline'),
    fc.option(
      hostileLine({ maxParts: 3 }).map((text) => text.replaceAll('-----', '')),
      { freq: 4 },
    ),
  )
  .map(([pems, endings, junk]) => {
    let bundle = pems.join(junk === null ? '' : `${junk}\n`);
    if (endings === 'crlf') bundle = bundle.replaceAll('\n', '\r\n');
    if (endings === 'no-final-newline') bundle = bundle.trimEnd();
    return bundle;
  });

/** A systemd unit name. */
export const unitName = fc.oneof(
  fc.constantFrom(
    'hello.service',
    'kubeadm.service',
    'containerd.service',
    'kubelet.service',
    'foo@bar.service',
    'foo@.service',
    'a\\x2db.service',
    'x:y.timer',
    'backup.timer',
    'data.mount',
    'swap.swap',
    'sock.socket',
  ),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9:_.\\@-]{1,16}$/),
      fc.constantFrom('service', 'socket', 'timer', 'path', 'target', 'mount', 'slice'),
    )
    .map(([name, type]) => `${name}.${type}`),
);

/** A drop-in file name. */
export const dropinName = fc.oneof(
  fc.constantFrom('10-override.conf', '50-kubenode-proxy.conf', 'a@b.conf', '..conf', '-.conf'),
  fc.stringMatching(/^[A-Za-z0-9_.@-]{1,12}\.conf$/),
);

/** KubeletConfiguration pass-through fields: real ones with typical values, and nested hostile maps. */
export const kubeletFields = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom(
        'serializeImagePulls',
        'systemReserved',
        'kubeReserved',
        'evictionHard',
        'containerLogMaxSize',
        'podPidsLimit',
        'featureGates',
        'allowedUnsafeSysctls',
        'cpuManagerPolicy',
        'imageGCHighThresholdPercent',
        'shutdownGracePeriod',
        'providerID',
        'staticPodPath',
        'seccompDefault',
      ),
      fc.stringMatching(/^[a-z][A-Za-z0-9]{0,12}$/),
    ),
    fc.oneof(
      fc.boolean(),
      fc.integer({ min: 0, max: 100 }),
      fc.constantFrom('10Mi', '30s', 'static', 'none', 'aws:///eu-west-1a/i-0123'),
      hostileText({ maxParts: 4 }),
      fc.array(hostileLine({ maxParts: 3 }), { maxLength: 3 }),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom('cpu', 'memory', 'memory.available', 'nodefs.available', 'ephemeral-storage'),
          hostileLine({ maxParts: 2 }),
        ),
        fc.oneof(
          fc.constantFrom('100m', '256Mi', '10%', '200Mi'),
          hostileText({ maxParts: 3 }),
          fc.integer(),
          fc.boolean(),
        ),
        { maxKeys: 4 },
      ),
    ),
    { maxKeys: 4 },
  )
  .filter(
    (fields) =>
      !Object.keys(fields).some((key) =>
        ['apiVersion', 'kind', 'maxPods', 'clusterDNS', 'clusterDomain', 'registerWithTaints'].includes(key),
      ),
  );

/** Free-form metadata labels and annotations of the NodePool object itself. */
export const metadataMap = fc.dictionary(hostileLine({ maxParts: 3 }), hostileText({ maxParts: 4 }), {
  maxKeys: 3,
});

/** A time zone the schema accepts (validated with Intl). */
export const timeZone = fc.constantFrom(
  'UTC',
  'Europe/Amsterdam',
  'America/Argentina/Buenos_Aires',
  'Etc/GMT+5',
  'europe/amsterdam',
  'Asia/Kathmandu',
);
