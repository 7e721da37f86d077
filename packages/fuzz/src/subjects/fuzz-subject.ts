import type { DistroAdapterV1, NodePool, ProvisioningResultV1 } from '@kubenode/core';
import type fc from 'fast-check';
import type { PoolProfile } from '../arbitraries/node-pool-arbitrary.js';
import type { BenignTwinOptions } from '../oracle/benign-twin.js';
import type { NodeView } from '../readers/node-view.js';
import type { IgnitionValidator } from '../upstream/ignition-validate.js';
import type { UpstreamOracle } from '../upstream/upstream-oracle.js';

/** The upstream judges a subject's output goes through. */
export interface UpstreamJudges {
  readonly oracle: UpstreamOracle;
  readonly ignition: IgnitionValidator;
}

/** What reading a result gave: the node's view and what the upstream judges said. */
export interface ReadResult {
  readonly view: NodeView;
  /** Upstream verdicts that rejected the output (empty when every judge accepted it). */
  readonly rejections: readonly string[];
  /** Names of the upstream judges that ran (for the run counts in the report). */
  readonly judges: readonly string[];
}

/** Options of {@link FuzzSubject.read}. */
export interface ReadOptions {
  /** Run the upstream validators (default true; the benign twin only needs reading). */
  readonly upstream?: boolean;
}

/** An adapter setup the fuzz tests run: the factory, how pools are biased, and how output is read. */
export interface FuzzSubject {
  /** Stable id, used in test titles and seeds (`flatcar`, `gardenlinux-gardener`). */
  readonly id: string;
  /** The adapter id pools name in `spec.distro`. */
  readonly adapterId: string;
  /** A fresh adapter. */
  create(): DistroAdapterV1;
  /** The pool generator's bias for this adapter. */
  readonly profile: PoolProfile;
  /** Free-form values the benign twin keeps (validated by the adapter against a model). */
  readonly twin?: BenignTwinOptions;
  /** Adapter-option values that must be refused with a SpecValidationError naming the path. */
  readonly invalidOptions: fc.Arbitrary<{
    readonly options: Record<string, unknown>;
    readonly path: readonly (string | number)[];
  }>;
  /** Adapter options every pool needs to render at all (Talos: its PKI), for hand-written pools. */
  readonly requiredAdapterOptions?: Record<string, unknown>;
  /** Secrets beyond the pool's own (adapter options). */
  secretsOf?(pool: NodePool): readonly string[];
  /** Reads a result with independent readers and (unless `upstream: false`) runs the upstream judges. */
  read(
    result: ProvisioningResultV1,
    pool: NodePool,
    judges: UpstreamJudges,
    options?: ReadOptions,
  ): Promise<ReadResult>;
  /** What the view must carry for the pool's supported features (formats differ in what they can hold). */
  readonly carries: {
    /** Files carry modes. */
    readonly fileModes: boolean;
    /** Files carry owner and group. */
    readonly fileOwners: boolean;
    /** Users carry password hashes, shells and groups. */
    readonly userDetails: boolean;
    /** The kubelet pass-through fields arrive unchanged. */
    readonly kubeletPassThrough: boolean;
    /** Proxy variables arrive in systemd Environment= drop-ins. */
    readonly proxyDropins: boolean;
  };
}
