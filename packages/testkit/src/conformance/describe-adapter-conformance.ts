import type { AdapterConformanceOptions, ConformanceAdapterFactory } from './adapter-conformance-options.js';
import { collectConformanceCases } from './collect-conformance-cases.js';

/**
 * Registers the kubenode adapter conformance suite with the injected test runner: one `it` per
 * case, each with a fresh adapter from `factory`, titled with the case's stable id.
 *
 * ```ts
 * import { describe, expect, it } from 'vitest';
 * import { describeAdapterConformance } from '@kubenode/testkit';
 * import { createAcmeOs } from './acme-os-adapter.js';
 *
 * describeAdapterConformance(createAcmeOs, {
 *   test: { describe, it, expect },
 *   goldenDir: new URL('../golden/conformance/', import.meta.url),
 * });
 * ```
 */
export function describeAdapterConformance<Settings>(
  factory: ConformanceAdapterFactory<Settings>,
  options: AdapterConformanceOptions<Settings>,
): void {
  const { test } = options;
  const collected = collectConformanceCases(factory, options);
  test.describe(collected.title, () => {
    for (const conformanceCase of collected.cases) {
      test.it(
        `${conformanceCase.id}: ${conformanceCase.title}`,
        () => conformanceCase.run({ expect: test.expect }),
        conformanceCase.timeout,
      );
    }
  });
}
