import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { checkUnitSyntax } from './systemd-unit-syntax.js';

/** Unit texts where the former line-based check and Ignition's lexer (go-systemd v22) disagreed. */
const CASES: readonly string[] = [
  '[Unit]\nDescription=ok\n',
  '[Unit]\nno equals sign here\n',
  '[Unit]\nDescription=x\nlast line without equals',
  '[Service]\ufeff\n',
  '[Service]\u2028\n',
  '[Service] \u00a0\n',
  'prefix text [Unit] garbage\n',
  'text before ; comment [not a section]\n[Unit]\nA=b\n',
  '[Unit\nDescription=x\n',
  '[Unit]\n  indented=fine\n',
  '[Unit]\nA=b \\\ncontinued\n',
  '[Unit]\n# comment \\\ncontinued comment\nA=b\n',
  '[Unit]\r\nA=b\r\n',
  '[Unit]\nA=b\rC=d\n',
  `[Unit]\nA=${'x'.repeat(2100)}\n`,
  `[Unit]\nA=${'x'.repeat(1500)}\nB=${'y'.repeat(1500)}\n`,
  `${'z'.repeat(3000)}\n[Unit]\n`,
  `[Unit]\nA=${'é'.repeat(1100)}\n`,
  '',
  'no sections at all\n',
  '[A]\n[B]\nC=1',
  '[Unit]\n=\n',
  '[Unit]\n\t[Service]\nx=1\n',
];

// Regression found by the hostile-input property tests (@kubenode/fuzz): adapters used this check
// to refuse units before Ignition would, but it accepted units ignition-validate rejects.
describe('checkUnitSyntax agrees with Ignition', () => {
  it.each(CASES.map((text) => [JSON.stringify(text).slice(0, 60), text]))('%s', (_, text) => {
    const config = JSON.stringify({
      ignition: { version: '3.3.0' },
      systemd: { units: [{ name: 'a.service', contents: text }] },
    });
    const verdict = ignitionValidate(config);
    const refused = !verdict.ok && /invalid unit content/.test(verdict.output);
    expect({ refused: checkUnitSyntax(text).error !== undefined }).toEqual({ refused });
  });

  it('lists the sections it found', () => {
    expect(checkUnitSyntax('[Unit]\nA=b\n[Install]\nWantedBy=x\n').sections).toEqual(['Unit', 'Install']);
  });
});
