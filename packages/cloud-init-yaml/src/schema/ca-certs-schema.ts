import { z } from 'zod';

/** `ca_certs`: extra trusted CA certificates (added to the system store, update-ca-certificates). */
export const caCertsSchema = z
  .strictObject({
    remove_defaults: z.boolean().optional().describe('Distrust every CA the distro ships (rarely wanted).'),
    trusted: z.array(z.string()).min(1).optional().describe('PEM certificates to trust.'),
  })
  .refine((value) => Object.keys(value).length > 0, { error: 'ca_certs needs trusted or remove_defaults' })
  .describe('Trusted CA certificates.');

/** The `ca_certs` module's configuration. */
export type CaCerts = z.output<typeof caCertsSchema>;
