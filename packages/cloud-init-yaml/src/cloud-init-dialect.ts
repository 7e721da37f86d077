import { z } from 'zod';

/**
 * The cloud-init releases whose `#cloud-config` schema this package targets:
 * - `22.4`: cloud-init 22.4.2 as Debian 12 (bookworm) ships it;
 * - `current`: the newest upstream release (26.2), as Ubuntu 22.04/24.04 receive through SRUs.
 */
export const CLOUD_INIT_DIALECTS = ['22.4', 'current'] as const;

/** One cloud-init dialect: which release's keys and shapes a cloud-config may use. */
export type CloudInitDialect = (typeof CLOUD_INIT_DIALECTS)[number];

/** zod schema of a {@link CloudInitDialect}. */
export const cloudInitDialectSchema = z.enum(CLOUD_INIT_DIALECTS, {
  error: `expected a cloud-init dialect: ${CLOUD_INIT_DIALECTS.join(' or ')}`,
});

/** The upstream release a dialect stands for, for messages ("cloud-init 22.4"). */
export function dialectRelease(dialect: CloudInitDialect): string {
  return dialect === '22.4' ? '22.4.2 (Debian 12)' : '26.2';
}
