import { gunzipSync } from 'node:zlib';
import { readCloudConfig, type CloudInitDialect } from 'cloud-init-yaml';
import type { OutputIssueV1 } from '../adapter/v1/external-validator-v1.js';
import type { ProvisioningResultV1 } from '../adapter/v1/provisioning-result-v1.js';
import { KUBEADM_JOIN_CONFIG_PATH } from './kubeadm-node-cloud-config.js';
import { CLOUD_CONFIG_ARTIFACT, COMPRESSED_USER_DATA_ARTIFACT } from './provision-cloud-init-node.js';

/**
 * Checks the output of a cloud-init node adapter without external tools: the user data (the
 * plain cloud-config, or the gzip+base64 one decoded) is a cloud-config valid for the dialect by
 * cloud-init-yaml's checks (its model, the dialect, unknown keys, cloud-init's JSON schema), the
 * compressed and plain forms agree, and the join configuration is there and mode 0600. Pure.
 */
export function validateCloudInitNodeOutput(
  result: ProvisioningResultV1,
  dialect: CloudInitDialect,
): OutputIssueV1[] {
  const plain = result.artifacts.find((artifact) => artifact.name === CLOUD_CONFIG_ARTIFACT);
  if (!plain)
    return [
      {
        artifact: CLOUD_CONFIG_ARTIFACT,
        path: '(root)',
        message: 'missing: the node boots with a cloud-config',
      },
    ];
  const issues: OutputIssueV1[] = [];
  const compressed = result.artifacts.find((artifact) => artifact.name === COMPRESSED_USER_DATA_ARTIFACT);
  if (compressed) {
    let text: string | undefined;
    try {
      text = gunzipSync(Buffer.from(compressed.contents.trim(), 'base64')).toString('utf8');
    } catch {
      issues.push({ artifact: compressed.name, path: '(root)', message: 'not base64-encoded gzip' });
    }
    if (text !== undefined && text !== plain.contents) {
      issues.push({
        artifact: compressed.name,
        path: '(root)',
        message: `does not decompress to ${CLOUD_CONFIG_ARTIFACT}`,
      });
    }
  }
  const read = readCloudConfig(plain.contents, { dialect });
  for (const issue of read.issues) {
    if (issue.severity !== 'error') continue;
    issues.push({
      artifact: plain.name,
      path: issue.path === '' ? '(root)' : issue.path,
      message: issue.message,
    });
  }
  if (read.config) {
    const join = read.config.write_files?.find((file) => file.path === KUBEADM_JOIN_CONFIG_PATH);
    if (!join) {
      issues.push({
        artifact: plain.name,
        path: 'write_files',
        message: `no ${KUBEADM_JOIN_CONFIG_PATH}: the node cannot join`,
      });
    } else if (join.permissions !== '0600') {
      issues.push({
        artifact: plain.name,
        path: 'write_files',
        message: `${KUBEADM_JOIN_CONFIG_PATH} holds the bootstrap token and must be mode 0600`,
      });
    }
    const joins = (read.config.runcmd ?? []).some(
      (command) =>
        typeof command === 'string' && command.includes(`kubeadm join --config ${KUBEADM_JOIN_CONFIG_PATH}`),
    );
    if (!joins)
      issues.push({ artifact: plain.name, path: 'runcmd', message: 'no kubeadm join: the node cannot join' });
  }
  return issues;
}
