import { describe, expect, it } from '@jest/globals';
import { parseCommandLine, runCommandLine } from '../../src/cli.ts';
import { Inputs, type InputName } from '../../src/io-names.ts';
import { readSettings } from '../../src/settings.ts';

function inputsOf(argv: string[]): Partial<Record<InputName, string>> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}`);
  const inputs: Partial<Record<InputName, string>> = {};
  for (const name of Object.values(Inputs)) {
    const value = parsed.inputs.get(name);
    if (value !== '') inputs[name] = value;
  }
  return inputs;
}

describe('parseCommandLine', () => {
  it.each<[string, string[], Partial<Record<InputName, string>>]>([
    ['positional files', ['a.yaml', 'b.yaml'], { resource: 'a.yaml\nb.yaml' }],
    ['--resource and positionals', ['--resource', 'nais/*.yaml', 'c.yaml'], { resource: 'nais/*.yaml\nc.yaml' }],
    ['repeated --var', ['--var', 'a=1', '--var', 'b=x,y', 'j.yaml'], { resource: 'j.yaml', var: 'a=1,b=x,y' }],
    ['--flag=value', ['--image=ghcr.io/x:1', 'j.yaml'], { resource: 'j.yaml', image: 'ghcr.io/x:1' }],
    [
      'booleans',
      ['--dry-run', '--no-wait', '--no-logs', 'j.yaml'],
      { resource: 'j.yaml', 'dry-run': 'true', wait: 'false', logs: 'false' },
    ],
    [
      'every value flag',
      [
        '--vars',
        'v.yaml',
        '--context',
        'dev',
        '--timeout',
        '5m',
        '--mode',
        'run',
        '--on-cancel',
        'delete',
        '--stuck-after',
        '30s',
        'j.yaml',
      ],
      {
        resource: 'j.yaml',
        vars: 'v.yaml',
        context: 'dev',
        timeout: '5m',
        mode: 'run',
        'on-cancel': 'delete',
        'stuck-after': '30s',
      },
    ],
  ])('%s', (_case, argv, expected) => {
    expect(inputsOf(argv)).toEqual(expected);
  });

  it('takes the kubeconfig as a file, not as content', () => {
    const parsed = parseCommandLine(['--kubeconfig', 'kube.yaml', 'j.yaml']);
    expect(parsed).toMatchObject({ kind: 'run', kubeconfigPath: 'kube.yaml' });
    if (parsed.kind === 'run') expect(parsed.inputs.get(Inputs.kubeconfig)).toBe('');
  });

  it.each([
    [['--help'], 'help'],
    [['-h'], 'help'],
    [['--version'], 'version'],
  ])('%j is %s', (argv, kind) => {
    expect(parseCommandLine(argv).kind).toBe(kind);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--image'], /--image/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('names flags, not inputs, in errors about values', () => {
    const parsed = parseCommandLine(['--timeout', 'soon', 'j.yaml']);
    if (parsed.kind !== 'run') throw new Error('expected a run');
    expect(() => readSettings(parsed.inputs)).toThrow(/^Flag --timeout has the value 'soon', which is not a duration/);
  });
});

function capture(isTTY = false): { write: (text: string) => boolean; isTTY: boolean; text: () => string } {
  let text = '';
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

describe('runCommandLine', () => {
  it.each([
    [
      ['--mode', 'later', 'j.yaml'],
      2,
      /Flag --mode has the value 'later'\. Use one of: deploy, run, deploy-then-run, preview, cleanup\./,
    ],
    [['--nope'], 2, /Unknown option '--nope'[\s\S]*Usage: naisjob-deploy/],
    [[], 2, /No Naisjob files/],
    [['missing-file.yaml', '--kubeconfig', 'no-such-kubeconfig.yaml'], 1, /no-such-kubeconfig\.yaml/],
    [
      ['j.yaml', '--oidc-audience', 'k8s', '--server', 'https://k', '--kubeconfig', 'k.yaml'],
      2,
      /Both --oidc-audience and --kubeconfig are given/,
    ],
    [
      ['j.yaml', '--oidc-audience', 'k8s', '--server', 'https://k'],
      1,
      /only the runner can give the workflow's ID token/,
    ],
  ])('%j exits %i with a clear message', async (argv, status, message) => {
    const out = capture();
    const err = capture();
    expect(await runCommandLine({ argv, env: {}, cwd: process.cwd(), out, err })).toBe(status);
    expect(err.text()).toMatch(message);
    // Not a terminal: no colour codes.
    expect(err.text()).not.toContain('\u001b[');
  });

  it('prints help and the version', async () => {
    const out = capture();
    expect(await runCommandLine({ argv: ['--help'], env: {}, cwd: '.', out, err: capture() })).toBe(0);
    expect(out.text()).toContain('--stuck-after <duration>');
    const version = capture();
    expect(await runCommandLine({ argv: ['--version'], env: {}, cwd: '.', out: version, err: capture() })).toBe(0);
    expect(version.text()).toMatch(/^naisjob-deploy-\d+\.\d+\.\d+\n$/);
  });
});
