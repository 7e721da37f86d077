/**
 * Escapes text for a markdown table cell: pipes are escaped, line breaks become `<br>`, and
 * characters markdown would read as markup (`*`, `_`, `<`, `[`, backticks) are escaped.
 */
export function tableCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([*_`[\]<>|])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/**
 * Markdown prose for a table cell: inline code spans are kept, pipes are escaped everywhere, `<`
 * outside code is escaped (so `<id>` stays text) and line breaks become `<br>`.
 */
export function proseCell(text: string): string {
  return text
    .split(/(`+[^`]*`+)/g)
    .map((part, index) =>
      index % 2 === 1 ? part.replace(/\|/g, '\\|') : part.replace(/\|/g, '\\|').replace(/</g, '&lt;'),
    )
    .join('')
    .replace(/\r?\n/g, '<br>');
}

/** Inline code that survives backticks in the text and sits safely in a table cell. */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}${fence}`;
}

/** A markdown table; cells are used as given (escape them with {@link tableCell}). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** YAML frontmatter TypeDoc reads from a project document (`title`, `group`, `children`, ...). */
export function frontmatter(fields: Readonly<Record<string, string | readonly string[]>>): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') lines.push(`${key}: ${JSON.stringify(value)}`);
    else {
      lines.push(`${key}:`);
      for (const item of value) lines.push(`  - ${JSON.stringify(item)}`);
    }
  }
  lines.push('---', '');
  return lines.join('\n');
}

/** A GitHub-style heading anchor (`## spec.os.users[]` → `specosusers`), as TypeDoc makes them. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}
