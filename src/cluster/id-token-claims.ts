// What a GitHub ID token says about the workflow, read from its JWT payload without checking the
// signature (the cluster checks it). Shown next to a 401 so that the platform team can hold the
// claims against its authenticator's mapping. The token itself is never shown. Pure.

/** The claims a cluster's JWT authenticator maps or checks. */
export interface IdTokenClaims {
  issuer: string | undefined;
  audience: string[];
  subject: string | undefined;
  repository: string | undefined;
  repositoryOwner: string | undefined;
  ref: string | undefined;
  environment: string | undefined;
  /** Seconds since the epoch, as in the JWT. */
  issuedAt: number | undefined;
  expiresAt: number | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const seconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The claims of a JWT's payload, or undefined when the token is not a JWT. */
export function idTokenClaims(token: string): IdTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const claims = payload as Record<string, unknown>;
  const audience = Array.isArray(claims.aud) ? claims.aud.filter((a) => typeof a === 'string') : [text(claims.aud)];
  return {
    issuer: text(claims.iss),
    audience: audience.filter((a): a is string => a !== undefined),
    subject: text(claims.sub),
    repository: text(claims.repository),
    repositoryOwner: text(claims.repository_owner),
    ref: text(claims.ref),
    environment: text(claims.environment),
    issuedAt: seconds(claims.iat),
    expiresAt: seconds(claims.exp),
  };
}

/** Claim values come from the workflow's context (a branch or environment name): shown quoted and cut. */
const quoted = (value: string | undefined): string =>
  value === undefined ? '(none)' : JSON.stringify(value.slice(0, 200));

/** One line per claim, as the message next to a 401 lists them. */
export function describeClaims(claims: IdTokenClaims, now: number = Date.now()): string[] {
  const expiry =
    claims.expiresAt === undefined
      ? '(none)'
      : `${new Date(claims.expiresAt * 1000).toISOString()} (${claims.expiresAt * 1000 <= now ? 'expired' : `in ${Math.round((claims.expiresAt * 1000 - now) / 1000)}s`})`;
  return [
    `issuer (iss): ${quoted(claims.issuer)}`,
    `audience (aud): ${claims.audience.length > 0 ? claims.audience.map((a) => quoted(a)).join(', ') : '(none)'}`,
    `subject (sub): ${quoted(claims.subject)}`,
    `repository: ${quoted(claims.repository)}`,
    `repository_owner: ${quoted(claims.repositoryOwner)}`,
    `ref: ${quoted(claims.ref)}`,
    `environment: ${quoted(claims.environment)}`,
    `expires (exp): ${expiry}`,
  ];
}
