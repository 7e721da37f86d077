import { validateNodePool } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { TEST_TALOS_OPTIONS } from './__fixtures__/talos-test-options.js';
import { createTalos } from './talos-adapter.js';
import { parseTalosDocuments } from './talos-yaml.js';

// Regression found by the hostile-input property tests (@kubenode/fuzz): Go's yaml.v3 (like
// PyYAML) reads U+0085, U+2028 and U+2029 as line breaks and refuses C1 controls and U+FFFF, which
// the yaml library wrote as they are: the machine configuration broke or changed the file.
describe('machine configuration YAML with characters Go reads as line breaks or refuses', () => {
  it('escapes them, so the files and sysctls read back byte for byte', () => {
    const contents = ['nel\u0085', 'ls\u2028', 'ps\u2029', 'c1\u009b', 'nonchar\uffff', 'end\n'].join('|');
    const pool = validateNodePool({
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'hostile' },
      spec: {
        distro: 'talos',
        kubernetes: {
          version: '1.33.1',
          apiServer: 'https://10.0.0.1:6443',
          caCert: TEST_CLUSTER_CA,
          bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        },
        os: {
          files: [{ path: '/var/lib/app/x\u2028y', contents }],
          sysctls: { 'net.ipv4.ip_local_port_range': '=', 'kernel.x': 'a\u0085b' },
        },
        adapterOptions: { talos: TEST_TALOS_OPTIONS },
      },
    });
    const text = createTalos().provision(pool).artifacts[0]!.contents;
    expect(text).not.toMatch(/[\u0080-\u009f\u2028\u2029\ufffe\uffff]/);
    const machine = (parseTalosDocuments(text)[0]!.value as { machine: Record<string, unknown> }).machine;
    expect(machine.files).toEqual([
      expect.objectContaining({ path: '/var/lib/app/x\u2028y', content: contents }),
    ]);
    expect(machine.sysctls).toEqual({ 'kernel.x': 'a\u0085b', 'net.ipv4.ip_local_port_range': '=' });
  });
});

// Regression found by the hostile-input property tests (@kubenode/fuzz): a file whose text starts
// with blanks was written as a literal block with an indentation indicator (`|2`) that libyaml
// (Go's yaml.v3, PyYAML) reads against another indentation in the list of files: the node got
// two more spaces on every line.
describe('machine configuration YAML with file contents that start with blanks', () => {
  it('writes them so that they read back byte for byte', () => {
    const contents = [
      '  indented\nnot indented\n',
      '\t\ntab first\n',
      '\n\n  after blank lines\n',
      // No line break after the blank-led line (found by the fuzz tests too).
      '\n \u2400',
      '\n  last line without a line break',
    ];
    const pool = validateNodePool({
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'blanks' },
      spec: {
        distro: 'talos',
        kubernetes: {
          version: '1.33.1',
          apiServer: 'https://10.0.0.1:6443',
          caCert: TEST_CLUSTER_CA,
          bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        },
        os: { files: contents.map((text, index) => ({ path: `/var/lib/app/f${index}`, contents: text })) },
        adapterOptions: { talos: TEST_TALOS_OPTIONS },
      },
    });
    const text = createTalos().provision(pool).artifacts[0]!.contents;
    expect(text).not.toMatch(/\|\d/);
    const machine = (parseTalosDocuments(text)[0]!.value as { machine: { files: { content: string }[] } })
      .machine;
    expect(machine.files.map((file) => file.content)).toEqual(contents);
  });
});

// Regression found by the hostile-input property tests (@kubenode/fuzz): base64 contents were
// decoded with a TextDecoder that strips a leading byte-order mark, so the node got other bytes.
describe('base64 file contents that start with a byte-order mark', () => {
  it('keep it', () => {
    const pool = validateNodePool({
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'bom' },
      spec: {
        distro: 'talos',
        kubernetes: {
          version: '1.33.1',
          apiServer: 'https://10.0.0.1:6443',
          caCert: TEST_CLUSTER_CA,
          bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        },
        os: { files: [{ path: '/var/lib/app/bom', contents: '77u/eA==', encoding: 'base64' }] },
        adapterOptions: { talos: TEST_TALOS_OPTIONS },
      },
    });
    const text = createTalos().provision(pool).artifacts[0]!.contents;
    const machine = (parseTalosDocuments(text)[0]!.value as { machine: { files: { content: string }[] } })
      .machine;
    expect(Buffer.from(machine.files[0]!.content, 'utf8')).toEqual(Buffer.from('77u/eA==', 'base64'));
  });
});
