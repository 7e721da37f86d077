import { nodePoolJsonSchema } from '@kubenode/core';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { parseOutputFormat } from '../output-format.js';

/** `kubenode schema`: prints the NodePool JSON Schema for editors and validators. */
export function registerSchemaCommand(program: Command, context: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the NodePool document (for editor completion)')
    .option('--output <format>', 'json or yaml', 'json')
    .action((options: { output: string }) => {
      const format = parseOutputFormat(options.output, ['json', 'yaml']);
      const schema = nodePoolJsonSchema();
      context.out(format === 'yaml' ? stringify(schema) : `${JSON.stringify(schema, null, 2)}\n`);
    });
}
