import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { checkUnitSyntax, lexUnitSyntax, plainUnitSyntax } from './systemd-unit-syntax.js';

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
  // A long comment: the lexer checks the line length between its '#' and the rest of the line
  // (found by the hostile-input fuzz tests: a 2,051-byte comment-only drop-in).
  `#${'a'.repeat(2049)}#`,
  `#${'a'.repeat(2100)}\n[Unit]\nA=b\n`,
  `;${'a'.repeat(2045)}\n[Unit]\nA=b\n`,
  `[Unit]\n#${'a'.repeat(2100)}\nA=b\n`,
  `[Unit]\nA=b\n;${'a'.repeat(3000)}`,
  `[Unit]\n# short \\\n${'c'.repeat(2100)}\nA=b\n`,
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

// checkUnitSyntax decides plain unit text line by line and leaves everything else to the lexer;
// KUBENODE_PROPERTY_RUNS=100000 npx vitest run src/systemd-unit-syntax.test.ts for a long run.
describe('the line-by-line path agrees with the lexer', () => {
  const runs = Number(process.env.KUBENODE_PROPERTY_RUNS ?? 3000);
  const line = fc.oneof(
    fc.constantFrom(
      '',
      '[Unit]',
      '[Service]',
      '[Install]',
      '[]',
      '[a]b',
      '[x',
      ']',
      '#c',
      ';c',
      ' #c',
      '=',
      'A=',
      'A=b',
      ' A=b',
    ),
    fc.constantFrom(
      'ExecStart=/bin/sh -c "echo [x] # y; z=1"',
      'Description=a = b',
      'no equals',
      'a[b]=c',
      '[Unit] ',
      'x\\',
    ),
    fc.string({
      unit: fc.constantFrom('a', '=', '[', ']', '#', ';', ' ', '\t', '\\', '\r', 'é', '\u00a0'),
      maxLength: 12,
    }),
    fc.constantFrom('L='.padEnd(1030, 'x'), 'L='.padEnd(1024, 'y'), 'L='.padEnd(2100, 'z')),
  );
  const text = fc
    .tuple(fc.array(line, { maxLength: 8 }), fc.boolean())
    .map(([lines, finalNewline]) => lines.join('\n') + (finalNewline ? '\n' : ''));

  it(
    'on generated unit texts',
    () => {
      let plain = 0;
      fc.assert(
        fc.property(text, (contents) => {
          const fast = plainUnitSyntax(contents);
          if (fast !== undefined) {
            plain++;
            expect(fast).toEqual(lexUnitSyntax(contents));
          }
          expect(checkUnitSyntax(contents)).toEqual(lexUnitSyntax(contents));
        }),
        { numRuns: runs },
      );
      expect(plain).toBeGreaterThan(runs / 10);
    },
    Math.max(60_000, runs * 20),
  );

  it('on the cases above and the units kubenode writes', () => {
    for (const contents of [
      ...CASES,
      '[Unit]\nDescription=Say hello\n[Service]\nType=oneshot\nExecStart=/opt/bin/hello.sh\n[Install]\nWantedBy=multi-user.target\n',
    ]) {
      expect(checkUnitSyntax(contents)).toEqual(lexUnitSyntax(contents));
    }
    expect(plainUnitSyntax('[Unit]\nDescription=x\n# c\n\n[Install]\nWantedBy=multi-user.target')).toEqual({
      sections: ['Unit', 'Install'],
    });
  });
});
