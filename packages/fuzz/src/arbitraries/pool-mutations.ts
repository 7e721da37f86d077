import { isIP } from 'node:net';
import {
  checkKubeletSettableLabel,
  checkLabelKey,
  checkLabelValue,
  hasControlCharacter,
  POSIX_NAME,
  SYSTEMD_UNIT_NAME,
  validateNodePool,
  type NodePoolInput,
} from '@kubenode/core';
import {
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
} from '@kubenode/testkit';
import fc from 'fast-check';
import type { FuzzSubject } from '../subjects/fuzz-subject.js';
import { hostileLine, hostileText, withNul } from './hostile-text.js';
import { avoidKnownBugs } from '../known-bugs/known-bugs.js';
import { nodePoolArbitrary } from './node-pool-arbitrary.js';

/** A pool with one field made invalid, and the path the refusal must name. */
export interface PoolMutation {
  readonly input: NodePoolInput;
  /** What was changed, for the failure message. */
  readonly description: string;
  /** The JSON path an issue must name (that path or below it). */
  readonly path: readonly (string | number)[];
  /** Values that are secrets and must not appear in the error (e.g. a malformed bootstrap token). */
  readonly secrets: readonly string[];
  /** Refused by the core schema (`validateNodePool`) or by the adapter (`provision`, adapter options). */
  readonly by: 'schema' | 'adapter';
}

interface Change {
  readonly description: string;
  /** Where the value goes (containers are created as needed). */
  readonly at: readonly (string | number)[];
  readonly value: unknown;
  /** The path the refusal names; `at` when omitted. */
  readonly path?: readonly (string | number)[];
  readonly secrets?: readonly string[];
  readonly by?: 'schema' | 'adapter';
}

const file = (overrides: Record<string, unknown>) => [
  { path: '/etc/fuzz/file', contents: 'x\n', ...overrides },
];
const unit = (overrides: Record<string, unknown>) => [{ name: 'fuzz.service', ...overrides }];
const user = (overrides: Record<string, unknown>) => [{ name: 'fuzz', ...overrides }];

const oneLine = hostileLine({ maxParts: 4 });
const text = hostileText({ maxParts: 6 });
const nulText = fc.tuple(text, fc.nat()).map(([value, at]) => withNul(value, at));

/** Strings with a character a restricted field cannot take (line breaks, control characters, quotes, spaces, ...). */
const breaking = fc.oneof(
  fc
    .tuple(
      oneLine,
      fc.constantFrom(
        '\n',
        '\r',
        '\r\n',
        '\u0000',
        '\u0001',
        '\u001b',
        '\u007f',
        ' ',
        '"',
        "'",
        '\\',
        '`',
        '$',
        ';',
        '#',
        '=',
        ',',
        ':',
        '/',
        '..',
        '%',
      ),
    )
    .map(([value, char]) => `x${value}${char}y`),
  text,
);

/** Every way to break one field, derived from the schema's rules. */
const CHANGES: fc.Arbitrary<Change> = fc.oneof(
  breaking
    .filter(
      (name) =>
        name.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name),
    )
    .map((name) => ({ description: 'metadata.name', at: ['metadata', 'name'], value: name })),
  fc
    .constantFrom('1.32', 'latest', '1.32.4\n', ' 1.32.4', 'v1.32.4-rc.0', '1.32.4; rm -rf /')
    .map((value) => ({ description: 'version', at: ['spec', 'kubernetes', 'version'], value })),
  fc
    .constantFrom(
      'http://10.0.0.1:6443',
      'https://a.example/path',
      'https://user:pw@a.example',
      'a.example:6443',
      'https://a.example/?x=1',
      'https://a.example#f',
      '',
    )
    .map((value) => ({ description: 'apiServer', at: ['spec', 'kubernetes', 'apiServer'], value })),
  fc
    .oneof(fc.constant(TEST_PRIVATE_KEY), text, fc.constant(TEST_CLUSTER_CA.replace('MIIB', 'MIIB!!')))
    .map((value) => ({
      description: 'caCert',
      at: ['spec', 'kubernetes', 'caCert'],
      value,
      secrets: [TEST_PRIVATE_KEY],
    })),
  fc
    .oneof(
      fc.stringMatching(/^[A-Za-z0-9]{6}\.[A-Za-z0-9]{17}$/),
      fc.stringMatching(/^[a-z0-9]{6}\.[A-Z0-9]{16}$/),
      breaking,
    )
    .filter((token) => !/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token))
    .map((value) => ({
      description: 'bootstrapToken',
      at: ['spec', 'kubernetes', 'bootstrapToken'],
      value,
      secrets: value.length >= 8 ? [value] : [],
    })),
  breaking
    .filter((value) => isIP(value) === 0)
    .map((value) => ({
      description: 'clusterDNS',
      at: ['spec', 'kubernetes', 'clusterDNS'],
      value: [value],
      path: ['spec', 'kubernetes', 'clusterDNS', 0],
    })),
  breaking
    .filter((key) => checkLabelKey(key) !== undefined || checkKubeletSettableLabel(key) !== undefined)
    .map((key) => ({
      description: 'label key',
      at: ['spec', 'kubernetes', 'nodeLabels'],
      value: { [key]: 'v' },
      path: ['spec', 'kubernetes', 'nodeLabels', key],
    })),
  fc.constantFrom('kubernetes.io/role', 'node-role.kubernetes.io/worker', 'k8s.io/x').map((key) => ({
    description: 'restricted label key',
    at: ['spec', 'kubernetes', 'nodeLabels'],
    value: { [key]: 'v' },
    path: ['spec', 'kubernetes', 'nodeLabels', key],
  })),
  breaking
    .filter((value) => checkLabelValue(value) !== undefined)
    .map((value) => ({
      description: 'label value',
      at: ['spec', 'kubernetes', 'nodeLabels'],
      value: { pool: value },
      path: ['spec', 'kubernetes', 'nodeLabels', 'pool'],
    })),
  breaking
    .filter((key) => checkLabelKey(key) !== undefined)
    .map((key) => ({
      description: 'taint key',
      at: ['spec', 'kubernetes', 'nodeTaints'],
      value: [{ key, effect: 'NoSchedule' }],
      path: ['spec', 'kubernetes', 'nodeTaints', 0, 'key'],
    })),
  breaking
    .filter((value) => value !== '' && checkLabelValue(value) !== undefined)
    .map((value) => ({
      description: 'taint value',
      at: ['spec', 'kubernetes', 'nodeTaints'],
      value: [{ key: 'k', value, effect: 'NoSchedule' }],
      path: ['spec', 'kubernetes', 'nodeTaints', 0, 'value'],
    })),
  fc.constantFrom('NoSchedule\n', 'Bogus', '').map((effect) => ({
    description: 'taint effect',
    at: ['spec', 'kubernetes', 'nodeTaints'],
    value: [{ key: 'k', effect }],
    path: ['spec', 'kubernetes', 'nodeTaints', 0, 'effect'],
  })),
  fc
    .constantFrom(0, -1, 1.5, '110', 10_001, Number.NaN)
    .map((value) => ({ description: 'maxPods', at: ['spec', 'kubernetes', 'maxPods'], value })),
  fc
    .oneof(
      fc.constantFrom(
        'maxPods',
        'apiVersion',
        'kind',
        'clusterDNS',
        'registerWithTaints',
        'Bad-Key',
        'a b',
        'x\ny',
      ),
      breaking.filter((key) => !/^[a-z][A-Za-z0-9]*$/.test(key)),
    )
    .map((key) => ({
      description: 'kubelet field',
      at: ['spec', 'kubernetes', 'kubelet'],
      value: { [key]: 1 },
      path: ['spec', 'kubernetes', 'kubelet', key],
    })),
  breaking
    .filter(
      (host) =>
        !/^(\*|[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?)$/.test(
          host,
        ),
    )
    .map((host) => ({
      description: 'registry host',
      at: ['spec', 'runtime', 'registryMirrors'],
      value: { [host]: ['https://m.example'] },
      path: ['spec', 'runtime', 'registryMirrors', host],
    })),
  fc
    .constantFrom(
      'ftp://m.example',
      'https://u:p@m.example',
      'https://m.example/?q=1',
      'https://m.example/#f',
      'https://m.example/ x',
      'https://m.example/"x',
      "https://m.example/'x",
      'https://m.example/\\x',
      'm.example',
    )
    .map((url) => ({
      description: 'mirror URL',
      at: ['spec', 'runtime', 'registryMirrors'],
      value: { 'docker.io': [url] },
      path: ['spec', 'runtime', 'registryMirrors', 'docker.io', 0],
    })),
  fc.constant({
    description: 'no mirror',
    at: ['spec', 'runtime', 'registryMirrors'],
    value: { 'docker.io': [] },
    path: ['spec', 'runtime', 'registryMirrors', 'docker.io'],
  }),
  breaking
    .map((value) => `registry.k8s.io/pause${value}`)
    .filter(
      (value) =>
        !/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(
          value,
        ),
    )
    .map((value) => ({ description: 'sandboxImage', at: ['spec', 'runtime', 'sandboxImage'], value })),
  breaking
    .map((value) => `node${value}`)
    .filter(
      (value) =>
        value.length > 253 ||
        !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value),
    )
    .map((value) => ({ description: 'hostname', at: ['spec', 'os', 'hostname'], value })),
  breaking
    .filter((name) => !POSIX_NAME.test(name))
    .map((name) => ({
      description: 'user name',
      at: ['spec', 'os', 'users'],
      value: user({ name }),
      path: ['spec', 'os', 'users', 0, 'name'],
    })),
  breaking
    .filter((name) => !POSIX_NAME.test(name))
    .map((name) => ({
      description: 'group',
      at: ['spec', 'os', 'users'],
      value: user({ groups: [name] }),
      path: ['spec', 'os', 'users', 0, 'groups', 0],
    })),
  fc
    .oneof(
      fc.constant(TEST_PRIVATE_KEY),
      fc
        .tuple(oneLine, fc.constantFrom('\n', '\r', '\u0000'))
        .map(([comment, brk]) => `${TEST_SSH_KEY_ED25519} ${comment}${brk}ssh-rsa AAAA injected`),
      text.filter((key) => !key.startsWith('ssh-')),
    )
    .map((key) => ({
      description: 'SSH key',
      at: ['spec', 'os', 'users'],
      value: user({ sshAuthorizedKeys: [key] }),
      path: ['spec', 'os', 'users', 0, 'sshAuthorizedKeys', 0],
      secrets: [TEST_PRIVATE_KEY],
    })),
  fc
    .oneof(
      fc.constantFrom('plain-password', '$6$salt with space', '$6$a:b', '$6$x\n$6$y', '$6$'),
      fc.tuple(oneLine, fc.constantFrom(' ', ':', '\n', '\t')).map(([tail, bad]) => `$6$${tail}${bad}z`),
    )
    .map((hash) => ({
      description: 'password hash',
      at: ['spec', 'os', 'users'],
      value: user({ passwordHash: hash }),
      path: ['spec', 'os', 'users', 0, 'passwordHash'],
      secrets: hash.length >= 8 ? [hash] : [],
    })),
  fc
    .constantFrom('bin/bash', '/bin/../sh', '/bin//sh', '/bin/sh\n', '/bin/sh/', '/bin/\u001bsh', '')
    .map((shell) => ({
      description: 'shell',
      at: ['spec', 'os', 'users'],
      value: user({ shell }),
      path: ['spec', 'os', 'users', 0, 'shell'],
    })),
  fc
    .oneof(
      fc.constantFrom(
        'relative/path',
        '/a/../b',
        '/a/./b',
        '/a//b',
        '/a/',
        '/a\nb',
        '/a\rb',
        '/a\u0000b',
        '/a\u001bb',
        '/a\u007fb',
        '',
        '.',
        '/..',
      ),
      fc
        .tuple(oneLine, fc.constantFrom('\n', '\r', '\u0000', '\u0001'))
        .map(([value, char]) => `/etc/${value.replaceAll('/', '')}${char}x`),
    )
    .map((path) => ({
      description: 'file path',
      at: ['spec', 'os', 'files'],
      value: file({ path }),
      path: ['spec', 'os', 'files', 0, 'path'],
    })),
  fc.constantFrom(644, 0o1000, -1, 1.5, '0999', 'rw-r--r--', '0o8', '77777', '').map((mode) => ({
    description: 'file mode',
    at: ['spec', 'os', 'files'],
    value: file({ mode }),
    path: ['spec', 'os', 'files', 0, 'mode'],
  })),
  breaking
    .filter((name) => !POSIX_NAME.test(name))
    .map((owner) => ({
      description: 'file owner',
      at: ['spec', 'os', 'files'],
      value: file({ owner }),
      path: ['spec', 'os', 'files', 0, 'owner'],
    })),
  fc.constantFrom('hex', 'gzip', 'b64', '').map((encoding) => ({
    description: 'file encoding',
    at: ['spec', 'os', 'files'],
    value: file({ encoding }),
    path: ['spec', 'os', 'files', 0, 'encoding'],
  })),
  fc.constantFrom('***', 'AA==AA', 'AAAA\u0000', 'not base64!', '$(id)').map((contents) => ({
    description: 'base64 contents',
    at: ['spec', 'os', 'files'],
    value: file({ contents, encoding: 'base64' }),
    path: ['spec', 'os', 'files', 0, 'contents'],
  })),
  fc.constantFrom(undefined, '0644', 0o644, '0604', '0666', 0o777).map((mode) => ({
    description: `a private key readable by everyone (mode ${String(mode)})`,
    at: ['spec', 'os', 'files'],
    value: file({ contents: TEST_PRIVATE_KEY, ...(mode === undefined ? {} : { mode }) }),
    path: ['spec', 'os', 'files', 0, 'mode'],
    secrets: [TEST_PRIVATE_KEY],
  })),
  fc.constant({
    description: 'duplicate file path',
    at: ['spec', 'os', 'files'],
    value: [...file({}), ...file({ contents: 'y' })],
    path: ['spec', 'os', 'files', 1, 'path'],
  }),
  breaking
    .filter((name) => !SYSTEMD_UNIT_NAME.test(name))
    .map((name) => ({
      description: 'unit name',
      at: ['spec', 'os', 'units'],
      value: unit({ name }),
      path: ['spec', 'os', 'units', 0, 'name'],
    })),
  fc
    .constantFrom('foo.service', 'foo.exe', 'a b.service', 'a/b.service', 'a\n.service', 'a\u0000.service')
    .filter((name) => !SYSTEMD_UNIT_NAME.test(name))
    .map((name) => ({
      description: 'unit name',
      at: ['spec', 'os', 'units'],
      value: unit({ name }),
      path: ['spec', 'os', 'units', 0, 'name'],
    })),
  breaking
    .filter((name) => !/^[A-Za-z0-9_.@-]+\.conf$/.test(name))
    .map((name) => ({
      description: 'drop-in name',
      at: ['spec', 'os', 'units'],
      value: unit({ dropins: [{ name, contents: '' }] }),
      path: ['spec', 'os', 'units', 0, 'dropins', 0, 'name'],
    })),
  fc.constant({
    description: 'masked and enabled',
    at: ['spec', 'os', 'units'],
    value: unit({ mask: true, enabled: true }),
    path: ['spec', 'os', 'units', 0, 'mask'],
  }),
  fc.constant({
    description: 'duplicate unit',
    at: ['spec', 'os', 'units'],
    value: [...unit({}), ...unit({})],
    path: ['spec', 'os', 'units', 1, 'name'],
  }),
  fc.constant({
    description: 'duplicate user',
    at: ['spec', 'os', 'users'],
    value: [...user({}), ...user({})],
    path: ['spec', 'os', 'users', 1, 'name'],
  }),
  breaking
    .filter((key) => !/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(key))
    .map((key) => ({
      description: 'sysctl key',
      at: ['spec', 'os', 'sysctls'],
      value: { [key]: '1' },
      path: ['spec', 'os', 'sysctls', key],
    })),
  fc
    .oneof(
      fc.constantFrom('', ' 1', '1 ', '1 # x', '#1', '1\n2', '1\r', '1\u0000', '\u001b'),
      fc
        .tuple(oneLine, fc.constantFrom('\n', '#', '\u0001', '\u0000'))
        .map(([value, bad]) => `a${value}${bad}b`),
    )
    .filter(
      (value) =>
        value === '' ||
        value.trim() !== value ||
        value.includes('#') ||
        hasControlCharacter(value) ||
        value.includes('\0'),
    )
    .map((value) => ({
      description: 'sysctl value',
      at: ['spec', 'os', 'sysctls'],
      value: { 'net.ipv4.ip_forward': value },
      path: ['spec', 'os', 'sysctls', 'net.ipv4.ip_forward'],
    })),
  fc
    .oneof(fc.constantFrom('-r', '--remove', '-'), breaking)
    .filter((name) => !/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(name))
    .map((name) => ({
      description: 'kernel module',
      at: ['spec', 'os', 'kernelModules'],
      value: [name],
      path: ['spec', 'os', 'kernelModules', 0],
    })),
  fc
    .oneof(
      fc.constantFrom(
        'a b',
        'a"b',
        "a'b",
        'a\\b',
        'a`b',
        'a$b',
        'a;b',
        'a&b',
        'a|b',
        'a<b',
        'a>b',
        '',
        'a\nb',
        'a\u0000b',
        'quiet\u0000init=/bin/sh',
      ),
      breaking.filter((arg) => !/^[^\s"'\\`$;&|<>]+$/.test(arg)),
    )
    .map((arg) => ({
      description: 'kernel argument',
      at: ['spec', 'os', 'kernelArgs'],
      value: [arg],
      path: ['spec', 'os', 'kernelArgs', 0],
    })),
  breaking
    .map((server) => `time${server}`)
    .filter((server) => isIP(server) === 0 && !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(server))
    .map((server) => ({
      description: 'NTP server',
      at: ['spec', 'os', 'ntpServers'],
      value: [server],
      path: ['spec', 'os', 'ntpServers', 0],
    })),
  fc
    .constantFrom(
      'ftp://p.example',
      'http://p.example/"x',
      'http://p.example/ x',
      'http://p.example/$x',
      'http://p.example/`x`',
      'http://p.example/\\x',
      'http://p.example/\nx',
      'p.example:3128',
    )
    .map((url) => ({
      description: 'proxy URL',
      at: ['spec', 'os', 'proxy'],
      value: { http: url },
      path: ['spec', 'os', 'proxy', 'http'],
    })),
  breaking
    .filter((entry) => !/^[A-Za-z0-9.*:/_[\]-]+$/.test(entry))
    .map((entry) => ({
      description: 'no-proxy entry',
      at: ['spec', 'os', 'proxy'],
      value: { https: 'http://p.example:3128', noProxy: [entry] },
      path: ['spec', 'os', 'proxy', 'noProxy', 0],
    })),
  fc.oneof(fc.constant(TEST_PRIVATE_KEY), text).map((pem) => ({
    description: 'CA certificate',
    at: ['spec', 'os', 'caCerts'],
    value: [pem],
    path: ['spec', 'os', 'caCerts', 0],
    secrets: [TEST_PRIVATE_KEY],
  })),
  breaking
    .map((name) => `pkg${name}`)
    .filter((name) => !/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/.test(name))
    .map((name) => ({
      description: 'package',
      at: ['spec', 'os', 'packages'],
      value: [name],
      path: ['spec', 'os', 'packages', 0],
    })),
  fc
    .constantFrom(
      { at: ['spec', 'updates', 'strategy'], value: 'sometimes' },
      { at: ['spec', 'updates', 'channel'], value: 'Stable\n' },
      {
        at: ['spec', 'updates', 'window'],
        value: { start: '24:00', duration: '1h' },
        path: ['spec', 'updates', 'window', 'start'],
      },
      {
        at: ['spec', 'updates', 'window'],
        value: { start: '02:00', duration: '169h' },
        path: ['spec', 'updates', 'window', 'duration'],
      },
      {
        at: ['spec', 'updates', 'window'],
        value: { start: '02:00', duration: '1h', timeZone: 'Mars/Olympus_Mons' },
        path: ['spec', 'updates', 'window', 'timeZone'],
      },
      { at: ['spec', 'updates', 'maxUnavailable'], value: '101%' },
      { at: ['spec', 'image', 'arch'], value: 'riscv64' },
      { at: ['spec', 'image', 'version'], value: '1.0 && id' },
    )
    .map((change) => ({ description: `updates/image ${change.at.join('.')}`, ...change })),
  fc
    .tuple(
      fc.constantFrom(
        ['spec'],
        ['spec', 'os'],
        ['spec', 'kubernetes'],
        ['spec', 'runtime'],
        ['metadata'],
        [],
      ),
      fc.oneof(
        fc.constantFrom('filez', 'token', 'bootstrapTokens', 'Distro', 'extra'),
        oneLine.filter(
          (key) =>
            key !== '' &&
            ![
              'os',
              'kubernetes',
              'runtime',
              'image',
              'updates',
              'adapterOptions',
              'distro',
              'name',
              'labels',
              'annotations',
              'apiVersion',
              'kind',
              'metadata',
              'spec',
              '__proto__',
              'constructor',
            ].includes(key),
        ),
      ),
    )
    .map(([parent, key]) => ({
      description: `unknown field ${JSON.stringify(key)}`,
      at: [...parent, key],
      value: 'x',
    })),
  fc
    .constantFrom(
      { at: ['spec', 'os', 'files'], value: {} },
      { at: ['spec', 'os', 'users'], value: 'ops' },
      { at: ['spec', 'kubernetes', 'nodeLabels'], value: ['a=b'] },
      { at: ['spec', 'os', 'sysctls'], value: [] },
      { at: ['spec', 'os', 'rootDisk'], value: true },
      { at: ['spec', 'kubernetes'], value: 'x' },
      {
        at: ['spec', 'os', 'sysctls'],
        value: { 'vm.x': { nested: 1 } },
        path: ['spec', 'os', 'sysctls', 'vm.x'],
      },
      {
        at: ['spec', 'os', 'files'],
        value: [{ path: '/etc/x', contents: 42 }],
        path: ['spec', 'os', 'files', 0, 'contents'],
      },
      {
        at: ['spec', 'kubernetes', 'nodeLabels'],
        value: { pool: 5 },
        path: ['spec', 'kubernetes', 'nodeLabels', 'pool'],
      },
    )
    .map((change) => ({ description: `wrong type at ${change.at.join('.')}`, ...change })),
  // NUL in free-form text: no node format carries it as text, so the schema refuses it.
  fc
    .oneof(
      nulText.map((contents) => ({
        at: ['spec', 'os', 'files'],
        value: file({ contents }),
        path: ['spec', 'os', 'files', 0, 'contents'],
      })),
      nulText.map((contents) => ({
        at: ['spec', 'os', 'units'],
        value: unit({ contents }),
        path: ['spec', 'os', 'units', 0, 'contents'],
      })),
      nulText.map((contents) => ({
        at: ['spec', 'os', 'units'],
        value: unit({ dropins: [{ name: 'a.conf', contents }] }),
        path: ['spec', 'os', 'units', 0, 'dropins', 0, 'contents'],
      })),
      nulText.map((value) => ({
        at: ['spec', 'kubernetes', 'kubelet'],
        value: { providerID: value },
        path: ['spec', 'kubernetes', 'kubelet', 'providerID'],
      })),
      nulText.map((value) => ({
        at: ['spec', 'kubernetes', 'kubelet'],
        value: { systemReserved: { memory: value } },
        path: ['spec', 'kubernetes', 'kubelet', 'systemReserved', 'memory'],
      })),
      nulText.map((value) => ({
        at: ['metadata', 'labels'],
        value: { team: value },
        path: ['metadata', 'labels', 'team'],
      })),
      nulText.map((value) => ({
        at: ['metadata', 'annotations'],
        value: { note: value },
        path: ['metadata', 'annotations', 'note'],
      })),
      fc.nat().map((at) => ({
        at: ['spec', 'os', 'users'],
        value: user({ passwordHash: withNul('$6$salt$hash', at) }),
        path: ['spec', 'os', 'users', 0, 'passwordHash'],
      })),
      fc.nat().map((at) => ({
        at: ['spec', 'os', 'kernelArgs'],
        value: [withNul('console=ttyS0', at)],
        path: ['spec', 'os', 'kernelArgs', 0],
      })),
      fc.nat().map((at) => ({
        at: ['spec', 'kubernetes', 'caCert'],
        value: withNul(TEST_CLUSTER_CA, at),
        path: ['spec', 'kubernetes', 'caCert'],
      })),
    )
    .map((change) => ({ description: `NUL in ${change.path.join('.')}`, ...change })),
);

function setAt(target: Record<string, unknown>, at: readonly (string | number)[], value: unknown): void {
  let cursor: Record<string, unknown> = target;
  for (const [index, key] of at.entries()) {
    if (index === at.length - 1) {
      cursor[key] = value;
      return;
    }
    const next = cursor[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cursor[key] = {};
    cursor = cursor[key] as Record<string, unknown>;
  }
}

/**
 * Pools with exactly one invalid field: a hostile or malformed value in a restricted field, NUL
 * in free-form text, a private key readable by everyone, an unknown field, a wrong type, or an
 * invalid adapter option of the subject. Each must be refused naming that field.
 */
export function poolMutationArbitrary(subject: FuzzSubject): fc.Arbitrary<PoolMutation> {
  const base = nodePoolArbitrary(subject.profile)
    .map((input) => avoidKnownBugs(subject.id, input))
    .filter((input) => {
      try {
        validateNodePool(input);
        return true;
      } catch {
        return false;
      }
    });
  const schemaChange = CHANGES.map((change) => ({ ...change, by: 'schema' as const }));
  // Adapter options are checked on a pool that uses nothing else, so no other refusal comes first.
  const minimal: NodePoolInput = {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'fuzz' },
    spec: {
      distro: subject.profile.distro,
      kubernetes: {
        version: `${subject.profile.kubernetesMinors.at(-1)}.0`,
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
    },
  };
  const optionChange = subject.invalidOptions.map(({ options, path }) => ({
    input: minimal,
    change: {
      description: `adapter option ${path.join('.')}`,
      at: ['spec', 'adapterOptions'],
      value: options,
      path,
      secrets: [] as readonly string[],
      by: 'adapter' as const,
    },
  }));
  const schemaMutation = fc.tuple(base, schemaChange).map(([input, change]) => ({ input, change }));
  return fc
    .oneof({ weight: 6, arbitrary: schemaMutation }, { weight: 1, arbitrary: optionChange })
    .map(({ input, change }) => {
      const mutated = structuredClone(input) as unknown as Record<string, unknown>;
      setAt(mutated, change.at, change.value);
      return {
        input: mutated as unknown as NodePoolInput,
        description: change.description,
        path: change.path ?? change.at,
        secrets: change.secrets ?? [],
        by: change.by,
      };
    });
}
