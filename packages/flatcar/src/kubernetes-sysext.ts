import { kubernetesMinor, systemdEscapeSpecifiers, type Architecture } from '@kubenode/core';

/** systemd's architecture names, as the sysext bakery uses them in file names. */
export const SYSEXT_ARCHITECTURES: Readonly<Record<Architecture, 'x86-64' | 'arm64'>> = {
  amd64: 'x86-64',
  arm64: 'arm64',
};

/** Where the Kubernetes extension lives on the node and what it is called. */
export interface KubernetesSysextLayout {
  /** `kubernetes-v1.32.4-x86-64.raw`. */
  readonly fileName: string;
  /** `/opt/extensions/kubernetes/kubernetes-v1.32.4-x86-64.raw`. */
  readonly imagePath: string;
  /** `/etc/extensions/kubernetes.raw` (the stable name systemd-sysext merges; sysupdate's CurrentSymlink). */
  readonly linkPath: string;
  /** `<baseUrl>/kubernetes-v1.32.4-x86-64.raw`. */
  readonly imageUrl: string;
  /** `/etc/sysupdate.kubernetes.d/kubernetes-v1.32.conf`. */
  readonly sysupdatePath: string;
  /** `1.32`. */
  readonly minor: string;
}

/** The Flatcar sysext bakery layout of the Kubernetes extension for a version and architecture. */
export function kubernetesSysextLayout(
  version: string,
  arch: Architecture,
  baseUrl: string,
): KubernetesSysextLayout {
  const fileName = `kubernetes-v${version}-${SYSEXT_ARCHITECTURES[arch]}.raw`;
  const minor = kubernetesMinor(version);
  return {
    fileName,
    imagePath: `/opt/extensions/kubernetes/${fileName}`,
    linkPath: '/etc/extensions/kubernetes.raw',
    imageUrl: `${baseUrl.replace(/\/+$/, '')}/${fileName}`,
    sysupdatePath: `/etc/sysupdate.kubernetes.d/kubernetes-v${minor}.conf`,
    minor,
  };
}

/**
 * The systemd-sysupdate transfer that keeps the extension on the newest patch release of its
 * minor: it lists `<baseUrl>/kubernetes/` (SHA256SUMS), downloads `kubernetes-v<minor>.@v-%a.raw`
 * into /opt/extensions/kubernetes and moves the `/etc/extensions/kubernetes.raw` link.
 */
export function renderKubernetesSysupdate(layout: KubernetesSysextLayout, baseUrl: string): string {
  return [
    '[Transfer]',
    'Verify=false',
    '',
    '[Source]',
    'Type=url-file',
    // sysupdate.d expands specifiers in Path=: a percent-encoded URL must reach it as %%.
    `Path=${systemdEscapeSpecifiers(baseUrl.replace(/\/+$/, ''))}/kubernetes/`,
    `MatchPattern=kubernetes-v${layout.minor}.@v-%a.raw`,
    '',
    '[Target]',
    'InstancesMax=3',
    'Type=regular-file',
    'Path=/opt/extensions/kubernetes',
    `CurrentSymlink=${layout.linkPath}`,
    '',
  ].join('\n');
}

/** `/etc/sysupdate.d/noop.conf`: a transfer that never matches, so plain `systemd-sysupdate` runs cleanly. */
export const SYSUPDATE_NOOP_CONF = [
  '[Source]',
  'Type=regular-file',
  'Path=/',
  'MatchPattern=invalid@v.raw',
  '',
  '[Target]',
  'Type=regular-file',
  'Path=/',
  '',
].join('\n');

/** The systemd-sysupdate.service drop-in that updates the extension and flags a pending reboot. */
export const SYSUPDATE_KUBERNETES_DROPIN = [
  '[Service]',
  'ExecStartPre=/usr/bin/sh -c "readlink --canonicalize /etc/extensions/kubernetes.raw > /tmp/kubernetes"',
  'ExecStartPre=/usr/lib/systemd/systemd-sysupdate -C kubernetes update',
  'ExecStartPost=/usr/bin/sh -c "readlink --canonicalize /etc/extensions/kubernetes.raw > /tmp/kubernetes-new"',
  'ExecStartPost=/usr/bin/sh -c "if ! cmp --silent /tmp/kubernetes /tmp/kubernetes-new; then touch /run/reboot-required; fi"',
  '',
].join('\n');
