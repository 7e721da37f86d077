import { GARDENLINUX_VERSION } from './gardenlinux-releases.js';

/**
 * The Garden Linux version in a node's `status.nodeInfo.osImage` (the `PRETTY_NAME` of
 * /etc/os-release, "Garden Linux 1877.3"), or undefined when it is not a Garden Linux release string.
 */
export function gardenLinuxVersionOf(osImage: string): string | undefined {
  const match = /^Garden Linux (\S+)$/.exec(osImage.trim());
  if (!match) return undefined;
  return GARDENLINUX_VERSION.test(match[1]!) ? match[1] : undefined;
}
