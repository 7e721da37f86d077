import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceSerializeIgnitionConfig } from './__fixtures__/reference-serialize-ignition-config.js';
import type { IgnitionConfig } from './ignition-config-types.js';
import {
  IGNITION_FIELD_ORDER,
  isCanonicalIgnitionConfig,
  serializeIgnitionConfig,
  type IgnitionObjectKind,
} from './serialize-ignition-config.js';

// The serializer rebuilds the config in Go field order and lets JSON.stringify write it; these
// properties compare it with the string-building emitter it replaced, on configs of every kind
// with unknown fields, nulls, empty lists and objects, and strings Go escapes differently.
// KUBENODE_PROPERTY_RUNS=50000 npx vitest run src/serialize-ignition-config.test.ts for a long run.
const RUNS = Number(process.env.KUBENODE_PROPERTY_RUNS ?? 1000);
const TIMEOUT = Math.max(60_000, RUNS * 40);

const goHostile = fc.string({
  unit: fc.constantFrom(
    'a',
    ' ',
    '<',
    '>',
    '&',
    '\u2028',
    '\u2029',
    '\b',
    '\f',
    '\\',
    '"',
    '\n',
    '\u0000',
    'é',
    '😀',
    '\ud800',
  ),
  maxLength: 12,
});
const scalar = fc.oneof(
  goHostile,
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const scalarField = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);

/** The output, or the error's type when serialising throws (both must throw alike). */
function outcome(serialize: () => string): string {
  try {
    return serialize();
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message}`;
  }
}

function objectOf(kind: IgnitionObjectKind, depth: number): fc.Arbitrary<unknown> {
  const order = IGNITION_FIELD_ORDER[kind] as Record<string, IgnitionObjectKind | null>;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(order)) {
    if (child === null) fields[key] = scalarField;
    else if (depth > 4) fields[key] = fc.constantFrom(undefined, null, [], {});
    else {
      const value = objectOf(child, depth + 1);
      fields[key] = fc.oneof(
        value,
        fc.array(
          fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(null, {}, []) }),
          {
            maxLength: 3,
          },
        ),
        fc.constantFrom(undefined, null, [], {}),
      );
    }
  }
  // Unknown fields are dropped.
  fields.unknownField = scalarField;
  return fc.record(fields, { requiredKeys: [] });
}

describe('serializeIgnitionConfig', () => {
  it(
    'writes exactly what the string-building emitter wrote, compact and pretty',
    () => {
      fc.assert(
        fc.property(objectOf('config', 0), (config) => {
          expect(outcome(() => serializeIgnitionConfig(config as IgnitionConfig))).toBe(
            outcome(() => referenceSerializeIgnitionConfig(config)),
          );
          expect(outcome(() => serializeIgnitionConfig(config as IgnitionConfig, { pretty: true }))).toBe(
            outcome(() => referenceSerializeIgnitionConfig(config, true)),
          );
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'writes canonical configs (the JSON.stringify path) exactly as the emitter did',
    () => {
      let canonical = 0;
      let nonEmpty = 0;
      fc.assert(
        fc.property(objectOf('config', 0), (config) => {
          const expected = referenceSerializeIgnitionConfig(config);
          // Re-read, the emitter's output is in Go order with empty parts left out.
          const reread = JSON.parse(expected) as IgnitionConfig;
          if (expected !== '{}') nonEmpty++;
          if (isCanonicalIgnitionConfig(reread)) canonical++;
          expect(outcome(() => serializeIgnitionConfig(reread))).toBe(
            outcome(() => referenceSerializeIgnitionConfig(reread)),
          );
          expect(outcome(() => serializeIgnitionConfig(reread, { pretty: true }))).toBe(
            outcome(() => referenceSerializeIgnitionConfig(reread, true)),
          );
        }),
        { numRuns: RUNS },
      );
      // Many re-read configs take the fast path (not those with NaN or an undefined list item,
      // which read back as null, or with `{}` in a list of scalars, which is not canonical).
      expect(canonical).toBeGreaterThan(nonEmpty / 5);
    },
    TIMEOUT,
  );

  it('escapes like Go and leaves out empty parts', () => {
    const config = {
      ignition: { version: '3.3.0', config: { merge: [] } },
      passwd: { users: [{ name: 'a<b>&c\u2028\b\f\\b', sshAuthorizedKeys: [] }, {}] },
    } as unknown as IgnitionConfig;
    expect(serializeIgnitionConfig(config)).toBe(
      '{"ignition":{"version":"3.3.0"},"passwd":{"users":[{"name":"a\\u003cb\\u003e\\u0026c\\u2028\\u0008\\u000c\\\\b"},{}]}}',
    );
    expect(serializeIgnitionConfig({} as IgnitionConfig)).toBe('{}');
  });
});
