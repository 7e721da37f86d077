import { describeAdapterConformance } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createUbuntu } from './index.js';

// The kubenode conformance suite, through the testkit's package entry point, as a third party runs it.
describeAdapterConformance(createUbuntu, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  probes: {
    // cloud-init schema (Debian package `cloud-init`) judges every rendered pool.
    externalValidators: true,
    updates: {
      detect: [
        {
          description: 'needrestart reports a newer kernel',
          output: {
            exitCode: 0,
            stdout:
              'KUBENODE-REBOOT-REQUIRED: false\nNEEDRESTART-VER: 3.6\nNEEDRESTART-KCUR: 6.8.0-45-generic\nNEEDRESTART-KEXP: 6.8.0-47-generic\nNEEDRESTART-KSTA: 3\n',
            stderr: '',
          },
          expected: { available: true, rebootRequired: true },
        },
      ],
    },
  },
});
