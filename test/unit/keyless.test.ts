// The keyless kubeconfig: every way client-node sends a request asks the token source, so a renewed
// token reaches later requests, watches and log streams alike; and the command line's flags.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { parseCommandLine } from '../../src/cli.ts';
import { connectToCluster } from '../../src/cluster/connect.ts';
import { IdTokenSource } from '../../src/cluster/id-token-source.ts';
import { describeKeylessAccess, keylessKubeConfig } from '../../src/cluster/keyless.ts';
import { Inputs } from '../../src/io-names.ts';
import { readSettings } from '../../src/settings.ts';
import type { Reporter } from '../../src/report/reporter.ts';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const jwt = (n: number, iat: number, exp: number): string =>
  `e30.${Buffer.from(JSON.stringify({ n, iat, exp })).toString('base64url')}.c2ln`;

describe('keylessKubeConfig', () => {
  it('puts the current token on each request and the renewed one once the old is near expiry', async () => {
    const clock = { now: 1_000_000 };
    let fetched = 0;
    const source = new IdTokenSource(
      'aud',
      () => {
        fetched += 1;
        return Promise.resolve(jwt(fetched, clock.now / 1000, clock.now / 1000 + 30));
      },
      () => clock.now,
    );
    const access = { audience: 'aud', server: 'https://k8s.example.com:6443', certificateAuthority: pem };
    const kubeConfig = keylessKubeConfig(access, source);
    const authorization = async (): Promise<unknown> => {
      const options: RequestOptions = {};
      await kubeConfig.applyToHTTPSOptions(options);
      return (options.headers as OutgoingHttpHeaders | undefined)?.Authorization;
    };
    expect(kubeConfig.getCurrentCluster()).toMatchObject({ server: access.server, skipTLSVerify: false });
    const first = await authorization();
    expect(first).toBe(`Bearer ${jwt(1, 1000, 1030)}`);
    clock.now += 15_000;
    expect(await authorization()).toBe(first);
    clock.now += 6_000;
    expect(await authorization()).toBe(`Bearer ${jwt(2, 1021, 1051)}`);
    const options: RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    expect(options.ca?.toString()).toBe(pem);
  });

  it('says how it signs in', () => {
    expect(describeKeylessAccess({ audience: 'k8s-dev', server: 'https://k', certificateAuthority: undefined })).toBe(
      "Cluster https://k, signed in with the workflow's GitHub ID token (audience 'k8s-dev'), renewed before it expires; the server's certificate is checked against the runner's trusted roots.",
    );
  });
});

describe('the command line', () => {
  it('reads --certificate-authority from a file, and takes --server and --oidc-audience', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-ca-'));
    writeFileSync(path.join(dir, 'ca.pem'), pem);
    const parsed = parseCommandLine([
      '--oidc-audience',
      'k8s-dev',
      '--server',
      'https://k8s.example.com',
      '--certificate-authority',
      path.join(dir, 'ca.pem'),
      'job.yaml',
    ]);
    if (parsed.kind !== 'run') throw new Error(parsed.kind);
    expect(readSettings(parsed.inputs).keyless).toEqual({
      audience: 'k8s-dev',
      server: 'https://k8s.example.com',
      certificateAuthority: pem.trim(),
    });
  });

  it('names the flag and the file it cannot read', () => {
    const parsed = parseCommandLine(['--certificate-authority', '/nonexistent/ca.pem', 'job.yaml']);
    if (parsed.kind !== 'run') throw new Error(parsed.kind);
    expect(() => parsed.inputs.get(Inputs.certificateAuthority)).toThrow(
      "Flag --certificate-authority names the file '/nonexistent/ca.pem', which cannot be read (ENOENT).",
    );
  });
});

/** A reporter that keeps nothing: these cases fail before anything is reported. */
const silentReporter = (): Reporter => ({
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: (_title, work) => work(),
  verbatim: (_title, work) => work(() => undefined),
});

describe('connectToCluster with oidc-audience', () => {
  const access = {
    kubeconfig: undefined,
    context: undefined,
    keyless: { audience: 'k8s-dev', server: 'https://k8s.example.com', certificateAuthority: undefined },
  };
  const runner = { GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: 'u', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };

  it('asks for no token without the permission, and says what to add', async () => {
    let asked = false;
    const connecting = connectToCluster({
      access,
      reporter: silentReporter(),
      fetchIdToken: () => {
        asked = true;
        return Promise.resolve('x');
      },
      env: { GITHUB_ACTIONS: 'true' },
    });
    await expect(connecting).rejects.toThrow(/lacks the permission id-token: write/);
    expect(asked).toBe(false);
  });

  it("keeps the whole of the runner's answer on one line when it refuses a token", async () => {
    const refused = new Error(
      'Error message: Failed to get ID Token. \n \n        Error Code : 403\n \n        Error Message: forbidden',
    );
    await expect(
      connectToCluster({
        access,
        reporter: silentReporter(),
        fetchIdToken: () => Promise.reject(refused),
        env: runner,
      }),
    ).rejects.toThrow(
      "Could not get the workflow's GitHub ID token for audience 'k8s-dev' from the runner: Failed to get ID Token. Error Code : 403 Error Message: forbidden",
    );
  });
});
