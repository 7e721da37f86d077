import { SpecValidationError, validateNodePool, type NodePool } from '@kubenode/core';
import { canonicalPool, thrownError } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createBottlerocket } from './bottlerocket-adapter.js';
import { poolFieldOfSetting } from './bottlerocket-pool-field.js';

const adapter = createBottlerocket();
const base = canonicalPool('minimal', 'bottlerocket');

function withOs(os: Record<string, unknown>): NodePool {
  return validateNodePool({ ...base, spec: { ...base.spec, os } });
}

const refusal = (pool: NodePool) => thrownError(() => adapter.provision(pool), SpecValidationError);

// Regressions found by the hostile-input property tests (@kubenode/fuzz): these valid pools made
// provision() throw a plain Error ("rendered settings do not fit the Bottlerocket model").
describe('pool values the settings model does not take', () => {
  it('are refused at the NodePool field, not as an internal error', () => {
    for (const https of ['http://proxy.example:3128/path', 'http://user:pass@proxy.example:3128']) {
      const error = refusal(withOs({ proxy: { https } }));
      expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['spec.os.proxy.https']);
      expect(error.message).not.toContain('pass@');
    }
    const ntp = refusal(withOs({ ntpServers: ['time.example', 'a..b'] }));
    expect(ntp.issues.map((issue) => issue.path.join('.'))).toEqual(['spec.os.ntpServers.1']);
    expect(ntp.issues[0]!.message).toContain('settings.ntp.time-servers[1]');
  });

  it('maps the settings kubenode writes from pool values back to their fields', () => {
    const pool = validateNodePool({
      ...base,
      spec: {
        ...base.spec,
        kubernetes: {
          ...base.spec.kubernetes,
          nodeTaints: [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'b.example/c', effect: 'NoExecute' },
          ],
        },
        os: { kernelArgs: ['quiet', 'console=ttyS0'], kernelModules: ['ip_vs'] },
        runtime: {
          registryMirrors: { 'quay.io': ['https://m.example'], 'docker.io': ['https://n.example'] },
        },
      },
    });
    expect(poolFieldOfSetting('settings.kernel.sysctl."net.ipv4.ip_forward"', pool)).toEqual([
      'spec',
      'os',
      'sysctls',
      'net.ipv4.ip_forward',
    ]);
    expect(poolFieldOfSetting('settings.kubernetes.node-taints."b.example/c"[0]', pool)).toEqual([
      'spec',
      'kubernetes',
      'nodeTaints',
      1,
    ]);
    expect(poolFieldOfSetting('settings.boot.kernel-parameters.console[0]', pool)).toEqual([
      'spec',
      'os',
      'kernelArgs',
      1,
    ]);
    expect(poolFieldOfSetting('settings.container-registry.mirrors[1].endpoint[0]', pool)).toEqual([
      'spec',
      'runtime',
      'registryMirrors',
      'quay.io',
    ]);
    expect(poolFieldOfSetting('settings.kubernetes.bootstrap-token', pool)).toBeUndefined();
  });
});
