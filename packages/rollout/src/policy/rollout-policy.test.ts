import { SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { simulatedPool } from '../simulator/simulated-pool.js';
import { resolveRolloutPolicy } from './resolve-rollout-policy.js';
import { defaultRolloutPolicy, parseRolloutPolicy } from './rollout-policy.js';

describe('rollout policy', () => {
  it('has safe defaults', () => {
    const policy = defaultRolloutPolicy();
    expect(policy.capacityFloor).toEqual({ percent: 80, fitRequests: true });
    expect(policy.waves).toEqual({ canaryPerZone: 1, growthFactor: 2, soakSeconds: 0 });
    expect(policy.drain.escalation).toBe('abort-node');
    expect(policy.failureBudget).toBe('1%');
    expect(policy.onFailureBudgetExhausted).toBe('halt');
  });

  it('resolves percentages against the pool and takes maxUnavailable and the window from the NodePool', () => {
    const pool = simulatedPool({ name: 'workers', distro: 'flatcar', maxUnavailable: '10%' });
    const resolved = resolveRolloutPolicy({ policy: defaultRolloutPolicy(), poolSize: 45, pool });
    expect(resolved.maxUnavailable).toBe(4);
    expect(resolved.failureBudget).toBe(0);
    expect(resolved.nodeSelector).toBe('kubenode.dev/pool=workers');
    expect(resolved.lease).toEqual({ namespace: 'kube-system', name: 'kubenode-rollout-workers' });
    expect(
      resolveRolloutPolicy({ policy: parseRolloutPolicy({ maxUnavailable: '1%' }), poolSize: 10, pool })
        .maxUnavailable,
    ).toBe(1);
    expect(
      resolveRolloutPolicy({
        policy: parseRolloutPolicy({ rateLimit: { nodes: 3, per: '1h30m' } }),
        poolSize: 10,
        pool,
      }).rateLimit,
    ).toEqual({
      nodes: 3,
      perSeconds: 5400,
    });
  });

  it('accepts the document form and reports every problem with its path', () => {
    expect(
      parseRolloutPolicy({
        apiVersion: 'kubenode.dev/v1alpha1',
        kind: 'RolloutPolicy',
        spec: { maxUnavailable: 3 },
      }).maxUnavailable,
    ).toBe(3);
    let error: unknown;
    try {
      parseRolloutPolicy(
        {
          apiVersion: 'kubenode.dev/v1alpha1',
          kind: 'RolloutPolicy',
          spec: { maxUnavailabel: 3, drain: { escalation: 'nuke' }, rateLimit: { nodes: 1, per: 'often' } },
        },
        { source: 'policy.yaml' },
      );
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    const issues = (error as SpecValidationError).issues.map((issue) => [
      issue.path.join('.'),
      issue.message,
    ]);
    expect(issues).toContainEqual([
      'spec.maxUnavailabel',
      "unknown field 'maxUnavailabel'; did you mean 'maxUnavailable'?",
    ]);
    expect(issues).toContainEqual([
      'spec.drain.escalation',
      'expected one of "abort-node", "delete", "force"',
    ]);
    expect(issues).toContainEqual(['spec.rateLimit.per', 'expected a duration such as "1h", "10m" or "30s"']);
    expect(() => parseRolloutPolicy({ kind: 'NodePool' })).toThrow(/expected "RolloutPolicy"/);
  });

  it('refuses onFailureBudgetExhausted: rollback, which is not implemented, instead of ignoring it', () => {
    let error: unknown;
    try {
      parseRolloutPolicy({ onFailureBudgetExhausted: 'rollback' });
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    expect(
      (error as SpecValidationError).issues.map((issue) => [issue.path.join('.'), issue.message]),
    ).toEqual([
      [
        'onFailureBudgetExhausted',
        '"rollback" (returning the nodes already updated to their previous version) is not implemented yet; only "halt" is',
      ],
    ]);
    expect(() => parseRolloutPolicy({ onFailureBudgetExhausted: 'stop' })).toThrow(/expected one of "halt"/);
    expect(parseRolloutPolicy({ onFailureBudgetExhausted: 'halt' }).onFailureBudgetExhausted).toBe('halt');
  });
});
