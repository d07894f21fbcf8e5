// Where a log follower has got to, so that a resumed stream neither loses nor repeats lines.
// Lines carry the kubelet's RFC3339Nano timestamps; the API resumes from a whole second
// (`sinceTime` keeps seconds only), so a resumed stream starts with lines already seen.

/** Nanoseconds since the epoch of a `2026-11-23T20:22:42.123456789Z` prefix, or undefined. */
export function timestampNanos(stamp: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!match) return undefined;
  const [, seconds = '', fraction = '', zone = ''] = match;
  const millis = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

export interface LogLine {
  nanos: bigint | undefined;
  stamp: string | undefined;
  text: string;
}

/** Splits `<timestamp> <text>`; a line without a timestamp is all text. */
export function splitLogLine(raw: string): LogLine {
  const space = raw.indexOf(' ');
  const stamp = space === -1 ? raw : raw.slice(0, space);
  const nanos = timestampNanos(stamp);
  if (nanos === undefined) return { nanos: undefined, stamp: undefined, text: raw };
  return { nanos, stamp, text: space === -1 ? '' : raw.slice(space + 1) };
}

/**
 * Accepts each line once across resumed streams. Lines with the same timestamp are told apart
 * by how many of them were seen, since their order within a stream is the kubelet's file order.
 */
export class LogCursor {
  private last: { nanos: bigint; stamp: string; count: number } | undefined;
  private skipping: { nanos: bigint; equalToSkip: number } | undefined;

  /** The text of a new line, or undefined for a line a resumed stream repeats. */
  accept(raw: string): string | undefined {
    const line = splitLogLine(raw);
    if (line.nanos === undefined || line.stamp === undefined) return line.text;
    if (this.skipping) {
      if (line.nanos < this.skipping.nanos) return undefined;
      if (line.nanos === this.skipping.nanos && this.skipping.equalToSkip > 0) {
        this.skipping.equalToSkip -= 1;
        return undefined;
      }
      this.skipping = undefined;
    }
    if (this.last?.nanos === line.nanos) this.last.count += 1;
    else this.last = { nanos: line.nanos, stamp: line.stamp, count: 1 };
    return line.text;
  }

  /** Call before reading a resumed stream; returns the `sinceTime` to ask for. */
  resume(): string | undefined {
    if (!this.last) return undefined;
    this.skipping = { nanos: this.last.nanos, equalToSkip: this.last.count };
    return this.last.stamp;
  }
}

/** The last `size` lines, in a fixed amount of memory. */
export class TailBuffer {
  private readonly lines: string[] = [];
  private next = 0;
  private readonly size: number;
  total = 0;
  constructor(size: number) {
    this.size = size;
  }

  push(line: string): void {
    this.total += 1;
    if (this.size <= 0) return;
    if (this.lines.length < this.size) this.lines.push(line);
    else this.lines[this.next] = line;
    this.next = (this.next + 1) % this.size;
  }

  toArray(): string[] {
    return this.lines.length < this.size
      ? [...this.lines]
      : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
  }
}
