// Plain JSON requests to the API server with the kubeconfig's credentials, for what client-node's
// typed clients do not cover: API discovery, and any kind a resource file holds, read, created
// and replaced with strict field validation as NAIS deploy's server does.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** API path, such as /api/v1/namespaces/x/secrets/y. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** An answer other than 2xx, in the shape `describeApiError` reads (`code`, and a Status in `body`). */
export class HttpFailure extends Error {
  readonly code: number | undefined;
  readonly body: string;
  /** The answer's headers: the retry policy reads Retry-After. */
  readonly headers: Record<string, string | string[] | undefined>;
  constructor(code: number | undefined, body: string, headers: Record<string, string | string[] | undefined> = {}) {
    super(body.length > 500 ? `${body.slice(0, 500)}…` : body || `HTTP ${code ?? 'error'}`);
    this.name = 'HttpFailure';
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

/** The largest answer read: a Naisjob or an APIResourceList is far smaller. */
const maxBody = 16 * 1024 * 1024;

export async function requestJson(kubeConfig: KubeConfig, server: string, request: JsonRequest): Promise<unknown> {
  const url = new URL(`${server.replace(/\/$/, '')}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const options: RequestOptions = {
    method: request.method,
    headers: {
      Accept: 'application/json',
      ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
  };
  await kubeConfig.applyToHTTPSOptions(options);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const outgoing = send(url, options, resolve);
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
  let body = '';
  response.setEncoding('utf8');
  for await (const chunk of response) {
    body += String(chunk);
    if (body.length > maxBody) {
      response.destroy();
      throw new HttpFailure(
        response.statusCode,
        `the answer to ${request.method} ${request.path} is larger than ${maxBody} bytes`,
      );
    }
  }
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) throw new HttpFailure(status, body, response.headers);
  return body === '' ? undefined : (JSON.parse(body) as unknown);
}
