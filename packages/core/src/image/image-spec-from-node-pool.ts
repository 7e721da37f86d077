import { InvalidBuildInputError } from '../build/invalid-build-input-error.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import { KUBERNETES_NODE_MODULES, withKubernetesSysctls } from '../renderers/kernel-config-files.js';
import { collectSecrets } from '../secrets/collect-secrets.js';
import { parseImageSpec } from './image-spec-id.js';
import {
  IMAGE_SPEC_API_VERSION,
  type ImageOutputFormat,
  type ImageSpec,
  type ImageSpecInput,
} from './image-spec-schema.js';
import type { KubernetesComponent } from './kubernetes-component-schema.js';

/** Options of {@link imageSpecFromNodePool}: what the distro's builder adds to the pool's wishes. */
export interface ImageSpecFromNodePoolOptions {
  /** The base release; `spec.image.version`, then `spec.image.channel` when omitted. */
  readonly release?: string;
  /** Packages the distro's node image always has (the builder's node set); `spec.os.packages` is added. */
  readonly basePackages?: readonly string[];
  /** Node components and their sources (the builder's defaults or the user's choice). */
  readonly components?: readonly KubernetesComponent[];
  /** System extensions to install. */
  readonly extensions?: ImageSpecInput['extensions'];
  /** Output formats; the schema's default (raw, qcow2) when omitted. */
  readonly outputs?: readonly ImageOutputFormat[];
  /** Archive snapshot the packages come from. */
  readonly snapshot?: string;
  /**
   * Also bake `spec.os.files` and `spec.os.units` into the image. Off by default: they are applied
   * at first boot by the provisioning artifacts, so one image serves every pool with the same
   * OS-level needs. Files holding a secret are never baked.
   */
  readonly bakeOsConfig?: boolean;
}

/**
 * Derives the ImageSpec of a pool's node image: base distro, release and architecture from
 * `spec.image`, packages (`basePackages` + `spec.os.packages`), the Kubernetes node sysctls and
 * modules merged with the pool's (the user's values win), kernel arguments, root-disk growth,
 * the Kubernetes version and where each component comes from, and the output formats. Cluster
 * join details (API server, CA, bootstrap token) are never part of an image.
 *
 * @throws {InvalidBuildInputError} when no release is known, or when `bakeOsConfig` would bake a
 *   file holding a secret (the value is not shown).
 */
export function imageSpecFromNodePool(pool: NodePool, options: ImageSpecFromNodePoolOptions = {}): ImageSpec {
  const { spec } = pool;
  const release = options.release ?? spec.image.version ?? spec.image.channel;
  if (release === undefined) {
    throw new InvalidBuildInputError({
      path: 'spec.image',
      expected: `a version or channel naming the ${spec.distro} release to build (e.g. channel: bookworm)`,
    });
  }
  if (options.bakeOsConfig) {
    const secrets = collectSecrets(pool);
    spec.os.files.forEach((file, index) => {
      const text =
        file.encoding === 'base64' ? Buffer.from(file.contents, 'base64').toString('latin1') : file.contents;
      if (secrets.some((secret) => text.includes(secret) || file.contents.includes(secret))) {
        throw new InvalidBuildInputError({
          path: `spec.os.files[${index}] (${file.path})`,
          expected:
            'no secret in a file baked into an image; deliver it at first boot instead (contents not shown)',
        });
      }
    });
  }
  const input: ImageSpecInput = {
    apiVersion: IMAGE_SPEC_API_VERSION,
    kind: 'ImageSpec',
    base: {
      distro: spec.distro,
      release,
      arch: spec.image.arch,
      ...(spec.image.variant === undefined ? {} : { variant: spec.image.variant }),
      ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
    },
    packages: [...(options.basePackages ?? []), ...spec.os.packages],
    extensions: options.extensions ?? [],
    files: options.bakeOsConfig ? spec.os.files : [],
    units: options.bakeOsConfig ? spec.os.units : [],
    sysctls: withKubernetesSysctls(spec.os.sysctls),
    modules: [...KUBERNETES_NODE_MODULES, ...spec.os.kernelModules],
    kernelArgs: spec.os.kernelArgs,
    kubernetes: { version: spec.kubernetes.version, components: [...(options.components ?? [])] },
    rootDisk: { grow: spec.os.rootDisk.grow },
    ...(options.outputs === undefined ? {} : { outputs: [...options.outputs] }),
  };
  return parseImageSpec(input, { source: `ImageSpec of NodePool ${pool.metadata.name}` });
}
