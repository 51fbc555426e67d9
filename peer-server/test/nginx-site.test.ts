import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { VideoChatServer } from '../src/server.js';
import { SocketMember, startServer, until } from './helpers.js';

const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * coturn/nginx-site.conf as shipped, run by a real nginx: only what cannot be
 * the same here changes (loopback ports instead of 443 and 80, a certificate
 * made for this run, our server's port, files in a temporary directory).
 */
function siteForTest(dir: string, ports: { tls: number; http: number; upstream: number }): string {
  const site = readFileSync('coturn/nginx-site.conf', 'utf8')
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.tls} ssl;`)
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
    .replace(/\/etc\/letsencrypt\/live\/chat\.example\.com\/fullchain\.pem/, path.join(dir, 'site.crt'))
    .replace(/\/etc\/letsencrypt\/live\/chat\.example\.com\/privkey\.pem/, path.join(dir, 'site.key'))
    .replace('http://127.0.0.1:9000', `http://127.0.0.1:${ports.upstream}`)
    .replaceAll('/var/log/nginx/video-chat.access.log', path.join(dir, 'access.log'));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(dir, t)};`).join('\n');
  return `daemon off; master_process off; worker_processes 1;
error_log ${path.join(dir, 'error.log')}; pid ${path.join(dir, 'nginx.pid')};
events {}
http {
${temp}
access_log ${path.join(dir, 'default-access.log')};
${site}
}
`;
}

describe('coturn/nginx-site.conf (the shipped proxy site) with a real nginx', { timeout: 30_000 }, () => {
  let server: VideoChatServer;
  let nginx: ChildProcess;
  let dir: string;
  let base: string;

  before(async () => {
    ({ server } = await startServer({ trustProxy: true }));
    dir = mkdtempSync(path.join(tmpdir(), 'vcr-nginx-'));
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, t));
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
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'site.key'),
        '-out',
        path.join(dir, 'site.crt'),
      ],
      { stdio: 'ignore' },
    );
    const ports = {
      tls: await freePort(),
      http: await freePort(),
      upstream: (server.httpServer.address() as net.AddressInfo).port,
    };
    writeFileSync(path.join(dir, 'nginx.conf'), siteForTest(dir, ports));
    nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    base = `https://127.0.0.1:${ports.tls}`;
    await until(() => existsSync(path.join(dir, 'nginx.pid')), 'nginx started', 10_000);
  });
  after(async () => {
    nginx?.kill('SIGTERM');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('signaling works through it, and its access log has neither the PeerJS token nor a link’s query', async () => {
    const member = await new SocketMember().open(base, { ws: { rejectUnauthorized: false } });
    const welcome = await member.join('through-nginx', { displayName: 'Ana' });
    assert.equal(welcome.self.id, member.id);
    const status = await new Promise((resolve, reject) =>
      https
        .get(`${base}/?room=secret-room&name=Ana`, { rejectUnauthorized: false }, (res) =>
          res.resume().on('end', () => resolve(res.statusCode)),
        )
        .on('error', reject),
    );
    assert.equal(status, 404, 'the demo is off: still a request nginx logs');
    member.close();
    const log = () => (existsSync(path.join(dir, 'access.log')) ? readFileSync(path.join(dir, 'access.log'), 'utf8') : '');
    // nginx logs a WebSocket when it closes.
    await until(() => log().includes('/peerjs/peerjs'), 'the signaling socket logged', 10_000);
    assert.ok(!log().includes(member.token), 'the token is not in the log');
    assert.doesNotMatch(log(), /token=|secret-room/);
    assert.equal(
      existsSync(path.join(dir, 'default-access.log')) ? readFileSync(path.join(dir, 'default-access.log'), 'utf8') : '',
      '',
    );
  });
});
