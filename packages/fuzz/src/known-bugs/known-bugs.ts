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

/** The bugs found and routed, not yet fixed. */
export const KNOWN_BUGS: readonly KnownBug[] = [];

/** The known bugs of a subject. */
export function knownBugsOf(subjectId: string): KnownBug[] {
  return KNOWN_BUGS.filter((bug) => bug.subjects.includes(subjectId));
}

/** A generated pool with every known bug of the subject steered around. */
export function avoidKnownBugs(subjectId: string, input: NodePoolInput): NodePoolInput {
  return knownBugsOf(subjectId).reduce((pool, bug) => bug.avoid(pool), input);
}
