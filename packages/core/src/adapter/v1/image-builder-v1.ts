import type { ImageSpec } from '../../image/image-spec-schema.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';

/** An external tool a build needs. */
export interface BuildToolV1 {
  /** Executable name, e.g. `mmdebstrap`. */
  readonly name: string;
  /** The Debian package that provides it, when there is one. */
  readonly debianPackage?: string;
  /** What it is used for. */
  readonly purpose: string;
}

/** One step of a build plan. */
export interface BuildStepV1 {
  readonly id: string;
  readonly description: string;
  /** The tool it runs, if any. */
  readonly tool?: string;
}

/** An output the build produces. */
export interface BuildOutputV1 {
  readonly name: string;
  /** `raw`, `qcow2`, `squashfs`, `erofs`, `sysext`, `iso`, `recipe`, `manifest`, ... */
  readonly format: string;
}

/** A file of a native build recipe (relative path). */
export interface RecipeFileV1 {
  readonly path: string;
  readonly contents: string;
  readonly mode: number;
}

/** What a build will do, computed without running anything. */
export interface BuildPlanV1 {
  readonly distro: string;
  /** `image`: a bootable image; `sysext`: extension images; `recipe`: files for the distro's builder. */
  readonly kind: 'image' | 'sysext' | 'recipe';
  /** Content-addressed id of what is built, when the builder computes one. */
  readonly imageId?: string;
  /** The declarative spec of the image (`imageId` is its {@link imageSpecId}), when the builder uses one. */
  readonly imageSpec?: ImageSpec;
  readonly steps: readonly BuildStepV1[];
  readonly requiredTools: readonly BuildToolV1[];
  readonly outputs: readonly BuildOutputV1[];
  /** Files of the native recipe, for `recipe` plans (also written by `build`). */
  readonly recipeFiles: readonly RecipeFileV1[];
}

/** One built file. */
export interface BuildArtifactV1 {
  readonly name: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** What the size measures. */
  readonly measure: 'uncompressed rootfs' | 'compressed artifact' | 'disk' | 'file';
}

/** Progress of a running build, for a progress display. */
export interface BuildProgressV1 {
  readonly step: string;
  readonly state: 'started' | 'finished' | 'skipped';
  readonly message?: string;
}

/** Options of `build`. */
export interface BuildOptionsV1 {
  /** Directory the outputs are written to. */
  readonly workdir: string;
  /** Aborts the build. */
  readonly signal?: AbortSignal;
  /** Progress callback. */
  readonly onProgress?: (event: BuildProgressV1) => void;
}

/** A size measured during a build that is not the size of an output file. */
export interface BuildMeasurementV1 {
  /** What was measured, e.g. `root filesystem tree`, `disk (virtual size)`. */
  readonly what: string;
  /** What the size measures. */
  readonly measure: BuildArtifactV1['measure'];
  readonly bytes: number;
}

/** What a build produced. */
export interface BuildResultV1 {
  readonly artifacts: readonly BuildArtifactV1[];
  /** Plain statements about what is not included and why (never faked). */
  readonly notes: readonly string[];
  /** Sizes that are not output files (the uncompressed root filesystem, the virtual disk size). */
  readonly measurements?: readonly BuildMeasurementV1[];
}

/** Builds or plans the node image for a pool. */
export interface ImageBuilderV1 {
  /** Plans the build. Pure. */
  plan(pool: NodePool): BuildPlanV1;
  /**
   * Runs the plan where the tools exist.
   *
   * @throws {ExternalToolError} naming the missing tool (and its Debian package) where they do not.
   */
  build(plan: BuildPlanV1, options: BuildOptionsV1): Promise<BuildResultV1>;
}
