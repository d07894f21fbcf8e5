// A small line diff for dry runs: what would change in the live object.

/** Unified-style lines (`  same`, `- removed`, `+ added`), from a longest common subsequence. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Objects here are small (hundreds of lines), so the quadratic table is fine.
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const row = lengths[i] ?? [];
      row[j] = a[i] === b[j] ? (lengths[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
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
    } else if (j < b.length && (i >= a.length || (lengths[i]?.[j + 1] ?? 0) >= (lengths[i + 1]?.[j] ?? 0))) {
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
