// The sticky comment's upsert against a stand-in for GitHub's REST API on 127.0.0.1, reached through the real
// @actions/github client.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commentMarker } from '../../src/preview/comment.ts';
import {
  commentAuthor,
  isOurComment,
  upsertStickyComment,
  workflowTokenAuthor,
  type Octokit,
} from '../../src/preview/sticky-comment.ts';

// A stand-in for the issue-comments endpoints of GitHub's REST API, with small pages to exercise pagination.

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

interface Request {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

const api = {
  comments: [] as Comment[],
  requests: [] as Request[],
  nextId: 1000,
  pageSize: 2,
  refuseWrites: false,
  /** What `GET /user` answers: the workflow's token gets 403. */
  user: { status: 403, data: { message: 'Resource not accessible by integration', status: '403' } } as {
    status: number;
    data: unknown;
  },
};

const server = createServer((req, res) => {
  void handle(req, res);
});
let octokit: Octokit;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body: unknown = raw ? JSON.parse(raw) : undefined;
  api.requests.push({
    method: req.method ?? '',
    path: url.pathname + url.search,
    authorization: req.headers.authorization,
    body,
  });
  const reply = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(data));
  };
  const text = (body as { body?: string } | undefined)?.body ?? '';
  if (api.refuseWrites && req.method !== 'GET') {
    reply(403, { message: 'Resource not accessible by integration', status: '403' });
  } else if (req.method === 'GET' && url.pathname === '/user') {
    reply(api.user.status, api.user.data);
  } else if (req.method === 'GET' && url.pathname === '/repos/o/r/issues/7/comments') {
    const page = Number(url.searchParams.get('page') ?? '1');
    const items = api.comments.slice((page - 1) * api.pageSize, page * api.pageSize);
    const more = page * api.pageSize < api.comments.length;
    const { port } = server.address() as AddressInfo;
    const next = `<http://127.0.0.1:${port}/repos/o/r/issues/7/comments?per_page=${api.pageSize}&page=${page + 1}>; rel="next"`;
    reply(200, items, more ? { link: next } : {});
  } else if (req.method === 'POST' && url.pathname === '/repos/o/r/issues/7/comments') {
    const comment = { id: api.nextId++, body: text, user: { login: 'github-actions[bot]', type: 'Bot' } };
    api.comments.push(comment);
    reply(201, comment);
  } else if (req.method === 'PATCH' && url.pathname.startsWith('/repos/o/r/issues/comments/')) {
    const comment = api.comments.find((c) => `/repos/o/r/issues/comments/${c.id}` === url.pathname);
    if (comment) comment.body = text;
    reply(comment ? 200 : 404, comment ?? { message: 'Not Found', status: '404' });
  } else {
    reply(404, { message: 'Not Found', status: '404' });
  }
}

const target = { owner: 'o', repo: 'r', issueNumber: 7 };
const marker = commentMarker('team-a/hello');
const others = (): Comment[] => [
  { id: 1, body: '<!-- another-bot -->\nCoverage 80%', user: { login: 'other-bot[bot]', type: 'Bot' } },
  { id: 2, body: `> quoting you:\n${marker}\nlooks fine`, user: { login: 'someone', type: 'User' } },
];
const writes = (): Request[] => api.requests.filter((r) => r.method !== 'GET');

beforeAll(async () => {
  // @actions/github picks its proxy when it loads; no proxy may carry these requests off the machine.
  delete process.env.HTTP_PROXY;
  delete process.env.HTTPS_PROXY;
  delete process.env.http_proxy;
  delete process.env.https_proxy;
  const { getOctokit } = await import('@actions/github');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  octokit = getOctokit('test-token', { baseUrl: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
});

beforeEach(() => {
  api.comments = others();
  api.requests = [];
  api.refuseWrites = false;
  api.user = { status: 403, data: { message: 'Resource not accessible by integration', status: '403' } };
});

describe('upsertStickyComment', () => {
  it('creates the comment when none starts with the marker, with the token', async () => {
    const result = await upsertStickyComment(octokit, target, marker, `${marker}\nfirst`, workflowTokenAuthor);
    expect(result).toEqual({ id: 1000, created: true });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/repos/o/r/issues/7/comments',
        authorization: 'token test-token',
        body: { body: `${marker}\nfirst` },
      },
    ]);
    expect(api.requests.every((r) => r.authorization === 'token test-token')).toBe(true);
    expect(api.comments.slice(0, 2)).toEqual(others());
  });

  it('finds the comment on a later page and updates it, leaving the others alone', async () => {
    const first = await upsertStickyComment(octokit, target, marker, `${marker}\nfirst`, workflowTokenAuthor);
    api.comments.push({ id: 3, body: 'later', user: { login: 'someone', type: 'User' } });
    api.comments.push({ id: 4, body: 'later still', user: { login: 'someone', type: 'User' } });
    api.requests = [];

    const second = await upsertStickyComment(octokit, target, marker, `${marker}\nsecond`, workflowTokenAuthor);

    expect(second).toEqual({ id: first.id, created: false });
    // Pages of two: [1, 2], [ours, 3], [4]; it stops at the page with ours.
    expect(api.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      'GET /repos/o/r/issues/7/comments',
      `PATCH /repos/o/r/issues/comments/${first.id}`,
    ]);
    expect(api.requests[1]?.path).toContain('page=2');
    expect(writes()[0]?.body).toEqual({ body: `${marker}\nsecond` });
    expect(api.requests.every((r) => r.authorization === 'token test-token')).toBe(true);
    expect(api.comments.map((c) => c.body)).toEqual([
      ...others().map((c) => c.body),
      `${marker}\nsecond`,
      'later',
      'later still',
    ]);
  });

  it('keeps one comment per marker', async () => {
    const hello = await upsertStickyComment(octokit, target, marker, `${marker}\nhello`, workflowTokenAuthor);
    const other = commentMarker('team-a/other');
    const second = await upsertStickyComment(octokit, target, other, `${other}\nother`, workflowTokenAuthor);
    expect(second.created).toBe(true);
    expect(second.id).not.toBe(hello.id);
    expect(api.comments).toHaveLength(4);
  });

  it('passes on what GitHub refuses', async () => {
    api.refuseWrites = true;
    await expect(upsertStickyComment(octokit, target, marker, `${marker}\nx`, workflowTokenAuthor)).rejects.toThrow(
      'Resource not accessible by integration',
    );
  });
});

describe('whose comment is ours', () => {
  const human = { login: 'mallory', type: 'User' };
  it.each([
    [
      "the bot's comment with the marker",
      { body: `${marker}\nx`, user: workflowTokenAuthor },
      workflowTokenAuthor,
      true,
    ],
    ["a human's comment with the marker", { body: `${marker}\nx`, user: human }, workflowTokenAuthor, false],
    [
      'a user named like the bot',
      { body: `${marker}\nx`, user: { login: 'github-actions[bot]', type: 'User' } },
      workflowTokenAuthor,
      false,
    ],
    ["the bot's comment without the marker", { body: 'x', user: workflowTokenAuthor }, workflowTokenAuthor, false],
    ["a personal token's own comment", { body: `${marker}\nx`, user: human }, human, true],
    ['any comment when the author is unknown', { body: `${marker}\nx`, user: workflowTokenAuthor }, undefined, false],
  ])('%s: %p', (_, comment, author, expected) => {
    expect(isOurComment(comment, marker, author)).toBe(expected);
  });

  it('is github-actions[bot] for a token that may not ask GET /user, the user for one that may, unknown otherwise', async () => {
    expect(await commentAuthor(octokit)).toEqual(workflowTokenAuthor);
    api.user = { status: 200, data: { login: 'alice', type: 'User', id: 1 } };
    expect(await commentAuthor(octokit)).toEqual({ login: 'alice', type: 'User' });
    api.user = { status: 401, data: { message: 'Bad credentials', status: '401' } };
    expect(await commentAuthor(octokit)).toBeUndefined();
  });

  it('leaves a human-written comment with the marker alone and writes its own', async () => {
    api.comments.push({
      id: 5,
      body: `${marker}\nplease approve [this](https://evil.example)`,
      user: { login: 'mallory', type: 'User' },
    });
    const result = await upsertStickyComment(
      octokit,
      target,
      marker,
      `${marker}\nresult`,
      await commentAuthor(octokit),
    );
    expect(result.created).toBe(true);
    expect(api.comments.find((c) => c.id === 5)?.body).toContain('please approve');
    expect(writes().map((r) => r.method)).toEqual(['POST']);
  });

  it('writes a new comment rather than edit one it may not own when the author is unknown', async () => {
    await upsertStickyComment(octokit, target, marker, `${marker}\nfirst`, workflowTokenAuthor);
    api.requests = [];
    const again = await upsertStickyComment(octokit, target, marker, `${marker}\nsecond`, undefined);
    expect(again.created).toBe(true);
    expect(writes().map((r) => r.method)).toEqual(['POST']);
  });
});
