import { describe, expect, it } from 'vitest';
import { describeAdapterConformance } from '../index.js';
import { createMockDistroAdapter } from './create-mock-distro-adapter.js';

// The mock adapter is the honest reference the suite is developed against: it must pass every case.
describeAdapterConformance(createMockDistroAdapter, {
  test: { describe, it, expect },
  goldenDir: new URL('../../golden/mock-distro-adapter/', import.meta.url),
  probes: {
    updates: {
      detect: [
        {
          description: 'an update is offered',
          output: { exitCode: 0, stdout: 'UPDATE_AVAILABLE=1\nVERSION=1.0.1\n', stderr: '' },
          expected: { available: true, version: '1.0.1', rebootRequired: false },
        },
        {
          description: 'nothing to do',
          output: { exitCode: 0, stdout: 'UPDATE_AVAILABLE=0\n', stderr: '' },
          expected: { available: false },
        },
      ],
      verify: [
        {
          description: 'rebooted into 1.0.1',
          before: {
            name: 'n1',
            osImage: 'Mock OS 1.0.0',
            kernelVersion: '6.1.0',
            bootID: 'a',
            annotations: {},
          },
          after: {
            name: 'n1',
            osImage: 'Mock OS 1.0.1',
            kernelVersion: '6.1.0',
            bootID: 'b',
            annotations: {},
          },
          target: { version: '1.0.1' },
          ok: true,
        },
        {
          description: 'rebooted into the old version (rolled back)',
          before: {
            name: 'n1',
            osImage: 'Mock OS 1.0.0',
            kernelVersion: '6.1.0',
            bootID: 'a',
            annotations: {},
          },
          after: {
            name: 'n1',
            osImage: 'Mock OS 1.0.0',
            kernelVersion: '6.1.0',
            bootID: 'b',
            annotations: {},
          },
          target: { version: '1.0.1' },
          ok: false,
        },
      ],
    },
  },
});
