import { Environment } from '@marcbachmann/cel-js';

// Test support: evaluates a ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) and its
// binding the way the Kubernetes API server does, with the CEL interpreter @marcbachmann/cel-js:
// resource rules, then matchConditions, then variables, then validations with their messages.
// The CEL environment mirrors the API server's (k8s.io/apiserver admission/plugin/cel):
// `object` and `oldObject` are dyn, `request` is the declared AdmissionRequest type, `variables`
// carries each variable's checked type, list and map literals are homogeneous. Kubernetes CEL is
// a superset of what this interpreter knows (its extension libraries: quantity, ip, cidr, url,
// regex, authz, ...), so a policy that passes here uses only the common part.

/** What the admission chain hands a policy for one request: `request`, `object`, `oldObject`. */
export interface AdmissionAttributes {
  /** An AdmissionRequest as the `request` CEL variable shows it (no uid, object, oldObject). */
  readonly request: AdmissionRequestDocument;
  /** The object after the change (null for DELETE). */
  readonly object: unknown;
  /** The object before the change (null for CREATE). */
  readonly oldObject: unknown;
}

/** The fields of `request` (Kubernetes `BuildRequestType`). */
export interface AdmissionRequestDocument {
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly subResource?: string;
  readonly requestKind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly requestResource: { readonly group: string; readonly version: string; readonly resource: string };
  readonly requestSubResource?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly userInfo: {
    readonly username?: string;
    readonly uid?: string;
    readonly groups?: readonly string[];
    readonly extra?: Readonly<Record<string, readonly string[]>>;
  };
  readonly dryRun?: boolean;
  readonly options?: unknown;
}

/** One refusal: a validation that was false, or an expression that failed (failurePolicy Fail). */
export interface AdmissionDenial {
  /** `validations[<n>]` or `matchConditions[<name>]`. */
  readonly source: string;
  /** What the API server would answer (messageExpression, else message, else the expression). */
  readonly message: string;
  readonly reason: string;
  /** The evaluation error, when the expression failed rather than returned false. */
  readonly error?: string;
}

/** The policy's verdict on one request. */
export interface AdmissionDecision {
  /** Whether the policy applied: its rules matched and every matchCondition was true. */
  readonly matched: boolean;
  readonly allowed: boolean;
  /** In the policy's order; the API server reports the first. */
  readonly denials: readonly AdmissionDenial[];
  /** The variables' values (those that evaluated). */
  readonly variables: Readonly<Record<string, unknown>>;
}

interface ResourceRule {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly string[];
  readonly resources: readonly string[];
}

interface PolicySpec {
  readonly failurePolicy?: 'Fail' | 'Ignore';
  readonly matchConstraints: { readonly resourceRules: readonly ResourceRule[] };
  readonly matchConditions?: readonly { readonly name: string; readonly expression: string }[];
  readonly variables?: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly {
    readonly expression: string;
    readonly message?: string;
    readonly messageExpression?: string;
    readonly reason?: string;
  }[];
}

const GVK = { group: 'string', version: 'string', kind: 'string' };
const GVR = { group: 'string', version: 'string', resource: 'string' };
const REQUEST_SCHEMA = {
  kind: GVK,
  resource: GVR,
  subResource: 'string',
  requestKind: GVK,
  requestResource: GVR,
  requestSubResource: 'string',
  name: 'string',
  namespace: 'string',
  operation: 'string',
  userInfo: { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' },
  dryRun: 'bool',
  options: 'dyn',
};

type Program = (context: Record<string, unknown>) => unknown;

const errorText = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * A ValidatingAdmissionPolicy with its binding, compiled: every expression parsed and
 * type-checked as the API server does when the policy is created (a validation or match
 * condition must be `bool`, a messageExpression `string`, a variable may use only the variables
 * before it; matchConditions see no variables). The constructor throws listing every problem.
 */
export class ValidatingAdmissionPolicyEvaluator {
  private readonly spec: PolicySpec;
  private readonly conditions: { name: string; program: Program }[] = [];
  private readonly variables: { name: string; program: Program; uses: Set<string> }[] = [];
  private readonly validations: {
    program: Program;
    uses: Set<string>;
    message: string;
    messageProgram?: Program;
    messageUses: Set<string>;
    reason: string;
  }[] = [];

  constructor(policy: Record<string, unknown>, binding: Record<string, unknown>) {
    const problems: string[] = [];
    const policyName = (policy.metadata as { name?: string } | undefined)?.name;
    if (
      policy.apiVersion !== 'admissionregistration.k8s.io/v1' ||
      policy.kind !== 'ValidatingAdmissionPolicy'
    )
      problems.push('not an admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy');
    const bindingSpec = binding.spec as { policyName?: string; validationActions?: string[] } | undefined;
    if (binding.kind !== 'ValidatingAdmissionPolicyBinding' || bindingSpec?.policyName !== policyName)
      problems.push(`the binding does not bind policy ${String(policyName)}`);
    if (JSON.stringify(bindingSpec?.validationActions) !== '["Deny"]')
      problems.push('only validationActions [Deny] is evaluated here');
    this.spec = policy.spec as PolicySpec;

    const types: Record<string, string> = {};
    const compile = (
      where: string,
      expression: string,
      expected: string | undefined,
      withVariables: boolean,
    ) => {
      const environment = new Environment()
        .registerVariable('object', 'dyn')
        .registerVariable('oldObject', 'dyn')
        .registerVariable({ name: 'request', schema: REQUEST_SCHEMA });
      if (withVariables && Object.keys(types).length > 0)
        environment.registerVariable({ name: 'variables', schema: { ...types } });
      try {
        const parsed = environment.parse(expression);
        const checked = parsed.check();
        if (!checked.valid) problems.push(`${where}: ${errorText(checked.error)}`);
        else if (expected !== undefined && checked.type !== expected)
          problems.push(`${where}: must evaluate to ${expected}, not ${String(checked.type)}`);
        return { program: parsed as unknown as Program, type: checked.type };
      } catch (error) {
        problems.push(`${where}: ${errorText(error)}`);
        return { program: (() => undefined) as Program, type: undefined };
      }
    };
    const uses = (expression: string) =>
      new Set([...expression.matchAll(/\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string));

    for (const condition of this.spec.matchConditions ?? [])
      this.conditions.push({
        name: condition.name,
        program: compile(`matchConditions[${condition.name}]`, condition.expression, 'bool', false).program,
      });
    for (const variable of this.spec.variables ?? []) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable.name) || variable.name in types)
        problems.push(`variables[${variable.name}]: not a new CEL identifier`);
      const compiled = compile(`variables[${variable.name}]`, variable.expression, undefined, true);
      this.variables.push({
        name: variable.name,
        program: compiled.program,
        uses: uses(variable.expression),
      });
      if (compiled.type !== undefined) types[variable.name] = compiled.type;
    }
    this.spec.validations.forEach((validation, index) => {
      const compiled = compile(`validations[${index}]`, validation.expression, 'bool', true);
      const messageProgram =
        validation.messageExpression === undefined
          ? undefined
          : compile(`validations[${index}].messageExpression`, validation.messageExpression, 'string', true)
              .program;
      if (validation.message?.includes('\n'))
        problems.push(`validations[${index}]: message has a line break`);
      this.validations.push({
        program: compiled.program,
        uses: uses(validation.expression),
        messageUses: uses(validation.messageExpression ?? ''),
        message: validation.message ?? `failed expression: ${validation.expression}`,
        ...(messageProgram ? { messageProgram } : {}),
        reason: validation.reason ?? 'Invalid',
      });
    });
    if (problems.length > 0) throw new Error(`invalid ValidatingAdmissionPolicy:\n${problems.join('\n')}`);
  }

  /** Whether a request's resource and operation match one of `matchConstraints.resourceRules`. */
  private rulesMatch(request: AdmissionRequestDocument): boolean {
    const resource = request.subResource
      ? `${request.resource.resource}/${request.subResource}`
      : request.resource.resource;
    const resourceMatches = (entry: string) => {
      if (entry === '*/*' || entry === resource) return true;
      if (entry === '*') return !request.subResource;
      const [name, sub] = entry.split('/');
      return sub === '*' && name === request.resource.resource && Boolean(request.subResource);
    };
    const has = (list: readonly string[], value: string) => list.includes('*') || list.includes(value);
    return this.spec.matchConstraints.resourceRules.some(
      (rule) =>
        has(rule.apiGroups, request.resource.group) &&
        has(rule.apiVersions, request.resource.version) &&
        has(rule.operations, request.operation) &&
        rule.resources.some(resourceMatches),
    );
  }

  /** The policy's verdict on one request (failurePolicy applied to evaluation errors). */
  admit(attributes: AdmissionAttributes): AdmissionDecision {
    const skipped: AdmissionDecision = { matched: false, allowed: true, denials: [], variables: {} };
    if (!this.rulesMatch(attributes.request)) return skipped;
    const failClosed = (this.spec.failurePolicy ?? 'Fail') === 'Fail';
    const base = {
      object: attributes.object,
      oldObject: attributes.oldObject,
      request: attributes.request,
    };

    // Any false condition skips the policy; otherwise any error applies the failurePolicy.
    let conditionError: AdmissionDenial | undefined;
    for (const condition of this.conditions) {
      try {
        if (condition.program(base) !== true) return skipped;
      } catch (error) {
        conditionError ??= {
          source: `matchConditions[${condition.name}]`,
          message: `failed to evaluate match condition ${condition.name}: ${errorText(error)}`,
          reason: 'Invalid',
          error: errorText(error),
        };
      }
    }
    if (conditionError)
      return failClosed
        ? { matched: true, allowed: false, denials: [conditionError], variables: {} }
        : skipped;

    // Variables are evaluated once each; an expression using a failed one fails with its error.
    const values: Record<string, unknown> = {};
    const failed = new Map<string, string>();
    const failure = (used: Set<string>) => [...used].map((name) => failed.get(name)).find(Boolean);
    for (const variable of this.variables) {
      const inherited = failure(variable.uses);
      if (inherited !== undefined) {
        failed.set(variable.name, inherited);
        continue;
      }
      try {
        values[variable.name] = variable.program({ ...base, variables: values });
      } catch (error) {
        failed.set(variable.name, `variables.${variable.name}: ${errorText(error)}`);
      }
    }

    const denials: AdmissionDenial[] = [];
    this.validations.forEach((validation, index) => {
      const source = `validations[${index}]`;
      let outcome: unknown;
      let error = failure(validation.uses);
      if (error === undefined) {
        try {
          outcome = validation.program({ ...base, variables: values });
        } catch (thrown) {
          error = errorText(thrown);
        }
      }
      if (error !== undefined || typeof outcome !== 'boolean') {
        if (failClosed)
          denials.push({
            source,
            message: `expression '${this.spec.validations[index]?.expression}' resulted in error: ${error ?? 'not a bool'}`,
            reason: 'Invalid',
            error: error ?? 'not a bool',
          });
        return;
      }
      if (outcome) return;
      let message = validation.message;
      if (validation.messageProgram && failure(validation.messageUses) === undefined) {
        try {
          const text = validation.messageProgram({ ...base, variables: values });
          if (typeof text === 'string' && text.trim() !== '' && !text.includes('\n')) message = text;
        } catch {
          // The API server falls back to `message` too.
        }
      }
      denials.push({ source, message, reason: validation.reason });
    });
    return { matched: true, allowed: denials.length === 0, denials, variables: values };
  }
}
