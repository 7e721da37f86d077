import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/create-catalog.js';
import { TEST_NOW } from '../test-support/vectors.js';

const catalog = createCatalog({ now: () => TEST_NOW });
const at = (date: string) => ({ now: new Date(`${date}T12:00:00Z`) });
const assess = (distro: string, stream: string, date?: string) =>
  catalog.lifecycle(catalog.stream(distro, stream), date ? at(date) : {});

describe('assessLifecycle', () => {
  it('Flatcar stable majors end when the next stable major ships', () => {
    const old = assess('flatcar', 'stable-4459');
    expect(old).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2026-04-27', precision: 'exact', authority: 'rule' },
    });
    expect(old.summary).toBe('end of life since 2026-04-27');
    expect(assess('flatcar', 'stable-4459', '2026-03-01')).toMatchObject({
      state: 'ending-soon',
      daysUntilEndOfLife: 57,
    });
    expect(assess('flatcar', 'stable-4459', '2025-12-01').state).toBe('supported');
    expect(assess('flatcar', 'stable-4593').state).toBe('supported');
    // Before 4230 the trimmed data has gaps: the date is an upper bound.
    expect(assess('flatcar', 'stable-1688')).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2025-06-24', precision: 'at-the-latest' },
    });
  });

  it('Flatcar LTS streams: documented EOL first, then the observed last release, then the 18-month rule', () => {
    const lts2024 = assess('flatcar', 'lts-2024');
    expect(lts2024).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2026-06-30', precision: 'approximate', authority: 'documentation' },
    });
    expect(lts2024.disagreements.map((date) => [date.date, date.authority])).toEqual([
      ['2026-07-30', 'rule'],
    ]);
    expect(assess('flatcar', 'lts-2024', '2026-05-01')).toMatchObject({
      state: 'ending-soon',
      daysUntilEndOfLife: 60,
    });
    expect(assess('flatcar', 'lts-2023')).toMatchObject({
      endOfLife: { date: '2025-08-19', authority: 'observed' },
    });
    expect(assess('flatcar', 'lts-2022').endOfLife?.date).toBe('2023-10-25');
    expect(assess('flatcar', 'lts')).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2026-06-30' },
    });
    expect(assess('flatcar', 'edge')).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2020-04-15' },
      endOfLifeStatus: { value: 'discontinued' },
    });
  });

  it('k3OS is end of life since the deprecation notice', () => {
    const k3os = assess('k3os', 'v0.22', '2023-01-01');
    expect(k3os.state).toBe('end-of-life');
    expect(k3os.endOfLife).toMatchObject({ date: '2023-12-08', authority: 'documentation' });
    expect(k3os.summary).toBe(
      'end of life: the project is deprecated upstream; end of life (date given: 2023-12-08)',
    );
    expect(assess('k3os', 'v0.22').summary).toBe(
      'end of life: the project is deprecated upstream; end of life since 2023-12-08',
    );
  });

  it('extended support: Debian 12 after its security support, with both dates', () => {
    expect(assess('debian', '12')).toMatchObject({
      state: 'extended-support',
      endOfLife: { date: '2026-07-11', authority: 'endoflife.date' },
      endOfExtendedSupport: { date: '2028-06-30' },
      summary: 'regular support ended 2026-07-11; extended support until 2028-06-30',
    });
    expect(assess('debian', '12', '2026-06-01')).toMatchObject({
      state: 'ending-soon',
      daysUntilEndOfLife: 40,
    });
    expect(assess('debian', '13')).toMatchObject({
      state: 'supported',
      summary: 'supported until 2028-08-09',
    });
  });

  it('prefers facts over projections that passed unconfirmed (stale distro-info rows)', () => {
    // distro-info (as of 2021) projected bullseye's EOL as 2024-07-31; endoflife.date has the real 2024-08-14.
    expect(assess('debian', '11').endOfLife).toMatchObject({
      date: '2024-08-14',
      authority: 'endoflife.date',
    });
    // Future dates: the distro's own data wins over endoflife.date.
    expect(assess('ubuntu', '22.04').endOfLife).toMatchObject({ date: '2027-04-21', authority: 'feed' });
    expect(assess('ubuntu', '22.04').disagreements.map((date) => date.date)).toEqual(['2027-04-01']);
  });

  it('Bottlerocket: aws variants follow EKS extended support, others 14 months from first release', () => {
    expect(assess('bottlerocket', 'aws-k8s-1.31')).toMatchObject({
      state: 'supported',
      endOfLife: { date: '2026-11-26', authority: 'endoflife.date' },
    });
    expect(assess('bottlerocket', 'aws-k8s-1.31', '2026-10-01')).toMatchObject({
      state: 'ending-soon',
      daysUntilEndOfLife: 56,
    });
    expect(assess('bottlerocket', 'vmware-k8s-1.31').endOfLife).toMatchObject({
      date: '2025-11-10',
      authority: 'rule',
      precision: 'approximate',
    });
    expect(assess('bottlerocket', 'aws-k8s-1.23')).toMatchObject({
      state: 'end-of-life',
      endOfLife: { date: '2024-10-15', authority: 'observed' },
    });
    expect(assess('bottlerocket', 'aws-ecs-2').state).toBe('unknown');
  });

  it('Talos: projected end of community support; Garden Linux from GLRD; unknown when the data has nothing', () => {
    expect(assess('talos', '1.11', '2025-10-01')).toMatchObject({
      state: 'ending-soon',
      endOfLife: { date: '2025-12-15', precision: 'projected' },
    });
    expect(assess('gardenlinux', '1592', '2025-06-01')).toMatchObject({
      state: 'ending-soon',
      endOfLife: { date: '2025-08-12', authority: 'feed' },
    });
    expect(assess('gardenlinux', '1877')).toMatchObject({
      state: 'unknown',
      summary: 'lifecycle unknown: no end-of-life date in the data',
    });
  });

  it('honours the warning window', () => {
    const stream = catalog.stream('bottlerocket', 'aws-k8s-1.31');
    expect(catalog.lifecycle(stream, { ...at('2026-08-01'), warnWithinDays: 90 }).state).toBe('supported');
    expect(catalog.lifecycle(stream, { ...at('2026-08-01'), warnWithinDays: 120 }).state).toBe('ending-soon');
  });
});
