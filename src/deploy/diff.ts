// A small line diff for dry runs: what would change in the live object.
import { stringify } from 'yaml';
import type { KubeObject } from '../cluster/gateway.ts';
import { redacted } from './secrets.ts';

/**
 * Above this many cells (lines before × lines after, once the common start and end are set aside) the
 * table of common subsequences is not built: its memory grows with the square of the object's size.
 * 4 million cells are 16 MB; a Naisjob with a thousand changed lines stays below it.
 */
export const maxDiffCells = 4_000_000;

/**
 * Unified-style lines (`  same`, `- removed`, `+ added`). The common first and last lines are matched
 * directly; the middle gets a longest common subsequence, or, when it is too large for that, is shown
 * as removed and added whole.
 */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const same = (lines: string[]): string[] => lines.map((line) => `  ${line}`);
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const middle =
    (middleA.length + 1) * (middleB.length + 1) > maxDiffCells
      ? [...middleA.map((line) => `- ${line}`), ...middleB.map((line) => `+ ${line}`)]
      : subsequenceDiff(middleA, middleB);
  return [...same(a.slice(0, start)), ...middle, ...same(a.slice(endA))];
}

/** The diff from a longest common subsequence; rows are typed arrays, a quarter of the memory of number[][]. */
function subsequenceDiff(a: readonly string[], b: readonly string[]): string[] {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number): number => lengths[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i] ?? ''}`);
      i += 1;
      j += 1;
    } else if (j < b.length && (i >= a.length || at(i, j + 1) >= at(i + 1, j))) {
      out.push(`+ ${b[j] ?? ''}`);
      j += 1;
    } else {
      out.push(`- ${a[i] ?? ''}`);
      i += 1;
    }
  }
  return out;
}

/** Only the changed lines, with `context` unchanged lines around each change. */
export function changedLines(diff: string[], context = 2): string[] {
  const keep = new Set<number>();
  diff.forEach((line, index) => {
    if (!line.startsWith('  ')) for (let k = index - context; k <= index + context; k += 1) keep.add(k);
  });
  const out: string[] = [];
  let last = -1;
  diff.forEach((line, index) => {
    if (!keep.has(index)) return;
    if (last !== -1 && index > last + 1) out.push('  …');
    out.push(line);
    last = index;
  });
  return out;
}

/** The object as a diff shows it: no status or bookkeeping, no deploy annotations, a Secret's values hidden. */
function comparable(shown: KubeObject | undefined): string {
  const object = redacted(shown);
  if (!object) return '';
  const { status: _status, ...rest } = object;
  const volatile = new Set([
    'resourceVersion',
    'uid',
    'creationTimestamp',
    'generation',
    'managedFields',
    'finalizers',
  ]);
  const isDeployAnnotation = (key: string): boolean =>
    key.startsWith('deploy.nais.io/') ||
    key === 'nais.io/deploymentCorrelationID' ||
    key === 'kubernetes.io/change-cause';
  const metadata = Object.fromEntries(Object.entries(object.metadata ?? {}).filter(([key]) => !volatile.has(key)));
  if (object.metadata?.annotations) {
    metadata.annotations = Object.fromEntries(
      Object.entries(object.metadata.annotations).filter(([key]) => !isDeployAnnotation(key)),
    );
  }
  return stringify({ ...rest, metadata });
}

/** The changed lines between the live object and what the server would store, with some context. */
export function objectDiff(live: KubeObject | undefined, stored: KubeObject | undefined): string[] {
  return changedLines(lineDiff(comparable(live), comparable(stored)));
}
