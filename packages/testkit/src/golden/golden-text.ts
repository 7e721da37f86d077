import { KubenodeError, UnsupportedFeatureError, type ProvisioningResultV1 } from '@kubenode/core';

/** What rendering a pool did: the result, or the error it threw. */
export type RenderOutcome =
  | { readonly kind: 'rendered'; readonly result: ProvisioningResultV1 }
  | { readonly kind: 'refused'; readonly error: unknown };

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The golden-file text of an outcome: every artifact (name, role, media type, secret flag, byte
 * length, then the exact contents), every warning, or the error's name, field and message. The
 * byte lengths make the format unambiguous whatever the artifacts contain.
 */
export function goldenText(poolId: string, outcome: RenderOutcome): string {
  const lines = [
    `# kubenode conformance golden file for pool '${poolId}'.`,
    '# Regenerate with KUBENODE_UPDATE_GOLDENS=1 (or the updateGoldens option) after reviewing the change.',
  ];
  if (outcome.kind === 'refused') {
    const error = outcome.error;
    const name = KubenodeError.isInstance(error) ? error.name : error instanceof Error ? error.name : typeof error;
    const field = UnsupportedFeatureError.isInstance(error) ? ` field=${error.field}` : '';
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`@@ refused ${name}${field} bytes=${byteLength(message)}`, message);
    return `${lines.join('\n')}\n`;
  }
  let text = `${lines.join('\n')}\n`;
  for (const artifact of outcome.result.artifacts) {
    text += `@@ artifact ${JSON.stringify(artifact.name)} role=${artifact.role} media-type=${artifact.mediaType} contains-secrets=${artifact.containsSecrets} bytes=${byteLength(artifact.contents)}\n`;
    text += `${artifact.contents}\n`;
  }
  for (const warning of outcome.result.warnings) {
    text += `@@ warning ${warning.code}${warning.path === undefined ? '' : ` path=${warning.path}`} bytes=${byteLength(warning.message)}\n${warning.message}\n`;
  }
  return `${text}@@ end\n`;
}
