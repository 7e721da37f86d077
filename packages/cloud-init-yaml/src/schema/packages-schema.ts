import { z } from 'zod';

const packageItem = z.union([z.string(), z.tuple([z.string(), z.string()])], {
  error: 'expected a package name, or a [name, version] pair',
});

/** `packages`: packages installed in the final stage (`apt-get install`, all in one call). */
export const packagesSchema = z
  .array(
    z.union(
      [
        packageItem,
        z.strictObject({ apt: z.array(packageItem).optional(), snap: z.array(packageItem).optional() }),
      ],
      { error: 'expected a package name, a [name, version] pair, or {apt: [...], snap: [...]}' },
    ),
  )
  .min(1, { error: 'packages needs at least one package (omit the key instead)' })
  .describe('Packages to install.');

/** One `packages` item. */
export type PackageItem = z.output<typeof packagesSchema>[number];
