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

/** Rewrites the relative targets in one stretch of markdown that holds no code. */
function rewriteProse(text: string, rewrite: LinkRewriter): string {
  const apply = (target: string, image: boolean): string => {
    if (!isRelativeTarget(target)) return target;
    return rewrite(splitTarget(target, image)) ?? target;
  };
  return (
    text
      // inline links and images: [text](target "title") / ![alt](<target>)
      .replace(
        /(!?)\[((?:[^\][]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]+)(\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g,
        (_match, bang: string, label: string, target: string, title: string | undefined) => {
          const bare = target.startsWith('<') ? target.slice(1, -1) : target;
          const next = apply(bare, bang === '!');
          const wrapped = /\s/.test(next) ? `<${next}>` : next;
          return `${bang}[${label}](${wrapped}${title ?? ''})`;
        },
      )
      // reference definitions: [label]: target "title"
      .replace(
        /^( {0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)/gm,
        (_match, head: string, target: string) =>
          head + apply(target.startsWith('<') ? target.slice(1, -1) : target, false),
      )
      // raw HTML: <a href="..."> and <img src="...">
      .replace(
        /(<(a|img)\b[^>]*?\s(?:href|src)\s*=\s*)(["'])(.*?)\3/gi,
        (_match, head: string, tag: string, quote: string, target: string) =>
          `${head}${quote}${apply(target, tag.toLowerCase() === 'img')}${quote}`,
      )
  );
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
    const text = prose.join('');
    // keep inline code spans as they are
    out.push(
      text
        .split(/(`+[^`]*?`+)/g)
        .map((part, index) => (index % 2 === 1 ? part : rewriteProse(part, rewrite)))
        .join(''),
    );
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
