import { isIP } from 'node:net';
import { z } from 'zod';
import { checkKubeletSettableLabel, checkLabelKey, checkLabelValue } from './kubernetes-names.js';
import { checkPemCertificates } from './pem.js';

/** KubeletConfiguration fields that the NodePool sets through its own typed fields. */
const OWNED_KUBELET_FIELDS: Readonly<Record<string, string>> = {
  apiVersion: 'it is set by kubenode',
  kind: 'it is set by kubenode',
  maxPods: 'set spec.kubernetes.maxPods instead',
  clusterDNS: 'set spec.kubernetes.clusterDNS instead',
  clusterDomain: 'set spec.kubernetes.clusterDomain instead',
  registerWithTaints: 'set spec.kubernetes.nodeTaints instead',
};

/** A taint the node registers with. */
export const nodeTaintSchema = z
  .strictObject({
    key: z
      .string()
      .superRefine((key, ctx) => {
        const problem = checkLabelKey(key);
        if (problem) ctx.addIssue({ code: 'custom', message: `invalid taint key: ${problem}` });
      })
      .describe('Taint key, a qualified name such as `dedicated` or `example.com/gpu`.'),
    value: z
      .string()
      .superRefine((value, ctx) => {
        const problem = checkLabelValue(value);
        if (problem) ctx.addIssue({ code: 'custom', message: `invalid taint value: ${problem}` });
      })
      .optional()
      .describe('Taint value (optional).'),
    effect: z
      .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
      .describe('Taint effect: NoSchedule, PreferNoSchedule or NoExecute.'),
  })
  .describe('A taint registered with the node at join time.');

/** What the node needs to join the cluster and how its kubelet is configured. */
export const kubernetesSpecSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+$/, { error: 'expected a Kubernetes version such as "1.32.4"' })
      .transform((version) => version.replace(/^v/, ''))
      .describe('Kubernetes version of kubelet and kubeadm, e.g. "1.32.4" (a leading "v" is accepted).'),
    apiServer: z
      .string()
      .superRefine((value, ctx) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'expected an https URL such as https://10.0.0.1:6443' });
          return;
        }
        if (url.protocol !== 'https:') {
          ctx.addIssue({
            code: 'custom',
            message: 'expected an https URL: the API server is only reached over TLS',
          });
        } else if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected scheme, host and port only (no path, query or credentials)',
          });
        }
      })
      .describe('The API server endpoint the node joins, e.g. https://10.0.0.1:6443.'),
    caCert: z
      .string()
      .superRefine((value, ctx) => {
        const problem = checkPemCertificates(value, { single: true });
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        "The cluster CA certificate (PEM). Its public key's sha256 pins bootstrap-token discovery (caCertHashes).",
      ),
    bootstrapToken: z
      .string()
      .regex(/^[a-z0-9]{6}\.[a-z0-9]{16}$/, {
        error:
          'expected a bootstrap token of the form [a-z0-9]{6}.[a-z0-9]{16} (value not shown: it is a secret)',
      })
      .describe('Bootstrap token `<id>.<secret>` used to join. A secret: never logged or shown in errors.'),
    clusterDNS: z
      .array(z.string().refine((ip) => isIP(ip) !== 0, { error: 'expected an IPv4 or IPv6 address' }))
      .default([])
      .describe('Cluster DNS service IPs handed to the kubelet (clusterDNS).'),
    clusterDomain: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
        error: 'expected a DNS domain such as cluster.local',
      })
      .optional()
      .describe("Cluster DNS domain (clusterDomain); the cluster's own setting when omitted."),
    clusterName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, {
        error: 'expected a cluster name of letters, digits, "-" or "_"',
      })
      .optional()
      .describe('Cluster name, where a distro needs it (e.g. Bottlerocket on AWS).'),
    nodeLabels: z
      .record(z.string(), z.string(), { error: 'expected a mapping of label keys to string values' })
      .default({})
      .superRefine((labels, ctx) => {
        for (const [key, value] of Object.entries(labels)) {
          const keyProblem = checkLabelKey(key) ?? checkKubeletSettableLabel(key);
          if (keyProblem)
            ctx.addIssue({ code: 'custom', path: [key], message: `invalid label key: ${keyProblem}` });
          const valueProblem = checkLabelValue(value);
          if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], message: valueProblem });
        }
      })
      .describe('Labels the kubelet registers the node with (--node-labels).'),
    nodeTaints: z.array(nodeTaintSchema).default([]).describe('Taints the node registers with.'),
    maxPods: z
      .number()
      .int({ error: 'expected an integer' })
      .min(1)
      .max(10_000)
      .optional()
      .describe('Maximum pods on the node (KubeletConfiguration maxPods).'),
    kubelet: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((fields, ctx) => {
        for (const key of Object.keys(fields)) {
          const owned = OWNED_KUBELET_FIELDS[key];
          if (owned) ctx.addIssue({ code: 'custom', path: [key], message: `not allowed here: ${owned}` });
          else if (!/^[a-z][A-Za-z0-9]*$/.test(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: 'expected a KubeletConfiguration field name (camelCase)',
            });
          }
        }
      })
      .describe(
        'Extra KubeletConfiguration (kubelet.config.k8s.io/v1beta1) fields, passed through unchanged where the distro accepts free-form kubelet configuration.',
      ),
  })
  .describe('How the node joins the cluster and how its kubelet is configured.');

/** The validated `spec.kubernetes` section. */
export type KubernetesSpec = z.output<typeof kubernetesSpecSchema>;
/** One validated node taint. */
export type NodeTaint = z.output<typeof nodeTaintSchema>;
