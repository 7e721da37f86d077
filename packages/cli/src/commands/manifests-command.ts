import { manifestsToYaml, renderKubenodeManifests, type ManifestOptions } from '@kubenode/kubernetes';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseOutputFormat } from '../output-format.js';
import { choiceOption, integerOption } from './rollout-options.js';

interface ManifestsCommandOptions {
  image?: string;
  imagePullPolicy?: string;
  namespace?: string;
  pool?: string;
  replicas?: string;
  poolSecret?: string;
  metricsPort?: string;
  podDeletion?: boolean;
  eventsNamespace?: string;
  priorityClassName?: string;
  agentAdmissionPolicy: boolean;
  output: string;
  json?: boolean;
}

/**
 * `kubenode manifests`: prints what runs kubenode in a cluster: the Namespace, ServiceAccounts,
 * least-privilege RBAC, the controller Deployment (with its metrics Service and
 * PodDisruptionBudget), the node agent DaemonSet and the ValidatingAdmissionPolicy that keeps
 * each agent to its own Node (`--no-agent-admission-policy` leaves it out), as one YAML stream for
 * `kubectl apply -f -` (or a JSON List). The same options print the same bytes.
 */
export function registerManifestsCommand(program: Command, context: CliContext): void {
  program
    .command('manifests')
    .description('print the Kubernetes manifests of the controller and the node agent (kubectl apply -f -)')
    .option(
      '--image <ref>',
      'image of the controller and the agent (default ghcr.io/kubenode/kubenode:<version>)',
    )
    .option('--image-pull-policy <policy>', 'Always, IfNotPresent or Never')
    .option(
      '--namespace <name>',
      'namespace of the controller, the agents and their Lease (default kubenode-system)',
    )
    .option(
      '--pool <name>',
      'run agents only on nodes labelled kubenode.dev/pool=<name> (default: every Linux node)',
    )
    .option('--replicas <n>', 'controller replicas; one leads (default 2)')
    .option('--pool-secret <name>', 'Secret with pool.yaml and policy.yaml (default kubenode-pool)')
    .option('--metrics-port <port>', 'controller metrics port (default 8080)')
    .option('--pod-deletion', 'grant pod deletion (only the drain escalations delete and force need it)')
    .option('--events-namespace <name>', 'namespace of the Events on nodes (default default)')
    .option('--priority-class-name <name>', 'priority class of the agent pods, e.g. system-node-critical')
    .option(
      '--no-agent-admission-policy',
      'leave out the ValidatingAdmissionPolicy that lets each agent change only its own Node (needs Kubernetes 1.30+); only for clusters without it',
    )
    .option('--output <format>', 'yaml or json', 'yaml')
    .option('--json', 'same as --output json')
    .action((options: ManifestsCommandOptions) => {
      const format = options.json ? 'json' : parseOutputFormat(options.output, ['yaml', 'json']);
      const input: ManifestOptions = {
        ...(options.image !== undefined ? { image: options.image } : {}),
        ...(options.imagePullPolicy !== undefined
          ? {
              imagePullPolicy: choiceOption('--image-pull-policy', options.imagePullPolicy, [
                'Always',
                'IfNotPresent',
                'Never',
              ] as const),
            }
          : {}),
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        ...(options.pool !== undefined ? { pool: options.pool } : {}),
        ...(options.replicas !== undefined
          ? { replicas: integerOption('--replicas', options.replicas, 1, 10) }
          : {}),
        ...(options.poolSecret !== undefined ? { poolSecret: options.poolSecret } : {}),
        ...(options.metricsPort !== undefined
          ? { metricsPort: integerOption('--metrics-port', options.metricsPort, 1024, 65_535) }
          : {}),
        ...(options.podDeletion ? { podDeletion: true } : {}),
        ...(options.eventsNamespace !== undefined ? { eventsNamespace: options.eventsNamespace } : {}),
        ...(options.priorityClassName !== undefined ? { priorityClassName: options.priorityClassName } : {}),
        ...(options.agentAdmissionPolicy ? {} : { agentAdmissionPolicy: false }),
      };
      const manifests = renderKubenodeManifests(input);
      context.out(
        format === 'json'
          ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }, null, 2)}\n`
          : manifestsToYaml(manifests),
      );
    });
}
