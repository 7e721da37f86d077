import { readFileSync } from 'node:fs';
import { TEST_BOOTSTRAP_TOKEN } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import {
  validateBottlerocketSettings,
  validateBottlerocketUserData,
} from './bottlerocket-settings-validator.js';

const upstream = (name: string) =>
  readFileSync(new URL(`./__fixtures__/upstream/${name}`, import.meta.url), 'utf8');
const paths = (issues: { path: string }[]) => issues.map((issue) => issue.path);

describe('validateBottlerocketUserData on the upstream examples', () => {
  it('accepts the metal standalone example for metal variants (standalone mode needs no API server)', () => {
    const toml = upstream('bottlerocket-metal-standalone.toml');
    expect(validateBottlerocketUserData(toml, { variant: 'metal-k8s-1.29' })).toEqual([]);
    expect(validateBottlerocketUserData(toml, { variant: 'metal-k8s-1.32', release: '1.26.1' })).toEqual([]);
  });

  it("accepts Karpenter's e2e user data as partial aws-k8s user data, and names what a full one lacks", () => {
    const toml = upstream('karpenter-e2e-br-userdata.toml');
    expect(validateBottlerocketUserData(toml, { variant: 'aws-k8s-1.32', partial: true })).toEqual([]);
    expect(paths(validateBottlerocketUserData(toml, { variant: 'aws-k8s-1.32' }))).toEqual([
      'settings.kubernetes.api-server',
      'settings.kubernetes.cluster-certificate',
      'settings.kubernetes.cluster-name',
    ]);
  });

  it("rejects Karpenter's golden template for exactly its documented reasons", () => {
    const issues = validateBottlerocketUserData(upstream('karpenter-golden-br-userdata-input.toml'), {
      variant: 'aws-k8s-1.32',
    });
    expect(paths(issues).sort()).toEqual(
      [
        'settings.kubernetes.unknown-setting', // unknown key
        'settings.kubernetes.labels', // not a Bottlerocket table
        'settings.kubernetes.node-labels."%s"', // Go fmt verb as a label key
        'settings.kubernetes.eviction-hard."memory.available"', // "12%%"
        'settings.kubernetes.node-taints.replace[0]', // "me:Schedule"
        'settings.kubernetes.max-pods', // 9999999999 > u32
        'settings.kubernetes.api-server', // 'replaceme'
        'settings.kubernetes.cluster-certificate', // 'replaceme' is not base64
      ].sort(),
    );
    const messages = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(messages['settings.kubernetes.max-pods']).toBe('expected an integer from 1 to 4294967295');
    expect(messages['settings.kubernetes.node-taints.replace[0]']).toMatch(
      /NoSchedule, PreferNoSchedule, NoExecute/,
    );
    expect(messages['settings.kubernetes.labels']).toMatch(/unknown setting/);
  });

  it('reports TOML syntax errors with a position', () => {
    const [issue] = validateBottlerocketUserData('[settings.kubernetes]\napi-server = "x\n');
    expect(issue!.path).toBe('(toml)');
    expect(issue!.message).toMatch(/not valid TOML at line 2/);
  });
});

describe('validateBottlerocketSettings: the settings model per variant', () => {
  const k8s = (kubernetes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    settings: { kubernetes, ...extra },
  });

  it('refuses unknown sections and keys with a suggestion', () => {
    expect(validateBottlerocketSettings({ settings: { kernal: { lockdown: 'none' } } })).toEqual([
      { path: 'settings.kernal', message: "unknown settings section; did you mean 'kernel'?" },
    ]);
    expect(
      validateBottlerocketSettings(k8s({ 'max-pod': 10 }), { partial: true, variant: 'metal-k8s-1.32' }),
    ).toEqual([
      { path: 'settings.kubernetes.max-pod', message: "unknown setting; did you mean 'max-pods'?" },
    ]);
    expect(paths(validateBottlerocketSettings({ other: 1, settings: {} }))).toEqual(['other']);
  });

  it('allows each variant family only its own sections', () => {
    const nvidia = { settings: { 'kubelet-device-plugins': { nvidia: { 'pass-device-specs': true } } } };
    expect(validateBottlerocketSettings(nvidia, { variant: 'aws-k8s-1.32-nvidia', partial: true })).toEqual(
      [],
    );
    expect(validateBottlerocketSettings(nvidia, { variant: 'aws-k8s-1.32', partial: true })).toEqual([
      { path: 'settings.kubelet-device-plugins', message: 'not part of the aws-k8s-1.32 settings model' },
    ]);
    const autoscaling = { settings: { autoscaling: { 'should-wait': true } } };
    expect(validateBottlerocketSettings(autoscaling, { variant: 'aws-k8s-1.32', partial: true })).toEqual([]);
    expect(
      paths(validateBottlerocketSettings(autoscaling, { variant: 'metal-k8s-1.32', partial: true })),
    ).toEqual(['settings.autoscaling']);
    expect(
      paths(
        validateBottlerocketSettings(
          { settings: { ecs: { cluster: 'x' } } },
          { variant: 'vmware-k8s-1.32', partial: true },
        ),
      ),
    ).toEqual(['settings.ecs']);
    expect(validateBottlerocketSettings({}, { variant: 'aws-k8s-1.3x' })[0]!.message).toMatch(
      /unknown Bottlerocket variant/,
    );
  });

  it('applies the Kubernetes-version limits the documentation states', () => {
    const oom = k8s({ 'single-process-oom-kill': true });
    expect(validateBottlerocketSettings(oom, { variant: 'aws-k8s-1.32', partial: true })).toEqual([]);
    expect(validateBottlerocketSettings(oom, { variant: 'aws-k8s-1.31', partial: true })).toEqual([
      {
        path: 'settings.kubernetes.single-process-oom-kill',
        message: 'only available on Kubernetes 1.32 and later variants (aws-k8s-1.31 runs 1.31)',
      },
    ]);
  });

  it('knows which release documents a setting', () => {
    const pulls = k8s({ 'max-parallel-image-pulls': 4 });
    expect(validateBottlerocketSettings(pulls, { variant: 'metal-k8s-1.32', partial: true })).toEqual([]);
    expect(
      paths(
        validateBottlerocketSettings(pulls, { variant: 'metal-k8s-1.32', partial: true, release: '1.50.0' }),
      ),
    ).toEqual(['settings.kubernetes.max-parallel-image-pulls']);
  });

  it('checks value types: booleans, integer ranges, enums, base64, quantities, taints, names', () => {
    const issues = validateBottlerocketSettings(
      {
        settings: {
          kubernetes: {
            'standalone-mode': 'true',
            'cpu-manager-policy': 'dynamic',
            'system-reserved': { cpu: 'lots', gpu: '1' },
            'node-taints': { dedicated: 'gpu:NoSchedule' },
            'node-labels': { 'bad key!': 'x', ok: 'value with spaces' },
            'static-pods': { 'my pod': { enabled: true } },
          },
          kernel: { sysctl: { 'vm.max_map_count': 262144 }, modules: { overlay: { allowed: 'yes' } } },
          'host-containers': { admin: { 'user-data': 'not base64!' } },
          updates: { seed: -1, 'version-lock': 'newest' },
          motd: 42,
        },
      },
      { variant: 'metal-k8s-1.32', partial: true },
    );
    expect(issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'settings.kubernetes.standalone-mode: expected true or false, found a string',
      'settings.kubernetes.cpu-manager-policy: expected one of "static", "none"',
      'settings.kubernetes.system-reserved.cpu: expected a Kubernetes quantity such as 100m, 256Mi or 1Gi',
      'settings.kubernetes.system-reserved.gpu: unknown key; expected one of cpu, memory, ephemeral-storage, pid',
      'settings.kubernetes.node-taints.dedicated: expected an array, found a string',
      expect.stringMatching(
        /^settings\.kubernetes\.node-labels\."bad key!": invalid key: expected a label key/,
      ),
      expect.stringMatching(/^settings\.kubernetes\.node-labels\.ok: expected a label value/),
      'settings.kubernetes.static-pods."my pod": invalid name: expected letters, digits, "-" or "_"',
      'settings.kernel.sysctl."vm.max_map_count": expected a string, found an integer',
      'settings.kernel.modules.overlay.allowed: expected true or false, found a string',
      'settings.host-containers.admin.user-data: expected base64 data',
      'settings.updates.seed: expected an integer from 0 to 4294967295',
      'settings.updates.version-lock: expected "latest" or a version such as v1.26.1',
      'settings.motd: expected a string, found an integer',
    ]);
  });

  it('requires what the variant family needs, and flags a token Bottlerocket would ignore', () => {
    expect(paths(validateBottlerocketSettings(k8s({}), { variant: 'vmware-k8s-1.32' }))).toEqual([
      'settings.kubernetes.api-server',
      'settings.kubernetes.bootstrap-token',
      'settings.kubernetes.cluster-certificate',
    ]);
    expect(
      validateBottlerocketSettings(k8s({ 'standalone-mode': true }), { variant: 'metal-k8s-1.32' }),
    ).toEqual([]);
    const aws = { 'api-server': 'https://x', 'cluster-certificate': 'QQ==', 'cluster-name': 'c' };
    expect(validateBottlerocketSettings(k8s(aws), { variant: 'aws-k8s-1.32' })).toEqual([]);
    expect(
      paths(
        validateBottlerocketSettings(k8s({ ...aws, 'authentication-mode': 'tls' }), {
          variant: 'aws-k8s-1.32',
        }),
      ),
    ).toEqual(['settings.kubernetes.bootstrap-token']);
    expect(
      validateBottlerocketSettings(k8s({ ...aws, 'bootstrap-token': TEST_BOOTSTRAP_TOKEN }), {
        variant: 'aws-k8s-1.32',
      }),
    ).toEqual([
      {
        path: 'settings.kubernetes.bootstrap-token',
        message: 'ignored: Bottlerocket reads the bootstrap token only with authentication-mode = "tls"',
      },
    ]);
  });

  it('never quotes values, which may be secrets', () => {
    const secret = 'NOT-A-TOKEN-but-secret-0123456789';
    const issues = validateBottlerocketSettings(k8s({ 'bootstrap-token': secret }), {
      variant: 'metal-k8s-1.32',
      partial: true,
    });
    expect(issues).toHaveLength(1);
    expect(JSON.stringify(issues)).not.toContain(secret);
  });
});
