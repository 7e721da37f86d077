import { z } from 'zod';

/**
 * A file mode, accepted as an integer or an octal string and always resolved to an integer.
 *
 * - Strings are octal, as chmod reads them: `"0644"`, `"644"`, `"0o644"` → 420.
 * - Integers are taken as their value (Ignition style: 420 = 0644). YAML `0o644` is already 420;
 *   YAML `0644` (leading zero) is read as octal by {@link parseNodePool}, as Butane and YAML 1.1 do.
 * - An integer above 0o777 (511) is refused instead of being misread: `644` written as a plain
 *   number is almost always meant as octal. Set special bits with an octal string (`"4755"`).
 */
export const fileModeSchema = z
  .union([z.number(), z.string()], {
    error: 'expected a file mode: an octal string such as "0644" or an integer such as 420 (= 0644)',
  })
  .transform((value, ctx) => {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a non-negative integer file mode' });
        return z.NEVER;
      }
      if (value > 0o777) {
        ctx.addIssue({
          code: 'custom',
          message: `mode ${value} is above 0o777 when read as a number (it would be 0o${value.toString(8)}); write the mode as an octal string such as "0${value}" or as 0o${value}`,
        });
        return z.NEVER;
      }
      return value;
    }
    const match = /^(?:0o|0)?([0-7]{1,4})$/.exec(value.trim());
    if (!match?.[1]) {
      ctx.addIssue({ code: 'custom', message: 'expected an octal mode string such as "0644" or "0o755"' });
      return z.NEVER;
    }
    return Number.parseInt(match[1], 8);
  })
  .describe(
    'File mode. Octal string ("0644", "0o755") or integer (420 = 0644). Plain integers above 511 are refused rather than misread.',
  );

/** A resolved file mode: an integer from 0 to 0o7777. */
export type FileMode = z.output<typeof fileModeSchema>;
