// Starting and stopping Debian's coturn (`turnserver`) for `npm start` and the
// tests, and asking it a STUN question to know it is ready.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEV_CONFIG = new URL('../coturn/turnserver.dev.conf', import.meta.url).pathname;

export function hasTurnserver() {
  return spawnSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' }).status === 0;
}

export const newTurnSecret = () => randomBytes(32).toString('hex');

/**
 * A port free on 127.0.0.1 for both TCP and UDP, with the next `count - 1`
 * ports free too (coturn listens on both protocols, and on port + 1 for TLS).
 * Fixed ports collide with other tests' client sockets in the ephemeral range.
 */
export async function freeTurnPort(count = 1) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await new Promise((resolve, reject) => {
      const probe = net.createServer().once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address();
        probe.close(() => resolve(port));
      });
    });
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if (base + count > 65535) continue;
    const free = await Promise.all(ports.flatMap((port) => [tcpFree(port), udpFree(port)]));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free port for coturn');
}

function tcpFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function udpFree(port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4').once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * Starts `turnserver` with `configFile`, the given secret and port, logging to
 * its stdout (kept in `log()`). Resolves once it answers STUN on the port.
 */
export async function startCoturn({ secret, port = 3478, configFile = DEV_CONFIG, extraArgs = [] }) {
  const child = spawn(
    'turnserver',
    [
      '-c',
      configFile,
      `--static-auth-secret=${secret}`,
      `--listening-port=${port}`,
      '--log-file=stdout',
      `--pidfile=${path.join(tmpdir(), `turnserver-${port}-${process.pid}.pid`)}`,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = (async () => {
    for (let i = 0; i < 50; i++) {
      if (await stunAnswers('127.0.0.1', port, 200)) return true;
      if (child.exitCode !== null) return false;
    }
    return false;
  })();
  if (!(await Promise.race([ready, exited.then(() => false)]))) {
    child.kill('SIGKILL');
    throw new Error(`turnserver did not start on port ${port}:\n${log.slice(-3000)}`);
  }
  return {
    port,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Sends one STUN Binding request; resolves whether a Binding success came back in time. */
export function stunAnswers(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const transaction = randomBytes(12);
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), transaction]);
    const done = (answer) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (message) => {
      if (message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction)) done(true);
    });
    socket.on('error', () => done(false));
    socket.send(request, port, host);
  });
}
