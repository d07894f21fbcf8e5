// The sticky preview comment's body and marker (pure).
import { describe, expect, it } from '@jest/globals';
import type { JobRun } from '../../src/job/wait-for-jobs.ts';
import {
  commentMarker,
  maxCommentBytes,
  previewCommentBody,
  type PreviewCommentInput,
} from '../../src/preview/comment.ts';
import { jobRun } from '../support/job-run.ts';

const sha = '0123456789abcdef0123456789abcdef01234567';
const runUrl = 'https://github.com/navikt/hello/actions/runs/99';

function run(overrides: Partial<JobRun>): JobRun {
  return jobRun({
    target: { namespace: 'team-a', name: 'hello-pr-42-1', naisjob: 'hello-pr-42', startedBy: 'naiserator' },
    headline: 'Job hello-pr-42-1 succeeded in 12s.',
    logTail: ['starting', 'done'],
    ...overrides,
  });
}

function body(overrides: Partial<PreviewCommentInput>): string {
  return previewCommentBody({
    marker: commentMarker('team-a/hello'),
    naisjob: 'hello',
    previewName: 'hello-pr-42',
    namespace: 'team-a',
    sha,
    runUrl,
    runs: [run({})],
    ...overrides,
  });
}

describe('commentMarker', () => {
  it('is a hidden HTML comment naming the key', () => {
    expect(commentMarker('team-a/hello')).toBe('<!-- naisjob-deploy preview: team-a%2Fhello -->');
  });

  it.each(['a--b', '-->', 'x---y', '--!>', 'ø <b>'])('cannot be ended early by the key %p', (key) => {
    const inner = commentMarker(key).slice('<!--'.length, -'-->'.length);
    expect(inner).not.toMatch(/--|>/);
    expect(decodeURIComponent(inner.replace(' naisjob-deploy preview: ', '').trim())).toBe(key);
  });

  it('differs between keys', () => {
    expect(commentMarker('team-a/one')).not.toBe(commentMarker('team-a/two'));
  });
});

describe('previewCommentBody', () => {
  it('starts with the marker and shows the Job, its headline, its log, the commit and the run', () => {
    const text = body({});
    expect(text.startsWith('<!-- naisjob-deploy preview: team-a%2Fhello -->\n')).toBe(true);
    expect(text).toContain('### ✅ Preview of `hello` succeeded');
    expect(text).toContain('Naisjob `hello-pr-42` in namespace `team-a`, a preview of `hello`.');
    expect(text).toContain('| `hello-pr-42-1` | ✅ succeeded | 12s | 0 | `CompletionsReached` |');
    expect(text).toContain('**`hello-pr-42-1`**: Job hello-pr-42-1 succeeded in 12s.');
    expect(text).toContain(
      '<details><summary>hello-pr-42-1: the last 2 log lines</summary>\n\n```\nstarting\ndone\n```',
    );
    expect(text).toContain(`Commit ${sha} · [workflow run](${runUrl})`);
  });

  it.each<[string, JobRun['result'][], string]>([
    ['one failure', ['failed'], '### ❌ Preview of `hello` failed'],
    ['a time-out', ['timed-out'], '### ⌛ Preview of `hello` timed out'],
    ['a cancel', ['cancelled'], '### 🛑 Preview of `hello` was cancelled'],
    ['success and a time-out', ['succeeded', 'timed-out'], '### ⌛ Preview of `hello` timed out'],
    ['a cancel and a failure', ['cancelled', 'failed'], '### ❌ Preview of `hello` failed'],
    ['no Job', [], '### ℹ️ Preview of `hello` deployed; no Job was awaited'],
  ])('heads %s with the worst result', (_case, results, heading) => {
    const runs = results.map((result, i) => run({ result, target: { ...run({}).target, name: `hello-pr-42-${i}` } }));
    expect(body({ runs })).toContain(`\n${heading}\n`);
  });

  it('opens the log of a Job that did not succeed', () => {
    expect(body({ runs: [run({ result: 'failed', exitCode: 3, reason: 'BackoffLimitExceeded' })] })).toContain(
      '<details open><summary>',
    );
  });

  it('shows why the preview was not deployed, and no table', () => {
    const text = body({ runs: [], deployProblem: 'nais/job.yaml:3: spec.ttl is not valid\nsecond line' });
    expect(text).toContain('### ❌ Preview of `hello` was not deployed');
    expect(text).toContain('```\nnais/job.yaml:3: spec.ttl is not valid\nsecond line\n```');
    expect(text).not.toContain('| Job |');
  });

  it.each<[number | undefined, string]>([
    [undefined, '–'],
    [0, '0s'],
    [59, '59s'],
    [61, '1m 1s'],
    [3725, '1h 2m 5s'],
  ])('shows a duration of %p seconds as %s', (durationSeconds, shown) => {
    expect(body({ runs: [run({ durationSeconds })] })).toContain(`| ✅ succeeded | ${shown} | 0 |`);
  });

  it.each([
    ['a backtick run', ['```', 'x'], '````'],
    ['a long backtick run', ['a ````` b'], '``````'],
    ['no backticks', ['plain'], '```'],
  ])('fences a log with %s so the log cannot end the block', (_case, logTail, fence) => {
    expect(body({ runs: [run({ logTail })] })).toContain(`\n${fence}\n${logTail.join('\n')}\n${fence}\n`);
  });

  it('renders no mention, link, image or HTML from a headline, and no HTML from a name', () => {
    const text = body({
      runs: [
        run({
          result: 'failed',
          headline:
            'Job failed: @octocat see [here](https://evil.example) ![x](https://evil.example/i.png) <img src=x> #12',
          target: { ...run({}).target, name: 'x</summary><script>' },
        }),
      ],
    });
    const line = text.split('\n').find((l) => l.includes('Job failed')) ?? '';
    expect(line).not.toMatch(/@octocat|\]\(|https:\/\/|<img|#12/);
    expect(line).toContain('@\u2060octocat');
    expect(text).toContain('<summary>x&lt;/summary&gt;&lt;script&gt;: ');
  });

  it('keeps table cells and the headline on one line, pipes escaped, and drops colours from the log', () => {
    const text = body({
      runs: [run({ result: 'failed', reason: 'a|b', headline: 'first\nsecond', logTail: ['\u001b[31mred\u001b[0m'] })],
    });
    expect(text).toContain('| ❌ failed | 12s | 0 | `a\\|b` |');
    expect(text).toContain('**`hello-pr-42-1`**: first second');
    expect(text).toContain('\n```\nred\n```\n');
  });

  it.each([
    ['many lines', Array.from({ length: 200_000 }, (_, i) => `line ${i} ${'x'.repeat(90)}`)],
    ['many lines of æøå', Array.from({ length: 100_000 }, (_, i) => `linje ${i} ${'æøå'.repeat(30)}`)],
  ])('cuts a log of %s from the top to fit GitHub’s limit', (_case, logTail) => {
    const text = body({ runs: [run({ logTail })] });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxCommentBytes);
    expect(Buffer.byteLength(text)).toBeGreaterThan(maxCommentBytes - 2_000);
    expect(text).toContain(`\n${logTail.at(-1) ?? ''}\n`);
    expect(text).not.toContain(`\n${logTail[0] ?? ''}\n`);
    expect(text).toContain(`of ${logTail.length} log lines (cut to fit GitHub's comment limit)`);
    expect(text).toContain(`Commit ${sha}`);
  });

  it('keeps the end of a single line too long for a comment', () => {
    const line = `${'a'.repeat(500_000)}THE END`;
    const text = body({ runs: [run({ logTail: ['before', line] })] });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxCommentBytes);
    expect(text).toMatch(/\n…a+THE END\n/);
  });

  it('shares the room between the logs of several Jobs', () => {
    const logTail = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
    const runs = [0, 1, 2].map((i) => run({ logTail, target: { ...run({}).target, name: `hello-pr-42-${i}` } }));
    const text = body({ runs });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxCommentBytes);
    expect(text.match(/cut to fit GitHub's comment limit/g)).toHaveLength(3);
  });

  it('cuts even a body that only many Jobs make too long', () => {
    const runs = Array.from({ length: 500 }, (_, i) =>
      run({ headline: 'h'.repeat(5_000), target: { ...run({}).target, name: `job-${i}` } }),
    );
    const text = body({ runs });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxCommentBytes);
    expect(text.startsWith(commentMarker('team-a/hello'))).toBe(true);
    expect(text.endsWith("… (cut to fit GitHub's comment limit)\n")).toBe(true);
  });
});
