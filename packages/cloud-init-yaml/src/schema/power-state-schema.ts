import { z } from 'zod';

/** `power_state`: power off or reboot at the very end of the final stage. */
export const powerStateSchema = z
  .strictObject({
    mode: z.enum(['poweroff', 'reboot', 'halt'], { error: 'expected mode poweroff, reboot or halt' }),
    delay: z
      .union([z.number().int().min(0), z.literal('now'), z.string().regex(/^\+?[0-9]+$/)])
      .optional()
      .describe('Minutes to wait, or "now".'),
    message: z.string().optional().describe('Message broadcast before the action.'),
    timeout: z.number().int().optional().describe('Seconds to wait for cloud-init to finish (default 30).'),
    condition: z
      .union([z.string(), z.boolean(), z.array(z.string())])
      .optional()
      .describe('Only act when this command exits 0 (or true).'),
  })
  .describe('Power state change after cloud-init finishes.');

/** The `power_state` module's configuration. */
export type PowerState = z.output<typeof powerStateSchema>;
