import type { K8sLabelSelector } from './kubernetes-objects.js';

/** A compiled label selector: a predicate over an object's labels. */
export type LabelPredicate = (labels: Readonly<Record<string, string>> | undefined) => boolean;

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Whether labels match a metav1.LabelSelector (all of `matchLabels` and all `matchExpressions`).
 * An empty selector matches everything, as for PodDisruptionBudgets in policy/v1.
 */
export function matchesLabelSelector(
  selector: K8sLabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!selector) return true;
  const own = labels ?? NO_LABELS;
  const matchLabels = selector.matchLabels;
  // for...in rather than Object.entries: this runs for every pod × candidate budget, allocation-free.
  if (matchLabels)
    for (const key in matchLabels) {
      if (!Object.prototype.hasOwnProperty.call(matchLabels, key)) continue;
      if (own[key] !== matchLabels[key]) return false;
    }
  const expressions = selector.matchExpressions;
  if (!expressions) return true;
  for (const requirement of expressions) {
    const has = Object.prototype.hasOwnProperty.call(own, requirement.key);
    const value = own[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * Parses the API's string form of a label selector (`a=b,c!=d,e,!f,g in (x,y),h notin (z)`) into
 * a predicate. Returns undefined for text that is not a valid selector.
 */
export function parseLabelSelector(text: string): LabelPredicate | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return () => true;
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of trimmed) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  const key = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
  const checks: LabelPredicate[] = [];
  for (const part of parts) {
    let match: RegExpExecArray | null;
    if ((match = new RegExp(`^(${key})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`).exec(part))) {
      const [, name, , operator, value] = match as unknown as [string, string, string, string, string];
      checks.push(
        operator === '!='
          ? (labels) => (labels ?? {})[name] !== value
          : (labels) => (labels ?? {})[name] === value,
      );
    } else if ((match = new RegExp(`^!(${key})$`).exec(part))) {
      const name = match[1] as string;
      checks.push((labels) => !Object.prototype.hasOwnProperty.call(labels ?? {}, name));
    } else if ((match = new RegExp(`^(${key})$`).exec(part))) {
      const name = match[1] as string;
      checks.push((labels) => Object.prototype.hasOwnProperty.call(labels ?? {}, name));
    } else if ((match = new RegExp(`^(${key})\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(part))) {
      const name = match[1] as string;
      const operator = match[3] as string;
      const values = (match[4] as string).split(',').map((value) => value.trim());
      checks.push(
        operator === 'in'
          ? (labels) => {
              const value = (labels ?? {})[name];
              return value !== undefined && values.includes(value);
            }
          : (labels) => {
              const value = (labels ?? {})[name];
              return value === undefined || !values.includes(value);
            },
      );
    } else return undefined;
  }
  return (labels) => checks.every((check) => check(labels));
}

/** The string form of a selector made only of `matchLabels` (e.g. `kubenode.dev/pool=workers`). */
export function formatMatchLabels(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}
