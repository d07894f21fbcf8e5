// Cluster access without a kubeconfig: the `server` and `certificate-authority` inputs and the
// workflow's GitHub ID token as the bearer token. client-node asks a custom authenticator for the
// header on every request (typed calls, watches, and applyToHTTPSOptions for logs and discovery),
// so each request carries a token that the source has renewed when needed.
import type { OutgoingHttpHeaders } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import type { KeylessAccess } from '../settings.ts';
import type { ApiAction } from './api-errors.ts';
import { describeClaims } from './id-token-claims.ts';
import type { IdTokenSource } from './id-token-source.ts';

/** client-node's Authenticator, which its index does not export. */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** The kubeconfig user's auth provider name that the authenticator below answers to. */
const providerName = 'naisjob-deploy-github-id-token';

export function idTokenAuthenticator(source: IdTokenSource): Authenticator {
  return {
    isAuthProvider: (user) => (user.authProvider as { name?: unknown } | undefined)?.name === providerName,
    // Typed here: client-node's own type names ws's options, which are not installed.
    applyAuthentication: async (_user, options: { headers?: OutgoingHttpHeaders }) => {
      const token = await source.token();
      options.headers = { ...options.headers, Authorization: `Bearer ${token}` };
    },
  };
}

/** A kubeconfig with one cluster, one user and one context, whose user's token comes from `source`. */
export function keylessKubeConfig(access: KeylessAccess, source: IdTokenSource): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.addAuthenticator(idTokenAuthenticator(source));
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: access.server,
        skipTLSVerify: false,
        ...(access.certificateAuthority
          ? { caData: Buffer.from(access.certificateAuthority, 'utf8').toString('base64') }
          : {}),
      },
    ],
    users: [{ name: 'github-id-token', authProvider: { name: providerName, config: {} } }],
    contexts: [{ name: 'keyless', cluster: 'cluster', user: 'github-id-token' }],
    currentContext: 'keyless',
  });
  return kubeConfig;
}

/** The line that says which cluster the step uses and how it signs in. */
export function describeKeylessAccess(access: KeylessAccess): string {
  return `Cluster ${access.server}, signed in with the workflow's GitHub ID token (audience '${access.audience}'), renewed before it expires; ${access.certificateAuthority ? "the server's certificate is checked against 'certificate-authority'" : "the server's certificate is checked against the runner's trusted roots"}.`;
}

/**
 * The message for a 401 with an ID token. The API server logs why it refused a token only on its
 * own side, so this shows what the token claimed, for the platform team to hold against its mapping.
 */
export function unauthorizedWithIdToken(source: IdTokenSource, action: ApiAction, now: number = Date.now()): string {
  const claims = source.claims();
  return [
    `The cluster refused the workflow's GitHub ID token (401 Unauthorized) when trying to ${action.verb} ${action.resource}${action.namespace ? ` in namespace '${action.namespace}'` : ''}: no authenticator of the API server accepted it.`,
    claims
      ? `The token carried these claims (the token itself is not shown):\n${describeClaims(claims, now)
          .map((line) => `  ${line}`)
          .join('\n')}`
      : 'The token is not a JWT, so its claims cannot be shown.',
    `Hold them against the cluster's AuthenticationConfiguration: the issuer URL, the audiences (the step asked for '${source.audience}'; set 'oidc-audience' to one the cluster lists), and the claim validation rules (such as which refs or environments may deploy).`,
  ].join('\n');
}
