import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError } from '@kubenode/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileRequestJournal } from './request-journal.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kubenode-journal-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<ExternalToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ExternalToolError.isInstance(error))
    throw new Error(`expected an ExternalToolError, got ${String(error)}`);
  return error;
}

describe('fileRequestJournal', () => {
  it('is empty before anything was saved, creating no file', async () => {
    const path = join(directory, 'agent', 'requests.json');
    expect(await fileRequestJournal(path).load()).toEqual(new Map());
    expect(await readdir(directory)).toEqual([]);
  });

  it('saves entries (mode 0600, in a created directory) that a new journal on the file loads', async () => {
    const path = join(directory, 'agent', 'requests.json');
    await fileRequestJournal(path).save(
      new Map([
        ['request-0001', 1_767_571_200_000],
        ['request-0002', 1_767_571_260_500],
      ]),
    );
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      v: 1,
      requests: { 'request-0001': 1_767_571_200_000, 'request-0002': 1_767_571_260_500 },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, 'agent'))).mode & 0o777).toBe(0o700);
    const loaded = await fileRequestJournal(path).load();
    expect([...loaded]).toEqual([
      ['request-0001', 1_767_571_200_000],
      ['request-0002', 1_767_571_260_500],
    ]);
  });

  it('replaces the whole file on each save and leaves no temporary file behind', async () => {
    const path = join(directory, 'requests.json');
    const journal = fileRequestJournal(path);
    await journal.save(new Map([['a', 1]]));
    await journal.save(new Map([['b', 2]]));
    expect([...(await journal.load())]).toEqual([['b', 2]]);
    expect(await readdir(directory)).toEqual(['requests.json']);
  });

  it('refuses a file that is not a journal, naming it, rather than forget what ran', async () => {
    const path = join(directory, 'requests.json');
    for (const text of [
      'not json',
      'null',
      '{"v":2,"requests":{}}',
      '{"v":1,"requests":[]}',
      '{"v":1,"requests":{"a":"soon"}}',
    ]) {
      await writeFile(path, text);
      const error = await failure(fileRequestJournal(path).load());
      expect(error.message).toBe(
        `the node agent's request journal ${path} failed: cannot read it: it is not a version 1 journal; remove it only if no step request of the last 20 minutes can be replayed`,
      );
    }
  });

  it('reports a file it cannot read or write as an external failure naming the file', async () => {
    const path = join(directory, 'requests.json');
    await writeFile(join(directory, 'blocker'), '');
    const unwritable = join(directory, 'blocker', 'requests.json');
    const write = await failure(fileRequestJournal(unwritable).save(new Map([['a', 1]])));
    expect(write.failure).toBe('failed');
    expect(write.message).toMatch(
      new RegExp(
        `^the node agent's request journal ${unwritable} failed: cannot write it: .*(EEXIST|ENOTDIR)`,
      ),
    );
    // A directory where the file should be.
    await rm(path, { force: true });
    await mkdir(path);
    const read = await failure(fileRequestJournal(path).load());
    expect(read.message).toMatch(/cannot read it: .*EISDIR/);
  });
});
