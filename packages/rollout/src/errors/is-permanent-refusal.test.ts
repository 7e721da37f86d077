import { describe, expect, it } from 'vitest';
import { ClusterApiError } from './cluster-api-error.js';
import { isPermanentRefusal } from './is-permanent-refusal.js';

describe('isPermanentRefusal', () => {
  it('is true for the statuses a retry cannot change, false for the passing ones and for other errors', () => {
    const answer = (code: number) => ClusterApiError.of('patch nodes/node-1', code, 'Reason', 'message');
    expect([400, 403, 404, 405, 422].map((code) => isPermanentRefusal(answer(code)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([409, 410, 429, 500, 503].map((code) => isPermanentRefusal(answer(code)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isPermanentRefusal(new Error('403'))).toBe(false);
  });
});
