import { describe, expect, it } from 'vitest';
import { readCloudConfig } from '../parse-cloud-config.js';
import { cloudInitSchema } from '../../test/support/cloud-init-tool.js';
import { validateCloudConfig } from './validate-cloud-config.js';

interface Case {
  readonly name: string;
  readonly text: string;
  /** Debian cloud-init 22.4's verdict. */
  readonly cloudInit: 'valid' | 'invalid';
  /** Ours under the 22.4 dialect: the first error's path and rule, or 'valid'. */
  readonly ours: 'valid' | { readonly path: string; readonly rule: string };
}

const CASES: readonly Case[] = [
  {
    name: 'quoted permissions',
    text: "write_files: [{path: /x, permissions: '0644'}]",
    cloudInit: 'valid',
    ours: 'valid',
  },
  {
    name: 'unquoted permissions (YAML 1.1 reads 0644 as 420)',
    text: 'write_files: [{path: /x, permissions: 0644}]',
    cloudInit: 'invalid',
    ours: { path: 'write_files[0].permissions', rule: 'model' },
  },
  {
    name: 'unquoted expiry date (a YAML timestamp)',
    text: 'users: [{name: x, expiredate: 2032-09-01}]',
    cloudInit: 'invalid',
    ours: { path: 'users[0].expiredate', rule: 'model' },
  },
  {
    name: 'impossible date',
    text: "users: [{name: x, expiredate: '2032-13-01'}]",
    cloudInit: 'invalid',
    ours: { path: 'users[0].expiredate', rule: 'upstream-schema' },
  },
  {
    name: 'null inside a mount entry',
    text: 'mounts: [[/dev/vdb, /mnt, null]]',
    cloudInit: 'invalid',
    ours: { path: 'mounts[0][2]', rule: 'model' },
  },
  { name: 'empty runcmd', text: 'runcmd: []', cloudInit: 'invalid', ours: { path: 'runcmd', rule: 'model' } },
  {
    name: 'growpart mode typo',
    text: 'growpart: {mode: automatic}',
    cloudInit: 'invalid',
    ours: { path: 'growpart.mode', rule: 'model' },
  },
  {
    name: 'duplicate NTP servers',
    text: 'ntp: {servers: [a.example, a.example]}',
    cloudInit: 'invalid',
    ours: { path: 'ntp.servers', rule: 'model' },
  },
  {
    name: 'power_state without mode',
    text: 'power_state: {delay: now}',
    cloudInit: 'invalid',
    ours: { path: 'power_state.mode', rule: 'model' },
  },
  {
    name: 'write_files key typo',
    text: 'write_files: [{path: /x, contents: hi}]',
    cloudInit: 'invalid',
    ours: { path: 'write_files[0]', rule: 'model' },
  },
  {
    name: 'apt source key typo',
    text: "apt: {sources: {k.list: {source: 'deb http://x /', keyids: abc}}}",
    cloudInit: 'invalid',
    ours: { path: 'apt.sources["k.list"]', rule: 'model' },
  },
  {
    name: 'sudo as a list (24.2+)',
    text: "users: [{name: x, sudo: ['ALL=(ALL) ALL']}]",
    cloudInit: 'invalid',
    ours: { path: 'users[0].sudo', rule: 'dialect' },
  },
  { name: 'resize_rootfs noblock', text: 'resize_rootfs: noblock', cloudInit: 'valid', ours: 'valid' },
  {
    name: 'manage_etc_hosts localhost',
    text: 'manage_etc_hosts: localhost',
    cloudInit: 'valid',
    ours: 'valid',
  },
  { name: 'YAML 1.1 boolean', text: 'package_update: yes', cloudInit: 'valid', ours: 'valid' },
  {
    name: 'a module this package does not model',
    text: 'timezone: Europe/Berlin',
    cloudInit: 'valid',
    ours: 'valid',
  },
  // Deliberately stricter than cloud-init 22.4:
  {
    name: 'unknown top-level key (22.4 lets it pass; a typo must not be ignored)',
    text: 'package_updates: true',
    cloudInit: 'valid',
    ours: { path: 'package_updates', rule: 'unknown-key' },
  },
  {
    name: 'deprecated hyphenated user key (22.4 accepts it; this package models only current spellings)',
    text: 'users: [{name: x, lock-passwd: true}]',
    cloudInit: 'valid',
    ours: { path: 'users[0]', rule: 'model' },
  },
];

describe('validateCloudConfig against Debian cloud-init 22.4', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: cloud-init says ${testCase.cloudInit}, we say ${testCase.ours === 'valid' ? 'valid' : `${testCase.ours.rule} at ${testCase.ours.path}`}`, () => {
      const text = `#cloud-config\n${testCase.text}\n`;
      const judge = cloudInitSchema(text);
      expect(judge.status === 0 ? 'valid' : 'invalid', judge.output).toBe(testCase.cloudInit);
      const errors = readCloudConfig(text, { dialect: '22.4' }).issues.filter(
        (issue) => issue.severity === 'error',
      );
      if (testCase.ours === 'valid') expect(errors).toEqual([]);
      else expect(errors[0]).toMatchObject(testCase.ours);
      for (const error of errors) expect(error.message).not.toBe('Invalid input');
    });
  }

  it("reports deprecated top-level keys as warnings, with cloud-init's own advice", () => {
    const issues = validateCloudConfig({ apt_update: true }, { dialect: 'current' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'apt_update', severity: 'warning', rule: 'deprecated' });
    expect(issues[0]!.message).toMatch(/^deprecated since cloud-init 22\.2/);
  });

  it('checks the current dialect against the current schema (strict top level, newer keys)', () => {
    expect(
      validateCloudConfig({ users: [{ name: 'x', sudo: ['ALL=(ALL) ALL'] }] }, { dialect: 'current' }),
    ).toEqual([]);
    expect(validateCloudConfig({ ubuntu_pro: { token: 'x' } }, { dialect: 'current' })).toEqual([]);
    expect(validateCloudConfig({ ubuntu_pro: { token: 'x' } }, { dialect: '22.4' })[0]).toMatchObject({
      path: 'ubuntu_pro',
      rule: 'unknown-key',
    });
  });
});
