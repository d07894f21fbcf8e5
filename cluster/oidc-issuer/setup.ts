// A test OIDC issuer for the local cluster, as a platform team would trust GitHub's: its TLS
// certificate comes from a CA made at start-up (openssl), its signing key from Node's crypto, and
// kube-apiserver gets a structured AuthenticationConfiguration with a JWT authenticator for it,
// next to the token file the other tests use.
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The audience the test cluster accepts, as a platform team names its cluster. */
export const testAudience = 'naisjob-deploy-local';
/** Usernames of GitHub identities start with this, so they never look like a cluster's own users. */
export const usernamePrefix = 'github:';
export const groupPrefix = 'github-owner:';

export interface TestIssuer {
  /** https://127.0.0.1:<port>, the `iss` of every token. */
  url: string;
  port: number;
  /** PEM of the CA that signed the issuer's TLS certificate. */
  caFile: string;
  tlsCertFile: string;
  tlsKeyFile: string;
  /** PKCS#8 PEM; tests sign tokens with it. */
  signingKeyFile: string;
  keyId: string;
  jwksFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes the issuer's CA, TLS certificate, signing key and JWKS into `<dir>/oidc`. */
export function prepareTestIssuer(dir: string, port: number): TestIssuer {
  const oidc = path.join(dir, 'oidc');
  mkdirSync(oidc, { recursive: true, mode: 0o700 });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=naisjob-deploy test issuer CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    oidc,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=127.0.0.1'],
    oidc,
  );
  writeFileSync(path.join(oidc, 'tls.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tls.crt',
      '-days',
      '2',
      '-extfile',
      'tls.ext',
    ],
    oidc,
  );
  const keyId = randomBytes(8).toString('hex');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKeyFile = path.join(oidc, 'signing.key');
  writeFileSync(signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const jwksFile = path.join(oidc, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...jwk, kid: keyId, alg: 'RS256', use: 'sig' }] }));
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caFile: path.join(oidc, 'ca.crt'),
    tlsCertFile: path.join(oidc, 'tls.crt'),
    tlsKeyFile: path.join(oidc, 'tls.key'),
    signingKeyFile,
    keyId,
    jwksFile,
  };
}

const indented = (text: string, spaces: number): string =>
  text
    .trim()
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line}`)
    .join('\n');

/**
 * The AuthenticationConfiguration a platform team would write for GitHub's issuer (the README shows
 * the same with https://token.actions.githubusercontent.com): the repository is the user, its owner a
 * group; only the main branch or a deployment environment may sign in.
 */
export function authenticationConfiguration(issuer: Pick<TestIssuer, 'url' | 'caFile'>): string {
  return `apiVersion: apiserver.config.k8s.io/v1
kind: AuthenticationConfiguration
jwt:
  - issuer:
      url: ${issuer.url}
      audiences: [${testAudience}]
      certificateAuthority: |
${indented(readFileSync(issuer.caFile, 'utf8'), 8)}
    claimValidationRules:
      - expression: "claims.repository_owner == 'navikt'"
        message: only repositories of the navikt organisation may sign in
      - expression: "claims.ref == 'refs/heads/main' || (has(claims.environment) && claims.environment != '')"
        message: only the main branch or a deployment environment may sign in
    claimMappings:
      username:
        expression: "'${usernamePrefix}' + claims.repository"
      groups:
        expression: "['${groupPrefix}' + claims.repository_owner]"
      uid:
        expression: "claims.sub"
    userValidationRules:
      - expression: "!user.username.startsWith('system:')"
        message: a GitHub identity may not pose as a system user
`;
}
