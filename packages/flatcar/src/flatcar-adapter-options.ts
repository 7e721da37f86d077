import { isRfc3986Url, RFC_3986_MESSAGE } from '@kubenode/core';
import { z } from 'zod';

/** The public update server of Flatcar (update_engine's default `SERVER`). */
export const FLATCAR_PUBLIC_UPDATE_SERVER = 'https://public.update.flatcar-linux.net/v1/update/';

/** Where Flatcar publishes its official systemd-sysext images (the sysext bakery). */
export const FLATCAR_EXTENSIONS_URL = 'https://extensions.flatcar.org/extensions';

// z.url() is the lenient WHATWG parser; Ignition (Go) and systemd-sysupdate need RFC 3986.
const url = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .refine(isRfc3986Url, { error: RFC_3986_MESSAGE });

/** `spec.adapterOptions.flatcar`: Flatcar-specific choices, read with `parseAdapterOptions`. */
export const flatcarAdapterOptionsSchema = z
  .strictObject({
    ignitionVersion: z
      .enum(['3.3.0', '3.4.0', '3.5.0'])
      .default('3.3.0')
      .describe(
        'Ignition spec of the output: 3.3.0 (every Flatcar since 3185.0.0; checked by Debian ignition-validate), 3.4.0 (Flatcar >= 3602 stable), 3.5.0 (>= 4152).',
      ),
    containerdVersion: z
      .string()
      .regex(/^[12]\.\d+(\.\d+)?$/, { error: 'expected a containerd release line such as 1.7 or 2.0' })
      .default('1.7')
      .describe(
        'containerd release line the config is written for: 1.x writes config version 2 (which containerd 2.x also reads), 2.x writes version 3.',
      ),
    kubernetesSysext: z
      .strictObject({
        baseUrl: url
          .default(FLATCAR_EXTENSIONS_URL)
          .describe(
            'Where <base>/kubernetes-v<version>-<arch>.raw and <base>/kubernetes/ (sysupdate) are served.',
          ),
        hash: z
          .string()
          .regex(/^sha(256|512)-[0-9a-f]+$/, { error: 'expected sha256-<hex> or sha512-<hex>' })
          .optional()
          .describe('verification.hash of the image (Ignition refuses a mismatch); recommended.'),
        sysupdate: z
          .boolean()
          .default(true)
          .describe('Keep Kubernetes patch releases current with systemd-sysupdate (within the minor).'),
      })
      .default({ baseUrl: FLATCAR_EXTENSIONS_URL, sysupdate: true })
      .describe('The Kubernetes systemd-sysext image (kubelet, kubeadm, kubectl).'),
    updateServer: url
      .optional()
      .describe('update_engine SERVER (a Nebraska instance); the public Flatcar server by default.'),
    updateGroup: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a group name or UUID' })
      .optional()
      .describe('update_engine GROUP (a Nebraska group); spec.updates.channel by default.'),
    nodeName: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'expected a lower-case node name' })
      .optional()
      .describe('nodeRegistration.name; the host name by default.'),
  })
  .describe('Flatcar adapter options.');

/** Validated Flatcar adapter options. */
export type FlatcarAdapterOptions = z.output<typeof flatcarAdapterOptionsSchema>;
