import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freeTurnPort, newTurnSecret, startCoturn } from '../../scripts/coturn.mjs';
import { issueTurnCredentials } from '../src/turn-credentials.js';

const run = promisify(execFile);
const TEMPLATE = new URL('../../coturn/turnserver.conf', import.meta.url);

/**
 * The production template as an operator would fill it in, with test
 * certificates, bound to loopback so the test can reach it.
 */
async function filledInTemplate(dir: string): Promise<string> {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
  ]);
  const template = await readFile(TEMPLATE, 'utf8');
  const filled = template
    .replace(/^cert=.*$/m, `cert=${cert}`)
    .replace(/^pkey=.*$/m, `pkey=${key}`)
    .replace(/^log-file=.*$/m, '')
    .concat('\nlistening-ip=127.0.0.1\nrelay-ip=127.0.0.1\nrelay-ip=::1\n');
  const file = path.join(dir, 'turnserver.conf');
  await writeFile(file, filled);
  return file;
}

describe('coturn/turnserver.conf (production template)', () => {
  const secret = newTurnSecret();
  let port: number;
  let coturn: Awaited<ReturnType<typeof startCoturn>>;
  before(async () => {
    port = await freeTurnPort(2);
    const config = await filledInTemplate(await mkdtemp(path.join(tmpdir(), 'coturn-prod-')));
    coturn = await startCoturn({ secret, port, configFile: config, extraArgs: [`--tls-listening-port=${port + 1}`] });
  });
  after(() => coturn?.stop());

  test('starts with TLS and without loopback relaying', () => {
    const log = coturn.log();
    assert.doesNotMatch(log, /allow_loopback_peers/i);
    assert.doesNotMatch(log, /CONFIG ERROR|Bad configuration/i);
    assert.match(log, /TLS supported/);
  });

  /** turnutils_uclient with fresh valid credentials (each its own user, so the per-user quota never bites). */
  let users = 0;
  function uclient(args: string[], timeout = 15_000): Promise<{ ok: boolean; out: string }> {
    const { username, credential } = issueTurnCredentials({ secret, urls: [], ttlSeconds: 600 }, `uclient-${users++}`);
    return run('turnutils_uclient', [...args, '-u', username!, '-w', credential!, '-p', String(port), '127.0.0.1'], {
      timeout,
    }).then(
      ({ stdout }) => ({ ok: true, out: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stdout}${error.stderr}` }),
    );
  }

  test('refuses to relay to 127.0.0.1 (denied-peer-ip) even with valid credentials', async () => {
    const result = await uclient(['-y', '-n', '3']);
    assert.equal(result.ok, false);
    // Authentication passed; the relay to a loopback peer is what coturn refused.
    assert.match(result.out, /403 \(Forbidden IP\)/);
  });

  test('refuses IPv6 peers that embed or reach IPv4 or are not global: IPv4-compatible, NAT64, 6to4, Teredo, site-local', async () => {
    for (const peer of ['::7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'fec0::1']) {
      const result = await uclient(['-x', '-n', '1', '-e', peer]);
      assert.match(result.out, /403 \(Forbidden IP\)/, peer);
    }
    // A global unicast peer is not refused (the relay then waits for it in vain): the refusals are the ranges'.
    const global = await uclient(['-x', '-n', '1', '-e', '2606:4700::1111'], 3000);
    assert.doesNotMatch(global.out, /403|Forbidden/);
  });

  test('refuses TCP relays (no-tcp-relay): no open TCP proxy for whoever can join a room', async () => {
    const result = await uclient(['-T', '-n', '1']);
    assert.equal(result.ok, false);
    assert.match(result.out, /442 \(TCP Transport is not allowed/);
  });
});
