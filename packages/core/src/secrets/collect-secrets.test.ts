import { describe, expect, it } from 'vitest';
import { pool } from '../test-support/fixtures.js';
import { collectSecrets, redactSecrets } from './collect-secrets.js';

describe('collectSecrets', () => {
  it('finds the token, its secret half, password hashes and private keys', () => {
    const key =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const secrets = collectSecrets(
      pool({
        os: {
          users: [{ name: 'ops', passwordHash: '$6$salt$abcdefghijklmnop' }],
          files: [{ path: '/root/.ssh/id', contents: key, mode: '0600' }],
        },
      }),
    );
    expect(secrets).toContain('abcdef.0123456789abcdef');
    expect(secrets).toContain('0123456789abcdef');
    expect(secrets).toContain('$6$salt$abcdefghijklmnop');
    expect(secrets).toContain(key);
    const withOptions = collectSecrets(
      pool({
        adapterOptions: {
          talos: {
            machine: { token: 'wxyzab.abcdefghijklmnop' },
            cluster: { secret: 'c2VjcmV0LXZhbHVlLTEyMzQ=' },
          },
          other: { keys: ['not-a-secret-value'] },
        },
      }),
    );
    expect(withOptions).toEqual(
      expect.arrayContaining(['wxyzab.abcdefghijklmnop', 'abcdefghijklmnop', 'c2VjcmV0LXZhbHVlLTEyMzQ=']),
    );
    expect(withOptions).not.toContain('not-a-secret-value');
    expect(redactSecrets('token 0123456789abcdef and abcdef.0123456789abcdef', secrets)).toBe(
      'token [redacted] and [redacted]',
    );
  });
});
