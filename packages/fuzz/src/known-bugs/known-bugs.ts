import type { NodePoolInput } from '@kubenode/core';

/**
 * A bug the fuzz tests found that is not fixed yet (its fix belongs to a shared package or
 * changes every adapter's output, so it is routed to its owner). While it is open, the
 * generators steer around it for the subjects it affects, so the rest of the property keeps
 * guarding every other value; `known-bugs.test.ts` keeps a witness pool of each as an expected
 * failure, which starts passing (and so fails the suite) once the bug is fixed: then delete the
 * entry.
 */
export interface KnownBug {
  /** Stable id, used in the corpus and the report. */
  readonly id: string;
  /** What goes wrong, for whom. */
  readonly summary: string;
  /** Where the fix belongs. */
  readonly location: string;
  /** Fuzz subjects it affects. */
  readonly subjects: readonly string[];
  /** Rewrites a generated pool so it does not hit the bug (the coverage given up while it is open). */
  avoid(input: NodePoolInput): NodePoolInput;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function edit(input: NodePoolInput, change: (spec: Record<string, Json>) => void): NodePoolInput {
  const copy = structuredClone(input) as unknown as { spec: Record<string, Json> };
  change(copy.spec);
  return copy as unknown as NodePoolInput;
}

function dropFilesAt(path: string) {
  return (input: NodePoolInput) =>
    edit(input, (spec) => {
      const os = spec.os as Record<string, Json> | undefined;
      if (os && Array.isArray(os.files)) {
        os.files = (os.files as Record<string, Json>[]).filter((file) => file.path !== path);
        if (os.files.length === 0) delete os.files;
      }
    });
}

/** The bugs found and routed, not yet fixed. */
export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'gardenlinux-gardener-registry-case',
    summary:
      'Gardener mode: a registry host with capital letters (valid in the NodePool, host names are case-insensitive) makes provision() throw a ZodError from the Shoot patch schema instead of lower-casing it or refusing it.',
    location: 'packages/gardenlinux/src/gardenlinux-gardener.ts (mirrors)',
    subjects: ['gardenlinux-gardener'],
    avoid: (input) =>
      edit(input, (spec) => {
        const runtime = spec.runtime as Record<string, Json> | undefined;
        const mirrors = runtime?.registryMirrors as Record<string, Json> | undefined;
        if (runtime && mirrors) {
          runtime.registryMirrors = Object.fromEntries(
            Object.entries(mirrors).map(([host, urls]) => [host.toLowerCase(), urls]),
          );
        }
      }),
  },
  {
    id: 'gardenlinux-join-config-dropped',
    summary:
      'standalone: a pool file at /etc/kubeadm/join-configuration.yaml is dropped with only a warning (kubenode keeps its own JoinConfiguration there): the node does not get the file the pool asks for. It should be refused naming spec.os.files[i].path, as Flatcar does.',
    location: 'packages/gardenlinux/src/gardenlinux-node-plan.ts',
    subjects: ['gardenlinux-cloud-init', 'gardenlinux-ignition'],
    avoid: dropFilesAt('/etc/kubeadm/join-configuration.yaml'),
  },
];

/** The known bugs of a subject. */
export function knownBugsOf(subjectId: string): KnownBug[] {
  return KNOWN_BUGS.filter((bug) => bug.subjects.includes(subjectId));
}

/** A generated pool with every known bug of the subject steered around. */
export function avoidKnownBugs(subjectId: string, input: NodePoolInput): NodePoolInput {
  return knownBugsOf(subjectId).reduce((pool, bug) => bug.avoid(pool), input);
}
