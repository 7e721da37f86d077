import type { NodeTaint } from '../node-pool/kubernetes-spec-schema.js';

/**
 * One taint in the kubelet's `--register-with-taints` syntax: `key=value:Effect`, or
 * `key:Effect` when the taint has no value. k3s (`--node-taint`, k3OS `k3os.taints`) and the
 * kubelet flag read this form.
 */
export function taintArgument(taint: NodeTaint): string {
  return taint.value === undefined
    ? `${taint.key}:${taint.effect}`
    : `${taint.key}=${taint.value}:${taint.effect}`;
}

/** The `--register-with-taints` value: every taint in `key=value:Effect` form, comma-separated, in input order. */
export function registerWithTaintsArgument(taints: readonly NodeTaint[]): string {
  return taints.map(taintArgument).join(',');
}
