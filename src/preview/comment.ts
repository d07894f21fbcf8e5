// The body of the sticky pull-request comment that shows how a preview ran, and the hidden marker it is found by.
// Pure: sticky-comment.ts writes it.
import { spacedDuration } from '../duration.ts';
import type { JobResult, JobRun } from '../job/wait-for-jobs.ts';
import { codeBlock, codeSpan, htmlText, markdownText, tableCell } from '../report/markdown.ts';
import { printable } from '../report/outside-text.ts';

/** GitHub's limit for a comment body; counted here in UTF-8 bytes, which is never less than characters. */
export const maxCommentBytes = 65_536;

/**
 * The hidden marker of our sticky comment, one per key. Give the Naisjob's `namespace/name` (the original name,
 * not the preview's): one comment per Naisjob, so a workflow that previews two Naisjobs, in one step or in
 * two, keeps one comment for each, and a rerun or a new commit updates its comment in place. A step has no
 * name that stays put (step ids are optional, and the generated ones change when steps move); a Naisjob has.
 * Add the cluster to the key if one pull request previews the same Naisjob in two clusters.
 * The key is URL-encoded, with `--` broken up, so it cannot end the HTML comment.
 */
export function commentMarker(key: string): string {
  return `<!-- naisjob-deploy preview: ${encodeURIComponent(key).replace(/-(?=-)/g, '%2D')} -->`;
}

export interface PreviewCommentInput {
  marker: string;
  /** The original Naisjob's name. */
  naisjob: string;
  previewName: string;
  namespace: string;
  sha: string;
  runUrl: string;
  runs: readonly JobRun[];
  /** Why the preview was not deployed, when it was not. */
  deployProblem?: string | undefined;
}

const resultLabel: Record<JobResult, string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  'timed-out': '⌛ timed out',
  cancelled: '🛑 cancelled',
};

/** The worst result first: it gives the heading. */
const resultOrder: readonly JobResult[] = ['failed', 'timed-out', 'cancelled', 'succeeded'];

const maxHeadline = 2_000;
const maxProblemBytes = 32_768;

/**
 * The comment: the marker, a heading with the outcome, the preview's name and namespace, a table with a row per
 * Job (result, duration, exit code, reason), each Job's headline and the tail of its log, then the commit and a
 * link to the workflow run. Log tails are cut from the top, sharing the room evenly, so the body stays within
 * {@link maxCommentBytes}. Pure.
 */
export function previewCommentBody(input: PreviewCommentInput): string {
  // No log can use more than the whole comment, so start from that much of each.
  const shown: ShownLog[] = input.runs.map((run) => ({
    lines: keepLastBytes(run.logTail, maxCommentBytes).map(withoutAnsi),
    total: run.logTail.length,
    cut: bytes(run.logTail) > maxCommentBytes,
  }));
  for (let attempt = 0; attempt < 20; attempt++) {
    const body = render(input, shown);
    const excess = Buffer.byteLength(body) - maxCommentBytes;
    if (excess <= 0) return body;
    const sizes = shown.map((log) => bytes(log.lines));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    if (total === 0) break;
    // The notes about the cut add a few bytes, so take a little more than the excess.
    const cap = waterLevel(sizes, Math.max(0, total - excess - 200 * shown.length));
    for (const [index, log] of shown.entries()) {
      if ((sizes[index] ?? 0) <= cap) continue;
      log.lines = keepLastBytes(log.lines, cap);
      log.cut = true;
    }
  }
  return cutToFit(render(input, shown));
}

interface ShownLog {
  lines: string[];
  total: number;
  cut: boolean;
}

function render(input: PreviewCommentInput, logs: readonly ShownLog[]): string {
  const runUrl = input.runUrl.replace(/[()\s]/g, encodeURIComponent);
  const lines = [
    input.marker,
    `### ${heading(input)}`,
    '',
    `Naisjob ${code(input.previewName)} in namespace ${code(input.namespace)}, a preview of ${code(input.naisjob)}.`,
    '',
  ];
  if (input.deployProblem !== undefined) {
    const problem = cutBytesKeepingStart(printable(input.deployProblem), maxProblemBytes).split('\n');
    lines.push('The preview was not deployed:', '');
    append(lines, codeBlock(problem));
    lines.push('');
  }
  if (input.runs.length > 0) {
    lines.push('| Job | Result | Duration | Exit code | Reason |', '| --- | --- | --- | --- | --- |');
    for (const run of input.runs) {
      lines.push(
        `| ${tableCell(run.target.name)} | ${resultLabel[run.result]} | ${spacedDuration(run.durationSeconds)} | ${run.exitCode ?? '–'} | ${tableCell(run.reason)} |`,
      );
    }
    lines.push('');
  }
  for (const [index, run] of input.runs.entries()) {
    lines.push(`**${code(run.target.name)}**: ${markdownText(run.headline, maxHeadline)}`, '');
    const log = logs[index];
    if (!log || log.lines.length === 0) continue;
    const what = log.cut
      ? `the last ${log.lines.length} of ${log.total} log lines (cut to fit GitHub's comment limit)`
      : `the last ${log.lines.length} log lines`;
    lines.push(
      `<details${run.result === 'succeeded' ? '' : ' open'}><summary>${htmlText(run.target.name)}: ${what}</summary>`,
      '',
    );
    append(lines, codeBlock(log.lines));
    lines.push('', '</details>', '');
  }
  lines.push(`Commit ${markdownText(input.sha, 100)} · [workflow run](${runUrl})`, '');
  return lines.join('\n');
}

/** Appends one by one: a spread of a long log overflows the stack. */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

function heading(input: PreviewCommentInput): string {
  const name = code(input.naisjob);
  if (input.deployProblem !== undefined) return `❌ Preview of ${name} was not deployed`;
  const worst = resultOrder.find((result) => input.runs.some((run) => run.result === result));
  switch (worst) {
    case undefined:
      return `ℹ️ Preview of ${name} deployed; no Job was awaited`;
    case 'succeeded':
      return `✅ Preview of ${name} succeeded`;
    case 'failed':
      return `❌ Preview of ${name} failed`;
    case 'timed-out':
      return `⌛ Preview of ${name} timed out`;
    case 'cancelled':
      return `🛑 Preview of ${name} was cancelled`;
  }
}

// Every name and message here comes from the repository or the cluster: see markdown.ts.
const code = (text: string): string => codeSpan(text, maxHeadline);

/**
 * The largest cap for which the sizes, each cut to the cap, add up to at most the target: the room is shared
 * evenly, and what a small log does not use goes to the larger ones.
 */
function waterLevel(sizes: readonly number[], target: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = target;
  for (const [index, size] of sorted.entries()) {
    const share = Math.floor(remaining / (sorted.length - index));
    if (size > share) return share;
    remaining -= size;
  }
  return Number.POSITIVE_INFINITY;
}

// Colours, cursor moves and control characters in a log are noise in a comment; a stray line break would
// leave the fence.
const withoutAnsi = (line: string): string => printable(line).replaceAll('\n', ' ');

const bytes = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

/** The last lines that fit in the budget; when not even the last line fits, the end of it. */
function keepLastBytes(lines: readonly string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] ?? '';
    const size = Buffer.byteLength(line) + 1;
    if (used + size > budget) {
      if (kept.length === 0 && budget > 4) kept.unshift(`…${cutBytesKeepingEnd(line, budget - 4)}`);
      break;
    }
    kept.unshift(line);
    used += size;
  }
  return kept;
}

function cutBytesKeepingStart(text: string, budget: number): string {
  if (Buffer.byteLength(text) <= budget) return text;
  let used = 0;
  let out = '';
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > budget - 4) break;
    out += char;
  }
  return `${out}…`;
}

function cutBytesKeepingEnd(text: string, budget: number): string {
  const chars = Array.from(text);
  let used = 0;
  let start = chars.length;
  while (start > 0) {
    const size = Buffer.byteLength(chars[start - 1] ?? '');
    if (used + size > budget) break;
    used += size;
    start--;
  }
  return chars.slice(start).join('');
}

/** The last resort, for bodies that only many Jobs make too long: cut the end off. */
function cutToFit(body: string): string {
  if (Buffer.byteLength(body) <= maxCommentBytes) return body;
  const note = "\n\n… (cut to fit GitHub's comment limit)\n";
  return `${cutBytesKeepingStart(body, maxCommentBytes - Buffer.byteLength(note))}${note}`;
}
