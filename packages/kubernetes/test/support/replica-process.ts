import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A controller replica running in its own process. */
export interface ReplicaProcess {
  readonly identity: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first output line matching `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `controller-replica.ts` with its configuration in KUBENODE_REPLICA. */
export function startReplica(identity: string, config: object): ReplicaProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@kubenode/source', '--import', 'tsx', 'test/support/controller-replica.ts'],
    {
      cwd: packageDir,
      env: { ...process.env, KUBENODE_REPLICA: JSON.stringify({ ...config, identity }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let index: number;
    while ((index = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, index));
      buffer = buffer.slice(index + 1);
    }
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    }),
  );
  return {
    identity,
    child,
    lines,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            const match = pattern.exec(lines[seen] as string);
            if (match) {
              done();
              resolve(match);
              return;
            }
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(
              new Error(`${identity} exited before printing ${pattern}:\n${lines.slice(-20).join('\n')}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${identity} did not print ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
