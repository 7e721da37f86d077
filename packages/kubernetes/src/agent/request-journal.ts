import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExternalToolError } from '@kubenode/core';

/**
 * Where the node agent remembers the signed step requests it accepted, so that a request runs at
 * most once across restarts of the agent (and reboots of the node), not only while one process
 * lives. Entries are request ids with the time (ms since the epoch) until which a replay of the
 * request must be refused; the agent drops expired ones itself.
 */
export interface RequestJournal {
  /** Where the journal is, for messages (e.g. its file). */
  readonly location: string;
  /** The remembered requests; empty when nothing was recorded yet. Rejects if they cannot be read. */
  load(): Promise<ReadonlyMap<string, number>>;
  /** Replaces the remembered requests, durably: when it resolves, they survive a crash or power loss. */
  save(entries: ReadonlyMap<string, number>): Promise<void>;
}

/** The journal file's format version. */
const FORMAT = 1;

/**
 * A {@link RequestJournal} in one JSON file (mode 0600), replaced atomically: written to a temporary
 * file beside it, flushed to disk, renamed over it, and the directory flushed. A missing file is an
 * empty journal; a file that is not a journal is an error (the agent then refuses to start rather
 * than forget what it ran). Errors are {@link ExternalToolError}s naming the file.
 */
export function fileRequestJournal(path: string): RequestJournal {
  const fail = (action: string, error: unknown) =>
    new ExternalToolError({
      tool: `the node agent's request journal ${path}`,
      failure: 'failed',
      detail: `cannot ${action} it: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  return {
    location: path,
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
        throw fail('read', error);
      }
      const entries = parseJournal(text);
      if (!entries)
        throw fail(
          'read',
          new Error(
            `it is not a version ${FORMAT} journal; remove it only if no step request of the last 20 minutes can be replayed`,
          ),
        );
      return entries;
    },
    async save(entries) {
      const requests: Record<string, number> = {};
      for (const [id, until] of entries) requests[id] = until;
      const text = `${JSON.stringify({ v: FORMAT, requests })}\n`;
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const file = await open(temporary, 'wx', 0o600);
        try {
          await file.writeFile(text, 'utf8');
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, path);
        const directory = await open(dirname(path), 'r');
        try {
          await directory.sync();
        } finally {
          await directory.close();
        }
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => undefined);
        throw fail('write', error);
      }
    },
  };
}

/** The entries of a journal file's text, or undefined when it is not one. */
function parseJournal(text: string): Map<string, number> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, requests } = value as { v?: unknown; requests?: unknown };
  if (v !== FORMAT || typeof requests !== 'object' || requests === null || Array.isArray(requests))
    return undefined;
  const entries = new Map<string, number>();
  for (const [id, until] of Object.entries(requests)) {
    if (typeof until !== 'number' || !Number.isFinite(until)) return undefined;
    entries.set(id, until);
  }
  return entries;
}
