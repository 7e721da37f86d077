import type { ComparisonAspect } from '../compare/comparison-aspects.js';
import type { CatalogDistroId } from '../model/catalog-distro.js';
import type { CatalogSource } from '../model/catalog-source.js';
import type { EvidenceLevel } from '../model/evidence-level.js';
import { curatedSource } from './curated-source.js';

/** A curated comparison fact: its text (null when nothing is known), evidence and source. */
export interface ComparisonFact {
  readonly value: string | null;
  readonly source: CatalogSource;
  /** Where the missing value could come from, for `value: null`. */
  readonly note?: string;
}

const fact = (
  value: string | null,
  location: string,
  evidence: EvidenceLevel,
  note?: string,
): ComparisonFact => ({
  value,
  source: curatedSource('comparison', location, evidence),
  ...(note ? { note } : {}),
});

const FLATCAR_FAQ = 'flatcar/flatcar-website:content/faq.md';
const FLATCAR_DOCS = 'flatcar/flatcar-website:content/docs (docs tree)';
const FLATCAR_CHANNELS =
  'flatcar/flatcar-website:content/docs/latest/updates-releases/releases/switching-channels.md';
const BR = 'bottlerocket-os/bottlerocket@91632ff50cafaae1d5b3710a8f799141b5966595';
const GL = 'gardenlinux/gardenlinux';
const K3OS = 'rancher/k3os:README.md@bd291c60b37b1dc90c4f8b879cb5ab4c666254b6';
const TALOS = 'siderolabs/talos';
const GENERAL = 'general knowledge (not verified against an upstream source)';

/**
 * Facts for `compare` that no feed carries, per distro and aspect, each with its evidence level
 * and source (from the catalog reference's comparison table). Cells computed from feed data
 * (runtime versions, lifecycle dates, cadence) override these where the data exists.
 */
export const COMPARISON_FACTS: Readonly<
  Record<CatalogDistroId, Readonly<Record<ComparisonAspect, ComparisonFact>>>
> = {
  flatcar: {
    'image-size': fact(
      null,
      'https://stable.release.flatcar-linux.net/',
      'knowledge',
      'the release server lists file sizes; not in the catalog data',
    ),
    'security-model': fact(
      'read-only /usr, GPG-signed images, SELinux available, FIPS documentation',
      FLATCAR_DOCS,
      'documented',
    ),
    'read-only-root': fact('read-only /usr partition', FLATCAR_FAQ, 'documented'),
    'ab-updates': fact('yes: USR-A/USR-B partitions with automatic fallback', FLATCAR_FAQ, 'documented'),
    'package-manager': fact('none (extend with systemd-sysext images)', FLATCAR_FAQ, 'documented'),
    'ssh-by-default': fact(
      'yes: sshd on, key-only, user core, no password',
      'flatcar/flatcar-website:content/docs/latest/installing/cloud/digitalocean.md',
      'documented',
    ),
    'init-system': fact('systemd', FLATCAR_FAQ, 'documented'),
    'container-runtime': fact(
      'containerd and docker',
      'flatcar/flatcar-website:static/releases-json',
      'captured',
    ),
    'release-cadence': fact(
      'alpha majors about monthly; beta and stable majors every 3-6 months; patch releases between; a new LTS stream about yearly',
      'flatcar/flatcar-website:static/releases-json@68478ddc1308039da0c2ca7b5ec21cb35a419a72 (release history)',
      'captured',
    ),
    'support-lifecycle': fact(
      'a stable major until the next stable major; LTS streams 18 months, yearly, 6 months overlap',
      FLATCAR_CHANNELS,
      'documented',
    ),
    maintainer: fact(
      'Flatcar project (CNCF); started by Kinvolk, acquired by Microsoft in 2021',
      `${FLATCAR_FAQ}; flatcar/flatcar-website:content/blog/2025-02-27-Flatcar-DNS-post-mortem.md`,
      'captured',
    ),
  },
  bottlerocket: {
    'image-size': fact(
      null,
      'https://updates.bottlerocket.aws/ (TUF targets.json)',
      'knowledge',
      'TUF targets.json lists each image length; not in the catalog data',
    ),
    'security-model': fact(
      'dm-verity read-only root, SELinux enforcing, no shell or SSH by default, Secure Boot (uefi-secure-boot)',
      `${BR}:SECURITY_FEATURES.md`,
      'documented',
    ),
    'read-only-root': fact(
      'yes: dm-verity verified, read-only root',
      `${BR}:SECURITY_FEATURES.md`,
      'documented',
    ),
    'ab-updates': fact(
      'yes: A/B partition sets, boot tracking, automatic rollback',
      `${BR}:README.md`,
      'documented',
    ),
    'package-manager': fact('none ("RPM itself is not in the image")', `${BR}:README.md`, 'documented'),
    'ssh-by-default': fact(
      'no SSH server or shell; admin container (sshd) off by default; control container (SSM) on for AWS',
      `${BR}:README.md, PROVISIONING-METAL.md`,
      'documented',
    ),
    'init-system': fact('systemd', `${BR}:README.md`, 'documented'),
    'container-runtime': fact(
      'containerd (Kubernetes variants); Docker engine (ECS variants)',
      `${BR}:CHANGELOG.md, variants/*/Cargo.toml`,
      'captured',
    ),
    'release-cadence': fact(
      'one version for all variants, every 1-3 weeks; new Kubernetes variants as EKS adds minors',
      `${BR}:CHANGELOG.md`,
      'captured',
    ),
    'support-lifecycle': fact(
      'Kubernetes variants about 14 months from first release; aws-k8s variants follow EKS including extended support; ECS variants at least 1 year',
      `${BR}:SECURITY_FEATURES.md`,
      'documented',
    ),
    maintainer: fact('AWS (Apache-2.0 OR MIT)', `${BR}:LICENSE-APACHE, LICENSE-MIT`, 'captured'),
  },
  ubuntu: {
    'image-size': fact('about 0.6 GB (qcow2 cloud image, approximate)', GENERAL, 'knowledge'),
    'security-model': fact('AppArmor; mutable root; security updates through apt', GENERAL, 'knowledge'),
    'read-only-root': fact('no (mutable root)', GENERAL, 'knowledge'),
    'ab-updates': fact('no: apt updates in place', GENERAL, 'knowledge'),
    'package-manager': fact('apt/dpkg, snap', GENERAL, 'knowledge'),
    'ssh-by-default': fact('yes: key injected by cloud-init', GENERAL, 'knowledge'),
    'init-system': fact('systemd', GENERAL, 'knowledge'),
    'container-runtime': fact('none in the image; containerd from the archive', GENERAL, 'knowledge'),
    'release-cadence': fact(
      'interim releases every 6 months, LTS every 2 years (April)',
      GENERAL,
      'knowledge',
    ),
    'support-lifecycle': fact(
      'LTS: 5 years standard, Expanded Security Maintenance to 10 years',
      GENERAL,
      'knowledge',
    ),
    maintainer: fact('Canonical', GENERAL, 'knowledge'),
  },
  debian: {
    'image-size': fact('about 0.3-0.5 GB (genericcloud qcow2, approximate)', GENERAL, 'knowledge'),
    'security-model': fact('AppArmor; mutable root; security updates through apt', GENERAL, 'knowledge'),
    'read-only-root': fact('no (mutable root)', GENERAL, 'knowledge'),
    'ab-updates': fact('no: apt updates in place', GENERAL, 'knowledge'),
    'package-manager': fact('apt/dpkg', GENERAL, 'knowledge'),
    'ssh-by-default': fact('yes: key injected by cloud-init', GENERAL, 'knowledge'),
    'init-system': fact('systemd', GENERAL, 'knowledge'),
    'container-runtime': fact('none in the image; containerd from the archive', GENERAL, 'knowledge'),
    'release-cadence': fact('a major release about every 2 years', GENERAL, 'knowledge'),
    'support-lifecycle': fact(
      'about 3 years security support, LTS to about 5 years, commercial ELTS beyond',
      GENERAL,
      'knowledge',
    ),
    maintainer: fact('Debian project', GENERAL, 'knowledge'),
  },
  gardenlinux: {
    'image-size': fact(
      null,
      's3://gardenlinux-github-releases/objects/',
      'captured',
      'artifacts are listed per flavor without sizes',
    ),
    'security-model': fact(
      'read-only /usr (gardener feature), AppArmor; trustedboot and TPM2 flavors; _usi flavors: UKI with EROFS read-only root',
      `${GL}:features/gardener/README.md, features/_usi/README.md`,
      'documented',
    ),
    'read-only-root': fact(
      '/usr read-only (gardener feature); _usi flavors: EROFS read-only root with /etc overlay',
      `${GL}:features/gardener/README.md, features/_usi/README.md`,
      'documented',
    ),
    'ab-updates': fact(
      'no for standard flavors (Gardener replaces nodes); _usi flavors ship gardenlinux-update',
      `${GL}:features/gardener/README.md, features/_usi/README.md`,
      'documented',
    ),
    'package-manager': fact(
      'removed in production flavors (_nopkg removes dpkg, apt)',
      `${GL}:features/_nopkg/README.md`,
      'documented',
    ),
    'ssh-by-default': fact(
      'sshd installed but not started; Gardener enables it',
      `${GL}:features/gardener/README.md`,
      'documented',
    ),
    'init-system': fact('systemd', `${GL}:features (systemd units)`, 'documented'),
    'container-runtime': fact(
      'containerd and docker.io installed; units off until Gardener enables them',
      `${GL}:features/gardener/README.md`,
      'documented',
    ),
    'release-cadence': fact(
      'up to two majors a year, frequent minors, daily nightlies',
      `${GL}:docs/00_introduction/release.md`,
      'documented',
    ),
    'support-lifecycle': fact(
      '6 months standard plus 6 months extended maintenance (CVSS >= 7.0 fixes)',
      `${GL}:docs/00_introduction/release.md`,
      'documented',
    ),
    maintainer: fact('SAP and contributors', `${GL}:REUSE.toml (supplier lists.neonephos.org)`, 'captured'),
  },
  k3os: {
    'image-size': fact(
      null,
      'https://github.com/rancher/k3os/releases',
      'knowledge',
      'release assets on GitHub; not in the catalog data',
    ),
    'security-model': fact(
      'read-only /usr, ephemeral /etc; no security updates (end of life)',
      K3OS,
      'documented',
    ),
    'read-only-root': fact('read-only /usr, ephemeral /etc', K3OS, 'documented'),
    'ab-updates': fact('no: the k3OS operator switches /k3os squashfs versions in place', K3OS, 'documented'),
    'package-manager': fact('none (read-only /usr)', K3OS, 'inferred'),
    'ssh-by-default': fact('yes: ssh_authorized_keys in config.yaml, user rancher', K3OS, 'documented'),
    'init-system': fact('OpenRC (Alpine userspace)', K3OS, 'inferred'),
    'container-runtime': fact('containerd inside the bundled k3s', GENERAL, 'knowledge'),
    'release-cadence': fact(
      'none: no releases since 2021',
      'https://github.com/rancher/k3os/issues/854',
      'captured',
    ),
    'support-lifecycle': fact('end of life', 'https://github.com/rancher/k3os/pull/878', 'captured'),
    maintainer: fact('Rancher Labs (SUSE)', K3OS, 'documented'),
  },
  talos: {
    'image-size': fact(
      null,
      'https://factory.talos.dev/',
      'knowledge',
      'images are built per extension set by the Image Factory',
    ),
    'security-model': fact(
      'no SSH or shell; mutual-TLS gRPC API (talosctl); cosign-signed release images',
      `${TALOS}:website/content/v1.12/advanced/verifying-images.md`,
      'documented',
    ),
    'read-only-root': fact('read-only squashfs root', GENERAL, 'knowledge'),
    'ab-updates': fact('A/B boot assets with rollback', GENERAL, 'knowledge'),
    'package-manager': fact('none; system extensions', GENERAL, 'knowledge'),
    'ssh-by-default': fact('no SSH; API only (talosctl)', GENERAL, 'knowledge'),
    'init-system': fact('machined as PID 1', GENERAL, 'knowledge'),
    'container-runtime': fact('containerd', GENERAL, 'knowledge'),
    'release-cadence': fact(
      'a minor about every 4 months',
      `${TALOS}:website/content/v1.11/introduction/support-matrix.md`,
      'captured',
    ),
    'support-lifecycle': fact(
      'community support until the next minor; enterprise support from Sidero Labs',
      `${TALOS}:website/content/v1.11/introduction/support-matrix.md`,
      'captured',
    ),
    maintainer: fact(
      'Sidero Labs',
      `${TALOS}:website/content/v1.11/introduction/support-matrix.md`,
      'captured',
    ),
  },
};
