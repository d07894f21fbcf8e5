// Turns Kubernetes API failures into messages a person can act on. Pure, so each case is tested.

/** What the action was doing when the API answered. */
export interface ApiAction {
  verb: string;
  /** Plural resource, with its group: `naisjobs.nais.io`, `jobs.batch`, `events`. */
  resource: string;
  namespace?: string;
  name?: string;
  server?: string;
}

export interface ApiStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

/** An API failure with a message for people, and the parsed status for code that decides. */
export class ClusterError extends Error {
  readonly status: ApiStatus | undefined;
  readonly code: number | undefined;
  constructor(message: string, code: number | undefined, status: ApiStatus | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClusterError';
    this.code = code;
    this.status = status;
  }
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing listens at that address and port)',
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'the host name does not resolve right now (DNS)',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_SOCKET: 'the connection broke',
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: the server's certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: the server's certificate is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: the server's certificate is not trusted",
  CERT_HAS_EXPIRED: "TLS: the server's certificate has expired",
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS: the server does not speak TLS on that port (is it http, or another service?)',
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: the server's certificate is for another host name",
};

/** TLS failures that have no entry above, by the shape of their code. */
const tlsCode = /^(ERR_SSL_|ERR_TLS_|CERT_|ERR_OSSL_)/;

/** The causes of an error, outermost first, bounded (a cause chain could loop). */
function causes(error: unknown): object[] {
  const chain: object[] = [];
  let current: unknown = error;
  while (chain.length < 8 && current !== null && typeof current === 'object' && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Finds a Node network error code anywhere in an error's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
  for (const link of causes(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && (code in networkCodes || tlsCode.test(code))) return code;
  }
  return undefined;
}

/**
 * Why the server was never reached, or undefined when it answered (or the error says nothing of a
 * connection). fetch throws `TypeError: fetch failed` and puts the reason in its cause chain. Pure.
 */
export function connectionFailure(error: unknown): string | undefined {
  const code = networkErrorCode(error);
  if (code) {
    const known = networkCodes[code];
    if (known) return `${known} (${code})`;
    // OpenSSL's messages are long internals; the code says enough.
    return `the TLS handshake failed (${code})`;
  }
  const chain = causes(error);
  const fetchFailed = chain.some((link) => link instanceof TypeError && link.message === 'fetch failed');
  if (!fetchFailed) return undefined;
  const why = deepestMessage(error);
  if (why === 'bad port') return 'the client refuses to connect to that port (a port browsers block, such as 1 or 25)';
  return why === 'fetch failed' ? 'the connection failed' : firstLine(why);
}

function deepestMessage(error: unknown): string {
  const messages = causes(error)
    .map((link) => (link as { message?: unknown }).message)
    .filter((message): message is string => typeof message === 'string' && message !== '');
  return messages.at(-1) ?? '';
}

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 300);

/** The Status object in an ApiException's body, if the body is one. */
export function parseStatus(body: unknown): ApiStatus | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Status') return value;
  return undefined;
}

const where = (action: ApiAction): string =>
  `${action.name ? `${action.resource} '${action.name}'` : action.resource}${action.namespace ? ` in namespace '${action.namespace}'` : ''}`;

function forbidden(action: ApiAction, status: ApiStatus | undefined): string {
  // "User "x" cannot get resource "naisjobs" in API group "nais.io" in the namespace "y""
  const match =
    /User "([^"]*)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(
      status?.message ?? '',
    );
  const user = match?.[1] ?? 'the kubeconfig identity';
  const verb = match?.[2] ?? action.verb;
  const resource = match?.[3] ?? action.resource.split('.')[0] ?? action.resource;
  const group = match?.[4] ?? action.resource.split('.').slice(1).join('.');
  const namespace = match?.[5] ?? action.namespace;
  return [
    `Forbidden: ${user} may not ${verb} ${resource}${group ? ` (API group ${group})` : ''}${namespace ? ` in namespace '${namespace}'` : ''}.`,
    `The identity needs this RBAC rule${namespace ? ` in a Role bound in '${namespace}'` : ''}: apiGroups: ["${group}"], resources: ["${resource}"], verbs: ["${verb}"].`,
    namespace ? `NAIS teams may deploy only to their own namespace; check metadata.namespace and the team label.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One message for a failed API call; `error` is whatever the client threw. */
export function describeApiError(error: unknown, action: ApiAction): ClusterError {
  const unreachable = connectionFailure(error);
  if (unreachable) {
    return new ClusterError(
      `Could not connect to the cluster's server${action.server ? ` ${action.server}` : ''} to ${action.verb} ${where(action)}: ${unreachable}. Check the kubeconfig's server address and that the cluster is reachable from this runner.`,
      undefined,
      undefined,
      { cause: error },
    );
  }
  const code = typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : undefined;
  const status = parseStatus((error as { body?: unknown }).body);
  const serverMessage = status?.message ?? (error instanceof Error ? error.message : String(error));
  let message: string;
  switch (code) {
    case 401:
      message = `The cluster refused the credentials (401 Unauthorized) when trying to ${action.verb} ${where(action)}: the kubeconfig's token or certificate is invalid or has expired. Renew the credentials in the kubeconfig secret.`;
      break;
    case 403:
      message = forbidden(action, status);
      break;
    case 404:
      if (status?.details?.kind === 'namespaces') {
        message = `Namespace '${status.details.name ?? action.namespace ?? ''}' does not exist. NAIS teams deploy to the namespace named after the team; check metadata.namespace and the team label.`;
      } else if (!status?.details && action.resource.endsWith('.nais.io')) {
        message = `The cluster has no ${action.resource} resource type (${serverMessage}): is this a NAIS cluster? Check the kubeconfig's server and context.`;
      } else {
        message = `Not found: ${where(action)} (${serverMessage}).`;
      }
      break;
    case 409:
      message = `Conflict while trying to ${action.verb} ${where(action)}: ${serverMessage}. Someone else changed it at the same time; run the step again.`;
      break;
    default:
      message = `The cluster refused to ${action.verb} ${where(action)}${code ? ` (HTTP ${code})` : ''}: ${serverMessage}`;
  }
  return new ClusterError(message, code, status, { cause: error });
}
