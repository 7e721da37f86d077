import { validateNodePool, type NodePool } from '@kubenode/core';

/**
 * The CA certificate of the simulated cluster: a self-signed P-256 certificate generated for the
 * simulator (its private key was discarded). A simulated pool needs a valid NodePool, and a
 * NodePool needs a CA.
 */
export const SIMULATED_CLUSTER_CA = `-----BEGIN CERTIFICATE-----
MIIBojCCAUegAwIBAgIUc6hxgicdo6B3FZ46/AV74/QFlAgwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaa3ViZW5vZGUtc2ltdWxhdGVkLWNsdXN0ZXIwIBcNMjYxMTI0
MTIyODQ0WhgPMjEyNjEwMzExMjI4NDRaMCUxIzAhBgNVBAMMGmt1YmVub2RlLXNp
bXVsYXRlZC1jbHVzdGVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEExqtkGRg
J58B5rQWt3SXUt2f17TtT5Bn07kd/kHlgsfnooXjcEDp//jO8kAFJCrM3WKPJ3m+
em951hbxski3lKNTMFEwHQYDVR0OBBYEFGIXetLqkJysZKiw4aHE8Br4spr6MB8G
A1UdIwQYMBaAFGIXetLqkJysZKiw4aHE8Br4spr6MA8GA1UdEwEB/wQFMAMBAf8w
CgYIKoZIzj0EAwIDSQAwRgIhALfU5kNTmDxzYSsuoU+dYakCUbQm7C65GJmmAG6O
b3cDAiEAxO97TO/w90Fh/XUx8NNjDAh5xODTlE1xcdXGeDN7frg=
-----END CERTIFICATE-----
`;

/** The NodePool of a simulated cluster's worker pool. */
export function simulatedPool(options: {
  name: string;
  distro: string;
  maxUnavailable?: number | string;
}): NodePool {
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: options.name },
    spec: {
      distro: options.distro,
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: SIMULATED_CLUSTER_CA,
        bootstrapToken: 'abcdef.0123456789abcdef',
      },
      updates: { strategy: 'in-place', maxUnavailable: options.maxUnavailable ?? 1 },
    },
  });
}
