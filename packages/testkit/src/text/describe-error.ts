import { KubenodeError, redactSecrets } from '@kubenode/core';

/** The text of an error and its causes, for secret checks. */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      texts.push(current.message);
      current = (current as { cause?: unknown }).cause;
    } else {
      texts.push(String(current));
      break;
    }
  }
  return texts;
}

/** `Name: message` of an error, secrets redacted, for conformance failure messages. */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const name = KubenodeError.isInstance(error)
    ? error.name
    : error instanceof Error
      ? error.name
      : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const text = redactSecrets(message, secrets);
  return `${name}: ${text.length > 600 ? `${text.slice(0, 600)}…` : text}`;
}
