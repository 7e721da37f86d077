import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Python interpreter of the Debian packages (cloud-init and python3-yaml install into it). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** One `write_files` entry as cloud-init's own `cc_write_files` decodes it. */
export interface CloudInitWrittenFile {
  readonly path: string;
  /** The bytes cloud-init writes. */
  readonly bytes: Buffer;
  readonly mode: number;
  readonly owner: string | null;
  readonly group: string | null;
  readonly append: boolean;
  readonly defer: boolean;
}

/** What cloud-init makes of a cloud-config. */
export interface CloudConfigVerdict {
  /** cloud-init's schema error (`cloud-init schema --config-file`), or null when it accepts the document (or was not asked). */
  readonly schemaError: string | null;
  /** Why the document cannot be read at all (not YAML, not a mapping), judged or not. */
  readonly readError: string | null;
  /** The document as cloud-init's YAML loader reads it (non-JSON values tagged). */
  readonly config: unknown;
  readonly files: readonly CloudInitWrittenFile[];
  /** The shell scripts cloud-init writes for `runcmd` and `bootcmd` (util.shellify, no header). */
  readonly scripts: { readonly runcmd?: string; readonly bootcmd?: string };
}

/** A parse result: the value (non-JSON values tagged, see the Python module) or the parser's error. */
export type ParseVerdict =
  { readonly value: unknown; readonly error?: undefined } | { readonly error: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const SCRIPT = fileURLToPath(new URL('./upstream-oracle.py', import.meta.url));

/**
 * Fails (never skips) when the upstream tools are missing, naming the Debian packages that
 * provide them.
 */
export function assertUpstreamPython(): void {
  if (!existsSync(SYSTEM_PYTHON)) {
    throw new Error(
      `${SYSTEM_PYTHON} is missing: install the Debian packages python3, python3-yaml and cloud-init`,
    );
  }
  const probe = spawnSync(
    SYSTEM_PYTHON,
    ['-c', 'import tomllib, yaml; import cloudinit.config.schema, cloudinit.config.cc_write_files'],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0) {
    throw new Error(
      `the upstream readers cannot load (install the Debian packages cloud-init and python3-yaml; Python >= 3.11 for tomllib): ${probe.stderr.trim().split('\n').pop() ?? ''}`,
    );
  }
}

/**
 * A long-lived Python process running upstream code (cloud-init's schema validator and
 * write_files decoding, PyYAML, tomllib) over a line protocol, so each generated document costs
 * milliseconds instead of an interpreter start.
 */
export class UpstreamOracle {
  private process: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private buffer = '';
  private failure: Error | undefined;

  private start(): ChildProcessWithoutNullStreams {
    if (this.process) return this.process;
    assertUpstreamPython();
    const child = spawn(SYSTEM_PYTHON, ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = `${stderr}${chunk}`.slice(-4000);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.receive(chunk));
    child.on('exit', (code) => {
      this.failure = new Error(`the upstream oracle exited (code ${code}): ${stderr.trim()}`);
      for (const pending of this.pending.values()) pending.reject(this.failure);
      this.pending.clear();
      this.process = undefined;
    });
    this.process = child;
    return child;
  }

  private receive(chunk: string): void {
    // Answers can be large: scan only the new chunk for the end of a line.
    const newlineInChunk = chunk.indexOf('\n');
    this.buffer += chunk;
    if (newlineInChunk < 0) return;
    let newline = this.buffer.length - chunk.length + newlineInChunk;
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
      const answer = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
      const pending = this.pending.get(answer.id);
      if (!pending) continue;
      this.pending.delete(answer.id);
      if (answer.ok) pending.resolve(answer.result);
      else pending.reject(new Error(`upstream oracle: ${answer.error}`));
    }
  }

  private request(op: string, bytes: Buffer, extra: Record<string, unknown> = {}): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ id, op, bytes: bytes.toString('base64'), ...extra })}\n`);
    });
  }

  /**
   * cloud-init's verdict on a cloud-config and what it would write (the text as UTF-8 bytes, as a
   * node receives it). `validate: false` only reads it (no schema walk).
   */
  async cloudConfig(text: string, options: { validate?: boolean } = {}): Promise<CloudConfigVerdict> {
    const raw = (await this.request('cloud-config', Buffer.from(text, 'utf8'), {
      validate: options.validate !== false,
    })) as {
      schemaError: string | null;
      readError?: string | null;
      config: unknown;
      files?: {
        path: string;
        bytes: string;
        mode: number;
        owner: string | null;
        group: string | null;
        append: boolean;
        defer: boolean;
      }[];
      scripts?: { runcmd?: string; bootcmd?: string };
    };
    return {
      schemaError: raw.schemaError,
      readError: raw.readError ?? null,
      config: raw.config,
      files: (raw.files ?? []).map((file) => ({ ...file, bytes: Buffer.from(file.bytes, 'base64') })),
      scripts: raw.scripts ?? {},
    };
  }

  /** PyYAML `safe_load` (or `safe_load_all` with `all`). */
  async yaml(text: string, options: { all?: boolean } = {}): Promise<ParseVerdict> {
    return (await this.request('yaml', Buffer.from(text, 'utf8'), {
      all: options.all === true,
    })) as ParseVerdict;
  }

  /** Python's `tomllib.loads`. */
  async toml(text: string): Promise<ParseVerdict> {
    return (await this.request('toml', Buffer.from(text, 'utf8'))) as ParseVerdict;
  }

  /** Ends the process. */
  close(): void {
    this.process?.stdin.end();
    this.process = undefined;
  }
}
