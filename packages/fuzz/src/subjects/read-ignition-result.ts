import type { NodePool, ProvisioningResultV1 } from '@kubenode/core';
import { poolFilePaths } from '../readers/pool-file-paths.js';
import { readIgnition } from '../readers/read-ignition.js';
import type { ReadOptions, ReadResult, UpstreamJudges } from './fuzz-subject.js';

/** Ignition spec versions Debian bookworm's ignition-validate (2.14) judges. */
const JUDGED_SPECS = new Set(['3.0.0', '3.1.0', '3.2.0', '3.3.0']);

/**
 * ignition-validate warnings that do not change what the node gets: a plain-HTTP proxy used for
 * HTTPS (the usual CONNECT proxy) and `enabled: true` on a unit without an [Install] section
 * (systemctl enable would do nothing either; the pool asked for it). Every other warning counts.
 */
const HARMLESS_WARNINGS = [
  /insecure plaintext HTTP proxy specified for HTTPS resources/,
  /is enabled, but has no install section so enable does nothing/,
];

function meaningful(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter(
      (line) => !(line.startsWith('warning') && HARMLESS_WARNINGS.some((pattern) => pattern.test(line))),
    );
}

/**
 * Reads an Ignition artifact and has Debian's ignition-validate judge it (spec <= 3.3.0; its
 * warnings count too: each means Ignition would not apply a value as written).
 */
export async function readIgnitionResult(
  result: ProvisioningResultV1,
  pool: NodePool,
  judges: UpstreamJudges,
  artifactName: string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const artifact = result.artifacts.find((candidate) => candidate.name === artifactName);
  if (!artifact)
    return {
      view: { shape: undefined, problems: [`no ${artifactName} artifact`] },
      rejections: [],
      judges: [],
    };
  const rejections: string[] = [];
  const ran: string[] = [];
  const version =
    (JSON.parse(artifact.contents) as { ignition?: { version?: string } }).ignition?.version ?? '';
  if (options.upstream !== false && JUDGED_SPECS.has(version)) {
    const verdict = await judges.ignition.validate(artifact.contents);
    ran.push('ignition-validate');
    const lines = meaningful(verdict.output);
    if (!verdict.ok || lines.length > 0) {
      rejections.push(
        `ignition-validate ${verdict.ok ? 'warns about' : 'rejects'} ${artifactName}: ${lines.join('; ').slice(0, 600)}`,
      );
    }
  }
  const poolPaths = poolFilePaths(pool);
  const view = await readIgnition(artifact.contents, poolPaths, judges.oracle);
  return { view, rejections, judges: ran };
}
