import {
  decodeWriteFileContent,
  parseCloudConfig,
  type CloudConfig,
  type CloudInitDialect,
} from 'cloud-init-yaml';
import { parse as parseYaml } from 'yaml';
import { KUBEADM_JOIN_CONFIG_PATH, KUBEADM_PATCHES_DIRECTORY } from './kubeadm-node-cloud-config.js';

/** One file a cloud-config writes, decoded as cloud-init writes it. */
export interface CloudInitNodeFile {
  /** The bytes that land on disk. */
  readonly bytes: Buffer;
  /** The mode (0o644 when the cloud-config gives none, as cloud-init does). */
  readonly mode: number;
  readonly owner: string;
  readonly group: string;
  /** Written in the final stage (`defer: true`). */
  readonly deferred: boolean;
}

/** A kubeadm node's cloud-config, read back: the document, its files and its join material. */
export interface CloudInitNodeUserData {
  readonly config: CloudConfig;
  /** Every `write_files` entry by path (a later entry for the same path wins, as on disk). */
  readonly files: ReadonlyMap<string, CloudInitNodeFile>;
  /** The kubeadm JoinConfiguration, parsed, when the config writes one. */
  readonly joinConfiguration: Record<string, unknown> | undefined;
  /** The kubelet configuration patch, parsed, when there is one. */
  readonly kubeletPatch: Record<string, unknown> | undefined;
  /** `runcmd` as shell lines (argv entries joined with spaces). */
  readonly commands: readonly string[];
}

/**
 * Reads a cloud-config written by `renderKubeadmNodeCloudConfig` back into what the node gets:
 * decoded file bytes with modes and owners, the JoinConfiguration and kubelet patch, and the
 * commands. For inspection, debugging and tests.
 *
 * @throws {CloudConfigValidationError} when the text is not a valid cloud-config for the dialect.
 */
export function readCloudInitNodeUserData(text: string, dialect: CloudInitDialect): CloudInitNodeUserData {
  const config = parseCloudConfig(text, { dialect });
  const files = new Map<string, CloudInitNodeFile>();
  for (const item of config.write_files ?? []) {
    const [owner = 'root', group = 'root'] = (item.owner ?? 'root:root').split(':');
    files.set(item.path, {
      bytes: decodeWriteFileContent(item),
      mode: Number.parseInt((item.permissions ?? '0644').replace(/^0o/, ''), 8),
      owner,
      group,
      deferred: item.defer === true,
    });
  }
  const yamlFile = (path: string) => {
    const file = files.get(path);
    return file === undefined
      ? undefined
      : (parseYaml(file.bytes.toString('utf8')) as Record<string, unknown>);
  };
  return {
    config,
    files,
    joinConfiguration: yamlFile(KUBEADM_JOIN_CONFIG_PATH),
    kubeletPatch: yamlFile(`${KUBEADM_PATCHES_DIRECTORY}/kubeletconfiguration+merge.yaml`),
    commands: (config.runcmd ?? []).flatMap((command) =>
      command === null ? [] : [typeof command === 'string' ? command : command.join(' ')],
    ),
  };
}
