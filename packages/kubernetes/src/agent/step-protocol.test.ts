import { describe, expect, it } from 'vitest';
import {
  FINAL_STEP_STATES,
  parseStepRequest,
  parseStepResponse,
  stepSigningPayload,
  type StepRequestV1,
} from './step-protocol.js';

const REQUEST: StepRequestV1 = {
  v: 1,
  id: '0b5c7a1e-9d7f-4a43-8f3e-5d8f1b2c3d4e',
  node: 'node-1',
  phase: 'apply',
  description: 'install the staged update',
  command: ['sh', '-c', 'echo "quoted \\"text\\"" && exit 0'],
  timeoutSeconds: 900,
  issuedAt: '2026-01-05T10:00:00.000Z',
  expiresAt: '2026-01-05T10:10:00.000Z',
  issuer: 'kubenode-controller-7d9f-abcde',
  keyId: '0123456789abcdef',
  signature: 'c2lnbmF0dXJl',
};

describe('stepSigningPayload', () => {
  it('is a domain-separation line followed by every field but the signature, in a fixed order', () => {
    const { signature: _signature, ...unsigned } = REQUEST;
    expect(stepSigningPayload(unsigned).toString('utf8')).toBe(
      'kubenode.dev/agent-request/v1\n' +
        '[1,"0b5c7a1e-9d7f-4a43-8f3e-5d8f1b2c3d4e","node-1","apply","install the staged update",' +
        '["sh","-c","echo \\"quoted \\\\\\"text\\\\\\"\\" && exit 0"],900,"2026-01-05T10:00:00.000Z",' +
        '"2026-01-05T10:10:00.000Z","kubenode-controller-7d9f-abcde","0123456789abcdef"]',
    );
  });

  it('signs a boot fence after the other fields, and only when the request has one', () => {
    const { signature: _signature, ...unsigned } = REQUEST;
    const fenced = stepSigningPayload({ ...unsigned, bootID: '5f0c2c5e-0d6b-4f55-9c3d-0b1e2f3a4b5c' });
    expect(fenced.toString('utf8')).toBe(
      `${stepSigningPayload(unsigned).toString('utf8').slice(0, -1)},"5f0c2c5e-0d6b-4f55-9c3d-0b1e2f3a4b5c"]`,
    );
    expect(parseStepRequest(JSON.stringify({ ...REQUEST, bootID: 'boot-1' }))?.bootID).toBe('boot-1');
    expect(parseStepRequest(JSON.stringify({ ...REQUEST, bootID: '' }))).toBeUndefined();
  });

  it('does not depend on the order of the keys in the request', () => {
    const { signature: _signature, ...unsigned } = REQUEST;
    const reversed = Object.fromEntries(Object.entries(unsigned).reverse()) as typeof unsigned;
    expect(Object.keys(reversed)[0]).toBe('keyId');
    expect(stepSigningPayload(reversed).equals(stepSigningPayload(unsigned))).toBe(true);
    // A request read back from its annotation with its keys in another order.
    const reparsed = parseStepRequest(JSON.stringify(Object.fromEntries(Object.entries(REQUEST).reverse())));
    const { signature: _again, ...fromJson } = reparsed as StepRequestV1;
    expect(stepSigningPayload(fromJson).equals(stepSigningPayload(unsigned))).toBe(true);
  });

  it('keeps values that would collide under naive joining apart', () => {
    const { signature: _signature, ...unsigned } = REQUEST;
    const a = stepSigningPayload({ ...unsigned, command: ['a b', 'c'] });
    const b = stepSigningPayload({ ...unsigned, command: ['a', 'b c'] });
    const c = stepSigningPayload({ ...unsigned, description: 'x","y', issuer: 'z' });
    const d = stepSigningPayload({ ...unsigned, description: 'x', issuer: 'y","z' });
    expect(a.equals(b)).toBe(false);
    expect(c.equals(d)).toBe(false);
  });

  it('starts with a line naming the protocol and its version (domain separation)', () => {
    const { signature: _signature, ...unsigned } = REQUEST;
    const payload = stepSigningPayload(unsigned).toString('utf8');
    expect(payload.split('\n')[0]).toBe('kubenode.dev/agent-request/v1');
    expect(JSON.parse(payload.slice(payload.indexOf('\n') + 1))).toHaveLength(11);
  });
});

describe('parseStepRequest', () => {
  it('reads a valid request back exactly', () => {
    expect(parseStepRequest(JSON.stringify(REQUEST))).toEqual(REQUEST);
  });

  it('answers undefined for an absent, empty or non-JSON value, never throwing', () => {
    expect(parseStepRequest(undefined)).toBeUndefined();
    expect(parseStepRequest('')).toBeUndefined();
    expect(parseStepRequest('{"v":1,')).toBeUndefined();
    expect(parseStepRequest('null')).toBeUndefined();
    expect(parseStepRequest('[]')).toBeUndefined();
    expect(parseStepRequest('"text"')).toBeUndefined();
  });

  it('refuses every schema violation', () => {
    const bad: Record<string, unknown>[] = [
      { v: 2 },
      { id: 'short' },
      { id: 'x'.repeat(65) },
      { node: '' },
      { phase: 'install' },
      { description: 'x'.repeat(1025) },
      { command: 'sh -c true' },
      { command: [1] },
      { command: Array.from({ length: 513 }, () => 'x') },
      { timeoutSeconds: 0 },
      { timeoutSeconds: 1.5 },
      { timeoutSeconds: 7 * 86_400 + 1 },
      { keyId: '0123456789ABCDEF' },
      { keyId: '0123456789abcde' },
      { signature: '' },
    ];
    for (const change of bad)
      expect(
        parseStepRequest(JSON.stringify({ ...REQUEST, ...change })),
        JSON.stringify(change),
      ).toBeUndefined();
    for (const field of Object.keys(REQUEST)) {
      const { [field]: _gone, ...missing } = REQUEST as unknown as Record<string, unknown>;
      expect(parseStepRequest(JSON.stringify(missing)), `without ${field}`).toBeUndefined();
    }
  });

  it('refuses a request with an extra field (it would be data the signature does not cover)', () => {
    expect(parseStepRequest(JSON.stringify({ ...REQUEST, env: { SECRET: 'x' } }))).toBeUndefined();
  });
});

describe('parseStepResponse', () => {
  const RESPONSE = {
    v: 1,
    id: REQUEST.id,
    state: 'exited',
    exitCode: 0,
    stdout: 'done\n',
    stderr: '',
    bootID: '5f1c2a9e-0000-4000-8000-000000000001',
    at: '2026-01-05T10:01:00.000Z',
  };

  it('reads a valid response back exactly', () => {
    expect(parseStepResponse(JSON.stringify(RESPONSE))).toEqual(RESPONSE);
  });

  it('answers undefined for an absent, non-JSON or schema-violating value', () => {
    expect(parseStepResponse(undefined)).toBeUndefined();
    expect(parseStepResponse('')).toBeUndefined();
    expect(parseStepResponse('{')).toBeUndefined();
    expect(parseStepResponse(JSON.stringify({ ...RESPONSE, state: 'done' }))).toBeUndefined();
    expect(parseStepResponse(JSON.stringify({ ...RESPONSE, exitCode: 1.5 }))).toBeUndefined();
    expect(parseStepResponse(JSON.stringify({ ...RESPONSE, v: 2 }))).toBeUndefined();
    const { at: _at, ...noTime } = RESPONSE;
    expect(parseStepResponse(JSON.stringify(noTime))).toBeUndefined();
  });

  it('accepts and drops fields a newer agent may add (responses are read leniently)', () => {
    expect(parseStepResponse(JSON.stringify({ ...RESPONSE, progress: 0.5 }))).toEqual(RESPONSE);
  });
});

describe('FINAL_STEP_STATES', () => {
  it('holds exactly the states after which a request is settled', () => {
    expect([...FINAL_STEP_STATES].sort()).toEqual(['exited', 'lost', 'rejected', 'timeout']);
  });
});
