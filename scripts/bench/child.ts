// Child processes whose output lines are timed as they arrive (or only counted) and whose peak memory is
// sampled.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { now } from './harness.ts';

export interface TimedLine {
  t: number;
  text: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  t: number;
}

/** Counts output without keeping it: bytes, lines, and lines that start with `prefix`. */
export class LineCounter {
  bytes = 0;
  lines = 0;
  matched = 0;
  matchedBytes = 0;
  firstMatch: number | undefined;
  lastMatch: number | undefined;
  private readonly prefix: Buffer;
  private carry: Buffer = Buffer.alloc(0);
  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix);
  }

  accept(chunk: Buffer, t: number): void {
    this.bytes += chunk.length;
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    // Bounded by the chunk's length: each round consumes one line.
    for (let round = 0; round <= data.length; round += 1) {
      const end = data.indexOf(10, start);
      if (end === -1) break;
      this.lines += 1;
      if (
        end - start >= this.prefix.length &&
        data.compare(this.prefix, 0, this.prefix.length, start, start + this.prefix.length) === 0
      ) {
        this.matched += 1;
        this.matchedBytes += end - start + 1;
        this.firstMatch ??= t;
        this.lastMatch = t;
      }
      start = end + 1;
    }
    this.carry = Buffer.from(data.subarray(start));
  }
}

const running = new Set<Child>();

/** Kills, by PID, every child this process started and that still runs (for interruption). */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Count stdout instead of keeping its lines (stderr lines are always kept). */
  counter?: LineCounter;
  /** Sample VmHWM from /proc every 50 ms. */
  memory?: boolean;
  /** Send stdout to this file instead of a pipe (then it is neither kept nor counted). */
  stdoutFile?: string;
}

function readHighWaterKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class Child {
  readonly name: string;
  readonly pid: number;
  readonly started: number;
  readonly lines: TimedLine[] = [];
  readonly exit: Promise<Exit>;
  exited: Exit | undefined;
  private readonly process: ChildProcess;
  private readonly waiters: { pattern: RegExp; resolve: (line: TimedLine) => void }[] = [];
  private peakKb = 0;
  private readonly partial = { out: '', err: '' };

  constructor(name: string, command: string, args: readonly string[], options: ChildOptions = {}) {
    this.name = name;
    const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
    this.started = now();
    this.process = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    });
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    if (this.process.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
    this.pid = this.process.pid;
    running.add(this);
    const sampler = options.memory
      ? setInterval(() => {
          this.sampleMemory();
        }, 50)
      : undefined;
    const { stdout, stderr } = this.process;
    if (!stderr) throw new Error(`${name}: no stderr pipe`);
    const counter = options.counter;
    stdout?.on('data', (chunk: Buffer) => {
      const t = now();
      if (counter) counter.accept(chunk, t);
      else this.take('out', chunk.toString('utf8'), t);
    });
    stderr.on('data', (chunk: Buffer) => {
      this.take('err', chunk.toString('utf8'), now());
    });
    // The process may still exist when its output ends: a last sample then.
    (stdout ?? stderr).on('end', () => {
      if (options.memory) this.sampleMemory();
    });
    this.exit = new Promise<Exit>((resolve) => {
      this.process.on('exit', (code, signal) => {
        const exit = { code, signal, t: now() };
        this.exited = exit;
        clearInterval(sampler);
        running.delete(this);
        resolve(exit);
      });
      this.process.on('error', () => {
        const exit = { code: null, signal: null, t: now() };
        this.exited = exit;
        clearInterval(sampler);
        running.delete(this);
        resolve(exit);
      });
    });
  }

  private sampleMemory(): void {
    const kb = readHighWaterKb(this.pid);
    if (kb !== undefined && kb > this.peakKb) this.peakKb = kb;
  }

  private take(stream: 'out' | 'err', text: string, t: number): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const part of parts) {
      const line = { t, text: part };
      this.lines.push(line);
      for (let index = this.waiters.length - 1; index >= 0; index -= 1) {
        const waiter = this.waiters[index];
        if (waiter?.pattern.test(part)) {
          this.waiters.splice(index, 1);
          waiter.resolve(line);
        }
      }
    }
  }

  /** Peak resident memory (VmHWM) seen, in kB; 0 unless started with `memory`. */
  peakRssKb(): number {
    return this.peakKb;
  }

  firstLine(pattern: RegExp): TimedLine | undefined {
    return this.lines.find((line) => pattern.test(line.text));
  }

  /** The first line matching `pattern`, or undefined if the process exits or time runs out first. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<TimedLine | undefined> {
    const seen = this.firstLine(pattern);
    if (seen) return seen;
    let resolveLine: (line: TimedLine | undefined) => void = () => undefined;
    const found = new Promise<TimedLine | undefined>((resolve) => {
      resolveLine = resolve;
    });
    const waiter = { pattern, resolve: resolveLine };
    this.waiters.push(waiter);
    const timer = setTimeout(() => {
      resolveLine(undefined);
    }, timeoutMs);
    const result = await Promise.race([found, this.exit.then(() => this.firstLine(pattern))]);
    clearTimeout(timer);
    const index = this.waiters.indexOf(waiter);
    if (index !== -1) this.waiters.splice(index, 1);
    return result;
  }

  /** Waits for the exit, killing the process if it outlives `timeoutMs`. */
  async finish(timeoutMs: number): Promise<Exit> {
    const timer = setTimeout(() => {
      this.kill('SIGKILL');
    }, timeoutMs);
    const exit = await this.exit;
    clearTimeout(timer);
    return exit;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.exited) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
  }

  output(): string {
    return this.lines.map((line) => line.text).join('\n');
  }
}
