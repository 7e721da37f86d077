import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseK3osConfig, validateK3osConfig, validateK3osConfigText } from './k3os-config-validator.js';
import { pyYamlLoad } from '../test/pyyaml.js';

const upstream = (name: string) =>
  readFileSync(new URL(`./__fixtures__/upstream/${name}`, import.meta.url), 'utf8');
const EXAMPLES = [
  'k3os-packer-aws-config.yaml',
  'k3os-packer-vagrant-config.yml',
  'k3os-readme-sample-config.yaml',
];

describe('the upstream k3OS examples', () => {
  it.each(EXAMPLES)('%s parses (YAML 1.1, as PyYAML reads it) and fits the k3OS config fields', (name) => {
    const text = upstream(name);
    const { config, issues } = parseK3osConfig(text);
    expect(issues).toEqual([]);
    expect(config).toEqual(pyYamlLoad(text));
    expect(validateK3osConfig(config)).toEqual([]);
  });

  it('reads the singular aliases the examples use', () => {
    const readme = parseK3osConfig(upstream('k3os-readme-sample-config.yaml')).config as {
      k3os: Record<string, unknown>;
    };
    expect(readme.k3os.sysctl).toEqual({ 'kernel.printk': '4 4 1 7', 'kernel.kptr_restrict': '1' });
    expect(
      (parseK3osConfig(upstream('k3os-packer-aws-config.yaml')).config as { k3os: unknown }).k3os,
    ).toEqual({ datasource: 'aws' });
  });
});

describe('validateK3osConfig', () => {
  it('accepts every spelling FuzzyNames accepts', () => {
    expect(
      validateK3osConfigText(
        [
          'sshAuthorizedKeys: [a]',
          'writefile:',
          '  - path: /x',
          "    permission: '0600'",
          'runcmd: [x]',
          'k3o:',
          '  serverurl: https://s:6443',
          '  SERVERURL_UNUSED_CHECK: 1',
        ].join('\n'),
      ),
    ).toEqual([{ path: 'k3o.SERVERURL_UNUSED_CHECK', message: 'unknown key (k3OS ignores it silently)' }]);
    expect(validateK3osConfigText('K3OS_TOKEN_CASE: x\nHOSTNAME: h\n')).toEqual([
      { path: 'K3OS_TOKEN_CASE', message: 'unknown key (k3OS ignores it silently)' },
    ]);
  });

  it('reads unquoted octal, yes and numbers the YAML 1.1 way, as k3OS does', () => {
    expect(
      validateK3osConfigText('write_files:\n  - path: /x\n    permissions: 0755\n    content: yes\n'),
    ).toEqual([
      {
        path: 'write_files[0].permissions',
        message:
          'expected a string, found an integer (quote it: YAML 1.1 reads 0755, yes, on as numbers and booleans)',
      },
      {
        path: 'write_files[0].content',
        message:
          'expected a string, found a boolean (quote it: YAML 1.1 reads 0755, yes, on as numbers and booleans)',
      },
    ]);
    expect(parseK3osConfig('a: 0755\nb: on\n').config).toEqual({ a: 493, b: true });
  });

  it('finds typos, duplicates through aliases, bad encodings, permissions and booleans', () => {
    const issues = validateK3osConfigText(
      [
        'k3os:',
        '  sysctl: {a: "1"}',
        '  sysctls: {b: "2"}',
        '  server_ulr: https://x',
        '  labels: {nested: {no: 1}}',
        '  install: {silent: "yes", device: /dev/sda}',
        '  wifi: {name: home}',
        'write_files:',
        '  - {path: /x, encoding: zip, permissions: "rw-r--r--"}',
      ].join('\n'),
    );
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "k3os.sysctls: sets sysctls again (already set as 'sysctl'); k3OS keeps only one of them",
      "k3os.server_ulr: unknown key (k3OS ignores it silently); did you mean 'server_url'?",
      'k3os.labels.nested: expected a scalar value, found a mapping',
      'k3os.install.silent: k3OS reads any string other than "true" as false; write true or false',
      'k3os.wifi: expected a list of mappings, found a mapping (k3OS does not wrap a single mapping)',
      'write_files[0].encoding: expected one of "", "b64", "base64", "gz", "gzip", "gz+base64", "gzip+base64", "gz+b64", "gzip+b64"',
      'write_files[0].permissions: expected octal permissions such as "0644"',
    ]);
  });

  it('reports syntax errors and scripts', () => {
    expect(validateK3osConfigText('a: [1\n')[0]!.message).toMatch(/^not valid YAML at line/);
    expect(validateK3osConfigText('#!/bin/sh\necho hi\n')[0]!.message).toMatch(/script/);
    expect(validateK3osConfigText('')).toEqual([]);
    expect(validateK3osConfigText('- a\n')).toEqual([
      { path: '(root)', message: 'expected a mapping, found a list' },
    ]);
  });
});
