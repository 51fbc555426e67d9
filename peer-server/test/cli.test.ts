import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import { FakePeerSocket, joinRoom } from './helpers.js';

const CLI = ['--import', 'tsx', 'peer-server/src/cli.ts'];

function run(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function started(cli: ReturnType<typeof run>): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const port = /listening on [^\s]+:(\d+)/.exec(cli.output())?.[1];
    if (port) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not start:\n${cli.output()}`);
}

describe('video-chat-server (the CLI)', () => {
  test('--help lists every option with its environment variable', async () => {
    const cli = run(['--help']);
    assert.equal(await cli.exited, 0);
    for (const env of [
      'PORT',
      'HOST',
      'BASE_PATH',
      'MAX_ROOM_SIZE',
      'ALLOWED_ORIGINS',
      'TURN_SECRET',
      'TURN_URLS',
      'STUN_URLS',
      'MAX_PEERS',
      'TLS_CERT',
      'TLS_KEY',
    ]) {
      assert.match(cli.output(), new RegExp(`\\[${env}`));
    }
  });

  test('bad options get a clear message and a non-zero exit', async () => {
    for (const [args, env, says] of [
      [['--port', 'seventy'], {}, /port must be/],
      [['--max-room-size', '1'], {}, /max room size/],
      [[], { MAX_PEERS: '0' }, /max peers must be/],
      [['--turn-urls', 'turn:x'], {}, /TURN needs both/],
      [[], { ALLOWED_ORIGINS: 'not an origin' }, /allowed origin/],
      [['--frobnicate'], {}, /Unknown option/],
      [['--ice-servers', '[{"urls":'], {}, /must be a JSON array/],
      [['--ice-servers', '{"urls":"stun:x"}'], {}, /ice servers must be a JSON array/],
      [[], { ICE_SERVERS: '[{"urls":"http://x"}]' }, /ice servers must be a JSON array/],
    ] as const) {
      const cli = run([...args, '--port', args[0] === '--port' ? args[1] : '0'], env);
      assert.equal(await cli.exited, 2, cli.output());
      assert.match(cli.output(), says);
      assert.match(cli.output(), /--help/);
    }
  });

  test('prints its configuration, serves /healthz and /metrics, and never prints the TURN secret', async () => {
    const secret = 'cli-secret-0123456789abcdef';
    const cli = run(['--port', '0', '--host', '127.0.0.1', '--no-demo'], {
      TURN_SECRET: secret,
      TURN_URLS: 'turn:127.0.0.1:3478',
      METRICS_TOKEN: 'scraper-token-0123456789',
    });
    const base = await started(cli);
    try {
      assert.match(cli.output(), /max room size\s+6/);
      assert.match(cli.output(), /turn\s+turn:127\.0\.0\.1:3478/);
      assert.ok(!cli.output().includes(secret));
      assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
      const peer = await new FakePeerSocket().open(base);
      const joined = await joinRoom(base, 'metrics-room', { peerId: peer.id, token: peer.token });
      await joined.next((e) => e.event === 'welcome');
      await joinRoom(base, 'metrics-room', { peerId: peer.id, token: 'wrong' });
      assert.equal((await fetch(`${base}/metrics`)).status, 401);
      const metrics = await (
        await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer scraper-token-0123456789' } })
      ).text();
      assert.match(metrics, /^vcr_connected_peers 1$/m);
      assert.match(metrics, /^vcr_rooms 1$/m);
      assert.match(metrics, /^vcr_joins_total 1$/m);
      assert.match(metrics, /^vcr_turn_credentials_issued_total 1$/m);
      assert.match(metrics, /^vcr_join_refusals_total\{code="peer-unverified"\} 1$/m);
      assert.ok(!metrics.includes('metrics-room'), 'room names stay private');
      joined.abort();
      peer.close();
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  test('SIGTERM: members are told, sockets closed, exit 0 within 2 s', async () => {
    const cli = run(['--port', '0', '--host', '127.0.0.1', '--no-demo']);
    const base = await started(cli);
    const peer = await new FakePeerSocket().open(base);
    const socketClosed = new Promise<void>((resolve) => peer.ws.on('close', () => resolve()));
    const joined = await joinRoom(base, 'closing', { peerId: peer.id, token: peer.token });
    await joined.next((e) => e.event === 'welcome');
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    const took = Date.now() - sent;
    assert.ok(took < 2000, `shutdown took ${took} ms`);
    await joined.next((e) => e.event === 'shutdown', 1000);
    await joined.ended;
    await socketClosed;
    peer.stopPinging();
  });
});
