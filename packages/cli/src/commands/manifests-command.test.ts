import { manifestsToYaml, renderKubenodeManifests } from '@kubenode/kubernetes';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, stderrIsTty: false },
  });
  return { code, stdout, stderr };
}

describe('kubenode manifests', () => {
  it('prints the controller and agent manifests as one YAML stream', async () => {
    const { code, stdout, stderr } = await run(['manifests', '--pool', 'workers', '--replicas', '3']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(manifestsToYaml(renderKubenodeManifests({ pool: 'workers', replicas: 3 })));
    const documents = parseAllDocuments(stdout).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string } },
    );
    expect(documents.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'Deployment/kubenode-controller',
        'DaemonSet/kubenode-agent',
        'ClusterRole/kubenode-controller',
        'Namespace/kubenode-system',
      ]),
    );
    const deployment = documents.find((d) => d.kind === 'Deployment') as unknown as {
      spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } };
    };
    expect(deployment.spec.replicas).toBe(3);
    // The controller runs this CLI's own `controller` command.
    expect(deployment.spec.template.spec.containers[0]?.args.slice(0, 2)).toEqual([
      'controller',
      '/etc/kubenode/pool.yaml',
    ]);
  });

  it('prints a JSON List with --json, byte-identical across runs', async () => {
    const a = await run(['manifests', '--json', '--namespace', 'ops', '--pod-deletion']);
    const b = await run(['manifests', '--output', 'json', '--namespace', 'ops', '--pod-deletion']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const list = JSON.parse(a.stdout) as { kind: string; items: { metadata: { namespace?: string } }[] };
    expect(list.kind).toBe('List');
    expect(list.items).toEqual(renderKubenodeManifests({ namespace: 'ops', podDeletion: true }));
  });

  it('prints the agent admission policy unless --no-agent-admission-policy', async () => {
    const kinds = (stdout: string) =>
      parseAllDocuments(stdout).map((d) => (d.toJS() as { kind: string }).kind);
    const withPolicy = await run(['manifests']);
    expect(withPolicy.code).toBe(0);
    expect(withPolicy.stdout).toBe(manifestsToYaml(renderKubenodeManifests()));
    expect(kinds(withPolicy.stdout)).toEqual(
      expect.arrayContaining(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']),
    );
    const without = await run(['manifests', '--no-agent-admission-policy']);
    expect(without.code).toBe(0);
    expect(without.stdout).toBe(manifestsToYaml(renderKubenodeManifests({ agentAdmissionPolicy: false })));
    expect(kinds(without.stdout)).not.toContain('ValidatingAdmissionPolicy');
    expect(kinds(without.stdout)).not.toContain('ValidatingAdmissionPolicyBinding');
    expect(kinds(without.stdout)).toHaveLength(kinds(withPolicy.stdout).length - 2);
  });

  it('rejects an invalid option value naming the option (exit 1), a malformed number (exit 2)', async () => {
    const bad = await run(['manifests', '--namespace', 'Not_Valid']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/namespace/);
    expect(bad.stderr).toMatch(/DNS-1123/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const usage = await run(['manifests', '--replicas', 'two']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--replicas: expected an integer from 1 to 10/);
    const policy = await run(['manifests', '--image-pull-policy', 'Sometimes']);
    expect(policy.code).toBe(2);
    expect((await run(['manifests', '--output', 'table'])).code).toBe(2);
  });
});
