// The benchmark's shared machinery: one clock; child processes whose output lines are timed as
// they arrive (or only counted) and whose peak memory is sampled; a small raw API client
// (requests, /metrics, list-then-watch) independent of the action's own client code; bench
// namespaces, Naisjob files, and runners for the bundled action and the pinned kubectl.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Cluster } from '../../cluster/start.ts';
import { actionRules, teamUser } from '../../cluster/rbac.ts';
import { actionEntry, actionStep, kubeconfigFor, type ActionStep } from '../action-step.ts';

/** Milliseconds since the epoch, with sub-millisecond resolution and monotonic within this process. */
export const now = (): number => performance.timeOrigin + performance.now();

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Aborted extends Error {
  constructor() {
    super('The benchmark was interrupted.');
    this.name = 'Aborted';
  }
}

export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Aborted();
}

export interface BenchContext {
  cluster: Cluster;
  /** The pinned kubectl, from the same build as the cluster (ensureComponents). */
  kubectl: string;
  quick: boolean;
  /** A scratch directory of this run. */
  work: string;
  admin: Api;
  /** Kubeconfig files whose current context is admin or team. */
  kubeconfigFiles: { admin: string; team: string };
  signal: AbortSignal;
  log: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Child processes

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

// ---------------------------------------------------------------------------------------------
// The bundled action and kubectl

export interface ActionRun {
  child: Child;
  step: ActionStep;
}

/** Starts dist/index.js as a workflow step (inputs in INPUT_* variables) in `cwd`. */
export function startAction(
  ctx: BenchContext,
  inputs: Record<string, string>,
  options: {
    cwd: string;
    context?: 'admin' | 'team';
    counter?: LineCounter;
    memory?: boolean;
    env?: NodeJS.ProcessEnv;
    stdoutFile?: string;
  },
): ActionRun {
  const step = actionStep({
    kubeconfig: kubeconfigFor(ctx.cluster.kubeconfigPath, options.context ?? 'admin'),
    timeout: '5m',
    ...inputs,
  });
  const child = new Child('action', process.execPath, [actionEntry], {
    cwd: options.cwd,
    env: { ...step.env, ...options.env },
    ...(options.counter ? { counter: options.counter } : {}),
    ...(options.memory ? { memory: true } : {}),
    ...(options.stdoutFile ? { stdoutFile: options.stdoutFile } : {}),
  });
  void child.exit.then(() => {
    step.dispose();
  });
  return { child, step };
}

export function startKubectl(
  ctx: BenchContext,
  args: readonly string[],
  options: { context?: 'admin' | 'team'; counter?: LineCounter; memory?: boolean } = {},
): Child {
  return new Child('kubectl', ctx.kubectl, [`--cache-dir=${path.join(ctx.work, 'kubectl-cache')}`, ...args], {
    env: { ...process.env, KUBECONFIG: ctx.kubeconfigFiles[options.context ?? 'admin'] },
    ...(options.counter ? { counter: options.counter } : {}),
    ...(options.memory ? { memory: true } : {}),
  });
}

/** Runs kubectl to its end; throws with its output if it fails. */
export async function kubectl(ctx: BenchContext, args: readonly string[], timeoutMs = 60_000): Promise<Child> {
  const child = startKubectl(ctx, args);
  const exit = await child.finish(timeoutMs);
  if (exit.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${exit.code}):\n${child.output()}`);
  return child;
}

/** Runs the action to its end; throws with its output if it fails. */
export async function runAction(
  ctx: BenchContext,
  inputs: Record<string, string>,
  options: { cwd: string; context?: 'admin' | 'team' },
  timeoutMs = 180_000,
): Promise<Child> {
  const { child } = startAction(ctx, inputs, options);
  const exit = await child.finish(timeoutMs);
  if (exit.code !== 0) throw new Error(`The action failed (${exit.code}):\n${child.output().slice(-4000)}`);
  return child;
}

// ---------------------------------------------------------------------------------------------
// A raw API client: the reference watches and the counters must not share the action's code.

export interface KubeList<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

export interface Metadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

/** What a watch reports: any object with metadata. */
export interface Watched {
  metadata?: Metadata;
}

// A call, so the compiler does not assume the signal is unchanged across awaits.
export const isAborted = (signal: AbortSignal): boolean => signal.aborted;

export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class Api {
  readonly server: string;
  private readonly token: string;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: false });

  constructor(kubeconfigPath: string, context: string) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    kubeConfig.setCurrentContext(context);
    this.server = kubeConfig.getCurrentCluster()?.server ?? '';
    this.token = kubeConfig.getCurrentUser()?.token ?? '';
    if (!this.server || !this.token) throw new Error(`No server or token for context ${context}`);
  }

  private open(method: string, url: URL, body: string | undefined, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(signal ? { signal } : {}),
          timeout: 120_000,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${url.pathname}: timeout`)));
      outgoing.end(body);
    });
  }

  url(pathAndQuery: string): URL {
    return new URL(pathAndQuery, this.server);
  }

  async raw(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await this.open(
      method,
      this.url(pathAndQuery),
      body === undefined ? undefined : JSON.stringify(body),
    );
    response.setEncoding('utf8');
    let text = '';
    for await (const chunk of response) text += String(chunk);
    return { status: response.statusCode ?? 0, text };
  }

  async json<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const { status, text } = await this.raw(method, pathAndQuery, body);
    if (status < 200 || status >= 300)
      throw new ApiError(`${method} ${pathAndQuery}: ${status} ${text.slice(0, 500)}`, status);
    return JSON.parse(text) as T;
  }

  /** Creates; an AlreadyExists answer counts as done. */
  async create(collectionPath: string, body: unknown): Promise<void> {
    const { status, text } = await this.raw('POST', collectionPath, body);
    if (status === 409) return;
    if (status < 200 || status >= 300)
      throw new ApiError(`POST ${collectionPath}: ${status} ${text.slice(0, 500)}`, status);
  }

  async metrics(names: ReadonlySet<string>): Promise<MetricSample[]> {
    const { status, text } = await this.raw('GET', '/metrics');
    if (status !== 200) throw new ApiError(`GET /metrics: ${status} ${text.slice(0, 300)}`, status);
    return parseMetrics(text, names);
  }

  /**
   * Lists, reports each item as ADDED (initial), then watches from the list's resourceVersion
   * until `signal` aborts: each event is reported with the time its chunk arrived.
   */
  async listWatch(
    collectionPath: string,
    onEvent: (type: string, object: Watched, t: number) => void,
    signal: AbortSignal,
    ready?: () => void,
  ): Promise<void> {
    let resourceVersion = await this.relist(collectionPath, onEvent);
    ready?.();
    // Bounded: each round lasts until the server ends the watch (timeoutSeconds) or it is aborted.
    for (let round = 0; round < 10_000 && !signal.aborted; round += 1) {
      const result = await this.watchOnce(collectionPath, resourceVersion, onEvent, signal).catch(() => ({
        resourceVersion,
        gone: false,
        failed: true,
      }));
      resourceVersion = result.resourceVersion;
      if (isAborted(signal)) return;
      if (result.gone) resourceVersion = await this.relist(collectionPath, onEvent);
      else if (result.failed) await sleep(200, signal);
    }
  }

  private async relist(
    collectionPath: string,
    onEvent: (type: string, object: Watched, t: number) => void,
  ): Promise<string> {
    const list = await this.json<KubeList<Watched>>('GET', collectionPath);
    const t = now();
    for (const item of list.items) onEvent('ADDED', item, t);
    return list.metadata?.resourceVersion ?? '';
  }

  private async watchOnce(
    collectionPath: string,
    resourceVersion: string,
    onEvent: (type: string, object: Watched, t: number) => void,
    signal: AbortSignal,
  ): Promise<{ resourceVersion: string; gone: boolean; failed: boolean }> {
    const url = this.url(collectionPath);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('resourceVersion', resourceVersion);
    url.searchParams.set('allowWatchBookmarks', 'true');
    url.searchParams.set('timeoutSeconds', '50');
    const state = { resourceVersion, gone: false, failed: false };
    const response = await this.open('GET', url, undefined, signal);
    if (response.statusCode !== 200) {
      response.resume();
      return { ...state, failed: true };
    }
    let buffered = '';
    response.setEncoding('utf8');
    try {
      for await (const chunk of response) {
        const t = now();
        buffered += String(chunk);
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '') continue;
          const event = JSON.parse(line) as { type: string; object: Watched & { code?: number } };
          if (event.type === 'ERROR') {
            if (event.object.code === 410) state.gone = true;
            continue;
          }
          const version = event.object.metadata?.resourceVersion;
          if (version) state.resourceVersion = version;
          if (event.type !== 'BOOKMARK') onEvent(event.type, event.object, t);
        }
      }
    } catch {
      if (!signal.aborted) state.failed = true;
    }
    return state;
  }
}

// ---------------------------------------------------------------------------------------------
// Prometheus text format, only what /metrics of kube-apiserver needs

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string, names: ReadonlySet<string>): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    const name = brace === -1 ? line.slice(0, line.indexOf(' ')) : line.slice(0, brace);
    if (!names.has(name)) continue;
    const labels: Record<string, string> = {};
    if (brace !== -1) {
      const labelText = line.slice(brace + 1, line.lastIndexOf('}'));
      for (const match of labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1] ?? ''] = match[2] ?? '';
    }
    samples.push({ name, labels, value: Number(line.slice(space + 1)) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `match`. */
export function metricSum(samples: readonly MetricSample[], name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(match).every(([key, value]) => sample.labels[key] === value)) sum += sample.value;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Recording what happens to Jobs and pods, with times, from a watch of their namespace

interface Condition {
  type?: string;
  status?: string;
}

export interface JobObject {
  metadata?: Metadata;
  status?: { conditions?: Condition[]; startTime?: string };
}

export interface JobTimes {
  name: string;
  uid: string;
  /** When this watch first saw the Job (for Jobs that existed at the list: the list's time). */
  seen: number;
  existedAtStart: boolean;
  /** First time a terminal condition (Complete, SuccessCriteriaMet, Failed, FailureTarget) was True. */
  firstTerminal?: number;
  firstTerminalType?: string;
  complete?: number;
  failed?: number;
}

const terminalTypes = ['Complete', 'SuccessCriteriaMet', 'Failed', 'FailureTarget'];

/** Watches something and lets callers wait for a condition over what it has recorded. */
class Recorder {
  private waiters: (() => void)[] = [];
  protected readonly stop = new AbortController();
  protected notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves with `check()`'s first defined value, re-checked after each event; undefined after `timeoutMs`. */
  async until<R>(check: () => R | undefined, timeoutMs: number, signal?: AbortSignal): Promise<R | undefined> {
    const deadline = now() + timeoutMs;
    for (let round = 0; round < 100_000; round += 1) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - now();
      if (left <= 0 || signal?.aborted || this.stop.signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return undefined;
  }

  /** Lists and watches `path` until this recorder closes; resolves once the initial list is in. */
  protected async follow(
    api: Api,
    path: string,
    signal: AbortSignal,
    record: (type: string, object: Watched, t: number, initial: boolean) => void,
  ): Promise<void> {
    const stopOn = AbortSignal.any([signal, this.stop.signal]);
    let initial = true;
    await new Promise<void>((resolve, reject) => {
      api
        .listWatch(
          path,
          (type, object, t) => {
            record(type, object, t, initial);
          },
          stopOn,
          () => {
            initial = false;
            resolve();
          },
        )
        .catch(reject);
    });
  }

  close(): void {
    this.stop.abort();
    this.notify();
  }
}

export class JobRecorder extends Recorder {
  readonly jobs = new Map<string, JobTimes>();

  static async start(api: Api, namespace: string, signal: AbortSignal): Promise<JobRecorder> {
    const recorder = new JobRecorder();
    await recorder.follow(api, `/apis/batch/v1/namespaces/${namespace}/jobs`, signal, (type, job, t, initial) => {
      recorder.record(type, job, t, initial);
    });
    return recorder;
  }

  private record(type: string, job: JobObject, t: number, initial: boolean): void {
    const name = job.metadata?.name ?? '';
    const uid = job.metadata?.uid ?? '';
    if (type === 'DELETED') return;
    let times = this.jobs.get(name);
    if (!times || times.uid !== uid) {
      times = { name, uid, seen: t, existedAtStart: initial };
      this.jobs.set(name, times);
    }
    for (const condition of job.status?.conditions ?? []) {
      if (condition.status !== 'True' || !condition.type || !terminalTypes.includes(condition.type)) continue;
      if (times.firstTerminal === undefined) {
        times.firstTerminal = t;
        times.firstTerminalType = condition.type;
      }
      if (condition.type === 'Complete') times.complete ??= t;
      if (condition.type === 'Failed') times.failed ??= t;
    }
    this.notify();
  }

  /** A Job not among `known`. */
  newJob(known: ReadonlySet<string>): JobTimes | undefined {
    for (const job of this.jobs.values()) if (!known.has(job.name)) return job;
    return undefined;
  }
}

export interface PodObject {
  metadata?: Metadata;
  spec?: { containers?: { name: string }[] };
  status?: {
    phase?: string;
    containerStatuses?: { name: string; state?: { running?: unknown; terminated?: unknown } }[];
  };
}

export interface PodTimes {
  name: string;
  container: string;
  seen: number;
  existedAtStart: boolean;
  /** First time the first container was running or terminated. */
  started?: number;
  ended?: number;
}

export class PodRecorder extends Recorder {
  readonly pods = new Map<string, PodTimes>();

  static async start(api: Api, namespace: string, signal: AbortSignal): Promise<PodRecorder> {
    const recorder = new PodRecorder();
    await recorder.follow(api, `/api/v1/namespaces/${namespace}/pods`, signal, (type, pod, t, initial) => {
      recorder.record(type, pod, t, initial);
    });
    return recorder;
  }

  private record(type: string, pod: PodObject, t: number, initial: boolean): void {
    if (type === 'DELETED') return;
    const name = pod.metadata?.name ?? '';
    const container = pod.spec?.containers?.[0]?.name ?? '';
    let times = this.pods.get(name);
    if (!times) {
      times = { name, container, seen: t, existedAtStart: initial };
      this.pods.set(name, times);
    }
    const status = pod.status?.containerStatuses?.find((s) => s.name === container);
    if (status?.state?.running !== undefined || status?.state?.terminated !== undefined) times.started ??= t;
    if (status?.state?.terminated !== undefined) times.ended ??= t;
    this.notify();
  }

  newPod(known: ReadonlySet<string>): PodTimes | undefined {
    for (const pod of this.pods.values()) if (!known.has(pod.name)) return pod;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Namespaces and Naisjobs

/** A namespace labelled with its team; with `team`, the team identity gets the action's Role in it. */
export async function createNamespace(api: Api, name: string, options: { team: boolean }): Promise<void> {
  await api.create('/api/v1/namespaces', { metadata: { name, labels: { team: name } } });
  if (!options.team) return;
  await api.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${name}/roles`, {
    metadata: { name: 'naisjob-deploy' },
    rules: actionRules,
  });
  await api.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${name}/rolebindings`, {
    metadata: { name: 'naisjob-deploy' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'naisjob-deploy' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: teamUser }],
  });
}

export interface NaisjobSpec {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  spec?: Record<string, unknown>;
}

/** An unscheduled Naisjob, as tests make them; test.kwok/* labels steer its fake pod. */
export function naisjobYaml(naisjob: NaisjobSpec): string {
  return stringify({
    apiVersion: 'nais.io/v1',
    kind: 'Naisjob',
    metadata: {
      name: naisjob.name,
      namespace: naisjob.namespace,
      labels: { team: naisjob.namespace, ...naisjob.labels },
    },
    spec: { image: 'ghcr.io/navikt/bench:1', ...naisjob.spec },
  });
}

export function writeNaisjob(dir: string, file: string, naisjob: NaisjobSpec): string {
  writeFileSync(path.join(dir, file), naisjobYaml(naisjob));
  return file;
}

/** A short random suffix for names. */
export function suffix(): string {
  return Math.random().toString(36).slice(2, 7);
}

/** Milliseconds with one decimal. */
export const ms = (value: number): number => Math.round(value * 10) / 10;
