import { NODE_POOL_FEATURES } from '@kubenode/core';
import { checkHonesty } from '../check-honesty.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

/**
 * One case per NodePool feature: the minimal pool plus only that feature must be refused
 * (declared unsupported) or rendered with the feature's values in the output (declared supported).
 */
export function featureCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  return NODE_POOL_FEATURES.map((feature) => ({
    id: `feature:${feature}`,
    title: `spec.${feature} is refused or rendered as declared`,
    timeout: suite.defaultTimeout,
    async run() {
      const problems = new Problems(`feature:${feature}`);
      const entry = suite.featurePools.get(feature)!;
      const adapter = suite.newAdapter();
      checkHonesty(suite, adapter, entry, suite.render(adapter, entry.pool), problems);
      problems.throwIfAny();
    },
  }));
}
