import { afterEach, describe, expect, it } from '@jest/globals';
import { readSettings, type Settings } from '../../src/settings.ts';
import { setDebugSink } from '../../src/log-sinks.ts';

// Drives the real @actions/core input parsing through INPUT_* variables.
function withInputs(inputs: Record<string, string>): Settings {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return readSettings();
}

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) Reflect.deleteProperty(process.env, key);
});

describe('readSettings', () => {
  it('has sane defaults', () => {
    const settings = withInputs({});
    expect(settings).toEqual({
      resources: [],
      image: undefined,
      varsFile: undefined,
      variables: [],
      kubeconfig: undefined,
      context: undefined,
      timeoutMs: 600_000,
      dryRun: false,
      printPayload: false,
      mode: 'deploy',
      wait: true,
      logs: true,
      onCancel: 'leave',
      stuckAfterMs: 60_000,
      pullRequest: undefined,
      previewTtl: '24h',
      comment: true,
      githubToken: undefined,
    });
  });

  it.each<[string, Record<string, string>, Partial<Settings>]>([
    ['comma list', { resource: 'a.yaml, b.yaml,,' }, { resources: ['a.yaml', 'b.yaml'] }],
    ['newline list', { resource: 'nais/*.yaml\n\n  other.yml \n' }, { resources: ['nais/*.yaml', 'other.yml'] }],
    ['seconds', { timeout: '90s' }, { timeoutMs: 90_000 }],
    ['hours and minutes', { timeout: '1h30m' }, { timeoutMs: 5_400_000 }],
    ['boolean true', { 'dry-run': 'true' }, { dryRun: true }],
    ['boolean False', { 'print-payload': 'False' }, { printPayload: false }],
    [
      'inline vars',
      { var: 'image=ghcr.io/x:1,debug,url=https://a?b=c' },
      {
        variables: [
          { key: 'image', value: 'ghcr.io/x:1' },
          { key: 'debug', value: true },
          { key: 'url', value: 'https://a?b=c' },
        ],
      },
    ],
    [
      'inline vars over several lines, split on commas as NAIS deploy does',
      { var: 'image=ghcr.io/x:1,\na=one,\n' },
      {
        variables: [
          { key: 'image', value: 'ghcr.io/x:1' },
          { key: 'a', value: 'one' },
          { key: '', value: true },
        ],
      },
    ],
    ['mode run', { mode: 'run' }, { mode: 'run' }],
    ['mode in capitals', { mode: 'Deploy-Then-Run' }, { mode: 'deploy-then-run' }],
    ['no wait, no logs', { wait: 'false', logs: 'no' }, { wait: false, logs: false }],
    ['on-cancel delete', { 'on-cancel': 'delete' }, { onCancel: 'delete' }],
    ['stuck-after', { 'stuck-after': '30s' }, { stuckAfterMs: 30_000 }],
    ['pull request', { 'pull-request': '42' }, { pullRequest: 42 }],
    ['pull request with #', { 'pull-request': '#7' }, { pullRequest: 7 }],
    [
      'preview',
      { mode: 'preview', 'preview-ttl': '2h', comment: 'false' },
      { mode: 'preview', previewTtl: '2h', comment: false },
    ],
    [
      'image and context',
      { image: 'ghcr.io/nais/x:abc', context: 'dev' },
      { image: 'ghcr.io/nais/x:abc', context: 'dev' },
    ],
    [
      'keyless access',
      { 'oidc-audience': ' my-cluster ', server: 'https://k8s.example.com:6443', 'certificate-authority': pem },
      { keyless: { audience: 'my-cluster', server: 'https://k8s.example.com:6443', certificateAuthority: pem } },
    ],
    [
      "keyless access with the runner's trusted roots",
      { 'oidc-audience': 'my-cluster', server: 'https://k8s.example.com' },
      { keyless: { audience: 'my-cluster', server: 'https://k8s.example.com', certificateAuthority: undefined } },
    ],
  ])('parses %s', (_name, inputs, expected) => {
    expect(withInputs(inputs)).toMatchObject(expected);
  });

  it.each([
    ['timeout', 'ten minutes', /Input 'timeout' has the value 'ten minutes', which is not a duration/],
    ['timeout', '600', /Input 'timeout' has the value '600'.*such as 90s, 10m/],
    ['timeout', '0s', /Input 'timeout' has the value '0s'/],
    ['dry-run', 'maybe', /Input 'dry-run' has the value 'maybe', which is not a boolean\. Use true or false\./],
    ['print-payload', '1', /Input 'print-payload' has the value '1'/],
    [
      'mode',
      'redeploy',
      /Input 'mode' has the value 'redeploy'\. Use one of: deploy, run, deploy-then-run, preview, cleanup\./,
    ],
    ['on-cancel', 'kill', /Input 'on-cancel' has the value 'kill'\. Use one of: leave, delete\./],
    ['pull-request', 'abc', /Input 'pull-request' has the value 'abc', which is not a pull request number/],
    ['pull-request', '0', /Input 'pull-request' has the value '0'/],
    ['preview-ttl', '1 day', /Input 'preview-ttl' has the value '1 day', which is not a Go duration/],
    ['timeout', '597h', /Input 'timeout' has the value '597h', which is longer than 576h \(24 days\)/],
    ['timeout', '0.1ms', /Input 'timeout' has the value '0.1ms', which is shorter than 1s/],
    ['stuck-after', '500ms', /Input 'stuck-after' has the value '500ms', which is shorter than 1s/],
    ['stuck-after', 'soon', /Input 'stuck-after' has the value 'soon', which is not a duration/],
    ['server', 'https://k8s.example.com', /Input 'server' is set, but Input 'oidc-audience' is empty/],
    ['certificate-authority', pem, /Input 'certificate-authority' is set, but Input 'oidc-audience' is empty/],
    [
      'oidc-audience',
      'my-cluster',
      /Input 'oidc-audience' is 'my-cluster', but Input 'server' is empty: give the API server's URL/,
    ],
  ])('rejects %s=%s with a message naming the input and the value', (name, value, message) => {
    expect(() => withInputs({ [name]: value })).toThrow(message);
  });

  it.each([
    [
      { server: 'http://k8s.example.com' },
      /Input 'server' has the value 'http:\/\/k8s.example.com', which is not an https URL/,
    ],
    [{ server: 'k8s.example.com' }, /which is not an https URL/],
    [{ server: 'https://k8s.example.com', 'certificate-authority': 'LS0tLS1CRUdJTg==' }, /holds no PEM certificate/],
    [
      { server: 'https://k8s.example.com', kubeconfig: 'users: []' },
      /Both Input 'oidc-audience' and Input 'kubeconfig' are set/,
    ],
  ])('refuses keyless access with %j', (inputs, message) => {
    expect(() => withInputs({ 'oidc-audience': 'my-cluster', ...inputs })).toThrow(message);
  });

  it('masks the kubeconfig and its token', () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    };
    try {
      withInputs({ kubeconfig: 'users:\n- name: a\n  user:\n    token: s3cr3t-token-value\n' });
    } finally {
      process.stdout.write = original;
    }
    expect(written.join('')).toContain('::add-mask::s3cr3t-token-value');
  });
});

describe('the settings debug line', () => {
  it('shows no token, no kubeconfig and no inline variable value', () => {
    const lines: string[] = [];
    setDebugSink((line) => lines.push(line));
    try {
      withInputs({ 'github-token': 'ghs_tokenvalue', kubeconfig: 'users: []', var: 'password=hunter22,flag' });
    } finally {
      setDebugSink(() => undefined);
    }
    const line = lines.find((text) => text.startsWith('settings:')) ?? '';
    expect(line).toContain('"key":"password","value":"***"');
    expect(line).toContain('"key":"flag","value":true');
    expect(line).not.toMatch(/ghs_tokenvalue|hunter22|users: \[\]/);
  });
});
