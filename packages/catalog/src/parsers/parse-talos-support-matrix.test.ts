import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseTalosSupportMatrix } from './parse-talos-support-matrix.js';

const file = 'talos/support-matrix-v1.11.trimmed.md';
const context = vectorContext('talos/support-matrix-v1.11', file);

describe('parseTalosSupportMatrix', () => {
  it('reads both minors with projected (TBD) dates, Kubernetes minors and architectures', () => {
    const [v111, v110] = parseTalosSupportMatrix(readVector(file), context);
    expect(v111).toMatchObject({
      minor: '1.11',
      releaseDate: { date: '2025-08-29', projected: true, detail: undefined },
      endOfCommunitySupport: { date: '2025-12-15', projected: true, untilRelease: '1.12.0' },
      kubernetes: ['1.34', '1.33', '1.32', '1.31', '1.30', '1.29'],
      architectures: ['amd64', 'arm64'],
      enterpriseSupport: 'offered by Sidero Labs Inc. (https://www.siderolabs.com/support/)',
    });
    expect(v110).toMatchObject({
      minor: '1.10',
      releaseDate: { date: '2025-04-30', projected: false, detail: '1.10.0' },
      endOfCommunitySupport: { date: '2025-08-29', projected: true, untilRelease: '1.11.0' },
      kubernetes: ['1.33', '1.32', '1.31', '1.30', '1.29', '1.28'],
    });
    expect(v111!.platforms['bare metal']).toBe(
      'x86: BIOS, UEFI, SecureBoot; arm64: UEFI, SecureBoot; boot: ISO, PXE, disk image',
    );
    expect(v111!.platforms.cloud).toContain('Hetzner');
    expect(v110!.platforms['bare metal']).toBe('x86: BIOS, UEFI; arm64: UEFI; boot: ISO, PXE, disk image');
  });

  it('finds the table in the full page (front matter and other tables around it)', () => {
    const page = `---\ntitle: Support Matrix\n---\n\n| SBC | 1.11 |\n| --- | --- |\n| rpi | yes |\n\n${readVector(file)}\n\n| Omni | x |\n| --- | --- |\n`;
    expect(parseTalosSupportMatrix(page, context).map((minor) => minor.minor)).toEqual(['1.11', '1.10']);
  });

  it('names the row that does not parse', () => {
    const text = readVector(file).replace('1.12.0 release (2025-12-15, TBD)', 'when 1.12 ships');
    expect(() => parseTalosSupportMatrix(text, context)).toThrow(
      /line 4 \(1\.11\): expected "1\.x\.0 release \(YYYY-MM-DD\[, TBD\]\)"; got 'when 1\.12 ships'/,
    );
    expect(() => parseTalosSupportMatrix('# nothing', context)).toThrow(
      /no table with a "Talos Version" header row/,
    );
  });
});
