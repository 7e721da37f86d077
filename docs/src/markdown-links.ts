/** A relative link found in markdown. */
export interface RelativeLink {
  /** The path part, URL-decoded (`../core/README.md`). */
  readonly path: string;
  /** The fragment without `#`, when present. */
  readonly anchor: string | undefined;
  /** Whether the link is an image (`![...](...)` or `<img src>`). */
  readonly image: boolean;
}

/** Replaces one relative link: returns the new target (path and anchor), or undefined to keep it. */
export type LinkRewriter = (link: RelativeLink) => string | undefined;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Whether a link target points into the repository (not a URL, `mailto:`, `//host` or `#anchor`). */
export function isRelativeTarget(target: string): boolean {
  return target !== '' && !SCHEME.test(target) && !target.startsWith('#') && !target.startsWith('//');
}

function splitTarget(target: string, image: boolean): RelativeLink {
  const hash = target.indexOf('#');
  const rawPath = hash === -1 ? target : target.slice(0, hash);
  let path = rawPath;
  try {
    path = decodeURI(rawPath);
  } catch {
    // keep undecodable paths as written
  }
  return { path, anchor: hash === -1 ? undefined : target.slice(hash + 1), image };
}

/** A link target found in prose: where it sits and what it becomes. */
interface TargetEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/**
 * Inline code spans with their contents blanked out (same length), so link syntax inside code is
 * never matched while a link whose label holds code (`[\`x\`](x.md)`) still is.
 */
function maskCodeSpans(text: string): string {
  return text.replace(
    /(`+)([\s\S]*?[^`])\1(?!`)/g,
    (span, ticks: string) => `${ticks}${' '.repeat(span.length - 2 * ticks.length)}${ticks}`,
  );
}

/** Rewrites the relative targets in one stretch of markdown outside fenced code blocks. */
function rewriteProse(text: string, rewrite: LinkRewriter): string {
  const masked = maskCodeSpans(text);
  const edits: TargetEdit[] = [];
  const apply = (target: string, image: boolean): string | undefined => {
    if (!isRelativeTarget(target)) return undefined;
    return rewrite(splitTarget(target, image));
  };
  const edit = (start: number, raw: string, image: boolean, angle: boolean) => {
    const target = angle ? raw.slice(1, -1) : raw;
    const next = apply(target, image);
    if (next === undefined) return;
    edits.push({
      start,
      end: start + raw.length,
      replacement: angle || /\s/.test(next) ? `<${next}>` : next,
    });
  };
  // inline links and images: [text](target "title") / ![alt](<target>)
  for (const match of masked.matchAll(
    /(!?)\[((?:[^\][]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g,
  )) {
    const [whole, bang = '', , target = ''] = match;
    const start = (match.index ?? 0) + whole.indexOf(target, whole.indexOf(']('));
    edit(start, text.slice(start, start + target.length), bang === '!', target.startsWith('<'));
  }
  // reference definitions: [label]: target "title"
  for (const match of masked.matchAll(/^( {0,3}\[[^\]]+\]:[ \t]*)(<[^>]*>|\S+)/gm)) {
    const [, head = '', target = ''] = match;
    const start = (match.index ?? 0) + head.length;
    edit(start, text.slice(start, start + target.length), false, target.startsWith('<'));
  }
  // raw HTML: <a href="..."> and <img src="...">
  for (const match of masked.matchAll(/(<(a|img)\b[^>]*?\s(?:href|src)\s*=\s*)(["'])(.*?)\3/gi)) {
    const [, head = '', tag = '', , target = ''] = match;
    const start = (match.index ?? 0) + head.length + 1;
    const next = apply(text.slice(start, start + target.length), tag.toLowerCase() === 'img');
    if (next !== undefined) edits.push({ start, end: start + target.length, replacement: next });
  }
  let out = text;
  for (const { start, end, replacement } of edits.sort((x, y) => y.start - x.start)) {
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  return out;
}

/**
 * Rewrites every relative link and image target in a markdown document, leaving fenced code
 * blocks and inline code spans untouched.
 */
export function rewriteRelativeLinks(markdown: string, rewrite: LinkRewriter): string {
  const out: string[] = [];
  let prose: string[] = [];
  let fence: string | undefined;
  const flushProse = () => {
    if (prose.length === 0) return;
    out.push(rewriteProse(prose.join(''), rewrite));
    prose = [];
  };
  for (const line of markdown.split(/(?<=\n)/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      flushProse();
      fence = marker;
      out.push(line);
    } else if (fence !== undefined) {
      out.push(line);
      if (
        marker !== undefined &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        /^\s*[`~]+\s*$/.test(line)
      ) {
        fence = undefined;
      }
    } else {
      prose.push(line);
    }
  }
  flushProse();
  return out.join('');
}

/** Every relative link of a markdown document (outside code). */
export function relativeLinks(markdown: string): RelativeLink[] {
  const found: RelativeLink[] = [];
  rewriteRelativeLinks(markdown, (link) => {
    found.push(link);
    return undefined;
  });
  return found;
}
