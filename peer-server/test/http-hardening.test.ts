import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import type { VideoChatServer } from '../src/server.js';
import { errorResponses } from '../src/error-responses.js';
import { FakePeerSocket, joinRoom, startServer } from './helpers.js';

const demoDir = path.resolve('demo');

async function bundleDir(): Promise<string> {
  const distDir = await mkdtemp(path.join(tmpdir(), 'vcr-dist-'));
  await writeFile(path.join(distDir, 'video-chat-room.js'), 'export {};\n');
  return distDir;
}

function assertSafeHeaders(response: Response, what: string): void {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer', what);
  assert.equal(response.headers.get('x-frame-options'), null, `${what}: framing is left to the policy's frame-ancestors`);
  assert.equal(response.headers.get('x-powered-by'), null, what);
}

describe('security headers and error answers', { timeout: 20_000 }, () => {
  let server: VideoChatServer;
  let base: string;
  before(async () => {
    ({ server, base } = await startServer({ demoDir, distDir: await bundleDir() }));
  });
  after(() => server.close());

  test('every kind of response carries nosniff and no-referrer, and no X-Frame-Options', async () => {
    const peer = await new FakePeerSocket().open(base);
    const joined = await joinRoom(base, 'headers', { peerId: peer.id, token: peer.token });
    const responses: [string, Response][] = [
      ['demo page', await fetch(`${base}/`)],
      ['demo page by name', await fetch(`${base}/network-test.html`)],
      ['demo script', await fetch(`${base}/demo.js`)],
      ['bundle', await fetch(`${base}/video-chat-room.js`)],
      ['health', await fetch(`${base}/healthz`)],
      ['metrics', await fetch(`${base}/metrics`)],
      ['refused join', await fetch(`${base}/api/rooms/headers/join`, { method: 'POST' })],
      ['not found', await fetch(`${base}/nothing-here`)],
      ['PeerServer', await fetch(`${base}/peerjs`)],
    ];
    for (const [what, response] of responses) {
      assertSafeHeaders(response, what);
      await response.arrayBuffer();
    }
    assert.equal(joined.status, 200);
    joined.abort();
    peer.close();
  });

  test('demo pages get a same-origin policy without unsafe-inline or unsafe-eval, and only this origin may frame them', async () => {
    const page = await fetch(`${base}/`);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    const directives = new Map(policy.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('connect-src'), ["'self'", 'blob:']);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.ok(directives.get('media-src')?.includes('mediastream:'));
    assert.doesNotMatch(policy, /unsafe/);
    assert.deepEqual(directives.get('frame-ancestors'), ["'self'"], 'no other site frames the demo unless configured');
  });

  test('the demo pages need nothing the policy forbids: no inline scripts, handlers or styles, only same-origin scripts', async () => {
    const pages = (await readdir(demoDir)).filter((f) => f.endsWith('.html'));
    assert.ok(pages.length >= 4, `found ${pages}`);
    for (const file of pages) {
      const html = await readFile(path.join(demoDir, file), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
        assert.match(tag, /^<script\b[^>]*\bsrc="\/[^/][^"]*"[^>]*><\/script>$/, `${file}: ${tag}`);
      }
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${file} has an inline event handler`);
      assert.doesNotMatch(html, /<style\b|\sstyle\s*=/i, `${file} has inline style`);
      assert.doesNotMatch(html, /javascript:/i, file);
    }
  });

  test('client mistakes answer JSON with a code and the right status, never an HTML or stack page', async () => {
    const cases: [string, RequestInit, number, string][] = [
      [
        '/api/rooms/x/join',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"peerId":' },
        400,
        'invalid-request',
      ],
      [
        '/api/rooms/x/join',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"\\u12"}' },
        400,
        'invalid-request',
      ],
      ['/api/rooms/x/join', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 400, 'invalid-request'],
      ['/api/rooms/x/nope', { method: 'POST' }, 404, 'not-found'],
      ['/api/rooms/x/join', { method: 'DELETE' }, 404, 'not-found'],
      ['/%E0%A4%A', {}, 404, 'not-found'],
      ['/..%2f..%2fpackage.json', {}, 404, 'not-found'],
      ['/healthz', { method: 'POST' }, 404, 'not-found'],
    ];
    for (const [url, init, status, code] of cases) {
      const response = await fetch(`${base}${url}`, init);
      const text = await response.text();
      assert.equal(response.status, status, `${init.method ?? 'GET'} ${url}: ${text}`);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, url);
      assert.equal(JSON.parse(text).error.code, code, url);
      assert.doesNotMatch(text, /at .*\.(js|ts):\d+|<html|<pre/i, `${url} leaks: ${text}`);
    }
  });

  test('an unexpected error is a 500 with a code, logged for us and not shown to the client', async () => {
    const seen: unknown[] = [];
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret detail at /srv/app/server.js:12');
    });
    app.get('/teapot', (_req, _res, next) => next(Object.assign(new Error('no'), { status: 416 })));
    app.use(errorResponses((error) => seen.push(error)));
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const { port } = listener.address() as { port: number };
      const boom = await fetch(`http://127.0.0.1:${port}/boom`);
      assert.equal(boom.status, 500);
      const text = await boom.text();
      assert.deepEqual(JSON.parse(text), { error: { code: 'server-error', message: 'Something went wrong on the server.' } });
      assert.equal(seen.length, 1);
      const teapot = await fetch(`http://127.0.0.1:${port}/teapot`);
      assert.equal(teapot.status, 416);
      assert.equal((await teapot.json()).error.code, 'bad-request');
      assert.equal(seen.length, 1, 'client mistakes are not counted as server errors');
    } finally {
      listener.close();
    }
  });

  test('oversized headers are refused (431) and the server carries on', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { 'x-big': 'x'.repeat(20_000) } });
    assert.equal(response.status, 431);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});

describe('who may frame the demo pages', () => {
  test('--frame-ancestors names the sites that may, or * for any', async () => {
    for (const [frameAncestors, expected] of [
      [['https://docs.example'], "frame-ancestors 'self' https://docs.example"],
      ['*', undefined],
    ] as ['*' | string[], string | undefined][]) {
      const { server, base } = await startServer({ demoDir, distDir: await bundleDir(), frameAncestors });
      try {
        const policy = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
        const directive = policy.split(/;\s*/).find((d) => d.startsWith('frame-ancestors'));
        assert.equal(directive, expected);
      } finally {
        await server.close();
      }
    }
  });
});

describe('security headers on a server limited to some origins', () => {
  test('only those origins (and this one) may frame the demo pages', async () => {
    const { server, base } = await startServer({ demoDir, distDir: await bundleDir(), allowedOrigins: ['https://good.example'] });
    try {
      const policy = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
      assert.match(policy, /(^|; )frame-ancestors 'self' https:\/\/good\.example($|;)/);
    } finally {
      await server.close();
    }
  });
});

describe('rate limits behind a proxy', { timeout: 20_000 }, () => {
  /** Statuses of `count` join attempts claiming to come from `ip` through a proxy. */
  async function attempts(base: string, ip: string, count: number): Promise<number[]> {
    const statuses = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${base}/api/rooms/limited/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ peerId: 'nobody', token: 'x' }),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    return statuses;
  }

  for (const trustProxy of [true, false]) {
    test(`${trustProxy ? 'with' : 'without'} --trust-proxy, two X-Forwarded-For addresses get ${trustProxy ? 'separate buckets' : 'one bucket'}`, async () => {
      const { server, base } = await startServer({ joinsPerMinute: 3, trustProxy });
      try {
        assert.deepEqual(await attempts(base, '203.0.113.7', 4), [403, 403, 403, 429]);
        assert.deepEqual(await attempts(base, '198.51.100.9', 1), trustProxy ? [403] : [429]);
      } finally {
        await server.close();
      }
    });
  }

  test('with --trust-proxy, the addresses of one IPv6 /64 share a bucket; another /64 has its own', async () => {
    const { server, base } = await startServer({ joinsPerMinute: 3, trustProxy: true });
    try {
      const statuses = [];
      for (const host of ['1', '2', 'a:b:c:d', 'ffff:ffff:ffff:ffff'])
        statuses.push(...(await attempts(base, `2001:db8:5:6:${host}`.replace(/:(\d)$/, '::$1'), 1)));
      assert.deepEqual(statuses, [403, 403, 403, 429]);
      assert.deepEqual(await attempts(base, '2001:db8:5:7::1', 1), [403]);
    } finally {
      await server.close();
    }
  });
});
