import { describe, expect, it } from 'vitest';
import { canonicalPool } from '../canonical-pools/canonical-pool.js';
import { artifactHaystack } from './artifact-haystack.js';
import { featureNeedles, joinNeedles } from './feature-needles.js';

const artifact = (contents: string) => ({
  name: 'out',
  mediaType: 'text/plain',
  contents,
  role: 'user-data' as const,
  containsSecrets: true,
});
const missing = (contents: string, pool: string, feature: Parameters<typeof featureNeedles>[1]) => {
  const haystack = artifactHaystack([artifact(contents)]);
  return featureNeedles(canonicalPool(pool, 'x'), feature)
    .filter((needle) => !needle.found(haystack))
    .map((needle) => needle.what);
};

describe('feature evidence', () => {
  it('finds kernel arguments written whole or as name → values (Bottlerocket)', () => {
    expect(
      missing(
        'kernelArguments: ["systemd.unified_cgroup_hierarchy=1","console=ttyS0,115200"]',
        'kernel',
        'os.kernelArgs',
      ),
    ).toEqual([]);
    const toml =
      '[settings.boot.kernel-parameters]\n"systemd.unified_cgroup_hierarchy" = ["1"]\n"console" = ["ttyS0,115200"]\n';
    expect(missing(toml, 'kernel', 'os.kernelArgs')).toEqual([]);
    expect(missing('"console" = ["ttyS1"]\n', 'kernel', 'os.kernelArgs')).toHaveLength(2);
  });

  it('finds kubelet values under renamed fields, and misses them when dropped', () => {
    const renamed =
      '[settings.kubernetes.system-reserved]\ncpu = "100m"\nmemory = "256Mi"\n[settings.kubernetes.eviction-hard]\n"memory.available" = "200Mi"\n"nodefs.available" = "10%"\n';
    expect(missing(renamed, 'kubelet-config', 'kubernetes.kubelet')).toEqual([]);
    expect(
      missing('[settings.kubernetes]\nmax-pods = 110\n', 'kubelet-config', 'kubernetes.kubelet').length,
    ).toBeGreaterThan(0);
  });

  it('finds labels and sysctls as key/value pairs in any syntax, and file contents inside data URLs', () => {
    expect(
      missing(
        'node-labels: node.example.com/tier=gold,pool=gpu,topology.kubernetes.io/zone=eu-1a',
        'labels-taints',
        'kubernetes.nodeLabels',
      ),
    ).toEqual([]);
    expect(missing('pool: gold', 'labels-taints', 'kubernetes.nodeLabels')).toHaveLength(3);
    const sysctls = 'fs.inotify.max_user_watches = 524288\n';
    expect(
      missing(`{"source":"data:,${encodeURIComponent(sysctls)}"}`, 'sysctls-only', 'os.sysctls'),
    ).toEqual([]);
    expect(
      missing(
        `{"source":"data:;base64,${Buffer.from(sysctls).toString('base64')}"}`,
        'sysctls-only',
        'os.sysctls',
      ),
    ).toEqual([]);
  });

  it('accepts the CA as its PEM, its public-key hash or its file hash, and requires the token', () => {
    const pool = canonicalPool('minimal', 'x');
    const found = (contents: string) =>
      joinNeedles(pool)
        .filter((needle) => !needle.found(artifactHaystack([artifact(contents)])))
        .map((n) => n.what);
    const spki = 'sha256:8ab3aff2963384c7c6dd1cfe8ecb57f3e31775f0593b75d6451ef30d3eda90cb';
    expect(
      found(
        `token: ${pool.spec.kubernetes.bootstrapToken}\napiServerEndpoint: 10.0.0.1:6443\ncaCertHashes: [${spki}]`,
      ),
    ).toEqual([]);
    expect(found(`apiServerEndpoint: 10.0.0.1:6443\ncaCertHashes: [${spki}]`)).toEqual([
      expect.stringContaining('the bootstrap token'),
    ]);
  });
});
