import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import { decodeDataUrl, parseDataUrl } from './data-url.js';
import { SPECIAL_MODE_BITS } from './file-mode.js';
import type {
  IgnitionConfig,
  IgnitionNode,
  IgnitionResource,
  IgnitionUnit,
} from './ignition-config-types.js';
import type { IgnitionIssue, IgnitionPath } from './ignition-issue.js';
import { specAtLeast, type IgnitionSpecVersion } from './ignition-spec-version.js';
import { readIgnitionConfig } from './parse-ignition-config.js';
import { checkUnitSyntax, hasUnitTypeSuffix } from './systemd-unit-syntax.js';
import { parseVerificationHash, VERIFICATION_HASH_LENGTHS } from './verification-hash.js';

/** Options of {@link validateIgnitionConfig}. */
export interface ValidateIgnitionOptions {
  /**
   * Also decode `data:` sources to check what Ignition would only find at boot: that a gzip
   * payload gunzips and that a `verification.hash` matches. Default true.
   */
  readonly checkDataContents?: boolean;
}

const FILESYSTEM_LABEL_LIMITS: Readonly<Record<string, number>> = {
  ext4: 16,
  btrfs: 256,
  xfs: 12,
  swap: 15,
  vfat: 11,
};
const RAID_LEVELS = new Set([
  'linear',
  'raid0',
  '0',
  'stripe',
  'raid1',
  '1',
  'mirror',
  'raid4',
  '4',
  'raid5',
  '5',
  'raid6',
  '6',
  'raid10',
  '10',
]);
const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

class Checker {
  readonly issues: IgnitionIssue[] = [];
  constructor(
    readonly version: IgnitionSpecVersion,
    readonly checkData: boolean,
  ) {}

  error(path: IgnitionPath, code: string, message: string): void {
    this.issues.push({ severity: 'error', path, code, message });
  }

  warn(path: IgnitionPath, code: string, message: string): void {
    this.issues.push({ severity: 'warning', path, code, message });
  }

  absolutePath(path: IgnitionPath, value: string | null | undefined): void {
    if (value == null || value === '') {
      this.error(path, 'path-required', 'path not specified');
      return;
    }
    if (!value.startsWith('/')) this.error(path, 'path-not-absolute', 'path not absolute');
    else if (posix.normalize(value) !== value || (value.length > 1 && value.endsWith('/'))) {
      this.error(path, 'path-not-clean', 'path is not fully simplified');
    }
  }

  url(path: IgnitionPath, source: string): string | undefined {
    const colon = source.indexOf(':');
    const scheme = colon > 0 ? source.slice(0, colon).toLowerCase() : '';
    if (scheme === 'data') {
      try {
        parseDataUrl(source);
      } catch (error) {
        this.error(path, 'invalid-data-url', (error as Error).message);
        return undefined;
      }
      return scheme;
    }
    if (scheme === 'arn') {
      if (!specAtLeast(this.version, '3.4.0'))
        this.error(path, 'invalid-url-scheme', 'invalid url scheme (arn: needs spec 3.4.0)');
      else if (!/^arn:[a-z-]+:s3:[a-z0-9-]*:[0-9]*:.+\/.+$/.test(source))
        this.error(path, 'invalid-s3-arn', 'invalid S3 ARN format');
      return scheme;
    }
    let parsed: URL;
    try {
      parsed = new URL(source);
    } catch {
      this.error(path, 'invalid-url', 'unable to parse url');
      return undefined;
    }
    const allowed = ['http', 'https', 'tftp', 's3', ...(specAtLeast(this.version, '3.2.0') ? ['gs'] : [])];
    const name = parsed.protocol.slice(0, -1);
    if (!allowed.includes(name)) {
      this.error(
        path,
        'invalid-url-scheme',
        `invalid url scheme '${name}' (expected ${allowed.join(', ')} or data)`,
      );
      return undefined;
    }
    if (
      name === 's3' &&
      parsed.searchParams.has('versionId') &&
      parsed.searchParams.get('versionId') === ''
    ) {
      this.error(path, 'invalid-s3-version', 'invalid S3 object VersionId');
    }
    return name;
  }

  resource(path: IgnitionPath, resource: IgnitionResource | undefined): void {
    if (!resource) return;
    const source = resource.source;
    let scheme: string | undefined;
    if (source != null && source !== '') scheme = this.url([...path, 'source'], source);
    const compression = resource.compression;
    if (compression != null && compression !== '' && compression !== 'gzip') {
      this.error(
        [...path, 'compression'],
        'invalid-compression',
        `invalid compression method '${compression}' (expected gzip or none)`,
      );
    }
    if (compression === 'gzip' && scheme === 's3') {
      this.error(
        [...path, 'compression'],
        'compression-with-s3',
        'compression cannot be used with S3 sources',
      );
    }
    const hash = resource.verification?.hash;
    if (hash != null) {
      if (source == null) {
        this.error(
          [...path, 'verification', 'hash'],
          'verification-without-source',
          'source must be specified if verification is specified',
        );
      }
      const parsed = parseVerificationHash(hash);
      if ('error' in parsed) this.error([...path, 'verification', 'hash'], 'hash-malformed', parsed.error);
      else {
        const allowed = specAtLeast(this.version, '3.1.0') ? ['sha512', 'sha256'] : ['sha512'];
        if (!allowed.includes(parsed.function)) {
          this.error(
            [...path, 'verification', 'hash'],
            'hash-unrecognized',
            `unrecognized hash function '${parsed.function}' (expected ${allowed.join(' or ')})`,
          );
        } else if (
          parsed.sum.length !== VERIFICATION_HASH_LENGTHS[parsed.function as 'sha512' | 'sha256'] ||
          !/^[0-9a-fA-F]*$/.test(parsed.sum)
        ) {
          this.error([...path, 'verification', 'hash'], 'hash-wrong-size', 'incorrect size for hash sum');
        }
      }
    }
    const headers = resource.httpHeaders ?? [];
    if (headers.length > 0) {
      if (scheme !== 'http' && scheme !== 'https') {
        this.error(
          [...path, 'httpHeaders'],
          'headers-unsupported-scheme',
          'cannot use HTTP headers with this source scheme',
        );
      }
      const seen = new Set<string>();
      headers.forEach((header, index) => {
        if (header.name === '')
          this.error(
            [...path, 'httpHeaders', index, 'name'],
            'header-name-empty',
            "HTTP header name can't be empty",
          );
        if (seen.has(header.name))
          this.error(
            [...path, 'httpHeaders', index],
            'duplicate',
            `duplicate entry defined: header ${header.name}`,
          );
        seen.add(header.name);
      });
    }
    if (this.checkData && scheme === 'data' && source != null) {
      let data: Buffer | undefined;
      try {
        data = decodeDataUrl(source, compression);
      } catch (error) {
        this.error([...path, 'source'], 'invalid-gzip-payload', (error as Error).message);
      }
      if (data && hash != null) {
        const parsed = parseVerificationHash(hash);
        if (!('error' in parsed) && (parsed.function === 'sha512' || parsed.function === 'sha256')) {
          const actual = createHash(parsed.function).update(data).digest('hex');
          if (actual !== parsed.sum.toLowerCase()) {
            this.error(
              [...path, 'verification', 'hash'],
              'hash-mismatch',
              'the data: contents do not match verification.hash',
            );
          }
        }
      }
    }
  }

  owner(path: IgnitionPath, node: IgnitionNode): void {
    for (const key of ['user', 'group'] as const) {
      const owner = node[key];
      if (owner && owner.id != null && owner.name != null) {
        this.error([...path, key], 'owner-id-and-name', 'cannot set both id and name');
      }
    }
  }

  mode(path: IgnitionPath, mode: number | null | undefined): void {
    if (mode == null) return;
    if (mode < 0 || mode > 0o7777) {
      this.error(
        path,
        'illegal-mode',
        `illegal file mode ${mode} (expected a decimal integer from 0 to 4095, i.e. octal 0 to 07777)`,
      );
    } else if ((mode & SPECIAL_MODE_BITS) !== 0) {
      this.warn(
        path,
        'special-mode-bits',
        `setuid/setgid/sticky bits are not honoured before spec 3.6.0 (spec ${this.version})`,
      );
    }
  }

  unitContents(path: IgnitionPath, contents: string | null | undefined): readonly string[] | undefined {
    if (contents == null) return undefined;
    const syntax = checkUnitSyntax(contents);
    if (syntax.error) this.error(path, 'invalid-unit-contents', `invalid unit content: ${syntax.error}`);
    return syntax.sections;
  }
}

function duplicates<T>(
  checker: Checker,
  items: readonly T[] | undefined,
  path: IgnitionPath,
  key: (item: T) => string | undefined,
  what: string,
): void {
  const seen = new Set<string>();
  (items ?? []).forEach((item, index) => {
    const k = key(item);
    if (k === undefined) return;
    if (seen.has(k)) checker.error([...path, index], 'duplicate', `duplicate entry defined: ${what} '${k}'`);
    seen.add(k);
  });
}

function checkStorage(c: Checker, config: IgnitionConfig): void {
  const storage = config.storage;
  if (!storage) return;
  const kinds = [
    ['files', storage.files ?? []],
    ['directories', storage.directories ?? []],
    ['links', storage.links ?? []],
  ] as const;
  const linkPaths = new Set((storage.links ?? []).map((link) => link.path));
  const seen = new Map<string, string>();
  for (const [section, nodes] of kinds) {
    nodes.forEach((node: IgnitionNode, index: number) => {
      const path = ['storage', section, index];
      c.absolutePath([...path, 'path'], node.path);
      c.owner(path, node);
      const previous = seen.get(node.path);
      if (previous !== undefined)
        c.error(path, 'duplicate', `duplicate entry defined: ${node.path} is also in ${previous}`);
      else seen.set(node.path, `storage.${section}[${index}]`);
      for (
        let parent = posix.dirname(node.path);
        parent !== '/' && parent !== '.';
        parent = posix.dirname(parent)
      ) {
        if (linkPaths.has(parent)) {
          const what = section === 'files' ? 'file' : section === 'directories' ? 'directory' : 'link';
          c.error(path, 'path-includes-link', `${what} path includes link in config (${parent} is a link)`);
          break;
        }
      }
    });
  }
  (storage.files ?? []).forEach((file, index) => {
    const path = ['storage', 'files', index];
    c.mode([...path, 'mode'], file.mode);
    c.resource([...path, 'contents'], file.contents);
    (file.append ?? []).forEach((resource, i) => c.resource([...path, 'append', i], resource));
    if (file.overwrite === true && file.contents?.source == null) {
      c.error(
        [...path, 'overwrite'],
        'overwrite-without-source',
        'overwrite must be false if source is unspecified',
      );
    }
  });
  (storage.directories ?? []).forEach((directory, index) =>
    c.mode(['storage', 'directories', index, 'mode'], directory.mode),
  );
  (storage.links ?? []).forEach((link, index) => {
    const path = ['storage', 'links', index];
    if (link.target == null || link.target === '')
      c.error([...path, 'target'], 'link-target-required', 'link target is required');
    if (link.hard === true && (link.user || link.group))
      c.warn(path, 'hard-link-owner', 'user/group ignored for hard link');
  });

  duplicates(c, storage.disks, ['storage', 'disks'], (disk) => disk.device, 'disk');
  (storage.disks ?? []).forEach((disk, index) => {
    const path = ['storage', 'disks', index];
    if (disk.device === '') c.error([...path, 'device'], 'disk-device-required', 'disk device is required');
    else c.absolutePath([...path, 'device'], disk.device);
    const numbers = new Set<number>();
    const labels = new Set<string>();
    (disk.partitions ?? []).forEach((partition, p) => {
      const pp = [...path, 'partitions', p];
      if (partition.label != null) {
        if (partition.label.length > 36)
          c.error(
            [...pp, 'label'],
            'partition-label-too-long',
            'partition labels may not exceed 36 characters',
          );
        if (partition.label.includes(':'))
          c.warn(
            [...pp, 'label'],
            'partition-label-colon',
            'partition label will be truncated to text before the colon',
          );
        if (labels.has(partition.label))
          c.error([...pp, 'label'], 'duplicate-partition-label', 'cannot use the same partition label twice');
        labels.add(partition.label);
      }
      for (const key of ['guid', 'typeGuid'] as const) {
        const value = partition[key];
        if (value != null && value !== '' && !GUID.test(value)) {
          c.error(
            [...pp, key],
            'invalid-guid',
            'doesn\'t match the form "01234567-89AB-CDEF-EDCB-A98765432101"',
          );
        }
      }
      const number = partition.number ?? 0;
      if (number !== 0) {
        if (numbers.has(number))
          c.error([...pp, 'number'], 'partition-numbers-collide', 'partition numbers collide');
        numbers.add(number);
      }
      if (partition.shouldExist === false) {
        if (number === 0)
          c.error(
            [...pp, 'number'],
            'need-label-or-number',
            'a partition number >= 1 or a label must be specified',
          );
        if (
          partition.label != null ||
          partition.sizeMiB != null ||
          partition.startMiB != null ||
          partition.guid != null ||
          partition.typeGuid != null
        ) {
          c.error(
            pp,
            'should-not-exist-with-others',
            'shouldExist specified false with other options also specified',
          );
        }
      }
    });
  });

  duplicates(c, storage.raid, ['storage', 'raid'], (raid) => raid.name, 'raid');
  (storage.raid ?? []).forEach((raid, index) => {
    const path = ['storage', 'raid', index];
    if (raid.level == null || raid.level === '')
      c.error([...path, 'level'], 'raid-level-required', 'raid level is required');
    else if (!RAID_LEVELS.has(raid.level))
      c.error([...path, 'level'], 'raid-level-unknown', `unrecognized raid level '${raid.level}'`);
    else if ((raid.spares ?? 0) > 0 && ['linear', 'raid0', '0', 'stripe'].includes(raid.level)) {
      c.error([...path, 'spares'], 'raid-spares', 'spares unsupported for linear and raid0 arrays');
    }
    if ((raid.devices ?? []).length === 0)
      c.error([...path, 'devices'], 'raid-devices-required', 'raid devices required');
    (raid.devices ?? []).forEach((device, d) => c.absolutePath([...path, 'devices', d], device));
  });

  duplicates(c, storage.filesystems, ['storage', 'filesystems'], (fs) => fs.device, 'filesystem');
  const formats = [
    'ext4',
    'btrfs',
    'xfs',
    'vfat',
    'swap',
    ...(specAtLeast(c.version, '3.3.0') ? ['none'] : []),
  ];
  (storage.filesystems ?? []).forEach((fs, index) => {
    const path = ['storage', 'filesystems', index];
    c.absolutePath([...path, 'device'], fs.device);
    if (fs.path != null && fs.path !== '') c.absolutePath([...path, 'path'], fs.path);
    const format = fs.format ?? '';
    if (format === '') {
      if (
        (fs.path ?? '') !== '' ||
        fs.label != null ||
        fs.uuid != null ||
        fs.wipeFilesystem != null ||
        (fs.options ?? []).length > 0 ||
        (fs.mountOptions ?? []).length > 0
      ) {
        c.error(
          [...path, 'format'],
          'format-required',
          'format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified',
        );
      }
    } else if (!formats.includes(format)) {
      c.error(
        [...path, 'format'],
        'invalid-filesystem-format',
        `invalid filesystem format '${format}' (expected ${formats.join(', ')})`,
      );
    } else if (fs.label != null && fs.label.length > (FILESYSTEM_LABEL_LIMITS[format] ?? Infinity)) {
      c.error(
        [...path, 'label'],
        'filesystem-label-too-long',
        `filesystem labels cannot be longer than ${FILESYSTEM_LABEL_LIMITS[format]} characters when using ${format}`,
      );
    }
  });

  duplicates(c, storage.luks, ['storage', 'luks'], (luks) => luks.name, 'luks device');
  (storage.luks ?? []).forEach((luks, index) => {
    const path = ['storage', 'luks', index];
    if (luks.name.includes('/'))
      c.error([...path, 'name'], 'luks-name-slash', 'device names cannot contain slashes');
    if (luks.label != null && luks.label.length > 47)
      c.error(
        [...path, 'label'],
        'luks-label-too-long',
        'luks device labels cannot be longer than 47 characters',
      );
    c.absolutePath([...path, 'device'], luks.device);
    c.resource([...path, 'keyFile'], luks.keyFile);
    const clevis = luks.clevis;
    if (clevis?.custom && (clevis.custom.pin != null || clevis.custom.config != null)) {
      if (clevis.tpm2 != null || (clevis.tang ?? []).length > 0 || clevis.threshold != null) {
        c.error(
          [...path, 'clevis', 'custom'],
          'clevis-custom-with-others',
          'cannot use custom clevis config with tpm2, tang, or threshold',
        );
      }
      if (clevis.custom.pin == null || clevis.custom.pin === '')
        c.error(
          [...path, 'clevis', 'custom', 'pin'],
          'clevis-pin-required',
          'missing required custom clevis pin',
        );
      else if (!['tpm2', 'tang', 'sss'].includes(clevis.custom.pin))
        c.error([...path, 'clevis', 'custom', 'pin'], 'clevis-pin-unknown', 'unsupported clevis pin');
      if (clevis.custom.config == null || clevis.custom.config === '')
        c.error(
          [...path, 'clevis', 'custom', 'config'],
          'clevis-config-required',
          'missing required custom clevis config',
        );
    }
    duplicates(c, clevis?.tang, [...path, 'clevis', 'tang'], (tang) => tang.url, 'tang server');
    (clevis?.tang ?? []).forEach((tang, t) => {
      c.url([...path, 'clevis', 'tang', t, 'url'], tang.url);
      if (tang.thumbprint == null || tang.thumbprint === '')
        c.error(
          [...path, 'clevis', 'tang', t, 'thumbprint'],
          'tang-thumbprint-required',
          'thumbprint is required',
        );
      if (tang.advertisement != null && tang.advertisement !== '') {
        try {
          JSON.parse(tang.advertisement);
        } catch {
          c.error(
            [...path, 'clevis', 'tang', t, 'advertisement'],
            'tang-advertisement',
            'advertisement is not valid JSON',
          );
        }
      }
    });
  });
}

const UNIT_DIRECTORY = '/etc/systemd/system';

function checkSystemd(c: Checker, config: IgnitionConfig): void {
  const units = config.systemd?.units ?? [];
  duplicates(c, units, ['systemd', 'units'], (unit) => unit.name, 'unit');
  const filePaths = new Map((config.storage?.files ?? []).map((file, index) => [file.path, index]));
  units.forEach((unit: IgnitionUnit, index) => {
    const path = ['systemd', 'units', index];
    if (!hasUnitTypeSuffix(unit.name)) {
      c.error(
        [...path, 'name'],
        'invalid-unit-extension',
        `invalid systemd unit extension in '${unit.name}' (expected e.g. .service, .timer, .mount)`,
      );
    }
    const sections = c.unitContents([...path, 'contents'], unit.contents);
    if (unit.enabled === true && sections && !sections.includes('Install')) {
      c.warn(
        [...path, 'contents'],
        'no-install-section',
        `unit "${unit.name}" is enabled, but has no install section so enable does nothing`,
      );
    }
    if (unit.contents != null && filePaths.has(`${UNIT_DIRECTORY}/${unit.name}`)) {
      c.error(
        [...path, 'contents'],
        'path-conflicts-systemd',
        `path conflicts with systemd unit or dropin: storage.files[${filePaths.get(`${UNIT_DIRECTORY}/${unit.name}`)}] also writes ${UNIT_DIRECTORY}/${unit.name}`,
      );
    }
    duplicates(c, unit.dropins, [...path, 'dropins'], (dropin) => dropin.name, 'drop-in');
    (unit.dropins ?? []).forEach((dropin, d) => {
      if (!dropin.name.endsWith('.conf'))
        c.error(
          [...path, 'dropins', d, 'name'],
          'invalid-dropin-extension',
          `invalid systemd drop-in extension in '${dropin.name}' (expected .conf)`,
        );
      c.unitContents([...path, 'dropins', d, 'contents'], dropin.contents);
      const dropinPath = `${UNIT_DIRECTORY}/${unit.name}.d/${dropin.name}`;
      if (dropin.contents != null && filePaths.has(dropinPath)) {
        c.error(
          [...path, 'dropins', d],
          'path-conflicts-systemd',
          `path conflicts with systemd unit or dropin: storage.files also writes ${dropinPath}`,
        );
      }
    });
  });
}

function checkIgnitionSection(c: Checker, config: IgnitionConfig): void {
  const meta = config.ignition;
  const merge = meta.config?.merge ?? [];
  duplicates(c, merge, ['ignition', 'config', 'merge'], (ref) => ref.source ?? undefined, 'config');
  merge.forEach((ref, index) => {
    if (ref.source == null || ref.source === '')
      c.error(['ignition', 'config', 'merge', index, 'source'], 'source-required', 'source is required');
    c.resource(['ignition', 'config', 'merge', index], ref);
  });
  if (meta.config?.replace) {
    const replace = meta.config.replace;
    if (replace.source == null || replace.source === '') {
      if (
        replace.verification?.hash != null ||
        replace.compression != null ||
        (replace.httpHeaders ?? []).length > 0
      ) {
        c.error(['ignition', 'config', 'replace', 'source'], 'source-required', 'source is required');
      }
    }
    c.resource(['ignition', 'config', 'replace'], replace);
  }
  const cas = meta.security?.tls?.certificateAuthorities ?? [];
  duplicates(
    c,
    cas,
    ['ignition', 'security', 'tls', 'certificateAuthorities'],
    (ca) => ca.source ?? undefined,
    'certificate authority',
  );
  cas.forEach((ca, index) => {
    const path = ['ignition', 'security', 'tls', 'certificateAuthorities', index];
    if (ca.source == null || ca.source === '')
      c.error([...path, 'source'], 'source-required', 'source is required');
    c.resource(path, ca);
  });
  for (const key of ['httpProxy', 'httpsProxy'] as const) {
    const proxy = meta.proxy?.[key];
    if (proxy == null || proxy === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(proxy);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      c.error(['ignition', 'proxy', key], 'invalid-proxy', 'proxies must be http(s)');
    else if (key === 'httpsProxy' && url.protocol === 'http:') {
      c.warn(
        ['ignition', 'proxy', key],
        'insecure-proxy',
        'insecure plaintext HTTP proxy specified for HTTPS resources',
      );
    }
  }
  for (const key of ['httpResponseHeaders', 'httpTotal'] as const) {
    const value = meta.timeouts?.[key];
    if (value != null && value < 0)
      c.error(['ignition', 'timeouts', key], 'negative-timeout', 'timeouts must not be negative');
  }
}

function checkPasswd(c: Checker, config: IgnitionConfig): void {
  duplicates(c, config.passwd?.users, ['passwd', 'users'], (user) => user.name, 'user');
  duplicates(c, config.passwd?.groups, ['passwd', 'groups'], (group) => group.name, 'group');
  (config.passwd?.users ?? []).forEach((user, index) => {
    duplicates(
      c,
      user.sshAuthorizedKeys,
      ['passwd', 'users', index, 'sshAuthorizedKeys'],
      (key) => key,
      'SSH key',
    );
    if (user.homeDir != null && user.homeDir !== '')
      c.absolutePath(['passwd', 'users', index, 'homeDir'], user.homeDir);
  });
}

function checkKernelArguments(c: Checker, config: IgnitionConfig): void {
  const args = config.kernelArguments;
  if (!args) return;
  const seen = new Set<string>();
  for (const list of ['shouldExist', 'shouldNotExist'] as const) {
    (args[list] ?? []).forEach((arg, index) => {
      if (seen.has(arg))
        c.error(
          ['kernelArguments', list, index],
          'duplicate',
          `duplicate entry defined: kernel argument '${arg}'`,
        );
      seen.add(arg);
    });
  }
}

/**
 * Validates an Ignition config (JSON text, a parsed value or an {@link IgnitionConfig}) with the
 * rules `ignition-validate` applies: supported version and each version's fields and types;
 * absolute, simplified paths, unique across files, directories and links, and not below a link
 * of the config; modes from 0 to 07777 (setuid/setgid/sticky warn before 3.6.0); `overwrite`
 * needs `contents.source`; URL schemes per version and `data:` URLs that parse; `compression`
 * only `gzip` (never with S3); `sha512`/`sha256` hashes of the right size; HTTP headers only for
 * http(s); unit names with a type suffix, `.conf` drop-ins, unit syntax, enabled units without
 * `[Install]` (warning), files that collide with units; duplicate users, groups, SSH keys,
 * units, drop-ins, disks, partitions, filesystems, RAID and LUKS devices; kernel arguments
 * (3.3.0+) listed twice; proxies; and, beyond ignition-validate, `data:` payloads that must
 * gunzip and match their hash. Never throws: returns every issue, errors and warnings, with its
 * JSON path.
 */
export function validateIgnitionConfig(
  input: string | unknown,
  options: ValidateIgnitionOptions = {},
): IgnitionIssue[] {
  const read = readIgnitionConfig(input);
  if (!read.ok) return [...read.issues];
  const { config, version, warnings } = read.parsed;
  const checker = new Checker(version, options.checkDataContents ?? true);
  checker.issues.push(...warnings);
  checkIgnitionSection(checker, config);
  checkKernelArguments(checker, config);
  checkPasswd(checker, config);
  checkStorage(checker, config);
  checkSystemd(checker, config);
  return checker.issues;
}

/** True when {@link validateIgnitionConfig} finds no errors (warnings allowed). */
export function isValidIgnitionConfig(input: string | unknown, options?: ValidateIgnitionOptions): boolean {
  return validateIgnitionConfig(input, options).every((issue) => issue.severity === 'warning');
}
