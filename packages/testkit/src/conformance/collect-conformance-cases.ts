import type { DistroAdapterV1 } from '@kubenode/core';
import { describeError } from '../text/describe-error.js';
import type { ConformanceAdapterFactory } from './adapter-conformance-options.js';
import { adapterCases } from './cases/adapter-cases.js';
import { builderCases } from './cases/builder-cases.js';
import { errorCases } from './cases/error-cases.js';
import { featureCases } from './cases/feature-cases.js';
import { poolCases } from './cases/pool-cases.js';
import { updateCases } from './cases/update-cases.js';
import { validationCases } from './cases/validation-cases.js';
import type { ConformanceCase } from './conformance-case.js';
import { ConformanceError } from './conformance-error.js';
import { ConformanceSuite, type ConformanceSuiteOptions } from './conformance-suite.js';

/** The collected suite: a title and independent cases. */
export interface CollectedConformance {
  readonly title: string;
  readonly cases: readonly ConformanceCase[];
}

/**
 * Builds every conformance case for an adapter factory. The factory is called once here to read
 * the adapter's id and declared capabilities (which decide which per-pool cases apply); every
 * case then creates its own adapter, so no case depends on another or on their order.
 */
export function collectConformanceCases<Settings>(
  factory: ConformanceAdapterFactory<Settings>,
  options: ConformanceSuiteOptions<Settings>,
): CollectedConformance {
  let probe: DistroAdapterV1 | undefined;
  try {
    probe = factory(options.settings);
  } catch (error) {
    const failure = new ConformanceError({
      caseId: 'identity',
      problems: [`the factory throws: ${describeError(error)}`],
    });
    return {
      title: 'adapter conformance',
      cases: [
        {
          id: 'identity',
          title: 'the factory creates an adapter',
          timeout: 30_000,
          run: () => Promise.reject(failure),
        },
      ],
    };
  }
  const suite = new ConformanceSuite(factory, options, probe) as ConformanceSuite<unknown>;
  const cases = [
    ...adapterCases(suite),
    ...featureCases(suite),
    ...suite.pools.flatMap((entry) => poolCases(suite, entry)),
    ...validationCases(suite),
    ...errorCases(suite),
    ...updateCases(suite),
    ...builderCases(suite),
  ];
  return { title: options.title ?? `${suite.displayName} (${suite.adapterId}) conformance`, cases };
}
