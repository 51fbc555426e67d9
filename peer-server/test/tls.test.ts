import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer } from '../src/server.js';
import { FakePeerSocket, startServer } from './helpers.js';

/** A self-signed certificate for 127.0.0.1 and localhost, made for this run. */
function selfSigned(dir: string, name: string): { certFile: string; keyFile: string; cert: Buffer; key: Buffer } {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/** One https request trusting `ca`; resolves with the status, headers and the body read so far (first chunk for streams). */
function request(
  url: string,
  ca: Buffer,
  { method = 'GET', body, stream = false }: { method?: string; body?: string; stream?: boolean } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
        if (stream && text.includes('\n\n')) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let dir: string;
let pair: ReturnType<typeof selfSigned>;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vcr-tls-'));
  pair = selfSigned(dir, 'server');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS served directly', { timeout: 20_000 }, () => {
  test('https for pages and the API, wss for signaling, a join over both', async () => {
    const { server, base } = await startServer({ tls: { cert: pair.cert, key: pair.key } });
    try {
      assert.match(base, /^https:/);
      const health = await request(`${base}/healthz`, pair.cert);
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body), { status: 'ok' });

      const peer = await new FakePeerSocket().open(base, { ws: { ca: pair.cert } });
      assert.match(peer.ws.url, /^wss:/);
      assert.equal(server.peers.size, 1);
      const joined = await request(`${base}/api/rooms/tls-room/join`, pair.cert, {
        method: 'POST',
        body: JSON.stringify({ peerId: peer.id, token: peer.token, displayName: 'Tess' }),
        stream: true,
      });
      assert.equal(joined.status, 200);
      assert.match(joined.body, /^event: welcome\ndata: .*"displayName":"Tess"/);
      peer.close();

      // No plain-http fallback on the same port, and an untrusted certificate is refused by clients.
      await assert.rejects(fetch(base.replace('https:', 'http:') + '/healthz'));
      await assert.rejects(request(`${base}/healthz`, selfSigned(dir, 'stranger').cert), /self.signed|certificate/);
    } finally {
      await server.close();
    }
  });

  test('a certificate without its key, or a key of another certificate, is refused at start', () => {
    const other = selfSigned(dir, 'other');
    assert.throws(() => createServer({ port: 0, tls: { cert: pair.cert, key: '' } }), /TLS needs both/);
    assert.throws(() => createServer({ port: 0, tls: { cert: pair.cert, key: other.key } }), /key values mismatch/);
  });
});

describe('video-chat-server --tls-cert / --tls-key', { timeout: 20_000 }, () => {
  function run(args: string[], env: Record<string, string> = {}) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'peer-server/src/cli.ts', '--port', '0', '--host', '127.0.0.1', '--no-demo', ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = (async () => {
      for (let i = 0; i < 100; i++) {
        const port = /listening on [^\s]+:(\d+)/.exec(output)?.[1];
        if (port) return port;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`server did not start:\n${output}`);
    })();
    return { child, output: () => output, exited, listening };
  }

  for (const [how, args, env] of [
    ['flags', (p: typeof pair) => ['--tls-cert', p.certFile, '--tls-key', p.keyFile], () => ({})],
    ['environment', () => [], (p: typeof pair) => ({ TLS_CERT: p.certFile, TLS_KEY: p.keyFile })],
  ] as const) {
    test(`serves https from the ${how}`, async () => {
      const cli = run(args(pair), env(pair));
      try {
        const port = await cli.listening;
        assert.match(cli.output(), /signaling\s+https:\/\/127\.0\.0\.1:\d+\/peerjs/);
        assert.match(cli.output(), /tls\s+on/);
        assert.equal((await request(`https://127.0.0.1:${port}/healthz`, pair.cert)).status, 200);
      } finally {
        cli.child.kill('SIGKILL');
      }
    });
  }

  test('a missing key or an unreadable file: a clear message and exit 2', async () => {
    for (const [args, says] of [
      [['--tls-cert', pair.certFile], /TLS needs both --tls-cert and --tls-key/],
      [['--tls-cert', pair.certFile, '--tls-key', path.join(dir, 'nope.key')], /cannot read the TLS key .*nope\.key/],
    ] as const) {
      const cli = run([...args]);
      assert.equal(await cli.exited, 2, cli.output());
      assert.match(cli.output(), says);
    }
  });
});
