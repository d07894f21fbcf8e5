// One watch that resumes: through client-node's inactivity time-outs, broken connections and
// 410 Gone, with backoff when rounds keep failing, until its signal aborts.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { isAborted } from '../cancel.ts';
import { debug } from '../log-sinks.ts';
import { describeApiError } from './api-errors.ts';
import type { WatchEventType, WatchOptions } from './gateway.ts';
import type { Retrier } from './retrying.ts';
import { backoffDelay, decideRetry, failureOf, httpStatusOf } from './retry.ts';

/** Watch rounds that lasted this long were healthy: the next failure starts the backoff afresh. */
const healthyRoundMs = 10_000;

/**
 * One watch that survives client-node's 30 s inactivity time-out, broken connections and 410 Gone,
 * until aborted. Rounds that keep failing back off (retry.ts); 401 and 403 end it only when they
 * persist past a short window, and 404 at once.
 */
export async function watchResumably<T extends { metadata?: { resourceVersion?: string } }>(
  kubeConfig: KubeConfig,
  options: WatchOptions<T>,
  retrier: Retrier,
): Promise<void> {
  const watcher = new Watch(kubeConfig);
  const clock = retrier.clock;
  let resourceVersion = options.resourceVersion;
  let failures = 0;
  let failingSince: number | undefined;
  // Bounded: each round lasts until the server or the client ends the watch, or backs off first.
  for (let round = 0; round < 10_000 && !options.signal.aborted; round += 1) {
    const state = { gone: false, events: 0 };
    const started = clock.now();
    const ended = await new Promise<unknown>((resolve) => {
      let controller: AbortController | undefined;
      const abort = (): void => {
        controller?.abort();
        resolve(undefined);
      };
      options.signal.addEventListener('abort', abort, { once: true });
      watcher
        .watch(
          options.path,
          { ...options.query, resourceVersion, allowWatchBookmarks: true },
          (type, object: T & { code?: number; kind?: string }) => {
            state.events += 1;
            if (type === 'ERROR') {
              if (object.code === 410) state.gone = true;
              return;
            }
            const version = object.metadata?.resourceVersion;
            if (version) resourceVersion = version;
            if (type !== 'BOOKMARK') options.onEvent(type as WatchEventType, object);
          },
          (error: unknown) => {
            options.signal.removeEventListener('abort', abort);
            resolve(error);
          },
        )
        .then((c) => {
          controller = c;
          retrier.markReached();
          if (options.signal.aborted) c.abort();
        })
        .catch((error: unknown) => {
          options.signal.removeEventListener('abort', abort);
          resolve(error);
        });
    });
    if (isAborted(options.signal)) return;
    const resource = options.path.split('/').pop() ?? options.path;
    if (state.events > 0 || clock.now() - started >= healthyRoundMs) {
      failures = 0;
      failingSince = undefined;
    }
    const code = httpStatusOf(ended);
    // client-node's watch puts the status in `statusCode`; describeApiError reads `code`.
    const described = (): Error =>
      describeApiError(typeof code === 'number' ? { code, message: describeEnd(ended) } : ended, {
        verb: 'watch',
        resource,
        server: retrier.server,
      });
    if (code === 404) throw described();
    if (state.gone || code === 410) {
      retrier.note(`watch ${options.path}: resourceVersion ${resourceVersion} is gone (410); listing again`);
      const list = await options.relist();
      for (const item of list.items) options.onEvent('ADDED', item);
      resourceVersion = list.resourceVersion;
      continue;
    }
    // A watch that lasted (the client ends one after 30 s of silence, the server after its time-out)
    // is no fault; a round that ended early, or with an error status, is.
    if (clock.now() - started >= healthyRoundMs && typeof code !== 'number') {
      debug(`watch ${options.path} ended (${describeEnd(ended)}); resuming from ${resourceVersion}`);
      continue;
    }
    failures += 1;
    failingSince ??= started;
    const decision = decideRetry('stream', failureOf(ended), {
      failures,
      failingForMs: clock.now() - failingSince,
      remainingMs: Number.POSITIVE_INFINITY,
      everReached: retrier.everReached,
      random: clock.random(),
    });
    if (!decision.retry) {
      // A fault the policy gives up on only when it is one (auth past its window, TLS): otherwise keep trying.
      if (code === 401 || code === 403 || failureOf(ended).connection === 'tls') throw described();
    }
    const delayMs = decision.retry ? decision.delayMs : backoffDelay(failures, clock.random());
    retrier.note(
      `watch ${options.path} ended (${describeEnd(ended)}); resuming from ${resourceVersion} in ${delayMs}ms (failure ${failures})`,
    );
    await clock.sleep(delayMs, options.signal);
  }
}

function describeEnd(ended: unknown): string {
  if (ended instanceof Error) return ended.message;
  const code = httpStatusOf(ended);
  return code === undefined ? 'closed' : `HTTP ${code}`;
}
