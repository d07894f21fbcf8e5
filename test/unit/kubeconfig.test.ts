import { afterEach, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import {
  connectionWarnings,
  kubeconfigProblem,
  kubeconfigSource,
  loadKubeConfig,
  pluginEnvironment,
} from '../../src/cluster/kubeconfig.ts';
import { kubeconfigUserSecrets, kubeconfigTextSecrets } from '../../src/cluster/kubeconfig-secrets.ts';
import { setDebugSink } from '../../src/log-sinks.ts';
import { run } from '../../src/main.ts';

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) Reflect.deleteProperty(process.env, key);
  setDebugSink(() => undefined);
  process.exitCode = undefined;
});

/** Everything the step writes: stdout (commands, info) and debug lines. */
async function captured(work: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  };
  setDebugSink((line) => written.push(`::debug::${line}\n`));
  try {
    await work();
  } finally {
    process.stdout.write = original;
  }
  return written.join('').split('\n');
}

const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMzQ1Njc4OTAifQ.payloadpayloadpayloadpayloadpayload.signaturesignature';

const cluster =
  'clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n';

describe('a malformed kubeconfig', () => {
  it('reports the reason, line and column, and no piece of the token reaches any output but a mask', async () => {
    process.env.INPUT_RESOURCE = 'job.yaml';
    process.env.INPUT_KUBECONFIG = `${cluster}users:\n- name: u\n  user:\n    token: ${token}\n\tfoo: bar\n`;
    const lines = await captured(run);
    const masks = lines.filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toContain(`::add-mask::${token}`);
    const rest = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(rest).toMatch(/not a valid kubeconfig: tab characters must not be used in indentation at line 13, column 1/);
    for (let at = 0; at + 8 <= token.length; at++) expect(rest).not.toContain(token.slice(at, at + 8));
  });

  it.each([
    [
      'a YAML error',
      Object.assign(new Error('bad (1:2)\n 1 | token: abc'), { reason: 'bad', mark: { line: 0, column: 1 } }),
      'bad at line 1, column 2',
    ],
    ['another error, first line only', new Error('users[0].name is missing\nmore'), 'users[0].name is missing'],
  ])('%s', (_, error, expected) => {
    expect(kubeconfigProblem(error)).toBe(expected);
  });
});

describe('the secrets masked from a kubeconfig', () => {
  it.each([
    ['YAML', `users:\n- name: u\n  user:\n    token: abcdefgh\n    password: hunter22\n`, ['abcdefgh', 'hunter22']],
    ['a folded token', `users:\n- name: u\n  user:\n    token: >-\n      abcd\n      efgh\n`, ['abcd efgh']],
    ['JSON', '{"users":[{"name":"u","user":{"client-key-data":"S0VZREFUQQ=="}}]}', ['S0VZREFUQQ==']],
    [
      'flow style, exec env and auth-provider config',
      '{users: [{name: u, user: {exec: {command: x, env: [{name: A, value: envsecret}]}, auth-provider: {name: oidc, config: {access-token: acc3ss, client-secret: cl1ent}}}}]}',
      ['envsecret', 'acc3ss', 'cl1ent'],
    ],
    ['nothing short enough to blot the log', 'users: [{name: u, user: {password: abc}}]', []],
  ])('%s', (_, text, secrets) => {
    expect(kubeconfigTextSecrets(text).sort()).toEqual([...secrets].sort());
  });

  it('ignores what is not a user list', () => {
    expect(kubeconfigUserSecrets({ users: 'x' })).toEqual([]);
    expect(kubeconfigUserSecrets(null)).toEqual([]);
  });
});

describe('where the kubeconfig comes from, and how the cluster is reached', () => {
  it.each([
    [{ kubeconfig: 'x' }, {}, "the 'kubeconfig' input"],
    [{ kubeconfigFile: 'k.yaml' }, {}, 'the kubeconfig file k.yaml'],
    [{}, { KUBECONFIG: '/a/b' }, 'the kubeconfig file(s) in KUBECONFIG (/a/b)'],
    [{}, { HOME: '/h' }, 'the kubeconfig file /h/.kube/config'],
    [{}, { HOME: '/none', KUBERNETES_SERVICE_HOST: '10.0.0.1' }, 'the in-cluster service account'],
  ])('%j with %j is %s', (access, env, expected) => {
    expect(
      kubeconfigSource({ kubeconfig: undefined, context: undefined, ...access }, env, (p) => p === '/h/.kube/config'),
    ).toBe(expected);
  });

  it.each([
    [{ name: 'c', server: 'https://x', skipTLSVerify: false }, []],
    [{ name: 'c', server: 'https://x', skipTLSVerify: true }, [/insecure-skip-tls-verify/]],
    [{ name: 'c', server: 'http://x', skipTLSVerify: true }, [/plain http \(http:\/\/x\)/]],
  ])('%j warns %p', (cluster, expected) => {
    const warnings = connectionWarnings(cluster);
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((pattern, index) => {
      expect(warnings[index]).toMatch(pattern);
    });
  });
});

describe('an exec credential plugin', () => {
  it('keeps PATH, HOME and cloud variables, and drops the inputs and GitHub tokens', () => {
    expect(
      pluginEnvironment({
        PATH: '/bin',
        HOME: '/h',
        CLOUDSDK_CONFIG: '/c',
        GOOGLE_APPLICATION_CREDENTIALS: '/g',
        'INPUT_GITHUB-TOKEN': 't',
        GITHUB_TOKEN: 't',
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      }),
    ).toEqual({ PATH: '/bin', HOME: '/h', CLOUDSDK_CONFIG: '/c', GOOGLE_APPLICATION_CREDENTIALS: '/g' });
  });

  it('runs without the GitHub token in its environment', async () => {
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_input';
    process.env.ACTIONS_RUNTIME_TOKEN = 'runtime';
    // The plugin answers with a token that lists what it saw.
    const script = `const seen = ['INPUT_GITHUB-TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'PATH', 'FROM_KUBECONFIG'].filter((n) => process.env[n]);
console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: seen.join('+') } }));`;
    const kubeConfig = loadKubeConfig({
      kubeconfig: JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: process.execPath,
                args: ['-e', script],
                env: [{ name: 'FROM_KUBECONFIG', value: 'yes' }],
              },
            },
          },
        ],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      context: undefined,
    });
    const options: { headers?: Record<string, string> } = {};
    try {
      await kubeConfig.applyToHTTPSOptions(options);
    } finally {
      Reflect.deleteProperty(process.env, 'ACTIONS_RUNTIME_TOKEN');
    }
    expect(options.headers?.Authorization).toBe('Bearer PATH+FROM_KUBECONFIG');
  });

  it('is still a KubeConfig', () => {
    expect(
      loadKubeConfig({ kubeconfig: `${cluster}users:\n- name: u\n  user: {token: t}\n`, context: undefined }),
    ).toBeInstanceOf(KubeConfig);
  });
});

describe('a context the kubeconfig does not have', () => {
  const kubeconfig = `${cluster}users:\n- name: u\n  user: {token: t}\n`;
  it.each<[string, string | undefined, string]>([
    [
      'in the action',
      undefined,
      "Input 'context' has the value 'nope', which the kubeconfig does not have. Its contexts are: x.",
    ],
    [
      'on the command line',
      'Flag --context',
      "Flag --context has the value 'nope', which the kubeconfig does not have. Its contexts are: x.",
    ],
  ])('is named as the settings name it, %s', (_where, contextDescribed, message) => {
    expect(() => loadKubeConfig({ kubeconfig, context: 'nope', contextDescribed })).toThrow(message);
  });
});
