// Text from outside (a job's log, a termination message, an event, an API answer) never reaches
// the runner as a command: the sanitiser, the reporter that applies it, and debug lines held
// while a job's log is fenced.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { failureReport } from '../../src/job/failure-report.ts';
import { debug, setDebugSink } from '../../src/log-sinks.ts';
import { inertLine, inertOneLine, inertText, printable } from '../../src/report/outside-text.ts';
import { actionsReporter } from '../../src/report/reporter.ts';
import { commandsTheRunnerSees } from '../support/runner-commands.ts';
import * as core from '@actions/core';

const joiner = '\u2060';

describe('inertLine', () => {
  it.each([
    // [what, input, output]
    ['plain text stays', 'hello world', 'hello world'],
    ['a command at the start', '::warning::pwn', `${joiner}::warning::pwn`],
    ['a command after white space (the runner trims it)', '  \t::add-mask::x', `${joiner}  \t::add-mask::x`],
    ['the legacy form anywhere', 'x ##[error]pwn', `x #${joiner}#[error]pwn`],
    ['both forms', '::error::##[set-output]', `${joiner}::error::#${joiner}#[set-output]`],
    ['colons inside a line', 'a::b', 'a::b'],
    ['escape sequences go', '\u001b[31mred\u001b[0m \u001b]0;title\u0007', 'red '],
    ['control characters go, tab stays', 'a\u0008b\u0007c\td\u007f\u009b', 'abc\td'],
  ])('%s', (_what, input, output) => {
    expect(inertLine(input)).toBe(output);
  });
});

describe('inertText', () => {
  it.each([
    ['a command on a second line', 'a\n::warning::pwn', `a\n${joiner}::warning::pwn`],
    ['a lone carriage return ends a line for the runner', 'a\r::warning::pwn', `a\n${joiner}::warning::pwn`],
    ['CRLF', 'a\r\n::debug::x', `a\n${joiner}::debug::x`],
    ['Unicode line separators', 'a\u2028::x::y', `a\n${joiner}::x::y`],
  ])('%s', (_what, input, output) => {
    expect(inertText(input)).toBe(output);
    expect(commandsTheRunnerSees(inertText(input))).toEqual([]);
  });

  it('squeezes onto one line for headlines', () => {
    expect(inertOneLine('first\n\n  ::warning::second  \r')).toBe(`first ⏎ ${joiner}::warning::second`);
  });

  it('printable keeps commands (a terminal does not act on them) but drops escapes', () => {
    expect(printable('::x::\u001b[2Jy\r\nz')).toBe('::x::y\nz');
  });
});

describe('the workflow reporter', () => {
  let written: string[];
  let original: typeof process.stdout.write;
  beforeEach(() => {
    written = [];
    original = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    };
  });
  afterEach(() => {
    process.stdout.write = original;
  });
  const stdout = (): string => written.join('');

  it('prints a failure report whose log tail, termination message and events hold commands, and none acts', () => {
    const pod: V1Pod = {
      metadata: { name: 'pwn-1-abcde', namespace: 'team', creationTimestamp: new Date(0) },
      spec: { containers: [{ name: 'pwn', image: 'pwn:1' }] },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'pwn',
            image: 'pwn:1',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: 'Error', message: 'a\n::warning::pwn\r::add-mask::pwn' } },
          },
        ],
      },
    };
    const event: CoreV1Event = {
      metadata: {},
      involvedObject: { kind: 'Pod', name: 'pwn-1-abcde' },
      type: 'Warning',
      reason: 'BackOff',
      message: '::error file=src/a.ts,line=1::pwn\n##[set-output name=x]pwn',
    };
    const report = failureReport({
      jobName: 'pwn-1',
      verdict: { state: 'failed', reason: 'BackoffLimitExceeded', message: '::error::pwn', at: undefined },
      pods: [pod],
      events: [event],
      logTails: new Map([['pwn-1-abcde', ['x ##[error]pwn', '::stop-commands::pwn', '  ::warning::pwn']]]),
      stuck: undefined,
      outcome: 'failed',
    });
    for (const line of report) actionsReporter.info(line);
    actionsReporter.warning('from the cluster: ::error::pwn');
    actionsReporter.error('##[error]pwn', { file: 'job.yaml', line: 3 });
    const commands = commandsTheRunnerSees(stdout());
    expect(stdout()).toContain('pwn');
    expect(commands.filter((line) => !/^::(warning|error)( [^:]*)?::/.test(line))).toEqual([]);
    // Our own annotations are commands, and what they carry is inert within them.
    expect(commands.every((line) => !line.includes('##['))).toBe(true);
  });

  it('holds debug lines and annotations while a log is fenced, and writes them after', async () => {
    setDebugSink((text) => {
      // The real sink, as the action has it.
      core.debug(text);
    });
    try {
      await actionsReporter.verbatim('Log of pwn-1', async (print) => {
        await print('::warning::from the log');
        debug('watch ended; resuming');
        actionsReporter.warning('a warning meanwhile');
      });
    } finally {
      setDebugSink(() => undefined);
    }
    const lines = stdout().split('\n');
    const close = lines.findIndex((line) => /^::[0-9a-f-]{36}::$/.test(line));
    expect(close).toBeGreaterThan(0);
    expect(lines.findIndex((line) => line.startsWith('::debug::watch ended'))).toBeGreaterThan(close);
    expect(lines.findIndex((line) => line.startsWith('::warning::a warning meanwhile'))).toBeGreaterThan(close);
    expect(commandsTheRunnerSees(stdout()).some((line) => line.includes('from the log'))).toBe(false);
  });
});
