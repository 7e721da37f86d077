import { osFile, renderCaCertFiles, type OsFileV1, type SystemdUnitV1 } from '@kubenode/core';
import type { GardenLinuxFlavor } from './gardenlinux-flavor.js';

/**
 * Where extra CA certificates go: the directory Gardener itself uses on Garden Linux for
 * `update-ca-certificates --localcertsdir` (/usr/local is on the read-only /usr of `gardener`
 * and `_prod` flavours).
 */
export const LOCAL_CA_DIRECTORY = '/var/lib/ca-certificates-local';

/** The oneshot unit that adds the extra CAs to the system trust store. */
export const UPDATE_CA_UNIT = 'kubenode-update-ca-certificates.service';

/** A time service and where its NTP servers go. */
export interface TimeService {
  /** The service to restart after the file changes. */
  readonly unit: string;
  /** The configuration drop-in kubenode writes. */
  readonly path: string;
  /** The drop-in's contents for the servers. */
  render(servers: readonly string[]): string;
}

/** The time service a flavour runs: chrony on Azure (the azure feature installs it), systemd-timesyncd elsewhere. */
export function timeService(flavor: GardenLinuxFlavor): TimeService {
  if (flavor.platform === 'azure') {
    return {
      unit: 'chrony.service',
      path: '/etc/chrony/conf.d/90-kubenode.conf',
      render: (servers) =>
        `# Written by kubenode: spec.os.ntpServers\n${servers.map((server) => `server ${server} iburst`).join('\n')}\n`,
    };
  }
  return {
    unit: 'systemd-timesyncd.service',
    path: '/etc/systemd/timesyncd.conf.d/90-kubenode.conf',
    render: (servers) => `# Written by kubenode: spec.os.ntpServers\n[Time]\nNTP=${servers.join(' ')}\n`,
  };
}

/** The NTP drop-in for the pool's servers (deduplicated, in order), or undefined without servers. */
export function ntpFile(flavor: GardenLinuxFlavor, servers: readonly string[]): OsFileV1 | undefined {
  if (servers.length === 0) return undefined;
  const service = timeService(flavor);
  return osFile(service.path, service.render([...new Set(servers)]));
}

/** The extra CA files and the oneshot unit that trusts them, or nothing without CAs. */
export function caCertificates(caCerts: readonly string[]): {
  readonly files: OsFileV1[];
  readonly units: SystemdUnitV1[];
} {
  const files = renderCaCertFiles(caCerts, { directory: LOCAL_CA_DIRECTORY, extension: 'crt' });
  if (files.length === 0) return { files: [], units: [] };
  return {
    files,
    units: [
      {
        name: UPDATE_CA_UNIT,
        enabled: true,
        mask: false,
        dropins: [],
        contents: [
          '[Unit]',
          'Description=Trust the extra CA certificates of the NodePool (kubenode)',
          'DefaultDependencies=no',
          'After=local-fs.target',
          'Before=containerd.service kubelet.service kubenode-kubeadm-join.service',
          '',
          '[Service]',
          'Type=oneshot',
          'RemainAfterExit=yes',
          `ExecStart=/usr/sbin/update-ca-certificates --localcertsdir ${LOCAL_CA_DIRECTORY}`,
          '',
          '[Install]',
          'WantedBy=multi-user.target',
          '',
        ].join('\n'),
      },
    ],
  };
}

/** An empty unit file: systemd reports such a unit as masked (systemd.unit(5)). */
export function maskedUnitFile(name: string): OsFileV1 {
  return osFile(`/etc/systemd/system/${name}`, '');
}
