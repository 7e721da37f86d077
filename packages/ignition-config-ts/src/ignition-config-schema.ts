import { z } from 'zod';
import type { IgnitionConfig } from './ignition-config-types.js';
import { IGNITION_SPEC_VERSIONS, specAtLeast, type IgnitionSpecVersion } from './ignition-spec-version.js';

type Shape = Record<string, z.ZodType>;

const str = () => z.string().nullish();
const bool = () => z.boolean().nullish();
const int = () => z.int().nullish();
const strings = () => z.array(z.string());

function when(condition: boolean, shape: Shape): Shape {
  return condition ? shape : {};
}

function build(version: IgnitionSpecVersion): z.ZodType<IgnitionConfig> {
  const v31 = specAtLeast(version, '3.1.0');
  const v32 = specAtLeast(version, '3.2.0');
  const v33 = specAtLeast(version, '3.3.0');
  const v34 = specAtLeast(version, '3.4.0');
  const v35 = specAtLeast(version, '3.5.0');

  const verification = z.strictObject({ hash: str() });
  const httpHeader = z.strictObject({ name: z.string(), value: str() });
  /** 3.1+: one resource type for every fetched thing. 3.0: narrower per use. */
  const resource = z.strictObject({
    source: str(),
    compression: str(),
    httpHeaders: z.array(httpHeader).optional(),
    verification: verification.optional(),
  });
  const fileContents = v31
    ? resource
    : z.strictObject({ source: str(), compression: str(), verification: verification.optional() });
  const configReference = v31
    ? resource
    : z.strictObject({ source: str(), verification: verification.optional() });
  const caReference = v31
    ? resource
    : z.strictObject({ source: z.string(), verification: verification.optional() });

  const owner = z.strictObject({ id: int(), name: str() });
  const node: Shape = {
    path: z.string(),
    overwrite: bool(),
    user: owner.optional(),
    group: owner.optional(),
  };
  const file = z.strictObject({
    ...node,
    contents: fileContents.optional(),
    append: z.array(fileContents).optional(),
    mode: int(),
  });
  const directory = z.strictObject({ ...node, mode: int() });
  const link = z.strictObject({ ...node, target: str(), hard: bool() });
  const partition = z.strictObject({
    label: str(),
    number: z.int().optional(),
    sizeMiB: int(),
    startMiB: int(),
    typeGuid: str(),
    guid: str(),
    wipePartitionEntry: bool(),
    shouldExist: bool(),
    ...when(v32, { resize: bool() }),
  });
  const disk = z.strictObject({
    device: z.string(),
    wipeTable: bool(),
    partitions: z.array(partition).optional(),
  });
  const raid = z.strictObject({
    name: z.string(),
    level: str(),
    devices: strings().optional(),
    spares: int(),
    options: strings().optional(),
  });
  const filesystem = z.strictObject({
    device: z.string(),
    format: str(),
    path: str(),
    wipeFilesystem: bool(),
    label: str(),
    uuid: str(),
    options: strings().optional(),
    ...when(v31, { mountOptions: strings().optional() }),
  });
  const tang = z.strictObject({ url: z.string(), thumbprint: str(), ...when(v34, { advertisement: str() }) });
  const clevis = z.strictObject({
    custom: z.strictObject({ pin: str(), config: str(), needsNetwork: bool() }).optional(),
    tpm2: bool(),
    tang: z.array(tang).optional(),
    threshold: int(),
  });
  const luks = z.strictObject({
    name: z.string(),
    label: str(),
    uuid: str(),
    device: str(),
    keyFile: resource.optional(),
    wipeVolume: bool(),
    clevis: clevis.optional(),
    options: strings().optional(),
    ...when(v34, { discard: bool(), openOptions: strings().optional() }),
    ...when(v35, { cex: z.strictObject({ enabled: bool() }).optional() }),
  });
  const storage = z.strictObject({
    disks: z.array(disk).optional(),
    raid: z.array(raid).optional(),
    ...when(v32, { luks: z.array(luks).optional() }),
    filesystems: z.array(filesystem).optional(),
    files: z.array(file).optional(),
    directories: z.array(directory).optional(),
    links: z.array(link).optional(),
  });
  const dropin = z.strictObject({ name: z.string(), contents: str() });
  const unit = z.strictObject({
    name: z.string(),
    enabled: bool(),
    mask: bool(),
    contents: str(),
    dropins: z.array(dropin).optional(),
  });
  const user = z.strictObject({
    name: z.string(),
    passwordHash: str(),
    sshAuthorizedKeys: strings().optional(),
    uid: int(),
    gecos: str(),
    homeDir: str(),
    noCreateHome: bool(),
    primaryGroup: str(),
    groups: strings().optional(),
    noUserGroup: bool(),
    noLogInit: bool(),
    shell: str(),
    system: bool(),
    ...when(v32, { shouldExist: bool() }),
  });
  const group = z.strictObject({
    name: z.string(),
    gid: int(),
    passwordHash: str(),
    system: bool(),
    ...when(v32, { shouldExist: bool() }),
  });
  const ignition = z.strictObject({
    version: z.literal(version),
    config: z
      .strictObject({ merge: z.array(configReference).optional(), replace: configReference.optional() })
      .optional(),
    timeouts: z.strictObject({ httpResponseHeaders: int(), httpTotal: int() }).optional(),
    security: z
      .strictObject({
        tls: z.strictObject({ certificateAuthorities: z.array(caReference).optional() }).optional(),
      })
      .optional(),
    ...when(v31, {
      proxy: z
        .strictObject({
          httpProxy: str(),
          httpsProxy: str(),
          noProxy: z.array(v34 ? z.string() : z.string().nullable()).optional(),
        })
        .optional(),
    }),
  });
  return z.strictObject({
    ignition,
    ...when(v33, {
      kernelArguments: z
        .strictObject({ shouldExist: strings().optional(), shouldNotExist: strings().optional() })
        .optional(),
    }),
    passwd: z.strictObject({ users: z.array(user).optional(), groups: z.array(group).optional() }).optional(),
    storage: storage.optional(),
    systemd: z.strictObject({ units: z.array(unit).optional() }).optional(),
  }) as unknown as z.ZodType<IgnitionConfig>;
}

const cache = new Map<IgnitionSpecVersion, z.ZodType<IgnitionConfig>>();

/**
 * The zod schema of one Ignition spec version: exactly the fields that version defines (unknown
 * or newer fields are `unrecognized_keys` issues), `ignition.version` pinned to the version,
 * nulls accepted where upstream accepts them. Structure only: the semantic rules live in
 * {@link validateIgnitionConfig}.
 */
export function ignitionConfigSchema(version: IgnitionSpecVersion): z.ZodType<IgnitionConfig> {
  let schema = cache.get(version);
  if (!schema) {
    schema = build(version);
    cache.set(version, schema);
  }
  return schema;
}

/** The schemas of every supported version, keyed by version. */
export function ignitionConfigSchemas(): Readonly<Record<IgnitionSpecVersion, z.ZodType<IgnitionConfig>>> {
  return Object.fromEntries(IGNITION_SPEC_VERSIONS.map((v) => [v, ignitionConfigSchema(v)])) as Record<
    IgnitionSpecVersion,
    z.ZodType<IgnitionConfig>
  >;
}
