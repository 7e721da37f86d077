import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMATIC_ID, marshalSchematic, schematicId } from './talos-schematic.js';

describe('Image Factory schematic IDs', () => {
  // The vectors of siderolabs/image-factory pkg/schematic/schematic_test.go (TestID, TestUnmarshalID).
  it.each([
    ['empty', { customization: {} }, '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'],
    [
      'extra kernel args',
      { customization: { extraKernelArgs: ['noapic', 'nolapic'] } },
      '9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c',
    ],
    [
      'secureboot',
      { customization: { secureboot: { includeWellKnownCertificates: true } } },
      'fa8e05f142a851d3ee568eb0a8e5841eaf6b0ebc8df9a63df16ac5ed2c04f3e6',
    ],
    [
      'overlay',
      { overlay: { name: 'rpi_generic', image: 'siderolabs/sbc-raspberrypi' }, customization: {} },
      'ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9',
    ],
    [
      'empty lists are omitted',
      { customization: { extraKernelArgs: [], systemExtensions: { officialExtensions: [] } } },
      '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba',
    ],
  ])('%s matches the factory test vector', (_name, schematic, id) => {
    expect(schematicId(schematic)).toBe(id);
  });

  // The IDs the Talos 1.12 "Boot Assets" guide shows for its example schematics.
  it('reproduces the documented bare-metal and AWS example IDs', () => {
    expect(
      schematicId({
        customization: {
          extraKernelArgs: ['net.ifnames=0'],
          systemExtensions: { officialExtensions: ['siderolabs/gvisor', 'siderolabs/intel-ucode'] },
        },
      }),
    ).toBe('b8e8fbbe1b520989e6c52c8dc8303070cb42095997e76e812fa8892393e1d176');
    expect(
      schematicId({ customization: { systemExtensions: { officialExtensions: ['siderolabs/gvisor'] } } }),
    ).toBe('d9ff89777e246792e7642abd3220a616afb4e49822382e4213a2e528ab826fe5');
  });

  it('names the documented default schematic', () => {
    expect(schematicId({ customization: {} })).toBe(DEFAULT_SCHEMATIC_ID);
    expect(marshalSchematic({ customization: {} })).toBe('customization: {}\n');
  });

  it("quotes like Go's yaml.v3: double quotes for scalars that read as non-strings, single quotes after indicators", () => {
    expect(
      marshalSchematic({
        customization: {
          extraKernelArgs: ['1', 'yes', 'off', '0644', '0x10', 'quiet', '-console', '@x', 'a:'],
        },
      }),
    ).toBe(
      'customization:\n    extraKernelArgs:\n        - "1"\n        - "yes"\n        - "off"\n        - "0644"\n        - "0x10"\n        - quiet\n        - -console\n        - \'@x\'\n        - \'a:\'\n',
    );
    expect(() => marshalSchematic({ customization: { extraKernelArgs: ['has space'] } })).toThrow(RangeError);
  });
});
