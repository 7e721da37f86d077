import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { referenceSerializeIgnitionConfig } from './__fixtures__/reference-serialize-ignition-config.js';
import { decodeDataUrl } from './data-url.js';
import {
  buildIgnitionConfig,
  configReference,
  ignitionDirectory,
  ignitionDropin,
  ignitionFile,
  ignitionGroup,
  ignitionKernelArguments,
  ignitionLink,
  ignitionUnit,
  ignitionUser,
  inlineConfigReference,
  remoteFile,
} from './ignition-builders.js';
import { parseIgnitionConfig } from './parse-ignition-config.js';
import { isCanonicalIgnitionConfig, serializeIgnitionConfig } from './serialize-ignition-config.js';
import { validateIgnitionConfig } from './validate-ignition-config.js';
import { verificationHash } from './verification-hash.js';

const parts = () => ({
  files: [
    ignitionFile('/etc/z.conf', 'z=1\n'),
    ignitionFile('/etc/secret', 'token <&> "x"\n', { mode: 0o600, user: 'core', group: 0 }),
    remoteFile('/opt/bin/tool', 'https://example.com/tool', { mode: 0o755, hash: verificationHash('tool') }),
  ],
  directories: [ignitionDirectory('/opt/bin')],
  links: [ignitionLink('/etc/extensions/k.raw', '/opt/extensions/k/k-v1.raw')],
  units: [
    ignitionUnit('b.service', {
      enabled: true,
      contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
    }),
    ignitionUnit('a.service', {
      dropins: [ignitionDropin('20-b.conf', '[Service]\n'), ignitionDropin('10-a.conf', '[Unit]\n')],
    }),
    ignitionUnit('locksmithd.service', { mask: true }),
  ],
  users: [ignitionUser('ops', { sshAuthorizedKeys: ['ssh-ed25519 AAAA ops'], groups: ['sudo'] })],
  groups: [ignitionGroup('ops-admins', { gid: 4000 })],
  kernelArguments: ignitionKernelArguments({ shouldExist: ['b=1', 'a=2'] }),
  merge: [configReference('https://example.com/extra.ign', { hash: verificationHash('{}') })],
});

describe('builders', () => {
  it('build objects in Go field order, so serialising them takes the JSON.stringify path', () => {
    const config = buildIgnitionConfig({
      ...parts(),
      proxy: { httpProxy: 'http://proxy:3128', noProxy: ['.svc'] },
      timeouts: { httpTotal: 10 },
      certificateAuthorities: [ignitionFile('/x', 'pem').contents!],
      replace: inlineConfigReference({ ignition: { version: '3.3.0' } }),
    });
    expect(isCanonicalIgnitionConfig(config)).toBe(true);
    expect(serializeIgnitionConfig(config)).toBe(referenceSerializeIgnitionConfig(config));
  });

  it('build a config ignition-validate accepts, with decimal modes and exact contents', () => {
    const config = buildIgnitionConfig(parts());
    const json = serializeIgnitionConfig(config);
    expect(ignitionValidate(json)).toEqual({ ok: true, output: '' });
    expect(validateIgnitionConfig(json).filter((i) => i.severity === 'error')).toEqual([]);
    const secret = config.storage!.files!.find((f) => f.path === '/etc/secret')!;
    expect(secret).toMatchObject({ mode: 384, overwrite: true, user: { name: 'core' }, group: { id: 0 } });
    expect(decodeDataUrl(secret.contents!.source!, secret.contents!.compression).toString()).toBe(
      'token <&> "x"\n',
    );
    expect(config.storage!.directories![0]!.mode).toBe(493);
    expect(config.systemd!.units!.map((u) => u.name)).toEqual([
      'a.service',
      'b.service',
      'locksmithd.service',
    ]);
    expect(config.systemd!.units![0]!.dropins!.map((d) => d.name)).toEqual(['10-a.conf', '20-b.conf']);
    expect(config.kernelArguments).toEqual({ shouldExist: ['b=1', 'a=2'] });
  });

  it('give the same bytes for the same parts in any order', () => {
    const a = parts();
    const b = parts();
    b.files.reverse();
    b.units.reverse();
    expect(serializeIgnitionConfig(buildIgnitionConfig(b))).toBe(
      serializeIgnitionConfig(buildIgnitionConfig(a)),
    );
  });

  it('serialise like Go: upstream key order, <>& escaped, unset and empty left out, compact or pretty', () => {
    const json = serializeIgnitionConfig(
      buildIgnitionConfig({ units: [ignitionUnit('x.service', { contents: 'a > b && c < d\n' })] }),
    );
    expect(json).toBe(
      '{"ignition":{"version":"3.3.0"},"systemd":{"units":[{"contents":"a \\u003e b \\u0026\\u0026 c \\u003c d\\n","name":"x.service"}]}}',
    );
    expect(JSON.parse(json).systemd.units[0].contents).toBe('a > b && c < d\n');
    expect(
      serializeIgnitionConfig(
        { ignition: { version: '3.3.0' }, storage: { files: [] }, passwd: {} },
        { pretty: true },
      ),
    ).toBe('{\n  "ignition": {\n    "version": "3.3.0"\n  }\n}');
    expect(
      serializeIgnitionConfig({
        ignition: { version: '3.3.0' },
        systemd: { units: [{ name: 'a.service', contents: '\b\f\\b' }] },
      }),
    ).toContain('"contents":"\\u0008\\u000c\\\\b"');
  });

  it('embed a config by value with a verification hash that ignition-validate accepts', () => {
    const child = buildIgnitionConfig({ files: [ignitionFile('/etc/child', 'from the child\n'.repeat(50))] });
    const reference = inlineConfigReference(child);
    expect(reference.compression).toBe('gzip');
    const parent = buildIgnitionConfig({ replace: reference });
    const json = serializeIgnitionConfig(parent);
    expect(ignitionValidate(json)).toEqual({ ok: true, output: '' });
    expect(validateIgnitionConfig(json).filter((i) => i.severity === 'error')).toEqual([]);
    const embedded = decodeDataUrl(reference.source!, reference.compression).toString();
    expect(parseIgnitionConfig(embedded).config).toEqual(child);
    expect(reference.verification!.hash).toBe(verificationHash(embedded));
  });
});
