// The test OIDC issuer's HTTPS endpoints: discovery and the JWKS, which kube-apiserver reads to
// check tokens. Tokens are signed by the tests with the key in the same directory.
// Run as: node cluster/oidc-issuer/main.ts <port> <tls-cert> <tls-key> <jwks.json>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const [portText, certFile, keyFile, jwksFile] = process.argv.slice(2);
if (!portText || !certFile || !keyFile || !jwksFile) {
  console.error('usage: node cluster/oidc-issuer/main.ts <port> <tls-cert> <tls-key> <jwks.json>');
  process.exit(2);
}
const issuer = `https://127.0.0.1:${portText}`;
const jwks = readFileSync(jwksFile, 'utf8');
const discovery = JSON.stringify({
  issuer,
  jwks_uri: `${issuer}/.well-known/jwks`,
  response_types_supported: ['id_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
});

const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (request, response) => {
  const body =
    request.url === '/.well-known/openid-configuration'
      ? discovery
      : request.url === '/.well-known/jwks'
        ? jwks
        : undefined;
  response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
  response.end(body ?? '{}');
  console.log(`${request.method ?? ''} ${request.url ?? ''} ${body === undefined ? 404 : 200}`);
});
server.listen(Number(portText), '127.0.0.1', () => {
  console.log(`test issuer ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    process.exit(0);
  });
}
