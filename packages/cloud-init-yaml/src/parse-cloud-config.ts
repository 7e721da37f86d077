import { LineCounter, parseDocument } from 'yaml';
import type { CloudConfigIssue } from './cloud-config-issue.js';
import { cloudInitDialectSchema, type CloudInitDialect } from './cloud-init-dialect.js';
import { CloudConfigValidationError } from './errors/cloud-config-validation-error.js';
import type { CloudConfig } from './schema/cloud-config-schema.js';
import { CLOUD_CONFIG_HEADER } from './stringify-cloud-config.js';
import { validateCloudConfig } from './validate/validate-cloud-config.js';

/** Options of {@link parseCloudConfig} and {@link readCloudConfig}. */
export interface ParseCloudConfigOptions {
  /** The cloud-init release to check against; `22.4` (Debian 12) by default. */
  readonly dialect?: CloudInitDialect;
}

/** What {@link readCloudConfig} found: the document (when it is YAML) and every issue. */
export interface CloudConfigReadResult {
  /** The parsed document, or undefined when the text is not a YAML mapping with the right header. */
  readonly config: CloudConfig | undefined;
  /** Every issue, errors first; empty when the config is valid for the dialect. */
  readonly issues: readonly CloudConfigIssue[];
}

function headerIssue(text: string): CloudConfigIssue | undefined {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trimEnd() === CLOUD_CONFIG_HEADER) return undefined;
  if (/^##\s*template:\s*jinja\s*$/.test(firstLine)) {
    return {
      path: '',
      severity: 'error',
      rule: 'header',
      message:
        'a "## template: jinja" cloud-config is a template: render it first (cloud-init 22.4\'s schema check refuses the header)',
    };
  }
  if (/^(content-type|mime-version):/i.test(firstLine)) {
    return {
      path: '',
      severity: 'error',
      rule: 'header',
      message:
        'this is MIME multi-part user data: read it with parseMimeMultipart and parse its text/cloud-config parts',
    };
  }
  return {
    path: '',
    severity: 'error',
    rule: 'header',
    message: `expected the first line to be "${CLOUD_CONFIG_HEADER}"`,
  };
}

/**
 * Reads a cloud-config without throwing: checks the header, parses the YAML as cloud-init does
 * (YAML 1.1: `yes` is true, `0644` is the number 420, an unquoted date is a timestamp,
 * `!!binary` is bytes, merge keys merge; duplicate keys are refused), then validates it
 * ({@link validateCloudConfig}). Comments are not kept.
 */
export function readCloudConfig(text: string, options: ParseCloudConfigOptions = {}): CloudConfigReadResult {
  const dialect = cloudInitDialectSchema.parse(options.dialect ?? '22.4');
  const header = headerIssue(text);
  if (header) return { config: undefined, issues: [header] };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    uniqueKeys: true,
    lineCounter,
    prettyErrors: false,
  });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    return {
      config: undefined,
      issues: problems.map((problem) => {
        const position = lineCounter.linePos(problem.pos[0]);
        return {
          path: '',
          severity: 'error',
          rule: 'yaml',
          message: `YAML line ${position.line}, column ${position.col}: ${problem.message.split('\n')[0] ?? problem.code}`,
        };
      }),
    };
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 }) ?? {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      config: undefined,
      issues: [
        { path: '', severity: 'error', rule: 'yaml', message: 'expected a mapping of cloud-config keys' },
      ],
    };
  }
  const issues = validateCloudConfig(value, { dialect });
  return {
    config: value as CloudConfig,
    issues: [
      ...issues.filter((issue) => issue.severity === 'error'),
      ...issues.filter((issue) => issue.severity !== 'error'),
    ],
  };
}

/**
 * Parses and validates a cloud-config; see {@link readCloudConfig} for how the YAML is read.
 *
 * @throws {CloudConfigValidationError} with every issue when the text is not a valid cloud-config for the dialect.
 */
export function parseCloudConfig(text: string, options: ParseCloudConfigOptions = {}): CloudConfig {
  const dialect = cloudInitDialectSchema.parse(options.dialect ?? '22.4');
  const result = readCloudConfig(text, { dialect });
  if (!result.config || result.issues.some((issue) => issue.severity === 'error')) {
    throw new CloudConfigValidationError({ dialect, issues: result.issues });
  }
  return result.config;
}
