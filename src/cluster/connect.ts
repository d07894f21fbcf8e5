// The one place that turns the settings' cluster access into a gateway: a kubeconfig (the input, a
// file, or the defaults), or the workflow's GitHub ID token (`oidc-audience`).
import type { Reporter } from '../report/reporter.ts';
import type { KeylessAccess } from '../settings.ts';
import { createClusterGateway, type ClusterGateway } from './gateway.ts';
import type { RetryOptions } from './retrying.ts';
import { IdTokenSource, idTokenUnavailable, type FetchIdToken } from './id-token-source.ts';
import { connectionWarnings, loadKubeConfig, reportClusterAccess, type ClusterAccess } from './kubeconfig.ts';
import { describeKeylessAccess, keylessKubeConfig, unauthorizedWithIdToken } from './keyless.ts';

export interface Connection {
  access: ClusterAccess & { keyless: KeylessAccess | undefined };
  reporter: Reporter;
  /** `core.getIDToken` in the action. */
  fetchIdToken: FetchIdToken;
  env: NodeJS.ProcessEnv;
  /** The step's deadline and cancellation, which bound the gateway's retries. */
  retry?: RetryOptions;
}

export async function connectToCluster({
  access,
  reporter,
  fetchIdToken,
  env,
  retry = {},
}: Connection): Promise<ClusterGateway> {
  if (!access.keyless) {
    const kubeConfig = loadKubeConfig(access);
    reportClusterAccess(kubeConfig, access, reporter);
    return createClusterGateway(kubeConfig, retry);
  }
  const keyless = access.keyless;
  const unavailable = idTokenUnavailable(env);
  if (unavailable) throw new Error(unavailable);
  const source = new IdTokenSource(keyless.audience, async (audience) => {
    try {
      return await fetchIdToken(audience);
    } catch (error) {
      // The toolkit spreads its message over several indented lines ("Error Code : 403 ...").
      const why = (error instanceof Error ? error.message : String(error))
        .replace(/^Error message: /, '')
        .replace(/\s+/g, ' ')
        .trim();
      throw new Error(
        `Could not get the workflow's GitHub ID token for audience '${audience}' from the runner: ${why}`,
        {
          cause: error,
        },
      );
    }
  });
  // The first token now, so that a runner that will not give one fails the step before any API call.
  await source.token();
  reporter.info(describeKeylessAccess(keyless));
  for (const warning of connectionWarnings({ name: 'server', server: keyless.server, skipTLSVerify: false })) {
    reporter.warning(warning);
  }
  return createClusterGateway(keylessKubeConfig(keyless, source), {
    ...retry,
    unauthorized: (action) => unauthorizedWithIdToken(source, action),
  });
}
