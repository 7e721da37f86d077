import { describeAdapterConformance } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createDebian } from './index.js';

// The kubenode conformance suite, through the testkit's package entry point, as a third party runs it.
describeAdapterConformance(createDebian, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  probes: {
    // cloud-init schema (Debian package `cloud-init`, 22.4 on bookworm) judges every rendered pool.
    externalValidators: true,
    updates: {
      detect: [
        {
          description: 'needrestart reports a newer kernel',
          output: {
            exitCode: 0,
            stdout:
              'KUBENODE-REBOOT-REQUIRED: false\nNEEDRESTART-VER: 3.6\nNEEDRESTART-KCUR: 6.1.0-25-amd64\nNEEDRESTART-KEXP: 6.1.0-26-amd64\nNEEDRESTART-KSTA: 3\n',
            stderr: '',
          },
          expected: { available: true, rebootRequired: true },
        },
      ],
    },
  },
  // A real mmdebstrap build takes minutes (the package's own image tests run it). Here the
  // builder's injectable exec reports every tool missing, so builder:build checks the typed
  // failure path: ExternalToolError naming a tool the plan lists.
  settings: { exec: async () => ({ kind: 'not-found' as const }) },
});
