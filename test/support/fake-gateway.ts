// A ClusterGateway in memory for unit tests: objects in maps, watches the test feeds (410 re-lists
// and broken watches included), log streams that break where the test says, scripted failures of
// any call, and a clock the test sets. It keeps the real gateway's contract: a watch ends only on
// abort or a fatal error, a 410 is a re-list delivered as ADDED events, and a log stream that breaks
// throws LogStreamBroken.
import type { CoreV1Event, V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import type {
  ClusterGateway,
  KubeObject,
  ListResult,
  ObjectRef,
  WatchEventType,
  WatchOptions,
} from '../../src/cluster/gateway.ts';
import { LogStreamBroken, type LogRequest } from '../../src/cluster/log-stream.ts';
import type { ResourceType } from '../../src/cluster/resource-types.ts';
import { fakeClock, type FakeClock } from './fake-clock.ts';
import { asError } from './as-error.ts';

type Method = keyof ClusterGateway;

interface OpenWatch {
  options: WatchOptions<{ metadata?: { resourceVersion?: string } }>;
  fail: (error: unknown) => void;
}

/** A container's log: its lines, and where streams break (each break happens once). */
export interface ScriptedLog {
  lines: string[];
  /** Lines per second of log time; several lines share a second, so resumed streams repeat some. */
  perSecond: number;
  breaksAfter: number[];
}

const key = (ref: ObjectRef): string => `${ref.namespace}/${ref.name}`;
const logStart = Date.parse('2026-11-26T10:00:00Z');

export class FakeGateway implements ClusterGateway {
  readonly server = 'https://fake.invalid';
  readonly clock: FakeClock;
  readonly naisjobs = new Map<string, KubeObject>();
  readonly objects = new Map<string, KubeObject>();
  readonly jobs = new Map<string, V1Job>();
  readonly pods = new Map<string, V1Pod>();
  readonly cronJobs = new Map<string, V1CronJob>();
  readonly events: CoreV1Event[] = [];
  readonly logs = new Map<string, ScriptedLog>();
  /** Every call, as `method detail`. */
  readonly calls: string[] = [];
  readonly retried: string[] = [];
  private readonly faults = new Map<Method, unknown[]>();
  private readonly open = new Set<OpenWatch>();
  private openers: (() => void)[] = [];
  private version = 100;

  constructor(clock: FakeClock = fakeClock()) {
    this.clock = clock;
  }

  /** The next calls of `method` fail with these errors, in turn (undefined: that call succeeds). */
  failNext(method: Method, ...errors: unknown[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...errors]);
  }

  private enter(method: Method, detail: string): void {
    this.calls.push(`${method} ${detail}`);
    const queued = this.faults.get(method);
    // An undefined entry lets that call through: `failNext(m, undefined, error)` fails the second call.
    const next: unknown = queued?.shift();
    if (next !== undefined) throw asError(next);
  }

  private list<T>(method: Method, detail: string, items: T[]): Promise<ListResult<T>> {
    try {
      this.enter(method, detail);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this.version += 1;
    return Promise.resolve({ items: structuredClone(items), resourceVersion: String(this.version) });
  }

  private read<T>(method: Method, map: Map<string, T>, ref: ObjectRef): Promise<T | undefined> {
    try {
      this.enter(method, key(ref));
    } catch (error) {
      return Promise.reject(asError(error));
    }
    const found = map.get(key(ref));
    return Promise.resolve(found === undefined ? undefined : structuredClone(found));
  }

  // --- watches

  /** Resolves once `count` watches whose path contains `path` are open. */
  async watching(path: string, count = 1): Promise<void> {
    for (let round = 0; round < 1000; round += 1) {
      if ([...this.open].filter((w) => w.options.path.includes(path)).length >= count) return;
      await new Promise<void>((resolve) => this.openers.push(resolve));
    }
    throw new Error(`no watch on ${path}`);
  }

  /** Delivers an event to the open watches on `path`. */
  emit(path: string, type: WatchEventType, object: object): void {
    for (const watch of this.open) {
      if (watch.options.path.includes(path)) watch.options.onEvent(type, structuredClone(object));
    }
  }

  /** A 410 Gone on the watches on `path`: they re-list, as the real gateway does. */
  async gone(path: string): Promise<void> {
    for (const watch of [...this.open].filter((w) => w.options.path.includes(path))) {
      this.retried.push(`410 ${watch.options.path}`);
      const list = await watch.options.relist();
      for (const item of list.items) watch.options.onEvent('ADDED', item);
    }
  }

  /** Ends the watches on `path` with a fatal error (a 403 past its window, say). */
  breakWatch(path: string, error: unknown): void {
    for (const watch of [...this.open].filter((w) => w.options.path.includes(path))) watch.fail(error);
  }

  watch<T extends { metadata?: { resourceVersion?: string } }>(options: WatchOptions<T>): Promise<void> {
    this.calls.push(`watch ${options.path}`);
    return new Promise<void>((resolve, reject) => {
      const entry: OpenWatch = {
        options: options as unknown as OpenWatch['options'],
        fail: (error) => {
          this.open.delete(entry);
          reject(asError(error));
        },
      };
      const close = (): void => {
        this.open.delete(entry);
        resolve();
      };
      if (options.signal.aborted) {
        close();
        return;
      }
      options.signal.addEventListener('abort', close, { once: true });
      this.open.add(entry);
      const openers = this.openers;
      this.openers = [];
      for (const wake of openers) wake();
    });
  }

  // --- logs

  setLog(pod: string, count: number, options: Partial<Omit<ScriptedLog, 'lines'>> = {}): void {
    this.logs.set(pod, {
      lines: Array.from({ length: count }, (_, i) => `line ${i + 1} of ${count}`),
      perSecond: options.perSecond ?? 4,
      breaksAfter: [...(options.breaksAfter ?? [])],
    });
  }

  async *logLines(request: LogRequest): AsyncIterable<string> {
    this.enter('logLines', `${request.pod} since ${request.sinceTime ?? '-'}`);
    const log = this.logs.get(request.pod) ?? { lines: [], perSecond: 1, breaksAfter: [] };
    const stamp = (index: number): number => logStart + Math.floor((index * 1000) / log.perSecond);
    // As kube-apiserver does: sinceTime in whole seconds, lines at that second included.
    const since = request.sinceTime ? Math.floor(Date.parse(request.sinceTime) / 1000) * 1000 : 0;
    for (let index = 0; index < log.lines.length; index += 1) {
      if (stamp(index) < since) continue;
      const nanos = String((stamp(index) % 1000) * 1_000_000 + index).padStart(9, '0');
      const time = new Date(stamp(index)).toISOString().replace(/\.\d{3}Z$/, `.${nanos}Z`);
      yield `${time} ${log.lines[index] ?? ''}`;
      const at = log.breaksAfter.indexOf(index + 1);
      if (at !== -1) {
        log.breaksAfter.splice(at, 1);
        throw new LogStreamBroken(`The log stream of ${request.pod} broke off.`);
      }
      await Promise.resolve();
    }
  }

  // --- reads and writes

  resolveType(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const plural = `${kind.toLowerCase()}s`;
    return Promise.resolve({ apiVersion, group: group ?? '', version: version ?? '', kind, plural, namespaced: true });
  }

  readObject(_type: ResourceType, ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.read('readObject', this.objects, ref);
  }

  writeObject(_type: ResourceType, verb: 'create' | 'update', body: KubeObject, options: { dryRun: boolean }) {
    const ref = { namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' };
    try {
      this.enter('writeObject', `${verb} ${key(ref)}${options.dryRun ? ' (dry run)' : ''}`);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this.version += 1;
    const stored = { ...structuredClone(body), metadata: { ...body.metadata, resourceVersion: String(this.version) } };
    if (!options.dryRun) this.objects.set(key(ref), stored);
    return Promise.resolve(structuredClone(stored));
  }

  readNaisjob(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.read('readNaisjob', this.naisjobs, ref);
  }

  listNaisjobs(namespace: string): Promise<ListResult<KubeObject>> {
    return this.list('listNaisjobs', namespace, this.inNamespace(this.naisjobs, namespace));
  }

  deleteNaisjob(ref: ObjectRef): Promise<boolean> {
    this.enter('deleteNaisjob', key(ref));
    return Promise.resolve(this.naisjobs.delete(key(ref)));
  }

  createNaisjob(body: KubeObject): Promise<KubeObject> {
    this.enter('createNaisjob', key({ namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' }));
    return Promise.resolve(body);
  }

  replaceNaisjob(body: KubeObject): Promise<KubeObject> {
    this.enter('replaceNaisjob', key({ namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' }));
    return Promise.resolve(body);
  }

  listEvents(namespace: string): Promise<ListResult<CoreV1Event>> {
    return this.list(
      'listEvents',
      namespace,
      this.events.filter((e) => e.metadata.namespace === undefined || e.metadata.namespace === namespace),
    );
  }

  readCronJob(ref: ObjectRef): Promise<V1CronJob | undefined> {
    return this.read('readCronJob', this.cronJobs, ref);
  }

  readJob(ref: ObjectRef): Promise<V1Job | undefined> {
    return this.read('readJob', this.jobs, ref);
  }

  listJobs(
    namespace: string,
    selector: { fieldSelector?: string; labelSelector?: string },
  ): Promise<ListResult<V1Job>> {
    const name = /metadata\.name=([^,]+)/.exec(selector.fieldSelector ?? '')?.[1];
    const jobs = this.inNamespace(this.jobs, namespace).filter((j) => name === undefined || j.metadata?.name === name);
    return this.list('listJobs', `${namespace} ${selector.fieldSelector ?? selector.labelSelector ?? ''}`, jobs);
  }

  createJob(body: V1Job): Promise<V1Job> {
    this.enter('createJob', body.metadata?.name ?? '');
    this.jobs.set(key({ namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' }), body);
    return Promise.resolve(body);
  }

  deleteJob(ref: ObjectRef): Promise<boolean> {
    this.enter('deleteJob', key(ref));
    return Promise.resolve(this.jobs.delete(key(ref)));
  }

  listPods(namespace: string, selector: { labelSelector?: string }): Promise<ListResult<V1Pod>> {
    const uid = /controller-uid=([^,]+)/.exec(selector.labelSelector ?? '')?.[1];
    const pods = this.inNamespace(this.pods, namespace).filter(
      (p) => uid === undefined || p.metadata?.labels?.['controller-uid'] === uid,
    );
    return this.list('listPods', `${namespace} ${selector.labelSelector ?? ''}`, pods);
  }

  retries(): number {
    return this.retried.length;
  }

  noteRetry(what: string): void {
    this.retried.push(what);
  }

  private inNamespace<T extends { metadata?: { namespace?: string } }>(map: Map<string, T>, namespace: string): T[] {
    return [...map.values()].filter((o) => o.metadata?.namespace === namespace);
  }
}
