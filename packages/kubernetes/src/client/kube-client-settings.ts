import { z } from 'zod';

/** Settings of the Kubernetes client (all optional; validated with zod). */
export const kubeClientSettingsSchema = z.strictObject({
  kubeconfig: z
    .string()
    .min(1)
    .optional()
    .describe(
      'kubeconfig file; $KUBECONFIG, then the in-cluster service account, then ~/.kube/config when omitted.',
    ),
  context: z.string().min(1).optional().describe('kubeconfig context; the current context when omitted.'),
  qps: z
    .number()
    .positive()
    .default(20)
    .describe('Client-side rate limit: sustained requests per second (client-go defaults to 5).'),
  burst: z
    .number()
    .int()
    .min(1)
    .default(40)
    .describe('Client-side rate limit: requests allowed at once after an idle period.'),
  requestTimeoutSeconds: z.number().positive().default(30).describe('Deadline of one request (not watches).'),
  watchTimeoutSeconds: z
    .number()
    .int()
    .min(10)
    .default(300)
    .describe('Watches ask the server to close them after a random time in [t, 2t), as client-go does.'),
  listPageSize: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(500)
    .describe('Lists are read in pages of this many objects (limit/continue).'),
  userAgent: z.string().min(1).optional().describe('User-Agent; `kubenode/<version>` by default.'),
});

/** Settings of the Kubernetes client, as given. */
export type KubeClientSettings = z.input<typeof kubeClientSettingsSchema>;
/** Settings of the Kubernetes client, with defaults applied. */
export type ResolvedKubeClientSettings = z.output<typeof kubeClientSettingsSchema>;
