// A stand-in for the runner's ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN) on
// loopback: it answers as GitHub's does, `{"value": "<jwt>"}`, with a token signed by the local
// cluster's test issuer, carrying the claims a test sets.
import { createSign, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { TestIssuer } from '../../cluster/oidc-issuer/setup.ts';

/** The claims GitHub puts in a workflow's token, for a push to main of `repository`. */
export function workflowClaims(repository: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [owner = ''] = repository.split('/');
  return {
    sub: `repo:${repository}:ref:refs/heads/main`,
    repository,
    repository_owner: owner,
    ref: 'refs/heads/main',
    workflow: 'deploy',
    actor: 'octocat',
    run_id: '42',
    ...overrides,
  };
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWT from the test issuer; `iss`, `iat`, `nbf` and `exp` are set here. */
export function signIdToken(
  issuer: Pick<TestIssuer, 'url' | 'signingKeyFile' | 'keyId'>,
  claims: Record<string, unknown>,
  lifetimeSeconds: number,
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: issuer.keyId });
  const payload = base64url({ iss: issuer.url, iat: now, nbf: now - 5, exp: now + lifetimeSeconds, ...claims });
  const signature = createSign('RSA-SHA256')
    .update(`${header}.${payload}`)
    .sign(readFileSync(issuer.signingKeyFile, 'utf8'), 'base64url');
  return `${header}.${payload}.${signature}`;
}

export interface TokenEndpoint {
  /** The variables the runner sets for a job with `id-token: write`. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** What the next tokens claim and how long they live; tests change it. */
  next: { claims: Record<string, unknown>; lifetimeSeconds: number };
  /** One entry per token served: the audience asked for, and when (ms since the epoch). */
  served: { audience: string; at: number }[];
  close(): Promise<void>;
}

export async function startTokenEndpoint(
  issuer: Pick<TestIssuer, 'url' | 'signingKeyFile' | 'keyId'>,
  next: TokenEndpoint['next'],
): Promise<TokenEndpoint> {
  const requestToken = randomBytes(16).toString('hex');
  const served: TokenEndpoint['served'] = [];
  const state = { next };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.authorization !== `Bearer ${requestToken}` || url.pathname !== '/token') {
      response.writeHead(401).end('{"message":"bad request token"}');
      return;
    }
    const audience = url.searchParams.get('audience') ?? 'https://github.com/navikt';
    served.push({ audience, at: Date.now() });
    const value = signIdToken(issuer, { aud: audience, ...state.next.claims }, state.next.lifetimeSeconds);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ count: 1, value }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    env: {
      // GitHub's URL carries a query; the toolkit appends `&audience=...`.
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    },
    get next() {
      return state.next;
    },
    set next(value) {
      state.next = value;
    },
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
