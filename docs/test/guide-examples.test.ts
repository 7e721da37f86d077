import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Guides whose ```ts blocks are complete programs, type-checked against the workspace sources. */
const CHECKED_GUIDES = ['guides/getting-started.md'];

function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
}

/** Type-checks one snippet as if it were a file in docs/, with the docs tsconfig. */
function diagnosticsOf(code: string, name: string): string[] {
  const configFile = join(docsDir, 'tsconfig.json');
  const config = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, docsDir);
  const file = join(docsDir, 'test', `${name}.ts`);
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language, onError, shouldCreate) =>
    resolve(path) === file
      ? ts.createSourceFile(path, code, language)
      : getSourceFile(path, language, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (path) => resolve(path) === file || fileExists(path);
  const program = ts.createProgram({ rootNames: [file], options: { ...parsed.options, noEmit: true }, host });
  const source = program.getSourceFile(file);
  if (!source) throw new Error('the example did not load');
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const { line } = d.start === undefined ? { line: 0 } : source.getLineAndCharacterOfPosition(d.start);
    return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('code in the guides', () => {
  for (const guide of CHECKED_GUIDES) {
    it(`${guide}: every TypeScript example type-checks against the packages`, () => {
      const blocks = typescriptBlocks(readFileSync(join(docsDir, guide), 'utf8'));
      expect(blocks.length).toBeGreaterThan(0);
      blocks.forEach((block, index) => {
        expect(diagnosticsOf(block, `__guide_example_${index}`), `${guide} example ${index + 1}`).toEqual([]);
      });
    });
  }

  it('reports a broken example', () => {
    expect(
      diagnosticsOf("import { parseNodePool } from '@kubenode/core';\nparseNodePool(42);\n", '__broken'),
    ).toEqual([expect.stringMatching(/^line 2: Argument of type 'number' is not assignable/)]);
  });
});
