import { z } from 'zod';
import { SYSTEMD_ARCHITECTURES } from './systemd-architecture.js';

/**
 * The first systemd release that reloads the service manager itself after merging an extension
 * whose extension-release says `EXTENSION_RELOAD_MANAGER=1` (systemd v255). Older systemd (Debian
 * 12 ships 252) needs a hook that runs `systemctl daemon-reload` after `systemd-sysext.service`,
 * or units shipped in the extension stay unknown to PID 1.
 */
export const SYSEXT_RELOAD_MANAGER_MIN_SYSTEMD = 255;

const osReleaseValue = /^[a-z0-9][a-z0-9._-]*$/;

/** The fields of an extension's `usr/lib/extension-release.d/extension-release.<name>` file. */
export const extensionReleaseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^(_any|[a-z0-9][a-z0-9._-]*)$/, {
        error: 'expected an os-release ID such as debian or flatcar, or _any',
      })
      .describe('ID= of the host OS the extension is for (`_any`: any OS).'),
    versionId: z
      .string()
      .regex(osReleaseValue, { error: 'expected an os-release VERSION_ID such as 12' })
      .optional()
      .describe('VERSION_ID= of the host OS; the extension merges only on that version.'),
    sysextLevel: z
      .string()
      .regex(osReleaseValue, { error: 'expected a SYSEXT_LEVEL such as 1.0' })
      .optional()
      .describe('SYSEXT_LEVEL=: merges on any host whose os-release has the same SYSEXT_LEVEL.'),
    architecture: z
      .enum(SYSTEMD_ARCHITECTURES)
      .describe('ARCHITECTURE= in systemd naming (x86-64, arm64, ...) or _any.'),
    reloadManager: z
      .boolean()
      .default(true)
      .describe('EXTENSION_RELOAD_MANAGER=1: systemd >= 255 reloads units after merging.'),
    scope: z
      .array(z.enum(['system', 'initrd', 'portable']))
      .optional()
      .describe('SYSEXT_SCOPE=: where the extension may be merged (default: system and portable).'),
  })
  .superRefine((release, ctx) => {
    if (release.id !== '_any' && release.versionId === undefined && release.sysextLevel === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['versionId'],
        message:
          'an extension for a specific OS ID needs versionId (VERSION_ID) or sysextLevel (SYSEXT_LEVEL)',
      });
    }
  })
  .describe('Compatibility fields of a systemd system extension.');

/** Validated extension-release fields. */
export type ExtensionRelease = z.output<typeof extensionReleaseSchema>;
/** Extension-release fields as a caller writes them. */
export type ExtensionReleaseInput = z.input<typeof extensionReleaseSchema>;

/** The path of the extension-release file inside an extension named `name`. */
export function extensionReleasePath(name: string): string {
  return `usr/lib/extension-release.d/extension-release.${name}`;
}

/** Renders the extension-release file: one `KEY=value` per line, in a fixed order. */
export function renderExtensionRelease(release: ExtensionRelease): string {
  const lines = [`ID=${release.id}`];
  if (release.versionId !== undefined) lines.push(`VERSION_ID=${release.versionId}`);
  if (release.sysextLevel !== undefined) lines.push(`SYSEXT_LEVEL=${release.sysextLevel}`);
  lines.push(`ARCHITECTURE=${release.architecture}`);
  if (release.scope !== undefined) lines.push(`SYSEXT_SCOPE=${release.scope.join(' ')}`);
  if (release.reloadManager) lines.push('EXTENSION_RELOAD_MANAGER=1');
  return `${lines.join('\n')}\n`;
}
