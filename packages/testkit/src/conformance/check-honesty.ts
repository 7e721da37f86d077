import {
  SpecValidationError,
  UnsupportedFeatureError,
  type DistroAdapterV1,
  type FeatureSupportV1,
  type NodePoolFeature,
} from '@kubenode/core';
import { featureNeedles, joinNeedles } from '../evidence/feature-needles.js';
import type { RenderOutcome } from '../golden/golden-text.js';
import type { ConformancePool } from '../pools/conformance-pool.js';
import { describeError } from '../text/describe-error.js';
import { kubernetesVersionInRange } from './kubernetes-version-range.js';
import type { ConformanceSuite } from './conformance-suite.js';
import type { Problems } from './problems.js';

function declaration(feature: NodePoolFeature, support: FeatureSupportV1 | undefined): string {
  if (!support) return `capabilities.features["${feature}"] is not declared`;
  if (support.level === 'unsupported')
    return `capabilities.features["${feature}"] is declared unsupported ("${support.reason}")`;
  const restricted = support.restrictions ? ` with restrictions ("${support.restrictions}")` : '';
  return `capabilities.features["${feature}"] is declared ${support.level} ("${support.how}")${restricted}`;
}

function isAtOrBelow(field: string, feature: NodePoolFeature): boolean {
  const base = `spec.${feature}`;
  return field === base || field.startsWith(`${base}.`) || field.startsWith(`${base}[`);
}

function isBelow(field: string, feature: NodePoolFeature): boolean {
  const base = `spec.${feature}`;
  return field.startsWith(`${base}.`) || field.startsWith(`${base}[`);
}

/** The most specific feature a field belongs to (`spec.os.users[0].passwordHash` → `os.users.passwordHash`). */
function featureOfField(field: string, features: readonly NodePoolFeature[]): NodePoolFeature | undefined {
  const normalized = field.replace(/\[\d+\]/g, '');
  return [...features]
    .sort((a, b) => b.length - a.length)
    .find((feature) => normalized === `spec.${feature}` || normalized.startsWith(`spec.${feature}.`));
}

/**
 * The core honesty rule, for one pool and what rendering it did: a pool that uses a feature
 * declared unsupported must be refused with `UnsupportedFeatureError` naming that feature; a pool
 * using only supported features must render (restricted features may refuse a value below the
 * feature), and every supported feature's values, and the join material, must be in the output.
 */
export function checkHonesty(
  suite: ConformanceSuite<unknown>,
  adapter: DistroAdapterV1,
  entry: ConformancePool,
  outcome: RenderOutcome,
  problems: Problems,
): void {
  const declared = adapter.capabilities.features;
  const used = entry.features;
  const unsupported = used.filter((feature) => declared[feature]?.level === 'unsupported');
  const restricted = used.filter((feature) => {
    const support = declared[feature];
    return support !== undefined && support.level !== 'unsupported' && support.restrictions !== undefined;
  });
  const secrets = suite.secretsOf(entry.pool);
  const usedList =
    used.length === 0 ? 'no optional feature' : used.map((feature) => `spec.${feature}`).join(', ');
  const range = adapter.capabilities.kubernetesVersions;
  const version = entry.pool.spec.kubernetes.version;
  if (range !== undefined && !kubernetesVersionInRange(version, range)) {
    const refusedVersion =
      outcome.kind === 'refused' &&
      ((UnsupportedFeatureError.isInstance(outcome.error) &&
        outcome.error.field === 'spec.kubernetes.version') ||
        (SpecValidationError.isInstance(outcome.error) &&
          outcome.error.issues.some((issue) => issue.path.join('.') === 'spec.kubernetes.version')));
    problems.check(
      refusedVersion,
      () =>
        `capabilities.kubernetesVersions is ${range.min} to ${range.max}, but pool '${entry.id}' asks for Kubernetes ${version} and provision() ${outcome.kind === 'rendered' ? 'rendered it' : `threw ${describeError(outcome.error, secrets)}`}: refuse it with UnsupportedFeatureError (or SpecValidationError) naming spec.kubernetes.version`,
    );
    return;
  }

  if (outcome.kind === 'refused') {
    const error = outcome.error;
    if (!UnsupportedFeatureError.isInstance(error)) {
      problems.add(
        unsupported.length > 0
          ? `pool '${entry.id}' uses ${unsupported.map((f) => `spec.${f}`).join(', ')}, declared unsupported, so provision() must throw UnsupportedFeatureError (recognised by UnsupportedFeatureError.isInstance); it threw ${describeError(error, secrets)}`
          : `pool '${entry.id}' uses ${usedList}, all declared supported, so provision() must render it; it threw ${describeError(error, secrets)}`,
      );
      return;
    }
    const field = error.field;
    const normalized = field.replace(/\[\d+\]/g, '');
    const namesUnsupported = unsupported.some(
      (feature) => isAtOrBelow(field, feature) || isAtOrBelow(normalized, feature),
    );
    const namesRestricted = restricted.some((feature) => isBelow(field, feature));
    if (!namesUnsupported && !namesRestricted) {
      const owner = featureOfField(field, used);
      if (owner !== undefined && declared[owner]?.level !== 'unsupported') {
        problems.add(
          `${declaration(owner, declared[owner])}, but provision() refused ${field} of pool '${entry.id}' with UnsupportedFeatureError: declare the feature unsupported, or declare its restrictions and refuse only below spec.${owner}`,
        );
      } else {
        problems.add(
          `provision() refused pool '${entry.id}' naming ${field}, which is none of the features the pool uses that are declared unsupported (${unsupported.map((f) => `spec.${f}`).join(', ') || 'none'}) or restricted (${restricted.map((f) => `spec.${f}`).join(', ') || 'none'})`,
        );
      }
    }
    if (error.distro !== adapter.id) {
      problems.add(
        `UnsupportedFeatureError.distro is '${error.distro}', expected the adapter id '${adapter.id}'`,
      );
    }
    if (typeof error.alternative !== 'string' || error.alternative.trim() === '') {
      problems.add(
        `UnsupportedFeatureError for ${field} names no alternative: say what to do instead on ${adapter.id}`,
      );
    }
    return;
  }

  if (unsupported.length > 0) {
    for (const feature of unsupported) {
      problems.add(
        `${declaration(feature, declared[feature])}, but provision() rendered pool '${entry.id}', which sets spec.${feature}, instead of throwing UnsupportedFeatureError: the value was dropped silently, or the declaration is wrong (call assertFeaturesSupported first in provision)`,
      );
    }
    return;
  }

  const haystack = suite.haystack(outcome.result.artifacts);
  for (const needle of joinNeedles(entry.pool)) {
    problems.check(
      needle.found(haystack),
      () => `the output of pool '${entry.id}' does not carry ${needle.what}: a node could not join`,
    );
  }
  for (const feature of used) {
    for (const needle of featureNeedles(entry.pool, feature)) {
      problems.check(
        needle.found(haystack),
        () =>
          `${declaration(feature, declared[feature])}, but the output of pool '${entry.id}' does not carry ${needle.what}`,
      );
    }
  }
}
