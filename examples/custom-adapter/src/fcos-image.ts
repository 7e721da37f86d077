import { SpecValidationError, type NodeImageV1, type SpecIssue } from '@kubenode/core';

/** Fedora CoreOS streams. */
export const FCOS_STREAMS = ['stable', 'testing', 'next'] as const;

/** The architecture names Fedora uses. */
export const FCOS_ARCH = { amd64: 'x86_64', arm64: 'aarch64' } as const;

/** Fedora CoreOS as data; image lines from the streams' build storage. */
export function createFedoraCoreOsImage(adapterId: string): NodeImageV1 {
  return {
    facts: {
      initSystem: 'systemd',
      packageManager: 'rpm-ostree',
      immutability: 'read-only-usr',
      abUpdates: true,
      sshByDefault: true,
      containerRuntime: 'containerd',
      provisioningFormat: 'ignition',
      maintainer: 'Fedora Project',
      homepage: 'https://fedoraproject.org/coreos/',
    },
    channels: [...FCOS_STREAMS],
    defaultChannel: 'stable',
    architectures: ['amd64', 'arm64'],
    describe(ref) {
      const stream = ref.channel ?? 'stable';
      const issues: SpecIssue[] = [];
      if (!(FCOS_STREAMS as readonly string[]).includes(stream)) {
        issues.push({
          path: ['spec', 'image', 'channel'],
          code: 'invalid_value',
          message: `expected a stream: ${FCOS_STREAMS.join(', ')}`,
        });
      }
      if (ref.version !== undefined && !/^\d+\.\d{8}\.\d+\.\d+$/.test(ref.version)) {
        issues.push({
          path: ['spec', 'image', 'version'],
          code: 'invalid_value',
          message: 'expected a Fedora CoreOS release such as 42.20250803.3.0',
        });
      }
      if (issues.length > 0) throw new SpecValidationError({ issues });
      const arch = FCOS_ARCH[ref.arch];
      if (ref.version === undefined) {
        return {
          distro: adapterId,
          channel: stream,
          version: 'latest',
          arch: ref.arch,
          sources: [
            {
              kind: 'url',
              location: `https://builds.coreos.fedoraproject.org/streams/${stream}.json`,
              description: 'stream metadata: the newest release and its artifacts per platform',
            },
          ],
          verification: { signingKey: 'https://fedoraproject.org/fedora.gpg' },
        };
      }
      const qcow2 = `https://builds.coreos.fedoraproject.org/prod/streams/${stream}/builds/${ref.version}/${arch}/fedora-coreos-${ref.version}-qemu.${arch}.qcow2.xz`;
      return {
        distro: adapterId,
        channel: stream,
        version: ref.version,
        arch: ref.arch,
        sources: [{ kind: 'url', location: qcow2, description: 'QEMU qcow2 disk (xz)' }],
        verification: { signatureUrl: `${qcow2}.sig`, signingKey: 'https://fedoraproject.org/fedora.gpg' },
      };
    },
  };
}
