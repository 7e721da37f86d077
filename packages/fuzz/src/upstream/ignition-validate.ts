import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `ignition` package installs the validator. */
export const IGNITION_VALIDATE = 'ignition-validate';

/** What ignition-validate said about one config. */
export interface IgnitionVerdict {
  readonly ok: boolean;
  readonly output: string;
}

/** Fails (never skips) when ignition-validate is not installed. */
export function assertIgnitionValidate(): void {
  const probe = spawnSync(IGNITION_VALIDATE, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${IGNITION_VALIDATE} is missing: install the Debian package 'ignition'`);
  }
}

/**
 * Runs Debian's `ignition-validate` (Ignition's own validator, spec <= 3.3.0) on configs with
 * bounded concurrency; identical configs are judged once.
 */
export class IgnitionValidator {
  private readonly directory = mkdtempSync(join(tmpdir(), 'kubenode-fuzz-ign-'));
  private readonly verdicts = new Map<string, Promise<IgnitionVerdict>>();
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private counter = 0;
  /** How many configs the tool judged (cache hits excluded). */
  runs = 0;

  constructor(private readonly concurrency = 2) {
    assertIgnitionValidate();
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  /** ignition-validate's verdict on a config. */
  validate(config: string): Promise<IgnitionVerdict> {
    const key = createHash('sha256').update(config).digest('hex');
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = this.slot(
        () =>
          new Promise<IgnitionVerdict>((resolve) => {
            const file = join(this.directory, `config-${this.counter++}.ign`);
            writeFileSync(file, config, { mode: 0o600 });
            this.runs++;
            execFile(
              IGNITION_VALIDATE,
              [file],
              { encoding: 'utf8', timeout: 60_000 },
              (error, stdout, stderr) => {
                rmSync(file, { force: true });
                const output = `${stdout}${stderr}`.replaceAll(file, 'config.ign').trim();
                resolve({ ok: error === null, output: error && !output ? String(error.message) : output });
              },
            );
          }),
      );
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  /** Removes the working directory. */
  close(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
