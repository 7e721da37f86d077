import { z } from 'zod';
import { isRfc3986Url, RFC_3986_MESSAGE } from './rfc3986-url.js';

const REGISTRY_HOST =
  /^(\*|[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?)$/;

const mirrorUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a mirror URL such as https://mirror.example' });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: 'expected an http:// or https:// mirror URL' });
  } else if (url.username || url.password || url.search || url.hash || /[\s"'\\]/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a mirror URL must not carry credentials, a query, quotes or spaces',
    });
  } else if (!isRfc3986Url(value) || value.includes('#') || value.includes('?')) {
    ctx.addIssue({ code: 'custom', message: RFC_3986_MESSAGE });
  }
});

/** Container runtime configuration. */
export const runtimeSpecSchema = z
  .strictObject({
    registryMirrors: z
      .record(
        z.string().regex(REGISTRY_HOST, {
          error: 'expected a registry host such as docker.io or registry.example:5000, or "*"',
        }),
        z.array(mirrorUrl).min(1, { error: 'expected at least one mirror URL' }),
      )
      .default({})
      .describe('Registry mirrors: registry host (or "*" for every registry) → mirror URLs, tried in order.'),
    sandboxImage: z
      .string()
      .regex(
        /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
        {
          error: 'expected an image reference such as registry.k8s.io/pause:3.10',
        },
      )
      .optional()
      .describe('Pod sandbox (pause) image; the distro default when omitted.'),
  })
  .describe('Container runtime (containerd) configuration.');

/** The validated `spec.runtime` section. */
export type RuntimeSpec = z.output<typeof runtimeSpecSchema>;
