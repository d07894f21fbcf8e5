import { describe, expect, it } from '@jest/globals';
import { describeApiError, type ApiAction } from '../../src/cluster/api-errors.ts';

const apiException = (code: number, status: object | string): object => ({
  code,
  body: typeof status === 'string' ? status : JSON.stringify({ kind: 'Status', ...status }),
});
const get: ApiAction = {
  verb: 'get',
  resource: 'naisjobs.nais.io',
  namespace: 'team-b',
  name: 'job',
  server: 'https://k',
};

describe('describeApiError', () => {
  it.each<[string, unknown, ApiAction, RegExp]>([
    [
      'connection refused',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
      get,
      /Could not connect to the cluster's server https:\/\/k to get naisjobs.nais.io 'job' in namespace 'team-b': the connection was refused \(nothing listens at that address and port\) \(ECONNREFUSED\)/,
    ],
    [
      'a TLS error by its code',
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('40:error:0A00010B:SSL routines::wrong version number'), {
          code: 'ERR_SSL_DECRYPTION_FAILED',
        }),
      }),
      get,
      /Could not connect to the cluster's server https:\/\/k .*: the TLS handshake failed \(ERR_SSL_DECRYPTION_FAILED\)/,
    ],
    [
      'DNS',
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND k' },
      }),
      get,
      /Could not connect .*: the host name does not resolve \(DNS\) \(ENOTFOUND\)/,
    ],
    [
      'a time-out',
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } }),
      get,
      /Could not connect .*: the connection timed out \(UND_ERR_CONNECT_TIMEOUT\)/,
    ],
    [
      'a port fetch refuses',
      Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') }),
      get,
      /Could not connect .*: the client refuses to connect to that port/,
    ],
    [
      'any other fetch failure, with its reason',
      Object.assign(new TypeError('fetch failed'), { cause: new Error('something odd\nsecond line') }),
      get,
      /Could not connect to the cluster's server https:\/\/k to get .*: something odd\. Check/,
    ],
    ['401', apiException(401, { message: 'Unauthorized' }), get, /refused the credentials \(401 Unauthorized\).*Renew/],
    [
      '403 with the server message',
      apiException(403, {
        message:
          'naisjobs.nais.io "job" is forbidden: User "team-a-deployer" cannot get resource "naisjobs" in API group "nais.io" in the namespace "team-b"',
      }),
      get,
      /Forbidden: team-a-deployer may not get naisjobs \(API group nais\.io\) in namespace 'team-b'\. .*apiGroups: \["nais\.io"\], resources: \["naisjobs"\], verbs: \["get"\]/,
    ],
    [
      'missing namespace',
      apiException(404, { message: 'namespaces "team-b" not found', details: { name: 'team-b', kind: 'namespaces' } }),
      get,
      /Namespace 'team-b' does not exist/,
    ],
    [
      'missing CRD',
      apiException(404, '404 page not found'),
      get,
      /no naisjobs\.nais\.io resource type.*is this a NAIS cluster\?/,
    ],
    [
      'other',
      apiException(422, { message: 'spec.x: Invalid value' }),
      { verb: 'create', resource: 'jobs.batch', namespace: 'a' },
      /refused to create jobs\.batch in namespace 'a' \(HTTP 422\): spec\.x: Invalid value/,
    ],
  ])('%s', (_name, error, action, message) => {
    expect(describeApiError(error, action).message).toMatch(message);
  });
});
