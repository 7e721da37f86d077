import { deterministicUuid } from '../disk/deterministic-uuid.js';
import type { DpkgPackage } from './dpkg-status.js';

/** A CycloneDX 1.5 component, as kubenode writes them. */
export interface CycloneDxComponent {
  readonly type: 'library' | 'operating-system' | 'application';
  readonly 'bom-ref': string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
  readonly description?: string;
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
}

/** A CycloneDX 1.5 JSON bill of materials. */
export interface CycloneDxBom {
  readonly bomFormat: 'CycloneDX';
  readonly specVersion: '1.5';
  readonly serialNumber: string;
  readonly version: 1;
  readonly metadata: {
    readonly timestamp: string;
    readonly tools: { readonly components: readonly CycloneDxComponent[] };
    readonly component: CycloneDxComponent;
    readonly properties: readonly { readonly name: string; readonly value: string }[];
  };
  readonly components: readonly CycloneDxComponent[];
}

/** Options of {@link debianPackagesBom}. */
export interface DebianPackagesBomOptions {
  /** The installed packages (from {@link parseDpkgStatus}). */
  readonly packages: readonly DpkgPackage[];
  /** The image the packages are in: its name and version (e.g. the image ID). */
  readonly image: { readonly name: string; readonly version: string };
  /** purl namespace and distro qualifier, e.g. `{ vendor: 'debian', distro: 'debian-12' }`. */
  readonly distro: { readonly vendor: string; readonly distro: string };
  /** BOM timestamp (seconds since the epoch), fixed for reproducible output. */
  readonly timestamp: number;
  /** Extra metadata properties, e.g. `kubenode:image-id`. */
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
  /** The version of the tool writing the BOM. */
  readonly toolVersion: string;
}

const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The package URL of a Debian package: `pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12`. */
export function debianPackageUrl(pkg: DpkgPackage, distro: { vendor: string; distro: string }): string {
  return `pkg:deb/${encode(distro.vendor)}/${encode(pkg.name)}@${encode(pkg.version)}?arch=${encode(pkg.architecture)}&distro=${encode(distro.distro)}`;
}

/**
 * A CycloneDX 1.5 JSON BOM of an image's Debian packages: one `library` component per installed
 * package (name, version, purl, source package, architecture, installed size), the image as the
 * metadata component. Deterministic: the serial number is derived from the content and the
 * timestamp is given.
 */
export function debianPackagesBom(options: DebianPackagesBomOptions): CycloneDxBom {
  const components: CycloneDxComponent[] = options.packages.map((pkg) => {
    const purl = debianPackageUrl(pkg, options.distro);
    return {
      type: 'library',
      'bom-ref': purl,
      name: pkg.name,
      version: pkg.version,
      purl,
      ...(pkg.summary ? { description: pkg.summary } : {}),
      properties: [
        { name: 'kubenode:deb:architecture', value: pkg.architecture },
        { name: 'kubenode:deb:source', value: pkg.source },
        { name: 'kubenode:deb:source-version', value: pkg.sourceVersion },
        ...(pkg.installedSizeKiB === undefined
          ? []
          : [{ name: 'kubenode:deb:installed-size-kib', value: String(pkg.installedSizeKiB) }]),
      ],
    };
  });
  const seed = JSON.stringify([options.image, components.map((c) => c['bom-ref'])]);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${deterministicUuid(seed, 'cyclonedx')}`,
    version: 1,
    metadata: {
      timestamp: new Date(options.timestamp * 1000).toISOString().replace(/\.000Z$/, 'Z'),
      tools: {
        components: [
          { type: 'application', 'bom-ref': 'kubenode', name: 'kubenode', version: options.toolVersion },
        ],
      },
      component: {
        type: 'operating-system',
        'bom-ref': `image:${options.image.name}@${options.image.version}`,
        name: options.image.name,
        version: options.image.version,
      },
      properties: [...(options.properties ?? [])],
    },
    components,
  };
}
