import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeClientConfigError } from '../errors/kube-client-config-error.js';
import { loadKubeConfig, type LoadKubeConfigOptions } from './load-kube-config.js';

// Distinctive secrets: none of them may ever appear in an error.
const TOKEN = 'kubenode-test-token-7f3a9c1e5b';
const KEY_DATA = Buffer.from('-----BEGIN EC PRIVATE KEY-----\nkubenode-test-key-4d2e\n').toString('base64');
const PASSWORD = 'kubenode-test-password-91b7';
const SECRETS = [TOKEN, KEY_DATA, PASSWORD];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubenode-kubeconfig-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A kubeconfig with every kind of credential, in kubectl's layout. */
function kubeconfig(
  overrides: {
    currentContext?: string | null;
    contextCluster?: string;
    contextUser?: string | null;
    server?: string;
    clusterName?: string;
    extraContexts?: string;
  } = {},
): string {
  const user = overrides.contextUser === null ? '' : `\n    user: ${overrides.contextUser ?? 'admin'}`;
  return `apiVersion: v1
kind: Config
clusters:
- name: ${overrides.clusterName ?? 'prod'}
  cluster:
    server: ${overrides.server ?? 'https://10.0.0.1:6443'}
    certificate-authority: ca.crt
users:
- name: admin
  user:
    token: ${TOKEN}
- name: cert-user
  user:
    client-certificate-data: ${Buffer.from('cert').toString('base64')}
    client-key-data: ${KEY_DATA}
- name: basic
  user:
    username: ops
    password: ${PASSWORD}
contexts:
- name: prod
  context:
    cluster: ${overrides.contextCluster ?? 'prod'}${user}
    namespace: kube-system
${overrides.extraContexts ?? ''}${overrides.currentContext === null ? '' : `current-context: ${overrides.currentContext ?? 'prod'}\n`}`;
}

/** Runs `load`, expecting a KubeClientConfigError; checks that no secret is anywhere in it. */
function configError(options: LoadKubeConfigOptions): KubeClientConfigError {
  let caught: unknown;
  try {
    loadKubeConfig({ env: {}, ...options });
  } catch (error) {
    caught = error;
  }
  expect(KubeClientConfigError.isInstance(caught)).toBe(true);
  const error = caught as KubeClientConfigError;
  expect(error.name).toBe('KubenodeKubeClientConfigError');
  // The message, and everything `console.error(error)` would print (fields, cause chain).
  const printed = `${error.message}\n${inspect(error, { depth: 10 })}`;
  for (const secret of SECRETS) expect(printed).not.toContain(secret);
  return error;
}

describe('loadKubeConfig: where credentials come from', () => {
  it('loads an explicit file, making relative certificate paths relative to the file', () => {
    const file = write('config', kubeconfig());
    const kc = loadKubeConfig({ kubeconfig: file, env: { KUBECONFIG: '/nonexistent' } });
    expect(kc.getCurrentContext()).toBe('prod');
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://10.0.0.1:6443',
      caFile: join(dir, 'ca.crt'),
    });
    expect(kc.getCurrentUser()).toMatchObject({ name: 'admin', token: TOKEN });
  });

  it('selects another context with `context`', () => {
    const file = write(
      'config',
      kubeconfig({ extraContexts: '- name: staging\n  context:\n    cluster: prod\n    user: cert-user\n' }),
    );
    const kc = loadKubeConfig({ kubeconfig: file, context: 'staging', env: {} });
    expect(kc.getCurrentContext()).toBe('staging');
    expect(kc.getCurrentUser()?.name).toBe('cert-user');
  });

  it('merges $KUBECONFIG files as kubectl does: the first file to set a name or the current context wins', () => {
    const first = write('a', kubeconfig({ server: 'https://first:6443' }));
    const second = write(
      'b',
      `clusters:
- name: prod
  cluster:
    server: https://second:6443
- name: dev
  cluster:
    server: https://dev:6443
contexts:
- name: dev
  context:
    cluster: dev
current-context: dev
`,
    );
    const env = { KUBECONFIG: [join(dir, 'missing'), first, second].join(delimiter) };
    const kc = loadKubeConfig({ env });
    expect(kc.getCurrentContext()).toBe('prod');
    expect(kc.getCurrentCluster()?.server).toBe('https://first:6443');
    // The second file's own entries are there.
    const dev = loadKubeConfig({ env, context: 'dev' });
    expect(dev.getCurrentCluster()?.server).toBe('https://dev:6443');
    expect(dev.getCurrentUser()).toBeNull();
  });

  it('falls back to ~/.kube/config when neither a file nor KUBECONFIG nor a pod is there', () => {
    mkdirSync(join(dir, '.kube'));
    writeFileSync(join(dir, '.kube', 'config'), kubeconfig({ server: 'https://home:6443' }));
    expect(loadKubeConfig({ env: { HOME: dir } }).getCurrentCluster()?.server).toBe('https://home:6443');
  });

  it('accepts a context without a user (anonymous, e.g. kubectl proxy)', () => {
    const file = write('config', kubeconfig({ contextUser: null, server: 'http://127.0.0.1:8001' }));
    const kc = loadKubeConfig({ kubeconfig: file, env: {} });
    expect(kc.getCurrentUser()).toBeNull();
    expect(kc.getCurrentCluster()?.server).toBe('http://127.0.0.1:8001');
  });
});

describe('loadKubeConfig: in a pod', () => {
  function serviceAccount(files: { token?: boolean; ca?: boolean; namespace?: string } = {}): string {
    const sa = join(dir, 'serviceaccount');
    mkdirSync(sa);
    if (files.token ?? true) writeFileSync(join(sa, 'token'), TOKEN);
    if (files.ca ?? true) writeFileSync(join(sa, 'ca.crt'), 'CA');
    if (files.namespace !== undefined) writeFileSync(join(sa, 'namespace'), files.namespace);
    return sa;
  }

  it("uses the injected environment's service host and port and the mounted token, namespace and CA", async () => {
    const sa = serviceAccount({ namespace: 'kubenode-system\n' });
    const kc = loadKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: sa,
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      server: 'https://10.96.0.1:443',
      caFile: join(sa, 'ca.crt'),
      skipTLSVerify: false,
    });
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('kubenode-system');
    const { headers } = await kc.applyToFetchOptions({});
    expect((headers as unknown as Headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('brackets an IPv6 service host (always https, as client-go)', () => {
    const kc = loadKubeConfig({
      env: { KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '8080' },
      serviceAccountDir: serviceAccount(),
    });
    expect(kc.getCurrentCluster()?.server).toBe('https://[fd00:10:96::1]:8080');
  });

  it('names KUBERNETES_SERVICE_PORT when only the host is set', () => {
    const error = configError({
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' },
      serviceAccountDir: serviceAccount(),
    });
    expect(error.setting).toBe('KUBERNETES_SERVICE_PORT');
    expect(error.message).toMatch(/KUBERNETES_SERVICE_PORT: is not set while KUBERNETES_SERVICE_HOST is/);
  });

  it('names the token file when the service account token is not mounted', () => {
    const sa = serviceAccount({ token: false });
    const error = configError({
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: sa,
    });
    expect(error.setting).toBe('the in-cluster service account');
    expect(error.message).toContain(`no token at ${join(sa, 'token')}`);
    expect(error.message).toContain('automountServiceAccountToken');
  });

  it('prefers KUBECONFIG over the in-cluster service account', () => {
    const file = write('config', kubeconfig({ server: 'https://outside:6443' }));
    const kc = loadKubeConfig({
      env: { KUBECONFIG: file, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: serviceAccount(),
    });
    expect(kc.getCurrentCluster()?.server).toBe('https://outside:6443');
  });
});

describe('loadKubeConfig: errors name the file, the field and what was expected, never a secret', () => {
  it('a missing explicit file', () => {
    const missing = join(dir, 'nope');
    const error = configError({ kubeconfig: missing });
    expect(error.setting).toBe(`--kubeconfig ${missing}`);
    expect(error.message).toBe(`--kubeconfig ${missing}: no such file`);
  });

  it('KUBECONFIG naming only missing files', () => {
    const value = [join(dir, 'a'), join(dir, 'b')].join(delimiter);
    expect(configError({ env: { KUBECONFIG: value } }).message).toBe(
      `KUBECONFIG=${value}: none of these files exists`,
    );
  });

  it('no kubeconfig anywhere', () => {
    const error = configError({ env: { HOME: dir } });
    expect(error.message).toBe(
      `kubeconfig: no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ${join(dir, '.kube', 'config')}`,
    );
  });

  it('an empty file', () => {
    const file = write('config', '\n');
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: is empty: expected a kubeconfig (kind: Config with clusters, users, contexts)`,
    );
  });

  it('invalid YAML around a token: the position, never the text', () => {
    const file = write(
      'config',
      kubeconfig().replace(`token: ${TOKEN}`, `token: ${TOKEN}\n      bad: indent`),
    );
    const error = configError({ kubeconfig: file });
    expect(error.message).toMatch(
      new RegExp(
        `^--kubeconfig ${file}: is not valid YAML: bad indentation of a mapping entry \\(\\d+:\\d+\\)$`,
      ),
    );
    expect(error.cause).toBeUndefined();
  });

  it('invalid YAML in a KUBECONFIG file names that file', () => {
    const good = write('good', kubeconfig());
    const bad = write('bad', `users:\n- name: x\n  user: {token: ${TOKEN}\n`);
    const error = configError({ env: { KUBECONFIG: [good, bad].join(delimiter) } });
    expect(error.setting).toBe(`KUBECONFIG file ${bad}`);
    expect(error.message).toContain('is not valid YAML');
  });

  it('a cluster without a server', () => {
    const file = write('config', kubeconfig().replace('    server: https://10.0.0.1:6443\n', ''));
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: is invalid: clusters[0].cluster.server is missing`,
    );
  });

  it('an unknown --context lists the contexts there are', () => {
    const file = write('config', kubeconfig());
    const error = configError({ kubeconfig: file, context: 'staging' });
    expect(error.setting).toBe('context "staging"');
    expect(error.message).toBe(`context "staging": not found in --kubeconfig ${file}; it has "prod"`);
  });

  it('no current-context', () => {
    const file = write('config', kubeconfig({ currentContext: null }));
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: sets no current-context: expected current-context, or pass --context (it has "prod")`,
    );
  });

  it('a current-context that is not in contexts', () => {
    const file = write('config', kubeconfig({ currentContext: 'gone' }));
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: current-context "gone" is not in contexts; it has "prod"`,
    );
  });

  it('a context naming a cluster that is not there', () => {
    const file = write('config', kubeconfig({ contextCluster: 'prd' }));
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: context "prod" names cluster "prd", which is not in clusters; it has "prod"`,
    );
  });

  it('a context naming a user that is not there (not silently anonymous)', () => {
    const file = write('config', kubeconfig({ contextUser: 'admn' }));
    expect(configError({ kubeconfig: file }).message).toBe(
      `--kubeconfig ${file}: context "prod" names user "admn", which is not in users; it has "admin", "cert-user", "basic"`,
    );
  });

  it('a token file that cannot be read names the file, not a token', () => {
    const file = write(
      'config',
      kubeconfig().replace(`token: ${TOKEN}`, `token-file: ${join(dir, 'no-token')}`),
    );
    const error = configError({ kubeconfig: file });
    expect(error.message).toContain(`--kubeconfig ${file}: cannot be read: ENOENT`);
    expect(error.message).toContain(join(dir, 'no-token'));
  });
});
