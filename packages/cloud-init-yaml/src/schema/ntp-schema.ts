import { z } from 'zod';

/** The NTP clients cloud-init knows; `auto` picks the distro's preferred installed one. */
export const NTP_CLIENTS = ['auto', 'chrony', 'ntp', 'ntpdate', 'openntpd', 'systemd-timesyncd'] as const;

const hostList = z
  .array(z.string())
  .refine((items) => new Set(items).size === items.length, { error: 'entries must be unique' });

/** The fields of `ntp`, in the order they are written. */
export const ntpShape = {
  enabled: z.boolean().optional().describe('Configure NTP (default true when the key is present).'),
  ntp_client: z
    .string()
    .optional()
    .describe(`NTP client: ${NTP_CLIENTS.join(', ')} (or a client configured in system_info).`),
  servers: hostList.optional().describe('NTP servers.'),
  pools: hostList.optional().describe('NTP pools.'),
  peers: hostList.optional().describe('NTP peers (cloud-init >= 23.2).'),
  allow: hostList.optional().describe('Networks allowed to query (chrony; cloud-init >= 23.2).'),
  config: z
    .strictObject({
      confpath: z.string().optional(),
      check_exe: z.string().optional(),
      packages: hostList.optional(),
      service_name: z.string().optional(),
      template: z.string().optional(),
    })
    .optional()
    .describe('Override the client configuration cloud-init writes.'),
};

/** `ntp`: time synchronisation. */
export const ntpSchema = z.strictObject(ntpShape).nullable().describe('NTP client configuration.');

/** The `ntp` module's configuration. */
export type Ntp = z.output<typeof ntpSchema>;
