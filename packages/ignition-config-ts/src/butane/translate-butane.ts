import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { encodeDataUrl, percentEncodeData } from '../data-url.js';
import type {
  IgnitionConfig,
  IgnitionFile,
  IgnitionResource,
  IgnitionUnit,
} from '../ignition-config-types.js';
import type { IgnitionIssue, IgnitionPath } from '../ignition-issue.js';
import type { IgnitionSpecVersion } from '../ignition-spec-version.js';
import { translateIgnitionConfig } from '../translate-ignition-config.js';
import { validateIgnitionConfig } from '../validate-ignition-config.js';
import { ButaneError } from './butane-error.js';
import { butaneFlatcarSchema, type ButaneFlatcarDocument } from './butane-schema.js';
import { PlainScalar, readButaneYaml } from './butane-yaml.js';
import { systemdEscapePath } from './systemd-escape-path.js';

/** Butane `variant: flatcar` versions and the Ignition spec each produces. */
export const BUTANE_FLATCAR_VERSIONS: Readonly<Record<string, IgnitionSpecVersion>> = {
  '1.0.0': '3.3.0',
  '1.1.0': '3.4.0',
};

/** Options of {@link translateButane}. */
export interface TranslateButaneOptions {
  /**
   * The directory `local`, `contents_local` and `ssh_authorized_keys_local` paths are relative
   * to (Butane's `--files-dir`). Without it, local references are an error, as in Butane.
   */
  readonly filesDir?: string;
  /** Reads a file below `filesDir` (injectable for tests); `fs.readFileSync` by default. */
  readonly readFile?: (absolutePath: string) => Uint8Array;
  /** Translate the result to this spec version (lossless only); default: the Butane version's own. */
  readonly outputVersion?: IgnitionSpecVersion;
  /** Treat warnings (unknown keys, ignition-validate warnings) as errors, like `butane --strict`. */
  readonly strict?: boolean;
}

/** The Ignition config a Butane document translates to. */
export interface ButaneTranslation {
  readonly config: IgnitionConfig;
  /** The spec version of `config`. */
  readonly version: IgnitionSpecVersion;
  /** Warnings: unknown keys (Butane path) and validation warnings (Ignition path). */
  readonly warnings: readonly IgnitionIssue[];
}

type Doc = ButaneFlatcarDocument;
type ButaneResource = NonNullable<NonNullable<NonNullable<Doc['ignition']>['config']>['replace']>;

class Translator {
  readonly issues: IgnitionIssue[] = [];
  constructor(readonly options: TranslateButaneOptions) {}

  error(path: IgnitionPath, code: string, message: string): void {
    this.issues.push({ severity: 'error', path, code, message });
  }

  readLocal(path: IgnitionPath, local: string): Uint8Array | undefined {
    if (this.options.filesDir === undefined) {
      this.error(
        path,
        'no-files-dir',
        'local file paths are relative to a files directory that must be specified (filesDir, butane --files-dir)',
      );
      return undefined;
    }
    const base = resolve(this.options.filesDir);
    const target = resolve(base, local);
    const rel = relative(base, target);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      this.error(path, 'path-outside-files-dir', `local path '${local}' is outside the files directory`);
      return undefined;
    }
    try {
      return (this.options.readFile ?? readFileSync)(target);
    } catch (error) {
      this.error(
        path,
        'local-file-unreadable',
        `cannot read local file '${local}': ${(error as Error).message}`,
      );
      return undefined;
    }
  }

  resource(path: IgnitionPath, from: ButaneResource | null | undefined): IgnitionResource | undefined {
    if (!from) return undefined;
    const given = (['source', 'inline', 'local'] as const).filter((key) => from[key] != null);
    if (given.length > 1) {
      this.error(
        path,
        'too-many-sources',
        `only one of source, inline or local can be specified (found ${given.join(', ')})`,
      );
      return undefined;
    }
    const to: IgnitionResource = {};
    if (from.compression != null) to.compression = from.compression;
    if (from.http_headers)
      to.httpHeaders = from.http_headers.map((h) =>
        h.value == null ? { name: h.name } : { name: h.name, value: h.value },
      );
    if (from.source != null) to.source = from.source;
    if (from.verification?.hash != null) to.verification = { hash: from.verification.hash };
    let bytes: Uint8Array | undefined;
    if (from.inline != null) bytes = Buffer.from(from.inline, 'utf8');
    else if (from.local != null) bytes = this.readLocal([...path, 'local'], from.local);
    if (bytes) {
      if (from.compression == null || from.compression === '') {
        // Butane's choice: the shortest of percent-encoding, base64 and gzip+base64, with the
        // compression field set explicitly (to '' when not gzipped).
        const encoded = encodeDataUrl(bytes, 'auto');
        to.source = encoded.source;
        to.compression = encoded.compression;
      } else {
        // Already compressed by the user: pick an encoding but never compress again.
        const percent = `data:,${percentEncodeData(bytes)}`;
        const base64 = `data:;base64,${Buffer.from(bytes).toString('base64')}`;
        to.source = base64.length < percent.length ? base64 : percent;
      }
    }
    return to;
  }

  text(
    path: IgnitionPath,
    inline: string | null | undefined,
    local: string | null | undefined,
  ): string | undefined {
    if (inline != null && local != null) {
      this.error(path, 'too-many-sources', 'only one of contents or contents_local can be specified');
      return undefined;
    }
    if (inline != null) return inline;
    if (local != null) {
      const bytes = this.readLocal([...path.slice(0, -1), 'contents_local'], local);
      return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
    }
    return undefined;
  }
}

const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;

function owner(value: { id?: number | null; name?: string | null } | null | undefined) {
  if (!value) return undefined;
  const out = compact({ id: value.id, name: value.name });
  return Object.keys(out).length > 0 ? out : undefined;
}

function mountUnit(fs: NonNullable<NonNullable<Doc['storage']>['filesystems']>[number]): IgnitionUnit {
  const options =
    fs.mount_options && fs.mount_options.length > 0 ? `\nOptions=${fs.mount_options.join(',')}` : '';
  if (fs.format === 'swap') {
    return {
      name: `${systemdEscapePath(fs.device)}.swap`,
      enabled: true,
      contents: `# Generated by Butane\n[Swap]\nWhat=${fs.device}${options}\n\n[Install]\nRequiredBy=swap.target`,
    };
  }
  const device = systemdEscapePath(fs.device);
  return {
    name: `${systemdEscapePath(fs.path!)}.mount`,
    enabled: true,
    contents:
      `# Generated by Butane\n[Unit]\nBefore=local-fs.target\nRequires=systemd-fsck@${device}.service\n` +
      `After=systemd-fsck@${device}.service\n\n[Mount]\nWhere=${fs.path}\nWhat=${fs.device}\nType=${fs.format}${options}\n\n` +
      `[Install]\nRequiredBy=local-fs.target`,
  };
}

function translateDocument(t: Translator, doc: Doc, version: IgnitionSpecVersion): IgnitionConfig {
  const config: IgnitionConfig = { ignition: { version } };
  const ign = doc.ignition;
  if (ign) {
    const merge = (ign.config?.merge ?? []).map((r, i) => t.resource(['ignition', 'config', 'merge', i], r)!);
    const replace = t.resource(['ignition', 'config', 'replace'], ign.config?.replace);
    if (merge.length > 0 || replace)
      config.ignition.config = compact({ merge: merge.length > 0 ? merge : undefined, replace });
    if (ign.timeouts)
      config.ignition.timeouts = compact({
        httpResponseHeaders: ign.timeouts.http_response_headers,
        httpTotal: ign.timeouts.http_total,
      });
    const cas = (ign.security?.tls?.certificate_authorities ?? []).map((r, i) =>
      t.resource(['ignition', 'security', 'tls', 'certificate_authorities', i], r)!,
    );
    if (cas.length > 0) config.ignition.security = { tls: { certificateAuthorities: cas } };
    if (ign.proxy)
      config.ignition.proxy = compact({
        httpProxy: ign.proxy.http_proxy,
        httpsProxy: ign.proxy.https_proxy,
        noProxy: ign.proxy.no_proxy ?? undefined,
      });
  }
  if (doc.kernel_arguments) {
    config.kernelArguments = compact({
      shouldExist: doc.kernel_arguments.should_exist ?? undefined,
      shouldNotExist: doc.kernel_arguments.should_not_exist ?? undefined,
    });
  }
  if (doc.passwd) {
    const users = (doc.passwd.users ?? []).map((u, i) => {
      const keys = [...(u.ssh_authorized_keys ?? [])];
      const locals = (u as { ssh_authorized_keys_local?: string[] | null }).ssh_authorized_keys_local ?? [];
      locals.forEach((local, k) => {
        const bytes = t.readLocal(['passwd', 'users', i, 'ssh_authorized_keys_local', k], local);
        if (bytes)
          for (const line of Buffer.from(bytes).toString('utf8').split(/\r?\n/))
            if (line.trim() !== '') keys.push(line.trim());
      });
      return compact({
        gecos: u.gecos,
        groups: u.groups ?? undefined,
        homeDir: u.home_dir,
        name: u.name,
        noCreateHome: u.no_create_home,
        noLogInit: u.no_log_init,
        noUserGroup: u.no_user_group,
        passwordHash: u.password_hash,
        primaryGroup: u.primary_group,
        sshAuthorizedKeys: keys.length > 0 ? keys : undefined,
        shell: u.shell,
        shouldExist: u.should_exist,
        system: u.system,
        uid: u.uid,
      });
    });
    const groups = (doc.passwd.groups ?? []).map((g) =>
      compact({
        gid: g.gid,
        name: g.name,
        passwordHash: g.password_hash,
        shouldExist: g.should_exist,
        system: g.system,
      }),
    );
    config.passwd = compact({
      users: users.length > 0 ? users : undefined,
      groups: groups.length > 0 ? groups : undefined,
    });
  }
  const storage = doc.storage;
  if (storage) {
    if (storage.trees && storage.trees.length > 0) {
      t.error(
        ['storage', 'trees'],
        'unsupported-butane-feature',
        'storage.trees is not supported by this Butane reader; list the files under storage.files with contents.local instead',
      );
    }
    const files: IgnitionFile[] = (storage.files ?? []).map((f, i) =>
      compact({
        group: owner(f.group),
        overwrite: f.overwrite,
        path: f.path,
        user: owner(f.user),
        append:
          f.append && f.append.length > 0
            ? f.append.map((r, a) => t.resource(['storage', 'files', i, 'append', a], r)!)
            : undefined,
        contents: t.resource(['storage', 'files', i, 'contents'], f.contents),
        mode: f.mode,
      }),
    );
    const directories = (storage.directories ?? []).map((d) =>
      compact({
        group: owner(d.group),
        overwrite: d.overwrite,
        path: d.path,
        user: owner(d.user),
        mode: d.mode,
      }),
    );
    const links = (storage.links ?? []).map((l) =>
      compact({
        group: owner(l.group),
        overwrite: l.overwrite,
        path: l.path,
        user: owner(l.user),
        hard: l.hard,
        target: l.target,
      }),
    );
    const disks = (storage.disks ?? []).map((d) =>
      compact({
        device: d.device,
        partitions: d.partitions?.map((p) =>
          compact({
            guid: p.guid,
            label: p.label,
            number: p.number ?? undefined,
            resize: p.resize,
            shouldExist: p.should_exist,
            sizeMiB: p.size_mib,
            startMiB: p.start_mib,
            typeGuid: p.type_guid,
            wipePartitionEntry: p.wipe_partition_entry,
          }),
        ),
        wipeTable: d.wipe_table,
      }),
    );
    const raid = (storage.raid ?? []).map((r) =>
      compact({
        devices: r.devices ?? undefined,
        level: r.level,
        name: r.name,
        options: r.options ?? undefined,
        spares: r.spares,
      }),
    );
    const filesystems = (storage.filesystems ?? []).map((fs, i) => {
      if (fs.with_mount_unit === true) {
        if (fs.format == null || fs.format === '')
          t.error(
            ['storage', 'filesystems', i, 'format'],
            'mount-unit-no-format',
            'format is required if with_mount_unit is true',
          );
        else if (fs.format !== 'swap' && (fs.path == null || fs.path === '')) {
          t.error(
            ['storage', 'filesystems', i, 'path'],
            'mount-unit-no-path',
            'path is required if with_mount_unit is true and format is not swap',
          );
        }
      }
      return compact({
        device: fs.device,
        format: fs.format,
        label: fs.label,
        mountOptions: fs.mount_options ?? undefined,
        options: fs.options ?? undefined,
        path: fs.path,
        uuid: fs.uuid,
        wipeFilesystem: fs.wipe_filesystem,
      });
    });
    const luks = (storage.luks ?? []).map((l, i) => {
      const extra = l as { discard?: boolean | null; open_options?: string[] | null };
      return compact({
        device: l.device,
        discard: extra.discard,
        keyFile: t.resource(['storage', 'luks', i, 'key_file'], l.key_file),
        label: l.label,
        name: l.name,
        openOptions: extra.open_options ?? undefined,
        options: l.options ?? undefined,
        uuid: l.uuid,
        wipeVolume: l.wipe_volume,
      });
    });
    config.storage = compact({
      directories: directories.length > 0 ? directories : undefined,
      disks: disks.length > 0 ? disks : undefined,
      files: files.length > 0 ? files : undefined,
      filesystems: filesystems.length > 0 ? filesystems : undefined,
      links: links.length > 0 ? links : undefined,
      luks: luks.length > 0 ? luks : undefined,
      raid: raid.length > 0 ? raid : undefined,
    });
  }
  const userUnits: IgnitionUnit[] = (doc.systemd?.units ?? []).map((u, i) => {
    const local = (u as { contents_local?: string | null }).contents_local;
    const dropins = (u.dropins ?? []).map((d, k) => {
      const dLocal = (d as { contents_local?: string | null }).contents_local;
      return compact({
        contents: t.text(['systemd', 'units', i, 'dropins', k, 'contents'], d.contents, dLocal),
        name: d.name,
      });
    });
    return compact({
      contents: t.text(['systemd', 'units', i, 'contents'], u.contents, local),
      dropins: dropins.length > 0 ? dropins : undefined,
      enabled: u.enabled,
      mask: u.mask,
      name: u.name,
    });
  });
  // Generated mount units come first; a user unit of the same name is merged over it (child
  // config wins), as Butane merges its rendered units with the user's.
  const units: IgnitionUnit[] = (storage?.filesystems ?? [])
    .filter((fs) => fs.with_mount_unit === true && fs.format && (fs.format === 'swap' || fs.path))
    .map(mountUnit);
  for (const unit of userUnits) {
    const existing = units.findIndex((candidate) => candidate.name === unit.name);
    if (existing >= 0) units[existing] = { ...units[existing]!, ...unit };
    else units.push(unit);
  }
  if (units.length > 0) config.systemd = { units };
  return config;
}

function zodToIssues(error: z.ZodError): {
  errors: IgnitionIssue[];
  unknown: { path: IgnitionPath; key: string }[];
} {
  const errors: IgnitionIssue[] = [];
  const unknown: { path: IgnitionPath; key: string }[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) unknown.push({ path, key });
    else errors.push({ severity: 'error', path, code: `schema-${issue.code}`, message: issue.message });
  }
  return { errors, unknown };
}

/**
 * Translates a Butane document (`variant: flatcar`, version 1.0.0 → Ignition 3.3.0, 1.1.0 →
 * 3.4.0) into the Ignition config Butane produces: snake_case keys to camelCase, YAML 1.1 plain
 * scalars typed by field (`mode: 0644` is 420), `inline` and `local` contents as `data:` URLs
 * (the shortest of percent-encoding, base64 and gzip+base64, `compression` set explicitly),
 * `with_mount_unit` mount and swap units, `contents_local` and `ssh_authorized_keys_local`
 * (1.1.0). The result is validated with {@link validateIgnitionConfig}.
 *
 * @throws {ButaneError} with every problem: YAML syntax, wrong types, unsupported variants,
 *   versions or features (`storage.trees`, LUKS `clevis`, which Flatcar does not support), and
 *   errors in the generated config.
 */
export function translateButane(text: string, options: TranslateButaneOptions = {}): ButaneTranslation {
  const read = readButaneYaml(text);
  if (read.issues.length > 0) throw new ButaneError({ issues: read.issues });
  const value = read.value as Record<string, unknown> | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ButaneError({
      issues: [
        {
          severity: 'error',
          path: [],
          code: 'not-a-mapping',
          message: 'expected a YAML mapping with variant and version',
        },
      ],
    });
  }
  const scalar = (v: unknown) => (v instanceof PlainScalar ? v.text : typeof v === 'string' ? v : undefined);
  const variant = scalar(value.variant);
  const butaneVersion = scalar(value.version);
  if (variant !== 'flatcar') {
    throw new ButaneError({
      issues: [
        {
          severity: 'error',
          path: ['variant'],
          code: 'unsupported-variant',
          message: `unsupported variant '${variant ?? ''}': this reader translates variant flatcar only`,
        },
      ],
    });
  }
  const specVersion = butaneVersion === undefined ? undefined : BUTANE_FLATCAR_VERSIONS[butaneVersion];
  if (!specVersion) {
    throw new ButaneError({
      issues: [
        {
          severity: 'error',
          path: ['version'],
          code: 'unsupported-version',
          message: `unsupported flatcar version '${butaneVersion ?? ''}': expected ${Object.keys(BUTANE_FLATCAR_VERSIONS).join(' or ')} (experimental versions are not supported)`,
        },
      ],
    });
  }
  const schema = butaneFlatcarSchema(butaneVersion === '1.1.0');
  let parsed = schema.safeParse(value);
  const warnings: IgnitionIssue[] = [];
  if (!parsed.success) {
    const { errors, unknown } = zodToIssues(parsed.error);
    for (const { path, key } of unknown) {
      if (path.length === 3 && path[0] === 'storage' && path[1] === 'luks' && key === 'clevis') {
        errors.push({
          severity: 'error',
          path: [...path, key],
          code: 'unsupported-on-flatcar',
          message: 'Clevis (clevis) is not supported on Flatcar',
        });
      } else {
        warnings.push({
          severity: 'warning',
          path: [...path, key],
          code: 'unknown-key',
          message: `Unused key ${key}`,
        });
      }
    }
    if (errors.length > 0) throw new ButaneError({ issues: [...errors, ...warnings] });
    for (const { path, key } of unknown) {
      let node = value as Record<string | number, unknown> | undefined;
      for (const segment of path) node = node?.[segment] as Record<string | number, unknown> | undefined;
      if (node && typeof node === 'object') delete node[key];
    }
    parsed = schema.safeParse(value);
    if (!parsed.success) throw new ButaneError({ issues: zodToIssues(parsed.error).errors });
  }
  const translator = new Translator(options);
  const config = translateDocument(translator, parsed.data, specVersion);
  if (translator.issues.length > 0) throw new ButaneError({ issues: translator.issues });
  const validation = validateIgnitionConfig(config);
  const errors = validation.filter((issue) => issue.severity === 'error');
  warnings.push(...validation.filter((issue) => issue.severity === 'warning'));
  if (errors.length > 0 || (options.strict && warnings.length > 0)) {
    throw new ButaneError({
      issues: options.strict
        ? [...errors, ...warnings.map((w) => ({ ...w, severity: 'error' as const }))]
        : errors,
    });
  }
  if (options.outputVersion && options.outputVersion !== specVersion) {
    return {
      config: translateIgnitionConfig(config, options.outputVersion),
      version: options.outputVersion,
      warnings,
    };
  }
  return { config, version: specVersion, warnings };
}
