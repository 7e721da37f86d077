/** An installed Debian package, as recorded in dpkg's status database. */
export interface DpkgPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  /** Source package name (the binary's name when dpkg records none). */
  readonly source: string;
  /** Source package version (the binary's version when dpkg records none). */
  readonly sourceVersion: string;
  /** Installed size in KiB, when recorded. */
  readonly installedSizeKiB: number | undefined;
  /** First line of the description. */
  readonly summary: string;
}

/**
 * Reads dpkg's status database (`/var/lib/dpkg/status`) and returns every package whose status is
 * `install ok installed`, sorted by name and architecture. No tool is needed, so the manifest of a
 * root filesystem can be read without chrooting into it.
 */
export function parseDpkgStatus(text: string): DpkgPackage[] {
  const packages: DpkgPackage[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last) ?? ''}\n${line}`);
      else {
        const match = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
        if (match) {
          last = match[1]!;
          fields.set(last, match[2]!);
        }
      }
    }
    const name = fields.get('Package');
    const version = fields.get('Version');
    if (!name || !version || fields.get('Status') !== 'install ok installed') continue;
    const sourceField = /^(\S+)(?:\s+\((\S+)\))?/.exec(fields.get('Source') ?? '');
    const size = fields.get('Installed-Size');
    packages.push({
      name,
      version,
      architecture: fields.get('Architecture') ?? 'all',
      source: sourceField?.[1] ?? name,
      sourceVersion: sourceField?.[2] ?? version,
      installedSizeKiB: size && /^\d+$/.test(size) ? Number(size) : undefined,
      summary: (fields.get('Description') ?? '').split('\n')[0]!.trim(),
    });
  }
  return packages.sort((a, b) =>
    a.name === b.name ? (a.architecture < b.architecture ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
}
