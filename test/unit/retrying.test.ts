import { describe, expect, it } from '@jest/globals';
import { Retrier, carriesAnnotations, retryNotice, type Landing } from '../../src/cluster/retrying.ts';
import { fakeClock } from '../support/fake-clock.ts';
import { asError } from '../support/as-error.ts';

const action = { verb: 'create', resource: 'naisjobs.nais.io', namespace: 'team', name: 'job' };
const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const refused = (): Error => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** A request that fails with the given errors in turn, then answers. */
function flaky<T>(errors: unknown[], answer: T): { request: () => Promise<T>; sent: () => number } {
  let sent = 0;
  return {
    request: () => {
      sent += 1;
      const error = errors[sent - 1];
      return error === undefined ? Promise.resolve(answer) : Promise.reject(asError(error));
    },
    sent: () => sent,
  };
}

const retrier = (clock = fakeClock()): Retrier => new Retrier('https://k', { deadline: clock.now() + 60_000, clock });

describe('Retrier', () => {
  it('retries a read through resets and 5xx, then answers', async () => {
    const r = retrier();
    const call = flaky([reset(), { code: 503 }, { code: 429, headers: { 'retry-after': '2' } }], 'ok');
    await expect(r.call(action, call.request)).resolves.toBe('ok');
    expect(call.sent()).toBe(4);
    expect(r.retries).toBe(3);
    expect(r.clock.now()).toBeGreaterThan(1_700_000_000_000 + 2_000);
  });

  it.each<[string, Landing<string>, string | RegExp, number]>([
    [
      'the create landed: its answer is the object read back, nothing is sent again',
      { state: 'landed', object: 'read back' },
      'read back',
      1,
    ],
    ['it did not land: it is sent again', { state: 'absent' }, 'created', 2],
    ['someone else wrote it: the original failure', { state: 'other' }, /Could not connect .*connection was reset/, 1],
  ])('a write whose answer was lost: %s', async (_case, landing, expected, sends) => {
    const r = retrier();
    r.markReached();
    const call = flaky([reset()], 'created');
    const result = r.call(action, call.request, { kind: 'write', landed: () => Promise.resolve(landing) });
    if (typeof expected === 'string') await expect(result).resolves.toBe(expected);
    else await expect(result).rejects.toThrow(expected);
    expect(call.sent()).toBe(sends);
  });

  it('a 409 on a write is not retried here (apply.ts decides)', async () => {
    const r = retrier();
    const call = flaky([{ code: 409, body: '{"kind":"Status","message":"conflict"}' }], 'x');
    await expect(r.call(action, call.request, { kind: 'write' })).rejects.toThrow(/Conflict/);
    expect(call.sent()).toBe(1);
  });

  it('a server never reached: a short budget, then the clear message', async () => {
    const r = retrier();
    const call = flaky([refused(), refused(), refused(), refused()], 'x');
    await expect(r.call({ ...action, verb: 'list' }, call.request)).rejects.toThrow(
      /Could not connect to the cluster's server https:\/\/k .*refused/,
    );
    expect(call.sent()).toBe(3);
  });

  it('a server that answered before is tried again while it restarts', async () => {
    const r = retrier();
    r.markReached();
    const call = flaky([refused(), refused(), refused(), refused(), refused()], 'ok');
    await expect(r.call(action, call.request)).resolves.toBe('ok');
  });

  it('no retry waits past the deadline', async () => {
    const clock = fakeClock();
    const r = new Retrier('https://k', { deadline: clock.now() + 1_000, clock });
    const call = flaky(
      Array.from({ length: 20 }, () => ({ code: 503 })),
      'x',
    );
    await expect(r.call(action, call.request)).rejects.toThrow(/HTTP 503/);
    expect(clock.now()).toBeLessThanOrEqual(1_700_000_000_000 + 1_000);
  });

  it('no retry after the step is cancelled', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const r = new Retrier('https://k', { signal: cancel.signal, clock: fakeClock() });
    const call = flaky([{ code: 503 }], 'x');
    await expect(r.call(action, call.request)).rejects.toThrow(/HTTP 503/);
    expect(call.sent()).toBe(1);
  });
});

describe('carriesAnnotations', () => {
  it.each([
    [{ a: '1', b: '2' }, { a: '1', b: '2', c: '3' }, true],
    [{ a: '1' }, { a: '2' }, false],
    [undefined, { a: '1' }, true],
    [{ a: '1' }, undefined, false],
  ])('%j on %j: %s', (sent, live, expected) => {
    expect(carriesAnnotations({ metadata: { annotations: sent } }, { metadata: { annotations: live } })).toBe(expected);
  });
});

describe('retryNotice', () => {
  it('says nothing without retries, and once with them', () => {
    expect(retryNotice(0)).toBeUndefined();
    expect(retryNotice(1)).toMatch(/retried 1 time and went on/);
    expect(retryNotice(3)).toMatch(/retried 3 times/);
  });
});
