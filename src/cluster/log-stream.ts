// A container's log as a stream of lines, over node:https with the kubeconfig's credentials.
// client-node's Log pipes the body without passing on a broken connection, so a follower
// could not tell a break from the end; here a break is an error and the end is the end.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { describeApiError } from './api-errors.ts';
import { boundedLines } from './bounded-lines.ts';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  /** Prefix each line with its RFC3339Nano time, as the kubelet writes it. */
  timestamps: boolean;
  /** RFC3339 time; the API keeps whole seconds only, so earlier lines of that second come too. */
  sinceTime?: string | undefined;
  tailLines?: number | undefined;
  signal: AbortSignal;
}

/** The largest error body read; a status message is far smaller. */
const maxErrorBody = 64 * 1024;

export async function* streamLogLines(kubeConfig: KubeConfig, log: LogRequest, server: string): AsyncIterable<string> {
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${log.namespace}/pods/${log.pod}/log`);
  url.searchParams.set('container', log.container);
  url.searchParams.set('follow', String(log.follow));
  url.searchParams.set('timestamps', String(log.timestamps));
  if (log.sinceTime) url.searchParams.set('sinceTime', log.sinceTime);
  if (log.tailLines !== undefined) url.searchParams.set('tailLines', String(log.tailLines));
  const options: RequestOptions = { method: 'GET', headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const action = { verb: 'get', resource: 'pods/log', namespace: log.namespace, name: log.pod, server };

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const outgoing = send(url, { ...options, signal: log.signal }, resolve);
    outgoing.on('error', (error) => {
      reject(describeApiError(error, action));
    });
    outgoing.end();
  });
  if (response.statusCode !== 200) {
    let body = '';
    for await (const chunk of response) {
      if (body.length < maxErrorBody) body += String(chunk);
    }
    throw describeApiError({ code: response.statusCode, body, message: body }, action);
  }
  response.setEncoding('utf8');
  const lines = boundedLines(response as AsyncIterable<string>);
  // The stream ends quietly when the socket breaks; `aborted`/`complete` tell a break from the end.
  const state = { broken: false };
  response.on('aborted', () => {
    state.broken = true;
  });
  response.on('error', () => {
    state.broken = true;
  });
  try {
    for await (const line of lines) yield line;
  } catch {
    // Unlike readline, a stream read directly throws when its socket breaks (or the step stops it):
    // a break, as before.
    state.broken = true;
  }
  if (state.broken || !response.complete) {
    throw new LogStreamBroken(`The log stream of ${log.namespace}/${log.pod} broke off.`);
  }
}

export class LogStreamBroken extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogStreamBroken';
  }
}
