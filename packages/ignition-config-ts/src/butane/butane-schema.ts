import { z } from 'zod';
import { PlainScalar, plainBoolean, plainInteger } from './butane-yaml.js';

const describe = (input: unknown): string =>
  input instanceof PlainScalar
    ? `'${input.text}'`
    : input === null
      ? 'null'
      : Array.isArray(input)
        ? 'a list'
        : typeof input;

/** A string field: plain scalars are taken as written. */
const bstr = () =>
  z.preprocess(
    (value) => (value instanceof PlainScalar ? value.text : value),
    z.string({ error: (issue) => `expected a string, got ${describe(issue.input)}` }),
  );
/** An integer field: plain scalars read with YAML 1.1 rules (0644 is octal). */
const bint = () =>
  z.preprocess(
    (value) => (value instanceof PlainScalar ? (plainInteger(value.text) ?? value) : value),
    z.int({ error: (issue) => `expected an integer, got ${describe(issue.input)}` }),
  );
/** A boolean field: true/false and YAML 1.1 yes/no/on/off. */
const bbool = () =>
  z.preprocess(
    (value) => (value instanceof PlainScalar ? (plainBoolean(value.text) ?? value) : value),
    z.boolean({ error: (issue) => `expected true or false, got ${describe(issue.input)}` }),
  );
const list = <T extends z.ZodType>(item: T) => z.array(item).nullish();

/** Builds the zod schema of Butane `variant: flatcar` 1.0.0 (`v11` false) or 1.1.0 (true), snake_case. */
export function butaneFlatcarSchema(v11: boolean) {
  const resource = z.strictObject({
    source: bstr().nullish(),
    inline: bstr().nullish(),
    local: bstr().nullish(),
    compression: bstr().nullish(),
    http_headers: list(z.strictObject({ name: bstr(), value: bstr().nullish() })),
    verification: z.strictObject({ hash: bstr().nullish() }).nullish(),
  });
  const owner = z.strictObject({ id: bint().nullish(), name: bstr().nullish() }).nullish();
  const node = { path: bstr(), overwrite: bbool().nullish(), user: owner, group: owner };
  return z.strictObject({
    variant: bstr(),
    version: bstr(),
    ignition: z
      .strictObject({
        config: z.strictObject({ merge: list(resource), replace: resource.nullish() }).nullish(),
        timeouts: z
          .strictObject({ http_response_headers: bint().nullish(), http_total: bint().nullish() })
          .nullish(),
        security: z
          .strictObject({ tls: z.strictObject({ certificate_authorities: list(resource) }).nullish() })
          .nullish(),
        proxy: z
          .strictObject({
            http_proxy: bstr().nullish(),
            https_proxy: bstr().nullish(),
            no_proxy: list(bstr()),
          })
          .nullish(),
      })
      .nullish(),
    storage: z
      .strictObject({
        disks: list(
          z.strictObject({
            device: bstr(),
            wipe_table: bbool().nullish(),
            partitions: list(
              z.strictObject({
                label: bstr().nullish(),
                number: bint().nullish(),
                size_mib: bint().nullish(),
                start_mib: bint().nullish(),
                type_guid: bstr().nullish(),
                guid: bstr().nullish(),
                wipe_partition_entry: bbool().nullish(),
                should_exist: bbool().nullish(),
                resize: bbool().nullish(),
              }),
            ),
          }),
        ),
        raid: list(
          z.strictObject({
            name: bstr(),
            level: bstr().nullish(),
            devices: list(bstr()),
            spares: bint().nullish(),
            options: list(bstr()),
          }),
        ),
        filesystems: list(
          z.strictObject({
            device: bstr(),
            format: bstr().nullish(),
            path: bstr().nullish(),
            wipe_filesystem: bbool().nullish(),
            label: bstr().nullish(),
            uuid: bstr().nullish(),
            options: list(bstr()),
            mount_options: list(bstr()),
            with_mount_unit: bbool().nullish(),
          }),
        ),
        files: list(
          z.strictObject({
            ...node,
            contents: resource.nullish(),
            append: list(resource),
            mode: bint().nullish(),
          }),
        ),
        directories: list(z.strictObject({ ...node, mode: bint().nullish() })),
        links: list(z.strictObject({ ...node, target: bstr().nullish(), hard: bbool().nullish() })),
        luks: list(
          z.strictObject({
            name: bstr(),
            device: bstr().nullish(),
            key_file: resource.nullish(),
            label: bstr().nullish(),
            uuid: bstr().nullish(),
            options: list(bstr()),
            wipe_volume: bbool().nullish(),
            ...(v11 ? { discard: bbool().nullish(), open_options: list(bstr()) } : {}),
          }),
        ),
        trees: list(z.strictObject({ local: bstr(), path: bstr().nullish() })),
      })
      .nullish(),
    systemd: z
      .strictObject({
        units: list(
          z.strictObject({
            name: bstr(),
            enabled: bbool().nullish(),
            mask: bbool().nullish(),
            contents: bstr().nullish(),
            ...(v11 ? { contents_local: bstr().nullish() } : {}),
            dropins: list(
              z.strictObject({
                name: bstr(),
                contents: bstr().nullish(),
                ...(v11 ? { contents_local: bstr().nullish() } : {}),
              }),
            ),
          }),
        ),
      })
      .nullish(),
    passwd: z
      .strictObject({
        users: list(
          z.strictObject({
            name: bstr(),
            password_hash: bstr().nullish(),
            ssh_authorized_keys: list(bstr()),
            ...(v11 ? { ssh_authorized_keys_local: list(bstr()) } : {}),
            uid: bint().nullish(),
            gecos: bstr().nullish(),
            home_dir: bstr().nullish(),
            no_create_home: bbool().nullish(),
            primary_group: bstr().nullish(),
            groups: list(bstr()),
            no_user_group: bbool().nullish(),
            no_log_init: bbool().nullish(),
            shell: bstr().nullish(),
            should_exist: bbool().nullish(),
            system: bbool().nullish(),
          }),
        ),
        groups: list(
          z.strictObject({
            name: bstr(),
            gid: bint().nullish(),
            password_hash: bstr().nullish(),
            should_exist: bbool().nullish(),
            system: bbool().nullish(),
          }),
        ),
      })
      .nullish(),
    kernel_arguments: z
      .strictObject({ should_exist: list(bstr()), should_not_exist: list(bstr()) })
      .nullish(),
  });
}

/** A Butane flatcar document after schema checking (snake_case, nulls for unset). */
export type ButaneFlatcarDocument = z.output<ReturnType<typeof butaneFlatcarSchema>>;
