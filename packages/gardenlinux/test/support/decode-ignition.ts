import {
  decodeDataUrl,
  parseIgnitionConfig,
  type IgnitionConfig,
  type IgnitionUnit,
} from 'ignition-config-ts';

/** A file as Ignition writes it on the node. */
export interface IgnitionNodeFile {
  readonly text: string;
  readonly bytes: Buffer;
  readonly mode: number | null | undefined;
  readonly user: string | number | undefined;
  readonly group: string | number | undefined;
}

/** Reads a rendered Ignition config the way Ignition applies it: files decoded, units by name. */
export function decodeIgnition(json: string): {
  config: IgnitionConfig;
  files: Map<string, IgnitionNodeFile>;
  units: Map<string, IgnitionUnit>;
} {
  const { config } = parseIgnitionConfig(json);
  const files = new Map<string, IgnitionNodeFile>();
  for (const file of config.storage?.files ?? []) {
    const source = file.contents?.source ?? '';
    const bytes = decodeDataUrl(source, file.contents?.compression);
    files.set(file.path, {
      text: bytes.toString('utf8'),
      bytes,
      mode: file.mode,
      user: file.user?.name ?? file.user?.id ?? undefined,
      group: file.group?.name ?? file.group?.id ?? undefined,
    });
  }
  return { config, files, units: new Map((config.systemd?.units ?? []).map((unit) => [unit.name, unit])) };
}
