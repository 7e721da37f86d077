import { describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN, kubeadmNode, nodeUpdate } from './node-update-admission.js';
import { ValidatingAdmissionPolicyEvaluator } from './validating-admission-policy-evaluator.js';

// The test-support evaluator itself: it must refuse what the API server refuses when a policy is
// created, and apply matchConditions, variables, failurePolicy and messages as the API server does.

function policy(spec: Record<string, unknown>, name = 'p') {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      matchConstraints: {
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['nodes'] },
        ],
      },
      ...spec,
    },
  };
}

const binding = (validationActions: string[] = ['Deny'], policyName = 'p') => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: 'b' },
  spec: { policyName, validationActions },
});

const compileProblems = (spec: Record<string, unknown>, bound = binding()) => {
  try {
    new ValidatingAdmissionPolicyEvaluator(policy(spec), bound);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

const update = (
  patch: Record<string, unknown> = { metadata: { labels: { a: 'b' } } },
  subResource?: 'status',
) =>
  nodeUpdate(kubeadmNode('node-1'), patch, {
    user: CLUSTER_ADMIN,
    ...(subResource ? { subResource } : {}),
  });

describe('ValidatingAdmissionPolicyEvaluator (test support)', () => {
  it('refuses policies the API server would not compile', () => {
    expect(compileProblems({ validations: [{ expression: 'object.metadata.name' }] })).toMatch(
      /validations\[0\]: must evaluate to bool, not dyn/,
    );
    expect(compileProblems({ validations: [{ expression: 'true', messageExpression: '1' }] })).toMatch(
      /validations\[0\]\.messageExpression: must evaluate to string, not int/,
    );
    expect(compileProblems({ validations: [{ expression: 'request.userInfo.usrname == "x"' }] })).toMatch(
      /validations\[0\]/,
    );
    expect(compileProblems({ validations: [{ expression: '1 +' }] })).toMatch(/validations\[0\]/);
    expect(
      compileProblems({
        variables: [
          { name: 'a', expression: 'variables.b' },
          { name: 'b', expression: 'true' },
        ],
        validations: [{ expression: 'true' }],
      }),
    ).toMatch(/variables\[a\]/);
    expect(
      compileProblems({
        matchConditions: [{ name: 'm', expression: 'variables.a' }],
        variables: [{ name: 'a', expression: 'true' }],
        validations: [{ expression: 'true' }],
      }),
    ).toMatch(/matchConditions\[m\]/);
    expect(compileProblems({ validations: [{ expression: 'true' }] }, binding(['Warn']))).toMatch(/Deny/);
    expect(compileProblems({ validations: [{ expression: 'true' }] }, binding(['Deny'], 'q'))).toMatch(
      /does not bind policy p/,
    );
    expect(compileProblems({ validations: [{ expression: 'true' }] })).toBe('');
  });

  it('matches resource rules by group, version, operation, resource and subresource', () => {
    const evaluator = new ValidatingAdmissionPolicyEvaluator(
      policy({ validations: [{ expression: 'false', message: 'no' }] }),
      binding(),
    );
    expect(evaluator.admit(update())).toMatchObject({ matched: true, allowed: false });
    expect(evaluator.admit(update({ status: { phase: 'x' } }, 'status')).matched).toBe(false);
    const statusToo = new ValidatingAdmissionPolicyEvaluator(
      policy({
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['nodes/*'] },
          ],
        },
        validations: [{ expression: 'false' }],
      }),
      binding(),
    );
    expect(statusToo.admit(update({ status: { phase: 'x' } }, 'status')).matched).toBe(true);
    expect(statusToo.admit(update()).matched).toBe(false);
  });

  it('applies the failurePolicy to errors, falls back to message, reports the first denial first', () => {
    const failing = (failurePolicy: 'Fail' | 'Ignore') =>
      new ValidatingAdmissionPolicyEvaluator(
        policy({
          failurePolicy,
          matchConditions: [{ name: 'broken', expression: 'object.metadata.missing == "x"' }],
          validations: [{ expression: 'true' }],
        }),
        binding(),
      );
    expect(failing('Fail').admit(update())).toMatchObject({
      matched: true,
      allowed: false,
      denials: [{ source: 'matchConditions[broken]' }],
    });
    expect(failing('Ignore').admit(update())).toMatchObject({ matched: false, allowed: true });

    const evaluator = new ValidatingAdmissionPolicyEvaluator(
      policy({
        variables: [
          { name: 'missing', expression: 'object.metadata.missing' },
          { name: 'name', expression: 'object.metadata.name' },
        ],
        validations: [
          { expression: 'variables.missing == "x"', message: 'never shown' },
          {
            expression: 'variables.name == "other"',
            messageExpression: '"node " + variables.name + " is not other"',
            reason: 'Forbidden',
          },
          { expression: 'false', messageExpression: '"x" + string(variables.missing)', message: 'fallback' },
          { expression: 'false' },
        ],
      }),
      binding(),
    );
    const decision = evaluator.admit(update());
    expect(decision.denials.map(({ source, message, reason }) => ({ source, message, reason }))).toEqual([
      {
        source: 'validations[0]',
        message:
          'expression \'variables.missing == "x"\' resulted in error: variables.missing: No such key: missing',
        reason: 'Invalid',
      },
      { source: 'validations[1]', message: 'node node-1 is not other', reason: 'Forbidden' },
      { source: 'validations[2]', message: 'fallback', reason: 'Invalid' },
      { source: 'validations[3]', message: 'failed expression: false', reason: 'Invalid' },
    ]);
    expect(decision.variables).toEqual({ name: 'node-1' });
  });
});
