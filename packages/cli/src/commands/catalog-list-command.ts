import { isCatalogDistro, type CatalogRelease, type CatalogStream } from '@kubenode/catalog';
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
import { assessmentJson, catalogColumns, catalogDate } from './catalog-format.js';

interface ListOptions extends CatalogCommandOptions {
  output: string;
  all?: boolean;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * `kubenode catalog list [distro]`: image lines with their newest release and lifecycle state.
 * By default lines that ended more than a year ago and per-major Flatcar lines are left out
 * (`--all` shows them).
 */
export function registerCatalogListCommand(catalogCommand: Command, context: CliContext): void {
  withCatalogOptions(
    catalogCommand
      .command('list')
      .description('list image lines with their newest release and lifecycle state')
      .argument('[distro]', 'only this distro')
      .option('--all', 'include lines that ended more than a year ago and per-major Flatcar lines')
      .option('--output <format>', 'table, json or yaml', 'table'),
  ).action((distro: string | undefined, options: ListOptions) => {
    const format = parseOutputFormat(options.output, ['table', 'json', 'yaml']);
    if (distro !== undefined && !isCatalogDistro(distro))
      throw new CliUsageError(
        `unknown distro '${distro}'; the catalog has flatcar, gardenlinux, debian, ubuntu, k3os, bottlerocket, talos`,
      );
    const catalog = loadCliCatalog(context, options);
    const now = catalogNow(context, options.now);
    const rows: {
      stream: CatalogStream;
      latest: CatalogRelease | undefined;
      assessment: ReturnType<typeof catalog.lifecycle>;
    }[] = [];
    for (const id of distro ? [distro] : catalog.distros()) {
      const streams = catalog.streams(id).map((stream) => {
        let latest: CatalogRelease | undefined;
        try {
          latest = catalog.resolve({
            distro: id,
            ...(id === 'bottlerocket' ? { variant: stream.id } : { channel: stream.id }),
          }).release;
        } catch {
          latest = undefined;
        }
        return { stream, latest, assessment: catalog.lifecycle(stream, { now }) };
      });
      const shown = options.all
        ? streams
        : streams.filter(
            ({ stream, assessment }) =>
              stream.kind !== 'channel-major' &&
              (assessment.state !== 'end-of-life' ||
                (assessment.endOfLife !== undefined &&
                  now.getTime() - Date.parse(assessment.endOfLife.date) < YEAR_MS)),
          );
      rows.push(
        ...(shown.length > 0 || options.all
          ? shown
          : streams.filter(({ stream }) => stream.kind !== 'channel-major').slice(0, 1)),
      );
    }
    const data = rows.map(({ stream, latest, assessment }) => ({
      distro: stream.distro,
      stream: stream.id,
      kind: stream.kind,
      title: stream.title,
      latest: latest
        ? {
            version: latest.version,
            releaseDate: latest.releaseDates[0]?.value ?? null,
            architectures: latest.architectures,
          }
        : null,
      architectures: stream.architectures?.value ?? [],
      lifecycle: assessmentJson(assessment),
    }));
    if (format === 'json') return context.out(`${JSON.stringify(data, null, 2)}\n`);
    if (format === 'yaml') return context.out(stringify(data));
    context.out(
      catalogColumns([
        ['DISTRO', 'STREAM', 'LATEST', 'RELEASED', 'ARCH', 'STATE', 'END OF LIFE'],
        ...rows.map(({ stream, latest, assessment }) => [
          stream.distro,
          stream.id,
          latest?.version ?? '-',
          latest?.releaseDates[0]?.value.slice(0, 10) ?? '-',
          (stream.architectures?.value ?? []).join(',') || '-',
          assessment.state,
          catalogDate(assessment.endOfLife),
        ]),
      ]),
    );
  });
}
