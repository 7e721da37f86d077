import { describe, expect, it } from 'vitest';
import { isRelativeTarget, relativeLinks, rewriteRelativeLinks } from '../src/markdown-links.js';

const upper = (markdown: string) =>
  rewriteRelativeLinks(
    markdown,
    (link) => `${link.path.toUpperCase()}${link.anchor ? `#${link.anchor}` : ''}`,
  );

describe('rewriteRelativeLinks', () => {
  it('rewrites inline links, images, titles and reference definitions', () => {
    expect(upper('see [core](../core/README.md) and ![logo](img/logo.png "Logo")')).toBe(
      'see [core](../CORE/README.MD) and ![logo](IMG/LOGO.PNG "Logo")',
    );
    expect(upper('[ref]: docs/guide.md#intro "Guide"\n')).toBe('[ref]: DOCS/GUIDE.MD#intro "Guide"\n');
    expect(upper('[a [nested] label](a.md)')).toBe('[a [nested] label](A.MD)');
  });

  it('rewrites href and src of raw HTML', () => {
    expect(upper('<a href="a.md">a</a> <img src=\'b.png\' alt="b">')).toBe(
      '<a href="A.MD">a</a> <img src=\'B.PNG\' alt="b">',
    );
  });

  it('leaves URLs, anchors and protocol-relative links alone', () => {
    const text = '[u](https://example.com/a.md) [m](mailto:a@b.c) [h](#top) [p](//host/x)';
    expect(upper(text)).toBe(text);
  });

  it('never touches code: fenced blocks (``` and ~~~) and inline code spans', () => {
    const text = [
      'before [x](x.md)',
      '```md',
      '[inside](fence.md)',
      '```',
      '~~~~',
      '[tilde](t.md)',
      '```',
      '[still inside](t2.md)',
      '~~~~',
      'inline `[code](c.md)` and [after](after.md)',
      '',
    ].join('\n');
    expect(upper(text)).toBe(
      [
        'before [x](X.MD)',
        '```md',
        '[inside](fence.md)',
        '```',
        '~~~~',
        '[tilde](t.md)',
        '```',
        '[still inside](t2.md)',
        '~~~~',
        'inline `[code](c.md)` and [after](AFTER.MD)',
        '',
      ].join('\n'),
    );
  });

  it('rewrites links whose label is code, while links inside code stay as written', () => {
    expect(upper('The example is [`examples/x`](../x/README.md), not `[y](y.md)` nor ``[z](z.md)``.')).toBe(
      'The example is [`examples/x`](../X/README.MD), not `[y](y.md)` nor ``[z](z.md)``.',
    );
  });

  it('decodes paths, splits anchors and marks images', () => {
    expect(relativeLinks('[a](dir/my%20file.md#part) ![i](p.svg) [b](../x/)')).toEqual([
      { path: 'dir/my file.md', anchor: 'part', image: false },
      { path: 'p.svg', anchor: undefined, image: true },
      { path: '../x/', anchor: undefined, image: false },
    ]);
  });

  it('keeps a link as written when the rewriter returns undefined, and wraps targets with spaces', () => {
    expect(
      rewriteRelativeLinks('[a](a.md) [b](b.md)', (link) => (link.path === 'a.md' ? undefined : 'my b.md')),
    ).toBe('[a](a.md) [b](<my b.md>)');
  });
});

describe('isRelativeTarget', () => {
  it('tells repository paths from URLs and anchors', () => {
    expect(isRelativeTarget('a/b.md')).toBe(true);
    expect(isRelativeTarget('/packages/core')).toBe(true);
    expect(isRelativeTarget('https://x')).toBe(false);
    expect(isRelativeTarget('#a')).toBe(false);
    expect(isRelativeTarget('')).toBe(false);
  });
});
