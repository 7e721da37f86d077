import { describeAdapterConformance } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createFedoraCoreOs } from './index.js';

const node = (osImage: string, bootID: string) => ({
  name: 'fcos-1',
  osImage,
  kernelVersion: '6.15.9-201.fc42.x86_64',
  bootID,
  annotations: {},
});

// The whole conformance suite, through the testkit's package entry point, as any third party runs it.
describeAdapterConformance(createFedoraCoreOs, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  probes: {
    // ignition-validate (Debian package `ignition`) judges every rendered pool.
    externalValidators: true,
    updates: {
      node: node('Fedora CoreOS 42.20250803.3.0', 'a'),
      target: { version: '42.20250818.3.0' },
      detect: [
        {
          description: 'an update is offered',
          output: {
            exitCode: 0,
            stdout:
              'AvailableUpdate:\n        Version: 42.20250818.3.0 (2025-08-19T10:02:11Z)\n         Commit: 8c5f1e\n',
            stderr: '',
          },
          expected: { available: true, version: '42.20250818.3.0' },
        },
        {
          description: 'nothing to do (exit 77)',
          output: { exitCode: 77, stdout: 'No updates available.\n', stderr: '' },
          expected: { available: false },
        },
      ],
      verify: [
        {
          description: 'booted the new deployment',
          before: node('Fedora CoreOS 42.20250803.3.0', 'a'),
          after: node('Fedora CoreOS 42.20250818.3.0', 'b'),
          target: { version: '42.20250818.3.0' },
          ok: true,
        },
        {
          description: 'rolled back to the old deployment',
          before: node('Fedora CoreOS 42.20250803.3.0', 'a'),
          after: node('Fedora CoreOS 42.20250803.3.0', 'b'),
          target: { version: '42.20250818.3.0' },
          ok: false,
        },
      ],
    },
  },
});
