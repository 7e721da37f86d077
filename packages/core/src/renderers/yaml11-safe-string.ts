import { doubleQuoted, yaml11SafeScalar } from 'cloud-init-yaml';

/** A line of multi-line text that holds only spaces and tabs. */
const BLANK_LINE = /^[ \t]+$/m;
/** A tab before the first character that is not a blank or a line break (libyaml refuses it in a literal block). */
const LEADING_TAB = /^[ \t\n]*\t/;

/**
 * How `toYaml` writes a string that YAML 1.1 readers (kubeadm's and the kubelet's Go readers,
 * k3OS, PyYAML) would otherwise misread or refuse: cloud-init-yaml's `yaml11SafeScalar` (escapes
 * for U+0085, U+2028, U+2029, C1 controls, U+FFFE/U+FFFF…; `=` and `<<` quoted; multi-line text
 * that is not a safe literal block), and double quotes for multi-line text with a line of only
 * spaces or tabs or a tab before its first other character, which libyaml (Go's yaml.v2/v3,
 * PyYAML's C loader) refuses or reads differently in a literal block, and for single-line text
 * with a tab (PyYAML's Python loader, cloud-init's, refuses a tab in a plain scalar). Undefined when
 * the `yaml` library's own choice is safe.
 */
export function yaml11SafeString(
  value: string,
  context: { readonly implicitKey?: boolean; readonly inFlow?: boolean | null } = {},
): string | undefined {
  const safe = yaml11SafeScalar(value, context);
  if (safe !== undefined) return safe;
  if (!value.includes('\n')) return value.includes('\t') ? doubleQuoted(value) : undefined;
  return BLANK_LINE.test(value) || LEADING_TAB.test(value) ? doubleQuoted(value) : undefined;
}
