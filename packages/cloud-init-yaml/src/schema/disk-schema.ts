import { z } from 'zod';

/** `growpart`: grow partitions to fill their disk at boot (needs growpart from cloud-guest-utils). */
export const growpartSchema = z
  .strictObject({
    mode: z
      .union([z.enum(['auto', 'growpart', 'gpart', 'off']), z.literal(false)])
      .optional()
      .describe('auto (default), growpart, gpart, or off.'),
    devices: z.array(z.string()).optional().describe('Mount points or devices to grow; ["/"] by default.'),
    ignore_growroot_disabled: z.boolean().optional().describe('Grow even if /etc/growroot-disabled exists.'),
  })
  .describe('Partition growth.');

/** `resize_rootfs`: resize the root filesystem to its partition (`noblock` runs in the background). */
export const resizeRootfsSchema = z
  .union([z.boolean(), z.literal('noblock')], { error: 'expected true, false or "noblock"' })
  .describe('Resize the root filesystem.');

/** `mounts`: fstab entries, each a list of up to six strings. */
export const mountsSchema = z
  .array(
    z
      .array(
        z.string({ error: 'expected mount fields as strings (quote numbers, no nulls in cloud-init 22.4)' }),
      )
      .min(1)
      .max(6),
  )
  .min(1)
  .describe('fstab entries.');

/** `mount_default_fields`: defaults for missing mount fields. */
export const mountDefaultFieldsSchema = z.array(z.union([z.string(), z.null()])).length(6);

/** `swap`: a swap file. */
export const swapSchema = z
  .strictObject({
    filename: z.string().optional(),
    size: z
      .union([z.literal('auto'), z.number().int(), z.string().regex(/^([0-9]+)?\.?[0-9]+[BKMGT]$/)])
      .optional(),
    maxsize: z.union([z.number().int(), z.string().regex(/^([0-9]+)?\.?[0-9]+[BKMGT]$/)]).optional(),
  })
  .describe('Swap file.');
