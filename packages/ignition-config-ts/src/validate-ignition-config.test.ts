import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { encodeDataUrl } from './data-url.js';
import { formatIgnitionIssue } from './ignition-issue.js';
import { validateIgnitionConfig } from './validate-ignition-config.js';
import { verificationHash } from './verification-hash.js';

const v = (body: Record<string, unknown>, version = '3.3.0') =>
  JSON.stringify({ ignition: { version }, ...body });
const file = (f: Record<string, unknown>) => v({ storage: { files: [{ path: '/etc/x', ...f }] } });
const unit = (u: Record<string, unknown>) => v({ systemd: { units: [{ name: 'a.service', ...u }] } });
const SHA256_EMPTY = 'sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * [description, config, expected error code or null for valid, warning code expected, path].
 * Each is also judged by the real ignition-validate (spec 3.3.0), which must agree on
 * valid/invalid.
 */
const CASES: [string, string, string | null, string?][] = [
  ['minimal config', v({}), null],
  ['relative file path', file({ path: 'etc/x' }), 'path-not-absolute'],
  ['path with //', file({ path: '/etc//x' }), 'path-not-clean'],
  ['path with ..', file({ path: '/etc/../x' }), 'path-not-clean'],
  ['path with trailing /', file({ path: '/etc/x/' }), 'path-not-clean'],
  ['mode 0o7777 allowed', file({ mode: 0o7777 }), null, 'special-mode-bits'],
  ['mode above 07777', file({ mode: 0o10000 }), 'illegal-mode'],
  ['negative mode', file({ mode: -1 }), 'illegal-mode'],
  ['setgid bit warns', file({ mode: 0o2755 }), null, 'special-mode-bits'],
  ['string mode', file({ mode: '0644' }), 'schema-invalid_type'],
  ['overwrite without source', file({ overwrite: true }), 'overwrite-without-source'],
  ['overwrite with source', file({ overwrite: true, contents: { source: 'data:,x' } }), null],
  ['both owner id and name', file({ user: { id: 0, name: 'root' } }), 'owner-id-and-name'],
  ['data URL with a space', file({ contents: { source: 'data:,a b' } }), 'invalid-data-url'],
  ['data URL bad escape', file({ contents: { source: 'data:,a%ZZ' } }), 'invalid-data-url'],
  ['data URL non-ASCII', file({ contents: { source: 'data:,é' } }), 'invalid-data-url'],
  ['data URL unpadded base64', file({ contents: { source: 'data:;base64,YQ' } }), 'invalid-data-url'],
  [
    'data URL with media type',
    file({ contents: { source: 'data:text/plain;charset=utf-8;base64,YQ==' } }),
    null,
  ],
  ['data URL with bad media type', file({ contents: { source: 'data:foo/bar,x' } }), 'invalid-data-url'],
  ['upper-case DATA scheme', file({ contents: { source: 'DATA:,x' } }), 'invalid-data-url'],
  ['ftp scheme', file({ contents: { source: 'ftp://h/x' } }), 'invalid-url-scheme'],
  ['no scheme', file({ contents: { source: '/x/y' } }), 'invalid-url'],
  ['unparseable https URL', file({ contents: { source: 'https://exa mple/x' } }), 'invalid-url'],
  [
    'tftp and s3 sources',
    v({
      storage: {
        files: [
          { path: '/a', contents: { source: 'tftp://h/x' } },
          { path: '/b', contents: { source: 's3://b/k' } },
        ],
      },
    }),
    null,
  ],
  ['arn before 3.4.0', file({ contents: { source: 'arn:aws:s3:::b/k' } }), 'invalid-url-scheme'],
  ['xz compression', file({ contents: { source: 'data:,x', compression: 'xz' } }), 'invalid-compression'],
  ['empty compression', file({ contents: { source: 'data:,x', compression: '' } }), null],
  [
    'short hash',
    file({ contents: { source: 'https://h/x', verification: { hash: 'sha256-abc' } } }),
    'hash-wrong-size',
  ],
  [
    'md5 hash',
    file({ contents: { source: 'https://h/x', verification: { hash: 'md5-abc' } } }),
    'hash-unrecognized',
  ],
  [
    'hash without dash',
    file({ contents: { source: 'https://h/x', verification: { hash: 'abc' } } }),
    'hash-malformed',
  ],
  ['sha256 hash', file({ contents: { source: 'https://h/x', verification: { hash: SHA256_EMPTY } } }), null],
  [
    'hash without source',
    file({ contents: { verification: { hash: SHA256_EMPTY } } }),
    'verification-without-source',
  ],
  [
    'headers on data URL',
    file({ contents: { source: 'data:,x', httpHeaders: [{ name: 'a', value: 'b' }] } }),
    'headers-unsupported-scheme',
  ],
  [
    'duplicate headers',
    file({
      contents: {
        source: 'https://h',
        httpHeaders: [
          { name: 'a', value: 'b' },
          { name: 'a', value: 'c' },
        ],
      },
    }),
    'duplicate',
  ],
  [
    'same path as file and directory',
    v({ storage: { files: [{ path: '/a' }], directories: [{ path: '/a' }] } }),
    'duplicate',
  ],
  ['two files one path', v({ storage: { files: [{ path: '/a' }, { path: '/a' }] } }), 'duplicate'],
  [
    'file below a link',
    v({ storage: { files: [{ path: '/a/b' }], links: [{ path: '/a', target: '/x' }] } }),
    'path-includes-link',
  ],
  [
    'directory below a hard link',
    v({ storage: { directories: [{ path: '/a/b' }], links: [{ path: '/a', target: '/x', hard: true }] } }),
    'path-includes-link',
  ],
  ['file below a file', v({ storage: { files: [{ path: '/a/b' }, { path: '/a' }] } }), null],
  ['link without target', v({ storage: { links: [{ path: '/a' }] } }), 'link-target-required'],
  ['unit without suffix', unit({ name: 'a' }), 'invalid-unit-extension'],
  ['unit with unknown suffix', unit({ name: 'a.txt' }), 'invalid-unit-extension'],
  [
    'timer, mount, path units',
    v({ systemd: { units: [{ name: 'a.timer' }, { name: 'b-c.mount' }, { name: 'x@y.path' }] } }),
    null,
  ],
  ['unclosed section', unit({ contents: '[Service\nX=1' }), 'invalid-unit-contents'],
  ['garbage after section', unit({ contents: '[Service]x\nY=2' }), 'invalid-unit-contents'],
  ['line too long', unit({ contents: `[Service]\nX=${'A'.repeat(3000)}` }), 'invalid-unit-contents'],
  [
    'enabled without [Install] warns',
    unit({ enabled: true, contents: '[Service]\nExecStart=/x' }),
    null,
    'no-install-section',
  ],
  ['dropin without .conf', unit({ dropins: [{ name: 'x.txt' }] }), 'invalid-dropin-extension'],
  ['duplicate dropins', unit({ dropins: [{ name: 'x.conf' }, { name: 'x.conf' }] }), 'duplicate'],
  [
    'bad dropin syntax',
    unit({ dropins: [{ name: 'a.conf', contents: '[Service\n' }] }),
    'invalid-unit-contents',
  ],
  ['duplicate units', v({ systemd: { units: [{ name: 'a.service' }, { name: 'a.service' }] } }), 'duplicate'],
  ['duplicate users', v({ passwd: { users: [{ name: 'a' }, { name: 'a' }] } }), 'duplicate'],
  ['duplicate groups', v({ passwd: { groups: [{ name: 'a' }, { name: 'a' }] } }), 'duplicate'],
  [
    'duplicate SSH keys',
    v({ passwd: { users: [{ name: 'a', sshAuthorizedKeys: ['k', 'k'] }] } }),
    'duplicate',
  ],
  ['kernel argument twice', v({ kernelArguments: { shouldExist: ['a', 'a'] } }), 'duplicate'],
  [
    'kernel argument in both lists',
    v({ kernelArguments: { shouldExist: ['a'], shouldNotExist: ['a'] } }),
    'duplicate',
  ],
  [
    'kernelArguments in 3.2.0 is an unused key',
    v({ kernelArguments: { shouldExist: ['a'] } }, '3.2.0'),
    null,
    'unknown-key',
  ],
  ['unknown top-level key', v({ foo: 1 }), null, 'unknown-key'],
  ['ftp proxy', v({ ignition: { version: '3.3.0', proxy: { httpProxy: 'ftp://p' } } }), 'invalid-proxy'],
  [
    'filesystem format none before 3.3.0',
    v({ storage: { filesystems: [{ device: '/dev/x', format: 'none' }] } }, '3.2.0'),
    'invalid-filesystem-format',
  ],
  [
    'relative filesystem path',
    v({ storage: { filesystems: [{ device: '/dev/x', format: 'ext4', path: 'var' }] } }),
    'path-not-absolute',
  ],
  [
    'relative device',
    v({ storage: { filesystems: [{ device: 'dev/x', format: 'ext4' }] } }),
    'path-not-absolute',
  ],
  [
    'ext4 label too long',
    v({ storage: { filesystems: [{ device: '/dev/x', format: 'ext4', label: 'x'.repeat(17) }] } }),
    'filesystem-label-too-long',
  ],
  [
    'gs:// in 3.0.0',
    v({ storage: { files: [{ path: '/a', contents: { source: 'gs://b/o' } }] } }, '3.0.0'),
    'invalid-url-scheme',
  ],
  [
    'sha256 in 3.0.0',
    v(
      {
        storage: {
          files: [{ path: '/a', contents: { source: 'https://h', verification: { hash: SHA256_EMPTY } } }],
        },
      },
      '3.0.0',
    ),
    'hash-unrecognized',
  ],
  ['unsupported version 3.6.0', v({}, '3.6.0'), 'unsupported-version'],
  ['spec 2.3.0', v({}, '2.3.0'), 'unsupported-version'],
];

describe('validateIgnitionConfig agrees with ignition-validate', () => {
  it.each(CASES)('%s', (_description, config, errorCode, warningCode) => {
    const issues = validateIgnitionConfig(config);
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errorCode === null) expect(errors.map(formatIgnitionIssue)).toEqual([]);
    else expect(errors.map((issue) => issue.code)).toContain(errorCode);
    if (warningCode)
      expect(issues.filter((i) => i.severity === 'warning').map((i) => i.code)).toContain(warningCode);
    const upstream = ignitionValidate(config);
    expect(upstream.ok, `ignition-validate said: ${upstream.output}`).toBe(errorCode === null);
  });

  it('reports JSON paths to the offending field', () => {
    const issues = validateIgnitionConfig(
      v({ storage: { files: [{ path: '/ok' }, { path: 'rel', mode: 99999 }] } }),
    );
    expect(issues.map(formatIgnitionIssue)).toEqual([
      'error at $.storage.files[1].path: path not absolute',
      'error at $.storage.files[1].mode: illegal file mode 99999 (expected a decimal integer from 0 to 4095, i.e. octal 0 to 07777)',
    ]);
  });
});

describe('rules beyond ignition-validate 2.14 (failures Ignition on Flatcar only finds at boot)', () => {
  it('never accepts experimental versions (bookworm 2.14 accepts 3.4.0-experimental, Flatcar does not)', () => {
    const config = v({}, '3.4.0-experimental');
    expect(validateIgnitionConfig(config).map((i) => i.code)).toEqual(['unsupported-version']);
    expect(ignitionValidate(config).ok).toBe(true);
  });

  it('rejects gzip compression whose data: payload is not gzip', () => {
    const config = file({ contents: { source: 'data:,abc', compression: 'gzip' } });
    expect(validateIgnitionConfig(config).map((i) => i.code)).toContain('invalid-gzip-payload');
    expect(ignitionValidate(config).ok).toBe(true); // 2.14 does not look inside
  });

  it('rejects a data: URL whose contents do not match its verification hash, accepts a matching one', () => {
    const data = encodeDataUrl('hello\n');
    const good = file({ contents: { ...data, verification: { hash: verificationHash('hello\n') } } });
    const bad = file({ contents: { ...data, verification: { hash: verificationHash('other\n') } } });
    expect(validateIgnitionConfig(good).filter((i) => i.severity === 'error')).toEqual([]);
    expect(validateIgnitionConfig(bad).map((i) => i.code)).toContain('hash-mismatch');
  });

  it('rejects gzip with s3:// sources (the spec forbids it)', () => {
    expect(
      validateIgnitionConfig(file({ contents: { source: 's3://b/k', compression: 'gzip' } })).map(
        (i) => i.code,
      ),
    ).toContain('compression-with-s3');
  });

  it('rejects a file that collides with a unit it also defines (Ignition >= 2.16, as Flatcar ships)', () => {
    const config = v({
      storage: { files: [{ path: '/etc/systemd/system/a.service', contents: { source: 'data:,x' } }] },
      systemd: { units: [{ name: 'a.service', contents: '[Service]\nExecStart=/x' }] },
    });
    expect(validateIgnitionConfig(config).map((i) => i.code)).toContain('path-conflicts-systemd');
  });

  it('accepts arn: S3 sources from 3.4.0 and rejects malformed ones', () => {
    const arn = (source: string) =>
      v({ storage: { files: [{ path: '/a', contents: { source } }] } }, '3.4.0');
    expect(
      validateIgnitionConfig(arn('arn:aws:s3:::bucket/key')).filter((i) => i.severity === 'error'),
    ).toEqual([]);
    expect(validateIgnitionConfig(arn('arn:aws:s3:::bucket')).map((i) => i.code)).toContain('invalid-s3-arn');
  });
});
