import { describe, expect, it } from '@jest/globals';
import { terminalReporter } from '../../src/report/terminal-reporter.ts';

function stream(isTTY: boolean): { write: (text: string) => boolean; isTTY: boolean; columns: number; text: string } {
  const target = {
    isTTY,
    columns: 40,
    text: '',
    write: (chunk: string) => {
      target.text += chunk;
      return true;
    },
  };
  return target;
}

describe('terminalReporter', () => {
  it('writes plain lines and no status line when not a terminal', async () => {
    const out = stream(false);
    const err = stream(false);
    const reporter = terminalReporter(out, err, {});
    reporter.progress?.('waiting');
    reporter.info('hello');
    reporter.warning('careful', { file: 'job.yaml', line: 3 });
    await reporter.verbatim('Log', async (print) => {
      await print('::set-output name=x::y');
    });
    expect(out.text).toBe('hello\n── Log\n│ ::set-output name=x::y\n');
    expect(err.text).toBe('warning: job.yaml:3: careful\n');
  });

  it('colours and redraws the status line below new lines on a terminal', () => {
    const out = stream(true);
    const reporter = terminalReporter(out, stream(true), {});
    reporter.progress?.('⏳ 1s hello-1: running');
    reporter.info('line');
    reporter.progress?.('');
    expect(out.text).toBe(
      '\r\u001b[2K\u001b[2m⏳ 1s hello-1: running\u001b[22m' +
        '\r\u001b[2Kline\n\u001b[2m⏳ 1s hello-1: running\u001b[22m' +
        '\r\u001b[2K',
    );
  });

  it.each([
    [{ NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
    [{}, true],
  ])('with %j colour is %s', (env, coloured) => {
    const err = stream(true);
    terminalReporter(stream(true), err, env).error('bad');
    expect(err.text.includes('\u001b[31m')).toBe(coloured);
  });

  it('colours by its own stream and env, not by the process', () => {
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      const err = stream(true);
      terminalReporter(stream(true), err, {}).error('bad');
      expect(err.text).toBe('\u001b[31merror:\u001b[39m bad\n');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('writes no escape codes when the output is not a terminal', () => {
    const out = stream(false);
    const err = stream(false);
    const reporter = terminalReporter(out, err, {});
    reporter.error('bad');
    reporter.info('line');
    reporter.progress?.('status');
    expect(err.text + out.text).toBe('error: bad\nline\n');
  });

  it('cuts a long status line to the terminal width', () => {
    const out = stream(true);
    terminalReporter(out, stream(true), { NO_COLOR: '1' }).progress?.('x'.repeat(100));
    expect(out.text).toBe(`\r\u001b[2K${'x'.repeat(38)}…`);
  });
});
