import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that makes the suite (re)write golden files instead of comparing. */
export const UPDATE_GOLDENS_ENV = 'KUBENODE_UPDATE_GOLDENS';

/** Reads and writes an adapter's golden files: `<goldenDir>/<pool id>.golden`. */
export class GoldenStore {
  /** Absolute directory. */
  readonly directory: string;
  /** Whether goldens are rewritten rather than compared. */
  readonly update: boolean;

  constructor(options: { directory: string | URL; update?: boolean; env?: Readonly<Record<string, string | undefined>> }) {
    const directory = options.directory;
    this.directory = directory instanceof URL ? fileURLToPath(directory) : directory;
    const env = options.env ?? process.env;
    this.update = options.update ?? (env[UPDATE_GOLDENS_ENV] === '1' || env[UPDATE_GOLDENS_ENV] === 'true');
  }

  /** The file of one pool. */
  pathOf(poolId: string): string {
    return join(this.directory, `${poolId.replaceAll(':', '_')}.golden`);
  }

  /** The stored golden text, or undefined when there is none. */
  read(poolId: string): string | undefined {
    const path = this.pathOf(poolId);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  }

  /** Writes a golden file (update mode). */
  write(poolId: string, text: string): void {
    mkdirSync(this.directory, { recursive: true });
    writeFileSync(this.pathOf(poolId), text);
  }

  /** Golden files in the directory that belong to none of the given pools. */
  stale(poolIds: readonly string[]): string[] {
    if (!existsSync(this.directory)) return [];
    const expected = new Set(poolIds.map((id) => `${id.replaceAll(':', '_')}.golden`));
    return readdirSync(this.directory)
      .filter((name) => name.endsWith('.golden') && !expected.has(name))
      .sort();
  }

  /** Removes a golden file (update mode, stale files). */
  remove(name: string): void {
    rmSync(join(this.directory, name), { force: true });
  }
}
