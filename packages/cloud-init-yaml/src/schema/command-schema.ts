import { z } from 'zod';

/** A command as cloud-init runs it: a shell string (run with `sh -c`), or an argv list (no shell). */
export const commandSchema = z
  .union([z.string(), z.array(z.string())], {
    error: 'expected a command: a shell string, or a list of argv strings',
  })
  .describe('A shell command string, or an argv list run without a shell.');

/** One command. */
export type Command = z.output<typeof commandSchema>;

/** `runcmd`: commands run once per instance, late in boot (final stage, after packages). */
export const runcmdSchema = z
  .array(z.union([commandSchema, z.null()], { error: 'expected a command string, argv list or null' }))
  .min(1, { error: 'runcmd needs at least one command (omit the key instead)' })
  .describe('Commands run once per instance in the final stage (scripts-user), after packages.');

/** `bootcmd`: commands run on every boot, early (init stage); use `cloud-init-per once` for once-only. */
export const bootcmdSchema = z
  .array(commandSchema)
  .min(1, { error: 'bootcmd needs at least one command (omit the key instead)' })
  .describe('Commands run on every boot, early in the init stage.');
