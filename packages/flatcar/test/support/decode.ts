import {
  decodeDataUrl,
  parseIgnitionConfig,
  type IgnitionConfig,
  type IgnitionUnit,
} from 'ignition-config-ts';

/** A file as Ignition writes it on the node. */
export interface NodeFile {
  readonly text: string;
  readonly bytes: Buffer;
  readonly mode: number | null | undefined;
  readonly user: string | number | undefined;
  readonly group: string | number | undefined;
  readonly overwrite: boolean | null | undefined;
  readonly source: string;
  readonly hash: string | null | undefined;
}

/** Reads a rendered config the way Ignition applies it: files decoded, units by name. */
export function decodeNode(json: string): {
  config: IgnitionConfig;
  files: Map<string, NodeFile>;
  units: Map<string, IgnitionUnit>;
  dropin: (unit: string, name: string) => string | undefined;
} {
  const { config } = parseIgnitionConfig(json);
  const files = new Map<string, NodeFile>();
  for (const file of config.storage?.files ?? []) {
    const source = file.contents?.source ?? '';
    const bytes = source.startsWith('data:')
      ? decodeDataUrl(source, file.contents?.compression)
      : Buffer.alloc(0);
    files.set(file.path, {
      text: bytes.toString('utf8'),
      bytes,
      mode: file.mode,
      user: file.user?.name ?? file.user?.id ?? undefined,
      group: file.group?.name ?? file.group?.id ?? undefined,
      overwrite: file.overwrite,
      source,
      hash: file.contents?.verification?.hash,
    });
  }
  const units = new Map((config.systemd?.units ?? []).map((unit) => [unit.name, unit]));
  const dropin = (unit: string, name: string) =>
    units.get(unit)?.dropins?.find((d) => d.name === name)?.contents ?? undefined;
  return { config, files, units, dropin };
}
