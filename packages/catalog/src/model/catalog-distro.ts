/** The node operating systems the catalog has data for. */
export const CATALOG_DISTROS = [
  'flatcar',
  'gardenlinux',
  'debian',
  'ubuntu',
  'k3os',
  'bottlerocket',
  'talos',
] as const;

/** One of {@link CATALOG_DISTROS}. */
export type CatalogDistroId = (typeof CATALOG_DISTROS)[number];

/** Display names of the catalog's distros. */
export const CATALOG_DISTRO_NAMES: Readonly<Record<CatalogDistroId, string>> = {
  flatcar: 'Flatcar Container Linux',
  gardenlinux: 'Garden Linux',
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  k3os: 'k3OS',
  bottlerocket: 'Bottlerocket',
  talos: 'Talos Linux',
};

/** Whether a string names one of the catalog's distros. */
export function isCatalogDistro(value: string): value is CatalogDistroId {
  return (CATALOG_DISTROS as readonly string[]).includes(value);
}
