import { z } from 'zod';

/** A `fetch`-compatible function (the builder downloads Kubernetes binaries with it). */
export type FetchFunction = (
  url: string,
  init?: { signal?: AbortSignal },
) => Promise<{
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** HTTP status code. */
  readonly status: number;
  /** Reads the body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Factory settings of {@link createFlatcar}; all I/O is injectable. */
export const flatcarSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, { error: 'expected an adapter id such as flatcar' })
      .default('flatcar')
      .describe('Adapter id (override for forks).'),
    kubernetesDownloadUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .default('https://dl.k8s.io')
      .describe(
        'Where the builder downloads kubelet, kubeadm and kubectl: <url>/v<version>/bin/linux/<arch>/<binary>.',
      ),
    fetch: z
      .custom<FetchFunction>((value) => typeof value === 'function', { error: 'expected a fetch function' })
      .optional()
      .describe('fetch used by the builder (globalThis.fetch by default); inject one for tests or mirrors.'),
  })
  .describe('Settings of the Flatcar adapter.');

/** Validated settings. */
export type FlatcarSettings = z.output<typeof flatcarSettingsSchema>;
/** Settings as passed to {@link createFlatcar}. */
export type FlatcarSettingsInput = z.input<typeof flatcarSettingsSchema>;
