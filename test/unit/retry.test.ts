import { describe, expect, it } from '@jest/globals';
import {
  authWindowMs,
  backoffDelay,
  decideRetry,
  failureOf,
  maxDelayMs,
  retryAfter,
  unreachedAttempts,
  type CallKind,
  type Failure,
  type RetryState,
} from '../../src/cluster/retry.ts';

const answered = (status: number, retryAfterSeconds?: number): Failure => ({
  status,
  connection: undefined,
  retryAfterSeconds,
});
const broken: Failure = { status: undefined, connection: 'broken', retryAfterSeconds: undefined };
const unreached: Failure = { status: undefined, connection: 'unreached', retryAfterSeconds: undefined };
const tls: Failure = { status: undefined, connection: 'tls', retryAfterSeconds: undefined };
const state = (over: Partial<RetryState> = {}): RetryState => ({
  failures: 1,
  failingForMs: 0,
  remainingMs: 600_000,
  everReached: true,
  random: 0.5,
  ...over,
});

describe('decideRetry', () => {
  // [case, kind, failure, state, retried, read first whether a write landed]
  it.each<[string, CallKind, Failure, RetryState, boolean, boolean]>([
    ['a read, connection reset', 'read', broken, state(), true, false],
    ['a read, 429', 'read', answered(429), state(), true, false],
    ['a read, 500', 'read', answered(500), state(), true, false],
    ['a read, 502', 'read', answered(502), state(), true, false],
    ['a read, 503', 'read', answered(503), state(), true, false],
    ['a read, 504', 'read', answered(504), state(), true, false],
    ['a read, 404 is an answer', 'read', answered(404), state(), false, false],
    ['a read, 400', 'read', answered(400), state(), false, false],
    ['a read, 501 is not transient', 'read', answered(501), state(), false, false],
    ['a write, connection reset: read first', 'write', broken, state(), true, true],
    ['a write, 503: read first', 'write', answered(503), state(), true, true],
    ['a write, 429: rejected before it was handled', 'write', answered(429), state(), true, false],
    ['a write, 409 is not retried here (apply.ts decides)', 'write', answered(409), state(), false, false],
    ['a write, 422 invalid', 'write', answered(422), state(), false, false],
    ['a delete, connection reset', 'delete', broken, state(), true, false],
    ['a delete, 504', 'delete', answered(504), state(), true, false],
    ['a stream, connection reset', 'stream', broken, state({ failures: 9 }), true, false],
    ['401 within the window', 'stream', answered(401), state({ failingForMs: authWindowMs - 1 }), true, false],
    ['403 within the window', 'read', answered(403), state({ failingForMs: 1_000 }), true, false],
    [
      '403 past the window is a real refusal',
      'stream',
      answered(403),
      state({ failingForMs: authWindowMs }),
      false,
      false,
    ],
    ['TLS is a configuration error', 'read', tls, state(), false, false],
    [
      'never reached: a short budget',
      'read',
      unreached,
      state({ everReached: false, failures: unreachedAttempts - 1 }),
      true,
      false,
    ],
    [
      'never reached: then the clear message',
      'read',
      unreached,
      state({ everReached: false, failures: unreachedAttempts }),
      false,
      false,
    ],
    ['reached before: many tries', 'read', broken, state({ failures: 20 }), true, false],
    ['no time left before the deadline', 'read', answered(503), state({ remainingMs: 100 }), false, false],
  ])('%s', (_case, kind, failure, at, retried, checkFirst) => {
    const decision = decideRetry(kind, failure, at);
    expect(decision.retry).toBe(retried);
    if (decision.retry) expect(decision.checkFirst).toBe(checkFirst);
  });

  it('honours Retry-After on a 429, and caps it', () => {
    expect(decideRetry('read', answered(429, 3), state({ random: 0 }))).toMatchObject({ retry: true, delayMs: 3_000 });
    expect(decideRetry('read', answered(429, 3600), state({ random: 0 }))).toMatchObject({ delayMs: 10_000 });
    expect(decideRetry('read', answered(429, 5), state({ remainingMs: 4_000 }))).toEqual({ retry: false });
  });
});

describe('backoffDelay', () => {
  it.each<[number, number, number]>([
    // [failures, random, delay]: half fixed, half jitter, doubling, capped
    [1, 0, 125],
    [1, 0.999, 250],
    [2, 0, 250],
    [3, 0.5, 750],
    [6, 0, 4_000],
    [7, 1, maxDelayMs],
    [40, 1, maxDelayMs],
  ])('failure %d, random %d: %d ms', (failures, random, delay) => {
    expect(backoffDelay(failures, random)).toBe(Math.round(delay));
  });
});

describe('failureOf', () => {
  it.each<[string, unknown, Failure]>([
    ['an ApiException with Retry-After', { code: 429, headers: { 'retry-after': '1' } }, answered(429, 1)],
    ['a socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), broken],
    [
      'fetch failed, refused',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      unreached,
    ],
    ['TLS', Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), tls],
    ['an HttpFailure', { code: 503, body: '' }, answered(503)],
  ])('%s', (_case, error, failure) => {
    expect(failureOf(error)).toEqual(failure);
  });

  it('reads Retry-After in delta seconds only', () => {
    expect(retryAfter({ 'Retry-After': '2' })).toBe(2);
    expect(retryAfter({ 'retry-after': ['4'] })).toBe(4);
    expect(retryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBeUndefined();
    expect(retryAfter(undefined)).toBeUndefined();
  });
});
