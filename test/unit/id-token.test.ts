import { describe, expect, it } from '@jest/globals';
import { describeClaims, idTokenClaims } from '../../src/cluster/id-token-claims.ts';
import { IdTokenSource, idTokenUnavailable } from '../../src/cluster/id-token-source.ts';
import { unauthorizedWithIdToken } from '../../src/cluster/keyless.ts';

const jwt = (payload: Record<string, unknown>): string =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJl`;

const github = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'my-cluster',
  sub: 'repo:navikt/my-job:environment:prod',
  repository: 'navikt/my-job',
  repository_owner: 'navikt',
  ref: 'refs/heads/main',
  environment: 'prod',
  iat: 1_000,
  exp: 1_300,
};

describe('idTokenClaims', () => {
  it('reads what an authenticator maps from the payload', () => {
    expect(idTokenClaims(jwt(github))).toEqual({
      issuer: github.iss,
      audience: ['my-cluster'],
      subject: github.sub,
      repository: 'navikt/my-job',
      repositoryOwner: 'navikt',
      ref: 'refs/heads/main',
      environment: 'prod',
      issuedAt: 1_000,
      expiresAt: 1_300,
    });
  });

  it.each([['not a jwt'], ['a.b'], ['a.!!!.c'], [`a.${Buffer.from('[1]').toString('base64url')}.c`]])(
    'gives up on %s',
    (token) => {
      expect(idTokenClaims(token)).toBeUndefined();
    },
  );

  it('lists claims quoted, with the expiry, and keeps a claim from breaking out of its line', () => {
    const claims = idTokenClaims(jwt({ ...github, aud: ['a', 'b'], environment: 'x\ny' }));
    expect(claims && describeClaims(claims, 1_200_000)).toEqual([
      'issuer (iss): "https://token.actions.githubusercontent.com"',
      'audience (aud): "a", "b"',
      'subject (sub): "repo:navikt/my-job:environment:prod"',
      'repository: "navikt/my-job"',
      'repository_owner: "navikt"',
      'ref: "refs/heads/main"',
      'environment: "x\\ny"',
      'expires (exp): 1970-01-01T00:21:40.000Z (in 100s)',
    ]);
  });
});

describe('IdTokenSource', () => {
  function source(lifetimeSeconds: number) {
    const clock = { now: 1_000_000 };
    const audiences: string[] = [];
    const tokens = new IdTokenSource(
      'my-cluster',
      (audience) => {
        audiences.push(audience);
        const iat = Math.floor(clock.now / 1000);
        return Promise.resolve(jwt({ ...github, iat, exp: iat + lifetimeSeconds, n: audiences.length }));
      },
      () => clock.now,
    );
    return { clock, audiences, tokens };
  }

  it('keeps a token until a third of its life remains, then fetches a new one', async () => {
    const { clock, audiences, tokens } = source(300);
    const first = await tokens.token();
    clock.now += 199_000;
    expect(await tokens.token()).toBe(first);
    clock.now += 2_000;
    expect(await tokens.token()).not.toBe(first);
    expect(audiences).toEqual(['my-cluster', 'my-cluster']);
  });

  it('renews at most two minutes before expiry for long-lived tokens', async () => {
    const { clock, tokens } = source(3600);
    await tokens.token();
    clock.now += 3_470_000;
    await tokens.token();
    expect(tokens.fetched).toBe(1);
    clock.now += 20_000;
    await tokens.token();
    expect(tokens.fetched).toBe(2);
  });

  it('shares one renewal between concurrent requests', async () => {
    const { audiences, tokens } = source(300);
    const all = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(new Set(all).size).toBe(1);
    expect(audiences).toHaveLength(1);
  });

  it('keeps the old token when a renewal fails while it still holds, and fails once it has expired', async () => {
    const clock = { now: 1_000_000 };
    let fail = false;
    const tokens = new IdTokenSource(
      'aud',
      () => (fail ? Promise.reject(new Error('runner down')) : Promise.resolve(jwt({ iat: 1000, exp: 1030 }))),
      () => clock.now,
    );
    const first = await tokens.token();
    fail = true;
    clock.now = 1_021_000;
    expect(await tokens.token()).toBe(first);
    clock.now = 1_031_000;
    await expect(tokens.token()).rejects.toThrow('runner down');
  });
});

describe('idTokenUnavailable', () => {
  it('is silent when the runner offers a token', () => {
    expect(
      idTokenUnavailable({
        GITHUB_ACTIONS: 'true',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      }),
    ).toBeUndefined();
  });

  it('names the permission to add in a workflow', () => {
    expect(idTokenUnavailable({ GITHUB_ACTIONS: 'true' })).toMatch(
      /lacks the permission id-token: write\.\n[^\n]*\n {2}permissions:\n {4}contents: read\n {4}id-token: write/,
    );
  });

  it('says that only a workflow has one, outside GitHub Actions', () => {
    expect(idTokenUnavailable({}, 'Flag --oidc-audience')).toMatch(
      /^Flag --oidc-audience is set, but this is not a GitHub Actions job/,
    );
  });
});

describe('unauthorizedWithIdToken', () => {
  it('shows the claims and the audience asked for, never the token', async () => {
    const token = jwt(github);
    const tokens = new IdTokenSource(
      'my-cluster',
      () => Promise.resolve(token),
      () => 1_200_000,
    );
    await tokens.token();
    const message = unauthorizedWithIdToken(
      tokens,
      { verb: 'get', resource: 'naisjobs.nais.io', namespace: 'team-a' },
      1_200_000,
    );
    expect(message).toContain("401 Unauthorized) when trying to get naisjobs.nais.io in namespace 'team-a'");
    expect(message).toContain('  environment: "prod"');
    expect(message).toContain("the step asked for 'my-cluster'");
    expect(message).not.toContain(token.split('.')[1] ?? 'x');
  });
});
