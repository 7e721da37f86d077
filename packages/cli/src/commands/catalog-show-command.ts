import {
  compareDistros,
  isCatalogDistro,
  kubernetesCompatibility,
  kubernetesMinor,
  type Catalog,
  type CatalogRelease,
  type CatalogStream,
  type ResolvedImage,
} from '@kubenode/catalog';
import { ARCHITECTURES, type Architecture } from '@kubenode/core';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { parseOutputFormat } from '../output-format.js';
import {
  catalogNow,
  loadCliCatalog,
  withCatalogOptions,
  type CatalogCommandOptions,
} from './catalog-context.js';
import { assessmentJson, catalogColumns, catalogDate, catalogSource } from './catalog-format.js';

interface ShowOptions extends CatalogCommandOptions {
  output: string;
  arch?: string;
}

function releaseLines(release: CatalogRelease, label: string): string[] {
  const lines = [
    `${label}: ${release.version}${release.releaseDates[0] ? ` (${release.releaseDates[0].value})` : ''} ${release.architectures.join(', ')}`,
  ];
  const components = Object.entries(release.components).map(
    ([name, versions]) => `${name} ${versions.join('/')}`,
  );
  if (components.length > 0) lines.push(`  components: ${components.join(', ')}`);
  if (release.cloudImages.length > 0) {
    lines.push(`  cloud images (${release.cloudImages.length}):`);
    for (const image of release.cloudImages)
      lines.push(
        `    ${image.provider}${image.region ? ` ${image.region}` : ''}${image.project ? ` project ${image.project}` : ''}: ${image.id}`,
      );
  }
  if (release.artifacts.length > 0) {
    const unusable = release.artifacts.filter((artifact) => artifact.digestIssues.length > 0).length;
    lines.push(
      `  artifacts: ${release.artifacts.length}${unusable > 0 ? ` (${unusable} with unusable digests: ${release.artifacts.find((artifact) => artifact.digestIssues.length > 0)!.digestIssues[0]})` : ''}`,
    );
  }
  lines.push('  sources:', ...release.sources.map((source) => `    ${catalogSource(source)}`));
  return lines;
}

function streamText(catalog: Catalog, resolved: ResolvedImage, now: Date): string {
  const { stream, release } = resolved;
  const assessment = catalog.lifecycle(stream, { now });
  const lines = [`${stream.title} (${stream.distro} ${stream.id}, ${stream.kind})`];
  if (stream.aliases.length > 0) lines.push(`aliases: ${stream.aliases.join(', ')}`);
  if (stream.architectures)
    lines.push(
      `architectures: ${stream.architectures.value.join(', ')}  (${catalogSource(stream.architectures.source)})`,
    );
  lines.push(`lifecycle: ${assessment.state}: ${assessment.summary}`);
  for (const date of stream.lifecycle.dates)
    lines.push(
      `  ${date.milestone.padEnd(26)} ${catalogDate(date).padEnd(26)} ${date.authority.padEnd(14)} ${catalogSource(date.source)}`,
    );
  if (stream.lifecycle.endOfLifeStatus)
    lines.push(
      `  status: ${stream.lifecycle.endOfLifeStatus.value}  (${catalogSource(stream.lifecycle.endOfLifeStatus.source)})`,
    );
  if (stream.lifecycle.successor) lines.push(`  successor: ${stream.lifecycle.successor.value}`);
  for (const note of stream.lifecycle.notes)
    lines.push(`  note: ${note.value}  (${catalogSource(note.source)})`);
  if (stream.kubernetes) {
    const { kubeletMinor, supportedMinors } = stream.kubernetes;
    lines.push(
      `kubernetes:${kubeletMinor ? ` kubelet ${kubeletMinor.value};` : ''}${supportedMinors ? ` control planes ${supportedMinors.value.join(', ')}` : ''}`,
    );
  }
  const attributes = Object.entries(stream.attributes);
  if (attributes.length > 0) {
    lines.push('attributes:');
    for (const [name, value] of attributes)
      lines.push(
        `  ${name}: ${Array.isArray(value.value) ? value.value.join(', ') : String(value.value)}  (${catalogSource(value.source)})`,
      );
  }
  if (release) lines.push(...releaseLines(release, resolved.pinned ? 'release' : 'newest release'));
  else lines.push('release: none in the catalog data');
  for (const note of resolved.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

function distroText(catalog: Catalog, distro: string, now: Date): string {
  const comparison = compareDistros(catalog, [distro], { now });
  const rows = catalog
    .streams(distro)
    .filter((stream: CatalogStream) => stream.kind !== 'channel-major')
    .map((stream) => {
      const assessment = catalog.lifecycle(stream, { now });
      return [stream.id, stream.title, assessment.state, catalogDate(assessment.endOfLife)];
    });
  const facts = comparison.aspects.map((aspect) => {
    const cell = comparison.cells[aspect.id][distro as keyof (typeof comparison.cells)[typeof aspect.id]];
    return `  ${aspect.label}: ${cell?.value ?? 'no data'}`;
  });
  return `${comparison.distros[0]!.name}\n\n${catalogColumns([['STREAM', 'TITLE', 'STATE', 'END OF LIFE'], ...rows])}\n${facts.join('\n')}\n`;
}

function kubernetesText(catalog: Catalog, version: string, now: Date): { text: string; json: unknown } {
  const compat = kubernetesCompatibility(catalog, version, { now });
  const line = (entries: typeof compat.talos) =>
    entries.map((entry) => `${entry.stream.id} (${entry.lifecycle.state})`).join(', ') || '-';
  const cycle = compat.kubernetes;
  const eks = compat.eks;
  const text = [
    `Kubernetes ${compat.minor}`,
    `  upstream: ${cycle ? `released ${cycle.releaseDate}, patches until ${cycle.endOfActiveSupport ?? '?'}, end of life ${cycle.endOfLife ?? '?'}, latest ${cycle.latest ?? '?'}` : 'not in the data'}`,
    `  Amazon EKS: ${eks ? `standard support until ${eks.endOfLife ?? '?'}, extended until ${eks.endOfExtendedSupport ?? '?'}` : 'not in the data'}`,
    `  Bottlerocket variants with kubelet ${compat.minor}: ${line(compat.bottlerocketVariants)}`,
    `  older Bottlerocket variants that may join: ${line(compat.bottlerocketCompatibleVariants)}`,
    `  Talos: ${line(compat.talos)}`,
    `  k3OS: ${line(compat.k3os)}`,
    `  independent of the OS image (kubelet from kubeadm packages, a sysext or Gardener): ${compat.osIndependent.join(', ')}`,
  ].join('\n');
  const json = {
    ...compat,
    bottlerocketVariants: compat.bottlerocketVariants.map((entry) => ({
      variant: entry.stream.id,
      lifecycle: assessmentJson(entry.lifecycle),
    })),
    bottlerocketCompatibleVariants: compat.bottlerocketCompatibleVariants.map((entry) => ({
      variant: entry.stream.id,
      lifecycle: assessmentJson(entry.lifecycle),
    })),
    talos: compat.talos.map((entry) => ({
      minor: entry.stream.id,
      lifecycle: assessmentJson(entry.lifecycle),
    })),
    k3os: compat.k3os.map((entry) => ({ line: entry.stream.id, lifecycle: assessmentJson(entry.lifecycle) })),
  };
  return { text: `${text}\n`, json };
}

/**
 * `kubenode catalog show <distro> [stream] [version]`: one image line in full (lifecycle dates from every
 * source, Kubernetes facts, newest or pinned release with components, cloud images and sources),
 * a distro overview, or `show kubernetes <version>` for the image lines that run that Kubernetes.
 */
export function registerCatalogShowCommand(catalogCommand: Command, context: CliContext): void {
  withCatalogOptions(
    catalogCommand
      .command('show')
      .description('show an image line (or a distro, or `kubernetes <version>`) with lifecycle and sources')
      .argument('<distro>', 'distro id, or kubernetes')
      .argument('[stream]', 'channel, stream, variant or alias (for kubernetes: a version)')
      .argument('[version]', 'a pinned image version')
      .option('--arch <arch>', 'amd64 or arm64')
      .option('--output <format>', 'table, json or yaml', 'table'),
  ).action(
    (distro: string, streamId: string | undefined, version: string | undefined, options: ShowOptions) => {
      const format = parseOutputFormat(options.output, ['table', 'json', 'yaml']);
      const now = catalogNow(context, options.now);
      const emit = (text: string, json: unknown) =>
        context.out(
          format === 'json'
            ? `${JSON.stringify(json, null, 2)}\n`
            : format === 'yaml'
              ? stringify(json)
              : text,
        );
      if (distro === 'kubernetes') {
        if (streamId === undefined || kubernetesMinor(streamId) === undefined)
          throw new CliUsageError('show kubernetes: expected a Kubernetes version such as 1.32 or 1.32.4');
        const catalog = loadCliCatalog(context, options);
        const { text, json } = kubernetesText(catalog, streamId, now);
        return emit(text, json);
      }
      if (!isCatalogDistro(distro))
        throw new CliUsageError(
          `unknown distro '${distro}'; the catalog has flatcar, gardenlinux, debian, ubuntu, k3os, bottlerocket, talos (or: show kubernetes <version>)`,
        );
      if (options.arch !== undefined && !(ARCHITECTURES as readonly string[]).includes(options.arch))
        throw new CliUsageError(`--arch: expected ${ARCHITECTURES.join(' or ')}; got '${options.arch}'`);
      const catalog = loadCliCatalog(context, options);
      if (streamId === undefined) {
        const streams = catalog
          .streams(distro)
          .map((stream) => ({ stream, lifecycle: assessmentJson(catalog.lifecycle(stream, { now })) }));
        return emit(distroText(catalog, distro, now), {
          distro,
          streams,
          comparison: compareDistros(catalog, [distro], { now }),
        });
      }
      const resolved = catalog.resolve({
        distro,
        ...(distro === 'bottlerocket' && streamId !== undefined
          ? { variant: streamId }
          : streamId !== undefined
            ? { channel: streamId }
            : {}),
        ...(version !== undefined ? { version } : {}),
        ...(options.arch !== undefined ? { arch: options.arch as Architecture } : {}),
      });
      emit(streamText(catalog, resolved, now), {
        stream: resolved.stream,
        lifecycle: assessmentJson(catalog.lifecycle(resolved.stream, { now })),
        release: resolved.release ?? null,
        pinned: resolved.pinned,
        notes: resolved.notes,
      });
    },
  );
}
