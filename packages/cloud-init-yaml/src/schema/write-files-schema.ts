import { z } from 'zod';

/** The `encoding` values cloud-init's write_files accepts. */
export const WRITE_FILE_ENCODINGS = [
  'gz',
  'gzip',
  'gz+base64',
  'gzip+base64',
  'gz+b64',
  'gzip+b64',
  'b64',
  'base64',
  'text/plain',
] as const;

/** A file mode as cloud-init reads it: an octal string such as `'0644'` (also `'644'`, `'0o644'`). */
export const PERMISSIONS_PATTERN = /^(?:0o|0)?[0-7]{3,4}$/;

/** Content: text, or bytes (YAML `!!binary`). */
export const fileContentSchema = z.union([z.string(), z.instanceof(Uint8Array)], {
  error: 'expected file content: a string, or !!binary bytes',
});

/** The fields of one write_files item, in the order they are written. */
export const writeFileShape = {
  path: z.string().min(1, { error: 'expected an absolute path' }).describe('Absolute path of the file.'),
  owner: z.string().optional().describe('user:group, default root:root.'),
  permissions: z
    .string({
      error:
        "expected permissions as a quoted octal string such as '0644' (an unquoted 0644 is read by YAML as the number 420)",
    })
    .regex(PERMISSIONS_PATTERN, { error: "expected an octal mode string such as '0644' or '0755'" })
    .optional()
    .describe("File mode as an octal string, e.g. '0644'."),
  encoding: z
    .enum(WRITE_FILE_ENCODINGS, { error: `expected one of ${WRITE_FILE_ENCODINGS.join(', ')}` })
    .optional()
    .describe('How `content` is encoded; text/plain by default.'),
  append: z.boolean().optional().describe('Append instead of replacing.'),
  defer: z
    .boolean()
    .optional()
    .describe('Write in the final stage, after users and packages exist (write_files_deferred).'),
  source: z
    .strictObject({
      uri: z.string().describe('URI the content is fetched from.'),
      headers: z.record(z.string(), z.string()).optional().describe('HTTP headers for the fetch.'),
    })
    .optional()
    .describe('Fetch the content from a URI (cloud-init >= 24.3; `content` is the fallback).'),
  content: fileContentSchema.optional().describe('The content, encoded as `encoding` says.'),
};

/** One `write_files` item. */
export const writeFileSchema = z.strictObject(writeFileShape).describe('A file written by cloud-init.');

/** One `write_files` item. */
export type WriteFile = z.output<typeof writeFileSchema>;

/** `write_files`: files written in the init stage (or the final stage with `defer: true`). */
export const writeFilesSchema = z
  .array(writeFileSchema)
  .min(1, { error: 'write_files needs at least one file (omit the key instead)' })
  .describe('Files written at boot.');
