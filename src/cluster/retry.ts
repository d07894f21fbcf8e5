// When a failed API call is tried again, and after how long. Pure: the gateway, the watches and
// the log follower ask it, and its table test is the policy's documentation.
import { connectionFailure, networkErrorCode } from './api-errors.ts';

/**
 * What the call was, as far as retrying goes:
 * - `read`: get, list, discovery, a server dry run; nothing lands, so any transient fault is retried.
 * - `write`: a create or replace that may have landed although the answer was lost; retried only
 *   after the gateway has read whether it landed (`checkFirst`).
 * - `delete`: idempotent; a retry that finds the object gone is the answer.
 * - `stream`: a watch or a log stream, which resumes from where it was.
 */
export type CallKind = 'read' | 'write' | 'delete' | 'stream';

/** A failure as the policy sees it. */
export interface Failure {
  /** The HTTP status, when the server answered. */
  status: number | undefined;
  /**
   * `unreached`: nothing answered at the address (refused, DNS, no route, connect time-out);
   * `broken`: a connection was made and then failed; `tls`: the handshake was refused.
   */
  connection: 'unreached' | 'broken' | 'tls' | undefined;
  /** Seconds from a Retry-After header. */
  retryAfterSeconds: number | undefined;
}

export interface RetryState {
  /** Failures of this call so far, this one included (1 on the first). */
  failures: number;
  /** Since the first failure of this call. */
  failingForMs: number;
  /** Time left before the step's deadline. */
  remainingMs: number;
  /** True once any call on this gateway got an answer from the server. */
  everReached: boolean;
  /** A number in [0, 1) for the jitter. */
  random: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; checkFirst: boolean; why: string };

/** A server never reached gets this many tries before the step says it could not connect. */
export const unreachedAttempts = 3;
/** 401 and 403 are retried this long: an API server that has just started answers so while its RBAC loads. */
export const authWindowMs = 4_000;
/** The first delay, and the longest. */
export const baseDelayMs = 250;
export const maxDelayMs = 8_000;
/** Retry-After is honoured up to this much: APF's hint grows with its rejections (30 s and more were seen), and a longer wait only delays the step. */
export const maxRetryAfterMs = 10_000;

const transientStatus = new Set([429, 500, 502, 503, 504]);
/** Network codes that mean nothing answered at the address, as opposed to a connection that broke. */
const unreachedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Exponential backoff with equal jitter: half the step fixed, half random, capped. */
export function backoffDelay(failures: number, random: number): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 16)));
  return Math.round(step / 2 + (step / 2) * random);
}

export function decideRetry(kind: CallKind, failure: Failure, state: RetryState): RetryDecision {
  const no: RetryDecision = { retry: false };
  let why: string;
  let delayMs = backoffDelay(state.failures, state.random);
  let checkFirst = false;
  if (failure.connection === 'tls') return no;
  if (failure.connection === 'unreached' || failure.connection === 'broken') {
    // A server never reached gets a short budget: a wrong address should fail fast, with its reason.
    if (failure.connection === 'unreached' && !state.everReached && state.failures >= unreachedAttempts) return no;
    why = failure.connection === 'unreached' ? 'the server could not be reached' : 'the connection failed';
    // A lost answer to a write may hide a write that landed.
    checkFirst = kind === 'write';
  } else if (failure.status === 429) {
    why = 'the server is busy (429)';
    // API Priority and Fairness rejects before the request is handled: nothing landed.
    if (failure.retryAfterSeconds !== undefined) {
      delayMs = Math.min(maxRetryAfterMs, failure.retryAfterSeconds * 1000) + Math.round(state.random * baseDelayMs);
    }
  } else if (failure.status !== undefined && transientStatus.has(failure.status)) {
    why = `the server answered ${failure.status}`;
    checkFirst = kind === 'write';
  } else if (failure.status === 401 || failure.status === 403) {
    if (state.failingForMs >= authWindowMs) return no;
    why = `the server answered ${failure.status}, which a server that has just started does while its RBAC loads`;
    delayMs = Math.min(delayMs, 1_000);
  } else {
    return no;
  }
  if (delayMs >= state.remainingMs) return no;
  return { retry: true, delayMs, checkFirst, why };
}

/** The policy's view of whatever a client threw (client-node's ApiException, HttpFailure, a socket error). */
export function failureOf(error: unknown): Failure {
  const status = httpStatusOf(error);
  const headers = (error as { headers?: unknown } | undefined)?.headers;
  let connection: Failure['connection'];
  if (status === undefined && connectionFailure(error) !== undefined) {
    const network = networkErrorCode(error);
    connection =
      network && /^(ERR_SSL_|ERR_TLS_|CERT_|ERR_OSSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(network)
        ? 'tls'
        : network && unreachedCodes.has(network)
          ? 'unreached'
          : 'broken';
  }
  return { status, connection, retryAfterSeconds: retryAfter(headers) };
}

/** Seconds of a Retry-After header in delta-seconds form (what kube-apiserver sends), if any. */
export function retryAfter(headers: unknown): number | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const entries = Object.entries(headers as Record<string, unknown>);
  const value = entries.find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  const text = Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The HTTP status a client put on its error: `code` (ApiException, HttpFailure) or `statusCode` (a watch). */
export function httpStatusOf(error: unknown): number | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}
