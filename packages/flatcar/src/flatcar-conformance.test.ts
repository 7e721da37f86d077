import { describeAdapterConformance } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './index.js';

const status = (op: string, version = '0.0.0') =>
  `LAST_CHECKED_TIME=1732450000\nPROGRESS=0.000000\nCURRENT_OP=${op}\nNEW_VERSION=${version}\nNEW_SIZE=0\n`;
const node = (osImage: string, bootID: string) => ({
  name: 'flatcar-1',
  osImage,
  kernelVersion: '6.6.95-flatcar',
  bootID,
  annotations: {},
});

// The kubenode conformance suite, through the testkit's package entry point, as a third party runs it.
describeAdapterConformance(createFlatcar, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  probes: {
    // ignition-validate (Debian package `ignition`) judges every rendered pool.
    externalValidators: true,
    updates: {
      node: node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'a'),
      target: { version: '4459.2.3' },
      detect: [
        {
          description: 'idle',
          output: { exitCode: 0, stdout: status('UPDATE_STATUS_IDLE'), stderr: '' },
          expected: { available: false, rebootRequired: false },
        },
        {
          description: 'downloaded, waiting for a reboot',
          output: {
            exitCode: 0,
            stdout: status('UPDATE_STATUS_UPDATED_NEED_REBOOT', '4459.2.3'),
            stderr: '',
          },
          expected: { available: true, version: '4459.2.3', rebootRequired: true },
        },
      ],
      verify: [
        {
          description: 'rebooted into 4459.2.3',
          before: node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'a'),
          after: node('Flatcar Container Linux by Kinvolk 4459.2.3 (Oklo)', 'b'),
          target: { version: '4459.2.3' },
          ok: true,
        },
        {
          description: 'fell back to the old partition',
          before: node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'a'),
          after: node('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)', 'b'),
          target: { version: '4459.2.3' },
          ok: false,
        },
      ],
    },
  },
});
