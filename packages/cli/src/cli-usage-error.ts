import { KubenodeError } from '@kubenode/core';

/** A command line the CLI cannot run as written (exit code 2). */
export class CliUsageError extends KubenodeError {
  constructor(message: string) {
    super({ name: 'KubenodeCliUsageError', message });
  }
}
