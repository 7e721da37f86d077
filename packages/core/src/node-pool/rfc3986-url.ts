/** Characters RFC 3986 allows in a URI (unreserved, reserved and `%` of percent-encodings). */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
/** A `%` that does not start a percent-encoding (`%XX`). */
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/** What to tell a user whose URL is not RFC 3986. */
export const RFC_3986_MESSAGE =
  'expected an RFC 3986 URL: percent-encode other characters as %XX and write "%" only as part of %XX (Go, curl and containerd refuse anything else)';

/**
 * True when a URL uses only RFC 3986 characters and well-formed percent-encodings: what Go's
 * `net/url` (Ignition, containerd, Bottlerocket), curl and systemd tools accept. The WHATWG
 * parser behind `new URL()` is far more lenient (`%h`, `{`, `|`, `^` pass it), so a URL it
 * accepts can still break the node.
 */
export function isRfc3986Url(value: string): boolean {
  return URI_CHARACTERS.test(value) && !BAD_PERCENT.test(value);
}
