import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { K3OS_CONFIG_FIELDS, k3osConfigPaths, type K3osField } from './k3os-config-fields.js';

/** Rows of the key table in k3os-config-fields.md: path, struct key, type, aliases. */
function tableRows(): { path: string; structKey: string; type: string; aliases: string[] }[] {
  const text = readFileSync(new URL('./__fixtures__/k3os-config-fields.md', import.meta.url), 'utf8');
  const section = text.slice(text.indexOf('## Keys'), text.indexOf('## Sources and how they merge'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return {
        path: cells[1]!.replace(/`/g, ''),
        structKey: cells[2]!.replace(/`/g, ''),
        type: cells[3]!,
        aliases: [...cells[4]!.split('(')[0]!.matchAll(/`([^`]+)`/g)]
          .map((match) => match[1]!)
          .filter((alias) => !alias.includes(' ')),
      };
    });
}

function fieldAt(path: string): K3osField {
  let fields = K3OS_CONFIG_FIELDS;
  let field: K3osField | undefined;
  for (const segment of path.replace(/\[\]/g, '').split('.')) {
    field = fields.find((candidate) => candidate.name === segment);
    if (!field) throw new Error(`no field ${path}`);
    fields =
      typeof field.type === 'object' ? ('table' in field.type ? field.type.table : field.type.tableList) : [];
  }
  return field!;
}

describe('the k3OS config field table', () => {
  it('has the 37 key paths of k3os-config-fields.md', () => {
    const rows = tableRows();
    expect(rows).toHaveLength(37);
    expect(k3osConfigPaths().sort()).toEqual(rows.map((row) => row.path).sort());
  });

  it('agrees with the table on struct keys, aliases and types', () => {
    for (const row of tableRows()) {
      const field = fieldAt(row.path);
      expect(field.structKey, row.path).toBe(row.structKey);
      // k3os.password's only "alias" note names passphrase, which belongs to another field.
      const aliases = row.path === 'k3os.password' ? [] : row.aliases;
      expect([...field.aliases].sort(), row.path).toEqual([...aliases].sort());
      const type =
        typeof field.type === 'object' ? ('table' in field.type ? 'object' : 'list of objects') : field.type;
      const expected: Record<string, string> = {
        string: 'string',
        'string (octal digits)': 'string',
        'list of strings': 'string-list',
        'map string to string': 'string-map',
        bool: 'bool',
        object: 'object',
        'list of objects': 'list of objects',
      };
      expect(type, row.path).toBe(expected[row.type]);
    }
  });
});
