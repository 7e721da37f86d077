import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { vectorFiles } from '../test/support/vectors.js';
import { translateButane } from './butane/translate-butane.js';
import type { IgnitionConfig } from './ignition-config-types.js';
import { parseIgnitionConfig } from './parse-ignition-config.js';
import { serializeIgnitionConfig } from './serialize-ignition-config.js';
import { validateIgnitionConfig } from './validate-ignition-config.js';

// ajv-draft-04 is CommonJS with a default export; NodeNext types see the module namespace.
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ??
  AjvDraft04) as unknown as new (options: object) => {
  compile(
    schema: object,
  ): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
};
const ajv = new Ajv({ allErrors: true, strict: false });
const schemas = Object.fromEntries(
  vectorFiles('schemas').map(([name, text]) => [
    name.replace(/^ignition-config-v(\d)_(\d)\.schema\.json$/, '$1.$2.0'),
    ajv.compile(JSON.parse(text)),
  ]),
);

/** Upstream JSON Schema check for 3.3-3.5 (the vendored draft-04 schemas). */
function upstreamSchemaErrors(config: IgnitionConfig): string[] {
  const validate = schemas[config.ignition.version];
  if (!validate) return [];
  return validate(JSON.parse(serializeIgnitionConfig(config)))
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

describe('upstream Ignition examples', () => {
  const positives = vectorFiles('ignition').filter(([name]) => !name.includes('3_6'));

  it.each(positives)('%s parses, validates and round-trips', (_name, text) => {
    const parsed = parseIgnitionConfig(text);
    expect(parsed.warnings).toEqual([]);
    expect(validateIgnitionConfig(parsed.config).filter((i) => i.severity === 'error')).toEqual([]);
    const serialized = serializeIgnitionConfig(parsed.config);
    expect(JSON.parse(serialized)).toEqual(withoutNulls(JSON.parse(text)));
    expect(parseIgnitionConfig(serialized).config).toEqual(parsed.config);
    expect(serializeIgnitionConfig(parseIgnitionConfig(serialized).config)).toBe(serialized);
    expect(upstreamSchemaErrors(parsed.config)).toEqual([]);
    expect(ignitionValidate(serialized)).toEqual({ ok: true, output: '' });
  });

  it('rejects the spec 3.6.0 vector (negative: not supported by Flatcar stable or bookworm), naming the version', () => {
    const [, text] = vectorFiles('ignition').find(([name]) => name.includes('3_6'))!;
    expect(() => parseIgnitionConfig(text)).toThrow(/unsupported config version '3\.6\.0'/);
    expect(validateIgnitionConfig(text)).toMatchObject([
      { severity: 'error', path: ['ignition', 'version'] },
    ]);
    expect(ignitionValidate(text).ok).toBe(false);
  });
});

describe('upstream Butane (variant flatcar) examples', () => {
  it.each(vectorFiles('butane'))(
    '%s converts to Ignition that ignition-validate and the upstream schema accept',
    (_name, text) => {
      const { config, version, warnings } = translateButane(text);
      expect(version).toBe('3.3.0');
      expect(warnings).toEqual([]);
      const json = serializeIgnitionConfig(config, { pretty: true });
      expect(ignitionValidate(json)).toEqual({ ok: true, output: '' });
      expect(upstreamSchemaErrors(config)).toEqual([]);
      expect(validateIgnitionConfig(json).filter((i) => i.severity === 'error')).toEqual([]);
    },
  );

  const pairs = vectorFiles('butane')
    .map(
      ([name, text]) =>
        [
          name,
          text,
          vectorFiles('ignition').find(([ign]) => ign === name.replace(/\.bu$/, '.ign'))?.[1],
        ] as const,
    )
    .filter((pair): pair is readonly [string, string, string] => pair[2] !== undefined);

  it('has Butane/Ignition pairs to compare', () =>
    expect(pairs.map(([name]) => name)).toEqual([
      'flatcar-docs-core-ssh-key.bu',
      'flatcar-docs-update-conf-etcd-lock.bu',
    ]));

  it.each(pairs)('%s converts byte for byte to the upstream Butane output', (_name, butane, upstream) => {
    const ours = serializeIgnitionConfig(translateButane(butane).config, { pretty: true });
    expect(`${ours}\n`).toBe(upstream);
  });

  it('reads YAML 1.1 octal modes as Butane does (0420 is 272, as upstream shows)', () => {
    const [, text] = vectorFiles('butane').find(
      ([name]) => name === 'flatcar-docs-update-conf-reboot-window.bu',
    )!;
    const file = translateButane(text).config.storage!.files![0]!;
    expect(file.mode).toBe(0o420);
    expect(file.contents).toEqual({
      compression: '',
      source:
        'data:,REBOOT_STRATEGY%3Dreboot%0ALOCKSMITHD_REBOOT_WINDOW_START%3D%22Thu%2004%3A00%22%0ALOCKSMITHD_REBOOT_WINDOW_LENGTH%3D1h%0A',
    });
  });
});
