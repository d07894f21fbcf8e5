// The workflow's GitHub ID token as a credential that renews itself: every request asks for the
// token, and a new one is fetched from the runner shortly before the old one expires, so a wait
// longer than the token's life never meets a 401.
import { idTokenClaims, type IdTokenClaims } from './id-token-claims.ts';

/** Asks the runner for an ID token with this audience (`core.getIDToken` in the action). */
export type FetchIdToken = (audience: string) => Promise<string>;

/** Lifetime assumed for a token without `exp`; GitHub's tokens always carry one. */
const assumedLifetimeMs = 5 * 60_000;
/** Renew this long before expiry at most, a third of the token's life at least (short-lived test tokens). */
const maxRenewMarginMs = 2 * 60_000;

export class IdTokenSource {
  readonly audience: string;
  private readonly fetchToken: FetchIdToken;
  private readonly now: () => number;
  private current: { token: string; claims: IdTokenClaims | undefined; renewAt: number; expiresAt: number } | undefined;
  private renewing: Promise<string> | undefined;
  /** How many tokens were fetched: the first, then each renewal. */
  fetched = 0;

  constructor(audience: string, fetchToken: FetchIdToken, now: () => number = Date.now) {
    this.audience = audience;
    this.fetchToken = fetchToken;
    this.now = now;
  }

  /** A token valid for a while yet; concurrent callers share one renewal. */
  async token(): Promise<string> {
    const current = this.current;
    if (current && this.now() < current.renewAt) return current.token;
    this.renewing ??= this.renew().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** The claims of the token in use, for messages; never the token. */
  claims(): IdTokenClaims | undefined {
    return this.current?.claims;
  }

  private async renew(): Promise<string> {
    const previous = this.current;
    let token: string;
    try {
      token = await this.fetchToken(this.audience);
    } catch (error) {
      // A renewal that fails while the old token still holds is not yet a failure.
      if (previous && this.now() < previous.expiresAt - 5_000) return previous.token;
      throw error;
    }
    const fetchedAt = this.now();
    const claims = idTokenClaims(token);
    const issuedAt = claims?.issuedAt !== undefined ? claims.issuedAt * 1000 : fetchedAt;
    const expiresAt = claims?.expiresAt !== undefined ? claims.expiresAt * 1000 : fetchedAt + assumedLifetimeMs;
    const margin = Math.min(maxRenewMarginMs, Math.max(0, expiresAt - issuedAt) / 3);
    this.current = { token, claims, renewAt: expiresAt - margin, expiresAt };
    this.fetched += 1;
    return token;
  }
}

/**
 * Why the runner cannot give an ID token, before asking it: the runner sets these two variables only
 * for a job with `id-token: write`. Pure.
 */
export function idTokenUnavailable(env: NodeJS.ProcessEnv, audienceInput = "'oidc-audience'"): string | undefined {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
  if (env.GITHUB_ACTIONS !== 'true') {
    return `${audienceInput} is set, but this is not a GitHub Actions job (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set): only the runner can give the workflow's ID token. Outside a workflow, use a kubeconfig.`;
  }
  return [
    `${audienceInput} is set, but the runner gave this job no ID token: the job lacks the permission id-token: write.`,
    'Add it to the job (or the workflow), next to the permissions it already has:',
    '  permissions:',
    '    contents: read',
    '    id-token: write',
    "A pull request from a fork never gets an ID token; deploy such previews from a workflow that runs in this repository's context.",
  ].join('\n');
}
