import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startJanus, type RunningJanus } from '../../../scripts/janus.mjs';
import { JanusConnection } from '../../src/media-server/janus-connection.js';
import { RawJanusClient } from './janus-client.js';

const run = promisify(execFile);

/** The TCP sockets a process listens on, from /proc (no iproute2 needed). */
async function tcpListenersOf(pid: number): Promise<{ address: string; port: number }[]> {
  const { stdout } = await run('find', [`/proc/${pid}/fd`, '-lname', 'socket:*', '-printf', '%l\\n']);
  const inodes = new Set([...stdout.matchAll(/socket:\[(\d+)\]/g)].map((m) => m[1]));
  const listeners: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state !== '0A' || !inodes.has(inode)) continue;
      const [hex, port] = local.split(':');
      const address =
        hex.length === 8
          ? hex
              .match(/../g)!
              .reverse()
              .map((byte) => parseInt(byte, 16))
              .join('.')
          : `[${hex}]`;
      listeners.push({ address, port: parseInt(port, 16) });
    }
  }
  return listeners;
}

describe('Janus as scripts/janus.mjs starts it from sfu/', () => {
  let janus: RunningJanus;
  before(async () => {
    janus = await startJanus();
  });
  after(() => janus?.stop());

  test('loads the VideoRoom plugin and the WebSocket transport, nothing else', () => {
    const loaded = [...janus.log().matchAll(/^Loading (?:transport )?plugin '([^']+)'/gm)].map((m) => m[1]);
    assert.deepEqual(loaded.sort(), ['libjanus_videoroom.so', 'libjanus_websockets.so']);
    assert.match(janus.log(), /Stored-Token based authentication enabled/);
  });

  test('listens on loopback only, the Janus API and the Admin API alike', async () => {
    const listening = await tcpListenersOf(janus.pid!);
    const ports = [janus.url, janus.adminUrl].map((url) => Number(new URL(url).port));
    assert.deepEqual(listening.map((l) => l.port).sort(), ports.sort());
    assert.deepEqual(
      listening.filter((l) => l.address !== '127.0.0.1'),
      [],
      'no TCP listener of Janus beyond loopback',
    );
  });

  test('its config files hold secrets made for this run, readable by their owner only', async () => {
    const other = await startJanus();
    try {
      assert.notEqual(other.apiSecret, janus.apiSecret);
      assert.notEqual(other.adminSecret, janus.adminSecret);
    } finally {
      await other.stop();
    }
    const cmdline = (await readFile(`/proc/${janus.pid}/cmdline`, 'utf8')).split('\0');
    const dir = cmdline[cmdline.indexOf('-F') + 1];
    const { stdout: modes } = await run('stat', ['-c', '%a %n', `${dir}/janus.jcfg`, `${dir}/janus.transport.websockets.jcfg`]);
    for (const line of modes.trim().split('\n')) assert.match(line, /^600 /);
    assert.ok(!cmdline.join(' ').includes(janus.adminSecret), 'no secret on the command line (process lists show it)');
    assert.ok((await readFile(`${dir}/janus.jcfg`, 'utf8')).includes(janus.adminSecret));
  });

  test('the Admin API refuses a wrong admin secret, and pages cannot use it with the API secret', async () => {
    const wrong = new JanusConnection(janus.adminUrl, 'not-the-admin-secret', true);
    await assert.rejects(wrong.request({ janus: 'list_tokens' }, 'listing tokens'), /Janus refused \(403 /);
    await wrong.close();
    const withApiSecret = new JanusConnection(janus.adminUrl, janus.apiSecret, true);
    await assert.rejects(withApiSecret.request({ janus: 'list_tokens' }, 'listing tokens'), /Janus refused \(403 /);
    await withApiSecret.close();
    const page = await new RawJanusClient().open(janus.url);
    const info = await page.request({ janus: 'info' });
    page.close();
    assert.equal(info.janus, 'server_info');
    assert.deepEqual(Object.keys(info.plugins), ['janus.plugin.videoroom']);
    assert.equal(info.dependencies, undefined, 'no library versions for pages to read');
  });
});
