// Starting and stopping Debian's Janus (`janus`) for `npm start` and the tests:
// our config files from sfu/, filled in with free loopback ports and secrets
// made for this run, in a private temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CONFIG_TEMPLATES = new URL('../sfu/', import.meta.url).pathname;

export function hasJanus() {
  return spawnSync('sh', ['-c', 'command -v janus'], { stdio: 'ignore' }).status === 0;
}

export const newJanusSecret = () => randomBytes(24).toString('base64url');

/** A TCP port free on 127.0.0.1 now (the OS picks it; Janus binds it a moment later). */
export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Writes sfu/*.jcfg into a new folder readable by us only, with every @NAME@
 * replaced by `values[NAME]`. A placeholder without a value is an error, so a
 * template and this script cannot drift apart silently.
 */
export function renderJanusConfig(values) {
  const dir = mkdtempSync(path.join(tmpdir(), 'janus-'));
  const all = { ...values, CONFIG_DIR: dir };
  for (const file of readdirSync(CONFIG_TEMPLATES).filter((name) => name.endsWith('.jcfg'))) {
    const text = readFileSync(path.join(CONFIG_TEMPLATES, file), 'utf8').replace(/@([A-Z_]+)@/g, (_, name) => {
      if (all[name] === undefined) throw new Error(`sfu/${file} needs a value for @${name}@`);
      return String(all[name]);
    });
    writeFileSync(path.join(dir, file), text, { mode: 0o600 });
  }
  return dir;
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `janus -F <rendered config>` with the VideoRoom plugin and the
 * WebSocket transport on loopback. Resolves once both the Janus API and the
 * Admin API accept connections, with their URLs and this run's secrets.
 */
export async function startJanus({ iceInterfaces = '127.0.0.1' } = {}) {
  const apiSecret = newJanusSecret();
  const adminSecret = newJanusSecret();
  const wsPort = await freeTcpPort();
  let adminPort = await freeTcpPort();
  while (adminPort === wsPort) adminPort = await freeTcpPort();
  const dir = renderJanusConfig({
    API_SECRET: apiSecret,
    ADMIN_SECRET: adminSecret,
    WS_PORT: wsPort,
    ADMIN_PORT: adminPort,
    ICE_INTERFACES: iceInterfaces,
  });
  const child = spawn('janus', ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '--disable-colors'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk) => (log = (log + chunk).slice(-200_000)));
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-200_000)));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  let ready = false;
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    if ((await accepts(wsPort)) && (await accepts(adminPort))) {
      ready = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw new Error(`janus did not start (ports ${wsPort}, ${adminPort}):\n${log.slice(-3000)}`);
  }
  return {
    url: `ws://127.0.0.1:${wsPort}`,
    adminUrl: `ws://127.0.0.1:${adminPort}`,
    apiSecret,
    adminSecret,
    pid: child.pid,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      cleanUp();
    },
  };
}
