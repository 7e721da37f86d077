import {
  AdapterRegistry,
  collectSecrets,
  redactSecrets,
  type DistroAdapterV1,
  type NodePool,
} from '@kubenode/core';
import { readFileSync } from 'node:fs';
import { CliUsageError } from './cli-usage-error.js';
import type { CliIo } from './cli-io.js';
import type { PoolFile } from './locate-in-pool-file.js';
import { loadAdapterModule } from './load-adapter-module.js';

/** What every command gets: IO, the adapter registry, and redacting output helpers. */
export class CliContext {
  private registry: AdapterRegistry | undefined;
  private readonly secrets = new Set<string>();
  /** The exit code a command sets when it finishes without throwing but must report failure. */
  exitCode: number = 0;
  /** The NodePool file the command read, so problems found later are reported against it. */
  poolFile: PoolFile | undefined;
  /** Adapter modules named by `--adapter` (and `KUBENODE_ADAPTERS`, colon-separated). */
  readonly adapterModules: string[] = [];

  constructor(
    readonly io: CliIo,
    private readonly builtins: () => DistroAdapterV1[],
  ) {
    const fromEnv = io.env.KUBENODE_ADAPTERS;
    if (fromEnv) this.adapterModules.push(...fromEnv.split(':').filter(Boolean));
  }

  /**
   * Reads standard input (an input given as `-`). It can be read once: a second input given as
   * `-` is a usage error instead of an empty document.
   */
  readStdin(): Buffer {
    if (this.stdinRead)
      throw new CliUsageError('- (standard input) is given for more than one input; only one can read it');
    this.stdinRead = true;
    return Buffer.from(this.io.readStdin ? this.io.readStdin() : readFileSync(0));
  }

  private stdinRead = false;

  /** The registry: built-in adapters plus loaded third-party modules. */
  async adapters(): Promise<AdapterRegistry> {
    if (!this.registry) {
      const registry = new AdapterRegistry();
      for (const adapter of this.builtins()) registry.register(adapter);
      for (const specifier of this.adapterModules) {
        for (const adapter of await loadAdapterModule(specifier, this.io.cwd))
          registry.register(adapter, { replace: true });
      }
      this.registry = registry;
    }
    return this.registry;
  }

  /** Remembers a pool's secrets so nothing written to stderr can contain them. */
  protectSecretsOf(pool: NodePool): void {
    for (const secret of collectSecrets(pool)) this.secrets.add(secret);
  }

  /** Known secrets, for error reports. */
  knownSecrets(): string[] {
    return [...this.secrets];
  }

  /** Whether colour may be used on stderr. */
  get color(): boolean {
    return this.io.stderrIsTty && this.io.env.NO_COLOR === undefined && this.io.env.TERM !== 'dumb';
  }

  /** Writes data to stdout. */
  out(text: string): void {
    this.io.stdout(text);
  }

  /** Writes a progress or status line to stderr (secrets redacted). */
  info(line: string): void {
    this.io.stderr(`${redactSecrets(line, this.knownSecrets())}\n`);
  }

  /** Writes a warning to stderr (secrets redacted). */
  warn(line: string): void {
    const prefix = this.color ? '\u001b[33mwarning\u001b[0m' : 'warning';
    this.io.stderr(`${prefix}: ${redactSecrets(line, this.knownSecrets())}\n`);
  }
}
